"""Time zones by IANA name, refused with a clear error when unknown.

The look-up lives in the domain (:func:`careernet.domain.zones.zone`), where
records check the zone names they store; this module keeps it where the
facade and the calendar import it from.
"""

from __future__ import annotations

from careernet.domain.zones import zone

__all__ = ["zone"]
