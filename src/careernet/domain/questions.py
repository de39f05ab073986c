"""The question check: never ask for a job, never ask who is hiring.

Questions that ask for a job or for who is hiring turn the seeker's search
into the other person's problem. Better questions relate what the seeker does
best to where they could do it next, and ask whom to talk to.

The check knows the usual forms of asking for a job: for the job itself
("can you hire me"), for an opening ("any vacancies?", "what positions are
open at Globex?"), for a referral or a good word, for someone to pass on or
forward a CV or résumé, for a way to apply, and for who is hiring ("is
anybody in your network hiring?"). It reads the prepared questions and, with
:func:`check_meeting`, a meeting's purpose and the outcome sought too: a
meeting whose purpose is "my job search and my resume" is asking for a job
before it starts. Each flag comes with a better question or aim.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from .model import Meeting

__all__ = ["QuestionFlag", "check_meeting", "check_question", "check_questions"]


@attrs.frozen(kw_only=True)
class QuestionFlag:
    """A prepared question (or a meeting's aim) that should be put differently.

    Attributes:
        question: The text as written.
        problem: What is wrong with it.
        better: What to ask (or aim for) instead.
        where: Where it was found: ``"question"``, ``"purpose"`` or
            ``"outcome"``.
    """

    question: str
    problem: str
    better: str
    where: str = "question"

    def __str__(self) -> str:
        if self.where == "question":
            return f"{self.question!r} {self.problem} Ask instead: {self.better!r}"
        return (
            f"The meeting's {self.where} {self.question!r} {self.problem} "
            f"Aim instead to: {self.better}"
        )


_JOBWORD = r"(?:jobs?|positions?|roles?|openings?|vacanc(?:y|ies)|internships?|posts?)"
_CV = r"(?:resume|résumé|résume|cv|c\.v\.|curriculum\ vitae|application|portfolio)"

_JOB = re.compile(
    rf"""
    \b(?:hire|hiring|employ|employing|recruit|interview|take|take\ on)\ me\b
    | \bcould\ i\ (?:work\ for|apply)
    | \bget\ (?:me\ )?hired\b
    | \b(?:give|get|offer|find)\ (?:me|us)\ (?:a\ |an\ |any\ |some\ )?
      (?:job|position|role|opening|interview|internship|referral)
    | \bhelp\ me\ (?:to\ )?(?:find|get|land|secure)\b[^.?!]{{0,25}}
      \b(?:job|position|role|work|opening)\b
    | \b(?:can|could|may)\ i\ (?:have|get)\ (?:a\ |an\ |your\ )?
      (?:job|position|role|interview|referral)
    | \b(?:have|got|is\ there|are\ there)\ (?:a\ |an\ |any\ )?{_JOBWORD}
      \ (?:for\ me|for\ someone\ like\ me|on\ your|in\ your|at\ your)
    | \b(?:any|open|available|vacant|unfilled)\s+(?:{_JOBWORD}|reqs?|headcount)\b
    | \b{_JOBWORD}\s+(?:for\s+me|available|open|going|opening\ up)\b
    | \b{_JOBWORD}\s+(?:are|is)\s+(?:currently\s+)?(?:open|available|going|free)\b
    | \b(?:job\ )?(?:openings?|vacanc(?:y|ies))\b
    | \brefer\ me\b | \b(?:a|my|your)\ referral\b
    | \brecommend\ me\ (?:for|to)\b
    | \bput\ (?:in\ a\ good\ word|my\ name\ forward|me\ forward)\b
    | \b(?:pass|forward|send|share|give|hand|submit|circulate|take)\b[^.?!]{{0,25}}
      \bmy\ {_CV}
    | \bmy\ {_CV}\ (?:along|on\ to|around)\b
    | \b(?:can|could|should|may|do)\ i\ apply\b
    | \b(?:how|where)\ (?:do|can|could|should|would)\ i\ apply\b
    | \bfor\ (?:the|a|an|this|that|your)\ (?:[\w-]+\ ){{0,3}}
      (?:job|position|opening|vacancy|role)\b
    | \blooking\ for\ (?:someone|anyone|somebody|anybody)\ (?:like\ me|with\ my)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "hiring" as a verb (who is hiring, is your team hiring), not as a noun
# ("what is hiring like", "the hiring process").
_NOT_A_VERB = r"""
    (?!\s+(?:process|processes|managers?|practices|criteria|decisions?|panels?
           |like|harder|easier|heading|going|trends?|market|is|was|has|have
           |slow|slower|fast|faster|changed|changing|look|looks|works?|happens?
           |teams?|season|cycle|bar|freeze))
"""
_HIRING = re.compile(
    r"""
    (?:
      \bwho(?:'s|\ is|\ are)?\ (?:\w+\ ){0,2}
      | \b(?:is|are)\ (?:\w+\ ){0,4}
      | \b(?:anyone|anybody|someone|somebody
            |any\ (?:companies|teams?|firms?|organi[sz]ations?|employers?))
        \ (?:\w+\ ){0,4}
    )
    (?:hiring|recruiting)\b
    """
    + _NOT_A_VERB
    + r"""
    | \b(?:hiring|recruiting)\ (?:right\ )?now\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words in a purpose or an outcome that make the meeting about a job.
_AIM = re.compile(
    rf"""
    \bjob[\s-]+(?:search|hunt|hunting|offer|application)s?\b
    | \b(?:get|land|find|secure)\ (?:a|an|the)\ (?:[\w-]+\ ){{0,2}}
      (?:job|position|role)\b
    | \bmy\ {_CV}
    | \b(?:a|any)\ job\b
    | \bintroduc\w*\ (?:me\ )?to\ (?:the\ |a\ |their\ )?hiring\ managers?\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_INSTEAD_OF_JOB = "What kinds of organisations could use what I do best, and why?"
_INSTEAD_OF_HIRING = "Where would you suggest I look, and who should I talk to next?"
_INSTEAD_OF_AIM = (
    "learn how they see their field and what kinds of organisations could use "
    "what you do best, and leave with the name of someone to talk to next."
)


def check_question(question: str) -> QuestionFlag | None:
    """Flag a question that asks for a job or who is hiring."""
    if _JOB.search(question):
        return QuestionFlag(
            question=question,
            problem="asks for a job, which makes your search their problem.",
            better=_INSTEAD_OF_JOB,
        )
    if _HIRING.search(question):
        return QuestionFlag(
            question=question,
            problem="asks who is hiring, which makes your search their problem.",
            better=_INSTEAD_OF_HIRING,
        )
    return None


def check_questions(questions: tuple[str, ...] | list[str]) -> tuple[QuestionFlag, ...]:
    """Flag every question in ``questions`` that should be asked differently."""
    return tuple(flag for flag in map(check_question, questions) if flag is not None)


def check_aim(text: str, *, where: str = "purpose") -> QuestionFlag | None:
    """Flag a meeting's purpose or outcome sought that is about getting a job."""
    if not text.strip():
        return None
    if _AIM.search(text) or _JOB.search(text) or _HIRING.search(text):
        return QuestionFlag(
            question=text,
            problem=(
                "is about getting a job, so the conversation starts by making "
                "your search their problem."
            ),
            better=_INSTEAD_OF_AIM,
            where=where,
        )
    return None


def check_meeting(meeting: Meeting) -> tuple[QuestionFlag, ...]:
    """Flag the prepared questions, the purpose and the outcome sought."""
    flags = list(check_questions(meeting.questions))
    for where, text in (
        ("purpose", meeting.purpose),
        ("outcome", meeting.outcome_sought),
    ):
        flag = check_aim(text, where=where)
        if flag is not None:
            flags.append(flag)
    return tuple(flags)
