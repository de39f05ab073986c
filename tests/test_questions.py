"""The question check: never ask for a job, never ask who is hiring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careernet.domain import (
    Contact,
    Meeting,
    NetworkState,
    Ring,
    check_question,
    check_questions,
)

BETTER_THAN_JOB = "What kinds of organisations could use what I do best, and why?"
BETTER_THAN_HIRING = "Where would you suggest I look, and who should I talk to next?"

ASKING_FOR_A_JOB = [
    "Can you give me a job?",
    "Could you hire me?",
    "Would you hire me?",
    "Can you employ me?",
    "Do you have a job for me?",
    "Do you have any jobs for me?",
    "Have you got a position for me?",
    "Is there a role for me on your team?",
    "Is there a job for me?",
    "Can you get me a job at Globex?",
    "Could you find me a position?",
    "Can you offer me a role?",
    "Are there any openings at your company?",
    "Are there any open positions on your team?",
    "Do you have any openings?",
    "Any job openings?",
    "Any vacancies in your department?",
    "Do you know of any vacancies?",
    "Are there jobs available at Contoso?",
    "Are there positions open?",
    "Are roles going at your place?",
    "Could I work for you?",
    "Could I apply for your team?",
    "CAN YOU GIVE ME A JOB?",
]

ASKING_WHO_IS_HIRING = [
    "Who is hiring?",
    "Who's hiring right now?",
    "Who are hiring in data?",
    "Who is currently hiring analysts?",
    "Who is recruiting?",
    "Who's recruiting data analysts these days?",
    "Who in your network is hiring?",
    "Do you know who is hiring?",
    "Do you know anyone who is hiring?",
    "Is your company hiring?",
    "Is your team hiring right now?",
    "Is Globex recruiting?",
    "Are you hiring?",
    "Are you guys hiring?",
    "Are they recruiting at the moment?",
    "Which companies are hiring?",
    "Which teams are hiring analysts?",
    "Is anyone hiring now?",
    "Hiring now?",
]

GOOD_QUESTIONS = [
    "What kinds of organisations could use what I do best?",
    "Who else should I talk to?",
    "What is the hiring process like?",
    "How did you get into the role you have now?",
    "Where would you suggest I look next?",
    "What do hiring managers look for in a portfolio?",
    "How do hiring decisions get made here?",
    "How is the recruiting process structured?",
    "What are the recruiting practices in your industry?",
    "Which teams could use strong analytics storytelling?",
    "What is the hardest question your team cannot answer yet?",
    "What does a typical week in your role look like?",
    "What do you enjoy most about your job?",
    "How did the job change over the years?",
    "What made you choose this position?",
    "How are roles in your team divided?",
    "What skills matter most in user research?",
    "What advice would you give someone entering this field?",
    "Who are the people I should meet at the chapter meeting?",
    "",
]


@pytest.mark.parametrize("question", ASKING_FOR_A_JOB)
def test_asking_for_a_job_is_flagged_with_a_better_question(question: str) -> None:
    flag = check_question(question)

    assert flag is not None
    assert flag.question == question
    assert "asks for a job" in flag.problem
    assert flag.better == BETTER_THAN_JOB


@pytest.mark.parametrize("question", ASKING_WHO_IS_HIRING)
def test_asking_who_is_hiring_is_flagged_with_a_better_question(
    question: str,
) -> None:
    flag = check_question(question)

    assert flag is not None
    assert flag.question == question
    assert "asks who is hiring" in flag.problem
    assert flag.better == BETTER_THAN_HIRING


@pytest.mark.parametrize(
    "question",
    [
        "Would you consider hiring me?",
        "Could you help me find a job?",
        "Can I have a job?",
        "Would you take me on?",
    ],
)
def test_asking_for_a_job_as_a_favour_is_flagged(question: str) -> None:
    flag = check_question(question)

    assert flag is not None
    assert flag.better == BETTER_THAN_JOB


def test_asking_whether_anyone_is_hiring_without_who_is_flagged() -> None:
    flag = check_question("Do you know anyone hiring?")

    assert flag is not None
    assert flag.better == BETTER_THAN_HIRING


@pytest.mark.parametrize("question", GOOD_QUESTIONS)
def test_good_questions_are_not_flagged(question: str) -> None:
    assert check_question(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "What is hiring like in your field?",
        "Is hiring harder now than five years ago?",
        "Where is hiring heading in analytics?",
    ],
)
def test_questions_about_the_hiring_market_are_not_flagged(question: str) -> None:
    assert check_question(question) is None


def test_the_flag_reads_as_advice() -> None:
    flag = check_question("Who is hiring?")

    assert flag is not None
    assert str(flag) == (
        "'Who is hiring?' asks who is hiring, which makes your search their "
        f"problem. Ask instead: {BETTER_THAN_HIRING!r}"
    )


def test_check_questions_returns_only_the_flagged_ones_in_order() -> None:
    questions = [
        "Who else should I talk to?",
        "Are you hiring?",
        "What is the hiring process like?",
        "Do you have a job for me?",
    ]

    flags = check_questions(questions)

    assert [f.question for f in flags] == [questions[1], questions[3]]
    assert [f.better for f in flags] == [BETTER_THAN_HIRING, BETTER_THAN_JOB]


def test_schedule_meeting_advises_on_each_flagged_question(
    empty: NetworkState, add: Callable[..., Contact], now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = Meeting(
        id="m1",
        contact_id=ann.id,
        scheduled_at=now + dt.timedelta(days=2),
        created_at=now,
        purpose="Learn how the data team works",
        questions=(
            "Who is hiring?",
            "Who else should I talk to?",
            "Could you hire me?",
        ),
    )

    change = empty.schedule_meeting(meeting)

    assert [a.code for a in change.advice] == ["question", "question"]
    assert all(a.contact_id == ann.id for a in change.advice)
    assert "Who is hiring?" in change.advice[0].message
    assert BETTER_THAN_HIRING in change.advice[0].message
    assert "Could you hire me?" in change.advice[1].message
    assert BETTER_THAN_JOB in change.advice[1].message


def test_schedule_meeting_gives_no_advice_for_good_questions(
    empty: NetworkState, add: Callable[..., Contact], now: dt.datetime
) -> None:
    ann = add("Ann", ring=Ring.LUKEWARM)
    meeting = Meeting(
        id="m1",
        contact_id=ann.id,
        scheduled_at=now + dt.timedelta(days=2),
        created_at=now,
        purpose="Learn how the data team works",
        questions=tuple(GOOD_QUESTIONS[:4]),
    )

    assert empty.schedule_meeting(meeting).advice == ()


@given(st.text())
def test_check_question_never_raises_on_arbitrary_text(question: str) -> None:
    flag = check_question(question)

    assert flag is None or (flag.question == question and flag.better)
