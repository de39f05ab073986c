"""Dates as exports and spreadsheet re-saves write them.

LinkedIn writes ``05 Mar 2024``; a file opened and saved again in Excel has
``3/5/2024`` (United States), ``05/03/2024`` or ``05.03.2024`` (most of
Europe), ``05-Mar-24`` or ISO ``2024-03-05``. Whether ``03/05`` is the
third of May or the fifth of March is decided once per file
(:class:`DayOrder`), from the first date that can only be read one way.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

__all__ = ["MONTHS", "DayOrder", "numeric_order", "parse_date"]

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = {
    **{name[:3]: n for n, name in enumerate(_MONTH_NAMES, 1)},
    **{name: n for n, name in enumerate(_MONTH_NAMES, 1)},
    "sept": 9,
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?: .*)?")
_DAY_MONTH = re.compile(r"(\d{1,2})[ \-]([A-Za-z]+)\.?[ \-,]+(\d{2}|\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")


class DayOrder(enum.Enum):
    """How a numeric date with slashes is ordered."""

    DAY_FIRST = "day first"
    MONTH_FIRST = "month first"


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _month(name: str) -> int:
    return MONTHS[name.casefold()]


def parse_date(text: str, order: DayOrder | None) -> dt.date | None:
    """The date ``text`` names, or ``None`` for text that is no date.

    ``order`` reads numeric dates such as ``03/05/2024``; a date that can
    only be read one way (``13/05/2024``) is read that way whatever it says.

    Raises:
        LookupError: ``text`` could be either order and ``order`` is ``None``.
    """
    text = text.strip()
    try:
        if match := _ISO.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_MONTH.fullmatch(text):
            return dt.date(_year(match[3]), _month(match[2]), int(match[1]))
        if match := _MONTH_DAY.fullmatch(text):
            return dt.date(int(match[3]), _month(match[1]), int(match[2]))
        if match := _NUMERIC.fullmatch(text):
            first, second, year = int(match[1]), int(match[3]), _year(match[4])
            if match[2] == "." or first > 12:  # 05.03.2024 is day first anywhere
                return dt.date(year, second, first)
            if second > 12 or first == second:
                return dt.date(year, first, second)
            if order is None:
                raise LookupError(text)
            if order is DayOrder.DAY_FIRST:
                return dt.date(year, second, first)
            return dt.date(year, first, second)
    except (KeyError, ValueError):
        return None
    return None


def numeric_order(text: str) -> DayOrder | None:
    """The order a numeric date proves (``13/02/2024`` is day first), if any."""
    match = _NUMERIC.fullmatch(text.strip())
    if not match or match[2] == ".":
        return None
    if int(match[1]) > 12 >= int(match[3]):
        return DayOrder.DAY_FIRST
    if int(match[3]) > 12 >= int(match[1]):
        return DayOrder.MONTH_FIRST
    return None
