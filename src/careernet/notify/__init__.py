"""Notifications: the reminder engine and the builtin notifiers.

:func:`run` (or :meth:`careernet.Network.notify`) sends each channel in the
seeker's preferences one digest of what is due. Notifiers are plugins
implementing the ``careernet_notify`` hook; the builtin ones write to the
``careernet.notify`` logger (channel ``log``) and send e-mail over SMTP
(channel ``email``, see :mod:`careernet.notify.smtp`).
"""

from careernet.notify.digest import Digest
from careernet.notify.engine import (
    ChannelReport,
    Deliver,
    NotifyReport,
    in_quiet_hours,
    run,
)

__all__ = [
    "ChannelReport",
    "Deliver",
    "Digest",
    "NotifyReport",
    "in_quiet_hours",
    "run",
]
