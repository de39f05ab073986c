"""Organisation identity: when two company names mean the same organisation.

People write one employer many ways: "Northwind Analytics", "Northwind
Analytics, Inc.", "NORTHWIND ANALYTICS LTD", "The Northwind Analytics Co.".
Every rule that compares companies (the confidential strategy's exclusions,
targets, shared-employer introduction paths, the import matchers) compares
their :func:`company_key`, never their spelling.

A key folds case, accents, punctuation and spacing, reads "&" as "and",
drops a leading "The" and strips legal forms from the end, repeatedly
("Co., Ltd." goes whole). The legal forms are cleanco's list of business
entity terms from many countries (a small, pure-Python, MIT-licensed package
that keeps that list up to date) together with :data:`LEGAL_FORMS`, this
module's own table, which holds every form the documentation promises so the
promise does not rest on the other list alone.

Two names with different keys may still be one organisation ("Northwind"
and "Northwind Labs", "NWA", a misspelling): :func:`near_match` says when
they look alike. An :class:`Organisation` holds a name, the other names the
seeker gave it (aliases: spellings, acronyms, a parent, a subsidiary) and the
names the seeker confirmed are someone else; it answers whether a company is
certainly it (:meth:`Organisation.includes`) or only resembles it
(:meth:`Organisation.resembles`).

Pure functions, no I/O; results are cached.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

import attrs

from .errors import InvalidValueError

__all__ = [
    "LEGAL_FORMS",
    "Organisation",
    "company_key",
    "fold",
    "near_match",
]

LEGAL_FORMS: Final = frozenset(
    {
        "ag",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "kabushiki kaisha",
        "kk",
        "limited",
        "limited liability company",
        "limited liability partnership",
        "llc",
        "llp",
        "lp",
        "ltd",
        "nv",
        "plc",
        "private limited",
        "pty",
        "pvt",
        "sa",
        "sarl",
        "sas",
        "se",
        "spa",
        "srl",
    }
)
"""Legal forms stripped from the end of a name, written as :func:`fold`
writes them ("S.A." is ``"sa"``, "& Co." is ``"and co"``); cleanco's list
adds the rest."""

_GENERIC: Final = frozenset(
    {
        "advanced",
        "alpha",
        "american",
        "applied",
        "bank",
        "best",
        "big",
        "blue",
        "british",
        "capital",
        "central",
        "city",
        "consulting",
        "data",
        "digital",
        "east",
        "european",
        "first",
        "general",
        "global",
        "golden",
        "great",
        "green",
        "group",
        "health",
        "international",
        "media",
        "national",
        "new",
        "north",
        "northern",
        "open",
        "pacific",
        "premier",
        "red",
        "royal",
        "smart",
        "south",
        "southern",
        "standard",
        "state",
        "united",
        "universal",
        "university",
        "west",
        "western",
        "world",
    }
)
"""First words too common to tie two names together on their own."""

_SPELLING: Final = 0.85
"""How alike two keys must be (difflib's ratio) to look like one misspelt."""

_JOINERS: Final = str.maketrans("", "", ".'\u2019`\u00b4")
"""Characters removed without a space: "S.A." is "sa", "O'Neil" is "oneil"."""

_LETTERS: Final = {
    "æ": "ae",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "\u0131": "i",  # dotless i
    "ł": "l",
    "ø": "o",
    "œ": "oe",
    "ß": "ss",
    "þ": "th",
}
"""Letters that Unicode does not decompose into a base letter and an accent."""

_NOT_WORD: Final = re.compile(r"[\W_]+")


def _text(name: object, what: str) -> str:
    if name is None:
        return ""
    if not isinstance(name, str):
        raise InvalidValueError(f"A {what} must be text; got {name!r}.")
    return name


def fold(text: str | None) -> str:
    """``text`` lower-cased, without accents or punctuation, single-spaced.

    "&" reads as "and"; dots and apostrophes join what they separate. Names of
    people are compared folded too (:meth:`careernet.Network.find`).
    """
    return _fold(_text(text, "name"))


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    if not text:
        return ""
    if text.isascii():  # nothing to decompose: the same result, sooner
        if text.replace(" ", "").isalnum():
            # Letters, digits and spaces only (most names): nothing to join,
            # nothing to read as "and", no punctuation to drop.
            return " ".join(text.lower().split())
        spaced = text.lower().translate(_JOINERS).replace("&", " and ")
        return " ".join(_NOT_WORD.sub(" ", spaced).split())
    # Decompose, fold case, decompose again: a mathematical bold A (U+1D400)
    # is a capital A only once decomposed.
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", text).casefold()
    )
    plain = "".join(
        _LETTERS.get(c, c) for c in decomposed if not unicodedata.combining(c)
    )
    spaced = plain.translate(_JOINERS).replace("&", " and ")
    return " ".join(_NOT_WORD.sub(" ", spaced).split())


@functools.cache
def _forms() -> dict[str, frozenset[tuple[str, ...]]]:
    """Legal forms as word tuples, by their last word (built on first use)."""
    from cleanco.clean import (  # type: ignore[import-untyped]  # noqa: PLC0415
        get_unique_terms,
    )

    terms: set[tuple[str, ...]] = set()
    for term in (*get_unique_terms(), *LEGAL_FORMS):
        words = tuple(_fold(term).split())
        if words:
            terms.add(words)
    by_last: dict[str, set[tuple[str, ...]]] = {}
    for words in terms:
        by_last.setdefault(words[-1], set()).add(words)
    return {last: frozenset(found) for last, found in by_last.items()}


def company_key(name: str | None) -> str:
    """The key two spellings of one organisation share.

    ``company_key("Northwind Analytics, Inc.") == company_key("northwind
    analytics ltd") == "northwind analytics"``. Empty for no name. A name that
    is nothing but a legal form keeps it ("Inc" stays ``"inc"``), so no key
    is empty for a name that is not.

    Raises:
        InvalidValueError: ``name`` is not text.
    """
    return _key(_text(name, "company name"))


@functools.lru_cache(maxsize=65536)
def _key(name: str) -> str:
    words = _fold(name).split()
    while len(words) > 1 and words[0] == "the":
        del words[0]
    forms = _forms()
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        # Longest form first: "gmbh and co kg" before "kg".
        for form in sorted(forms.get(words[-1], ()), key=len, reverse=True):
            if len(form) < len(words) and tuple(words[-len(form) :]) == form:
                del words[-len(form) :]
                stripped = True
                break
    return " ".join(words)


def near_match(name: str | None, other: str | None) -> bool:
    """Whether two company names look like one organisation without being
    certainly one.

    True when their keys differ but one starts with the other's words
    ("Northwind" and "Northwind Labs"), they share a distinctive first word
    ("Northwind Analytics" and "Northwind Labs"; not "General Motors" and
    "General Electric"), one is the other's initials ("NWA"), or they differ
    by a slip of spelling ("Northwnd Analytics").
    """
    return _near(company_key(name), company_key(other))


@functools.lru_cache(maxsize=65536)
def _near(key: str, other: str) -> bool:
    if not key or not other or key == other:
        return False
    words, others = key.split(), other.split()
    short, long = sorted((words, others), key=len)
    if long[: len(short)] == short and (len(short) > 1 or short[0] not in _GENERIC):
        return True
    if words[0] == others[0] and len(words[0]) >= 4 and words[0] not in _GENERIC:
        return True
    for one, many in ((words, others), (others, words)):
        if (
            len(one) == 1
            and len(many) >= 2
            and len(one[0]) >= 3
            and one[0] == "".join(w[0] for w in many)
        ):
            return True
    if min(len(key), len(other)) < 5:
        return False
    matcher = difflib.SequenceMatcher(None, key, other, autojunk=False)
    # The quick ratios are upper bounds of ratio(): most names stop there.
    return (
        matcher.real_quick_ratio() >= _SPELLING
        and matcher.quick_ratio() >= _SPELLING
        and matcher.ratio() >= _SPELLING
    )


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(k for k in map(company_key, names) if k)


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation by all its names.

    Attributes:
        name: The name it is known by; ``None`` when there is none (then it
            includes and resembles nothing, aliases or not).
        aliases: Other names of it: spellings, acronyms, a parent or a
            subsidiary, all counted as the organisation itself.
        unrelated: Names that resemble it but belong to someone else, as the
            seeker confirmed; they are neither included nor resembling.
    """

    name: str | None = None
    aliases: frozenset[str] = frozenset()
    unrelated: frozenset[str] = frozenset()
    keys: frozenset[str] = attrs.field(init=False)
    unrelated_keys: frozenset[str] = attrs.field(init=False)

    @keys.default
    def _all_keys(self) -> frozenset[str]:
        if not company_key(self.name):
            return frozenset()
        return _keys((self.name or "", *self.aliases))

    @unrelated_keys.default
    def _unrelated_keys(self) -> frozenset[str]:
        return _keys(self.unrelated) - self.keys

    def __bool__(self) -> bool:
        """Whether there is an organisation at all (it has a name)."""
        return bool(self.keys)

    def includes(self, company: str | None) -> bool:
        """Whether ``company`` is certainly this organisation (a key matches)."""
        key = company_key(company)
        return bool(key) and key in self.keys

    def resembles(self, company: str | None) -> bool:
        """Whether ``company`` looks like this organisation without being
        certainly it, and the seeker has not said it is someone else."""
        key = company_key(company)
        if not key or key in self.keys or key in self.unrelated_keys:
            return False
        return any(_near(key, own) for own in sorted(self.keys))

    def includes_or_resembles(self, company: str | None) -> bool:
        """:meth:`includes` or :meth:`resembles`: whom a discreet rule keeps out."""
        return self.includes(company) or self.resembles(company)
