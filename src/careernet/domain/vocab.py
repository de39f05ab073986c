"""Vocabularies: which job titles and fields mean what, matched on words.

A :class:`Vocabulary` holds phrases (a word or a few words in a row) and
matches a text when one of them appears in it as whole words, never as part
of a word: "lead" does not match "leader", "UX research" matches "Senior UX
Research Lead" but not "UX researcher" unless that form is listed too.

The builtin vocabularies are data a strategy carries, and a strategy plugin
can extend them (``HIRING_ROLES.extend({"bosun"})``):

- :data:`RECRUITING_ROLES`: recruiters, sourcers, talent and HR partners.
- :data:`HIRING_ROLES`: people managers, the ones who hire; a title with
  "manager" in it only counts when the manager manages people
  ("Engineering Manager"), not accounts, offices or projects.
- :data:`FIELD_SYNONYMS`: other names and abbreviations for fields, so a
  goal for "UX research" finds a "UXR" or a "design research" contact.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "FIELD_SYNONYMS",
    "HIRING_ROLES",
    "RECRUITING_ROLES",
    "FieldVocabulary",
    "Vocabulary",
    "words",
]

_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> tuple[str, ...]:
    """The words of ``text``, folded (case and accents), in order."""
    if not text:
        return ()
    return _words(text)


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # Titles and fields repeat across a network: fold each one once.
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return tuple(_WORD.findall(plain))


def _phrase(text: str) -> tuple[str, ...]:
    return words(text)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    size = len(needle)
    if not size or size > len(haystack):
        return False
    return any(
        haystack[i : i + size] == needle for i in range(len(haystack) - size + 1)
    )


_REMEMBERED = 16_384
"""How many answers a vocabulary remembers before it starts again."""


def _phrases(values: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(p for p in map(_phrase, values) if p)


@attrs.frozen
class Vocabulary:
    """Phrases that mark a kind of role, matched on whole words.

    Attributes:
        phrases: The phrases, each as its words.
        unless: Phrases that cancel a match ("chief of staff" is no chief).
    """

    phrases: frozenset[tuple[str, ...]] = attrs.field(converter=_phrases)
    unless: frozenset[tuple[str, ...]] = attrs.field(
        default=frozenset(), converter=_phrases
    )
    _answers: dict[str, bool] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    def matches(self, text: str | None) -> bool:
        """Whether ``text`` holds one of the phrases as whole words."""
        if not text:
            return False
        # Titles repeat across a network, and a plan asks of each candidate.
        answers = self._answers
        found = answers.get(text)
        if found is None:
            if len(answers) >= _REMEMBERED:
                answers.clear()
            found = answers[text] = self._matches(words(text))
        return found

    def _matches(self, found: tuple[str, ...]) -> bool:
        if not found or any(_contains(found, p) for p in self.unless):
            return False
        return any(_contains(found, p) for p in self.phrases)

    def extend(
        self, phrases: Iterable[str] = (), *, unless: Iterable[str] = ()
    ) -> Vocabulary:
        """A vocabulary with more phrases (and more exceptions)."""
        return Vocabulary(
            {" ".join(p) for p in self.phrases} | set(phrases),
            {" ".join(p) for p in self.unless} | set(unless),
        )


RECRUITING_ROLES = Vocabulary(
    {
        "recruiter",
        "recruiting",
        "recruitment",
        "sourcer",
        "sourcing",
        "talent",
        "talent acquisition",
        "talent partner",
        "headhunter",
        "hr",
        "hrbp",
        "human resources",
        "people partner",
        "people operations",
        "hr business partner",
    }
)
"""Roles that recruit: recruiters, sourcers, talent and HR or people partners."""

_PEOPLE_MANAGERS = (
    "hiring",
    "engineering",
    "people",
    "general",
    "department",
    "team",
    "development",
    "design",
    "analytics",
    "data science",
    "research",
    "operations",
    "sales",
    "marketing",
    "finance",
    "branch",
    "store",
    "plant",
)
HIRING_ROLES = Vocabulary(
    {
        *(f"{area} manager" for area in _PEOPLE_MANAGERS),
        "managing director",
        "director",
        "head",
        "vp",
        "svp",
        "evp",
        "vice president",
        "president",
        "chief",
        "ceo",
        "cto",
        "cfo",
        "coo",
        "cpo",
        "cio",
        "cmo",
        "founder",
        "cofounder",
        "co founder",
        "owner",
        "team lead",
        "team leader",
        "engineering lead",
        "people lead",
    },
    unless={"chief of staff", "executive assistant", "assistant to"},
)
"""People managers and leaders, who hire; not every title with "manager"."""


def _synonyms(value: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    return {" ".join(words(k)): frozenset(v) for k, v in value.items()}


@attrs.frozen
class FieldVocabulary:
    """Other names for fields, so a field matches however it is written.

    Attributes:
        synonyms: For a field (as written in a goal, folded), the other names
            and abbreviations that mean it.
    """

    synonyms: Mapping[str, frozenset[str]] = attrs.field(converter=_synonyms)
    _forms: dict[str, Vocabulary] = attrs.field(
        init=False, factory=dict, eq=False, repr=False
    )

    def forms(self, field: str) -> Vocabulary:
        """The phrases that mean ``field``: itself and its synonyms."""
        if field in self._forms:
            return self._forms[field]
        key = " ".join(words(field))
        found = {field, *self.synonyms.get(key, ())}
        for name, others in self.synonyms.items():
            if key in {" ".join(words(o)) for o in others}:
                found |= {name, *others}
        self._forms[field] = Vocabulary(found)
        return self._forms[field]

    def extend(self, more: Mapping[str, Iterable[str]]) -> FieldVocabulary:
        """A vocabulary with more synonyms."""
        merged = {k: set(v) for k, v in self.synonyms.items()}
        for name, others in more.items():
            merged.setdefault(" ".join(words(name)), set()).update(others)
        return FieldVocabulary({k: frozenset(v) for k, v in merged.items()})


FIELD_SYNONYMS = FieldVocabulary(
    {
        "data science": frozenset(
            {"data scientist", "data scientists", "data sciences", "ds"}
        ),
        "ux research": frozenset(
            {
                "uxr",
                "ux researcher",
                "user research",
                "user researcher",
                "user experience research",
                "user experience researcher",
                "design research",
                "design researcher",
            }
        ),
        "ux design": frozenset(
            {"ux designer", "user experience design", "product design", "ux"}
        ),
        "machine learning": frozenset(
            {"ml", "machine learning engineer", "ml engineer", "ai"}
        ),
        "product management": frozenset({"product manager", "pm", "product owner"}),
        "software engineering": frozenset(
            {"software engineer", "software developer", "swe", "developer"}
        ),
        "human resources": frozenset({"hr", "people operations"}),
        "public relations": frozenset({"pr", "communications"}),
        "nursing": frozenset({"nurse", "rn"}),
        "teaching": frozenset({"teacher", "educator", "education"}),
    }
)
"""Field synonyms and abbreviations; a strategy plugin can extend them."""
