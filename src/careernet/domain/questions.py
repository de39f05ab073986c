"""The question check: never ask for a job, never ask who is hiring.

Questions that ask for a job or for who is hiring turn the seeker's search
into the other person's problem. Better questions relate what the seeker does
best to where they could do it next, and ask whom to talk to.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["QuestionFlag", "check_question", "check_questions"]


@attrs.frozen(kw_only=True)
class QuestionFlag:
    """A prepared question that should be asked differently.

    Attributes:
        question: The question as written.
        problem: What is wrong with it.
        better: A question to ask instead.
    """

    question: str
    problem: str
    better: str

    def __str__(self) -> str:
        return f"{self.question!r} {self.problem} Ask instead: {self.better!r}"


_JOB = re.compile(
    r"""
    \b(?:hire|hiring|employ|employing|take)\ me\b
    | \b(?:give|get|offer|find)\ (?:me|us)\ (?:a\ |an\ |any\ |some\ )?
      (?:job|position|role|opening)
    | \bhelp\ me\ (?:to\ )?(?:find|get|land)\b[^.?!]{0,20}
      \b(?:job|position|role|work)\b
    | \b(?:can|could|may)\ i\ (?:have|get)\ (?:a\ |an\ )?(?:job|position|role)
    | \b(?:have|got)\ (?:a\ |an\ |any\ )?(?:jobs?|positions?|roles?|openings?)
      \ for\ me\b
    | \b(?:any|open|available|vacant)\s+
      (?:jobs?|positions?|roles?|openings?|vacanc(?:y|ies))\b
    | \b(?:jobs?|positions?|roles?)\s+(?:for\s+me|available|open|going)\b
    | \b(?:job\ )?(?:openings?|vacanc(?:y|ies))\b
    | \bcould\ i\ (?:work\ for|apply)
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "hiring" as a verb (who is hiring, is your team hiring), not as a noun
# ("what is hiring like", "the hiring process").
_NOT_A_VERB = r"""
    (?!\s+(?:process|processes|managers?|practices|criteria|decisions?|panels?
           |like|harder|easier|heading|going|trends?|market|is|was|has|have
           |slow|slower|fast|faster|changed|changing))
"""
_HIRING = re.compile(
    r"""
    (?:
      \bwho(?:'s|\ is|\ are)?\ (?:\w+\ ){0,2}
      | \b(?:is|are)\ (?:\w+\ ){0,3}
      | \b(?:anyone|anybody|someone|somebody|any\ (?:companies|teams?|firms?))
        \ (?:(?:who(?:'s|\ is|\ are)|that\ (?:is|are))\ )?
    )
    (?:hiring|recruiting)\b
    """
    + _NOT_A_VERB
    + r"""
    | \b(?:hiring|recruiting)\ (?:right\ )?now\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_INSTEAD_OF_JOB = "What kinds of organisations could use what I do best, and why?"
_INSTEAD_OF_HIRING = "Where would you suggest I look, and who should I talk to next?"


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
