"""The log notifier: digests go to the ``careernet.notify`` logger."""

from __future__ import annotations

import logging

from careernet._markers import hookimpl
from careernet.notify.digest import Digest

__all__ = ["CHANNEL", "logger"]

CHANNEL = "log"
logger = logging.getLogger("careernet.notify")


@hookimpl
def careernet_notify(digest: Digest) -> bool | None:
    """Log the digest at INFO level."""
    if digest.channel.name != CHANNEL:
        return None
    logger.info("%s\n%s", digest.subject, digest.text().rstrip("\n"))
    return True


@hookimpl
def careernet_channels() -> list[str]:
    """The channel this notifier delivers to."""
    return [CHANNEL]
