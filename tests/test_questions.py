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
    check_meeting,
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


# -- every usual form of asking for a job, in a question or a meeting's aim ------

# At least forty phrasings: (text, whether it asks for a job or who is hiring).
TABLE = [
    # referrals and a good word
    ("Would you refer me for the analyst role?", True),
    ("Could you refer me to your recruiter?", True),
    ("Can I get a referral?", True),
    ("Would you be my referral for the data role?", True),
    ("Would you put in a good word for me with the hiring manager?", True),
    ("Could you put my name forward?", True),
    ("Could you recommend me for the opening on your team?", True),
    # a CV or resume passed on
    ("Could you pass my resume to your manager?", True),
    ("Could you forward my CV to HR?", True),
    ("Can you send my résumé to the recruiter?", True),
    ("Could you share my CV with your recruiters?", True),
    ("Would you hand my resume to the team lead?", True),
    ("Can I send you my resume?", True),
    ("Will you pass my CV along?", True),
    ("Could you submit my application internally?", True),
    # open positions and applying
    ("What positions are open at Globex?", True),
    ("Which roles are available on your team?", True),
    ("Any roles going at Initech?", True),
    ("Can I apply to your team?", True),
    ("How do I apply for a role at your company?", True),
    ("Should I apply for the opening at Globex?", True),
    ("Is there a position for me on your team?", True),
    ("Could you introduce me to the hiring manager for the analyst job?", True),
    ("Can you get me an interview?", True),
    ("Are you looking for someone like me?", True),
    # who is hiring
    ("Is anybody in your network hiring?", True),
    ("Is your team hiring?", True),
    ("Is Globex recruiting?", True),
    ("Are any companies hiring analysts?", True),
    ("Do you know anyone who is hiring?", True),
    # good questions, never flagged
    ("What is the hiring process like at Globex?", False),
    ("Who else should I talk to?", False),
    ("What skills are in demand in your field?", False),
    ("What kinds of organisations could use what I do best?", False),
    ("Where would you suggest I look?", False),
    ("How did you move into data science?", False),
    ("What does a usual week look like in your role?", False),
    ("What do hiring managers in your field look for?", False),
    ("What would you do in my position?", False),
    ("How has the hiring market changed this year?", False),
    ("Which associations or events should I attend?", False),
    ("How did you find your current role?", False),
    ("What made you apply to Globex back then?", False),
    ("What problems is your team working on?", False),
    ("Is there anyone else you would suggest I talk to?", False),
    ("What trends are changing your industry?", False),
    ("What does the recruiting process look like in your industry?", False),
    ("Could you tell me about your career path?", False),
    ("What open questions does your field face?", False),
    ("How would you tell my story to someone in this field?", False),
]


def test_the_table_has_forty_phrasings_of_both_kinds() -> None:
    assert len(TABLE) >= 40
    assert sum(bad for _, bad in TABLE) >= 20
    assert sum(not bad for _, bad in TABLE) >= 15


@pytest.mark.parametrize(("question", "asks_for_a_job"), TABLE)
def test_every_form_of_asking_for_a_job_is_flagged_and_no_good_question(
    question: str, asks_for_a_job: bool
) -> None:
    flag = check_question(question)
    assert (flag is not None) is asks_for_a_job
    if flag is not None:
        assert flag.better in (BETTER_THAN_JOB, BETTER_THAN_HIRING)
        assert flag.better != question


AIMS = [
    ("Discuss the Senior PM job search and my resume", True),
    ("Get a job on the data team", True),
    ("Hand over my CV", True),
    ("Find out about open positions", True),
    ("Ask to be introduced to the hiring manager", True),
    ("Learn how the data team works", False),
    ("Hear how Jordan moved from analytics into data science", False),
    ("Share the pricing article and ask whom else to meet", False),
    ("Understand where analytics could help product", False),
    ("", False),
]


@pytest.mark.parametrize(("aim", "about_a_job"), AIMS)
def test_a_meeting_purpose_or_outcome_about_a_job_is_flagged(
    aim: str, about_a_job: bool
) -> None:
    meeting = Meeting(
        id="m1",
        contact_id="c1",
        scheduled_at=dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC),
        created_at=dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC),
        purpose=aim or "Learn about their work",
        outcome_sought=aim,
    )
    flags = check_meeting(meeting)
    assert len(flags) == (2 if about_a_job else 0)
    if about_a_job:
        assert {f.where for f in flags} == {"purpose", "outcome"}
        assert "whom" in flags[0].better or "name of someone" in flags[0].better
        assert str(flags[0]).startswith("The meeting's purpose")


def test_schedule_meeting_advises_on_a_purpose_about_a_job(
    empty: NetworkState,
) -> None:
    now = dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC)
    run_change = empty.add_contact(
        Contact(id="c1", name="Olga", ring=Ring.LUKEWARM, added_at=now)
    )
    empty.apply(run_change)
    meeting = Meeting(
        id="m1",
        contact_id="c1",
        scheduled_at=now + dt.timedelta(days=2),
        created_at=now,
        updated_at=now,
        purpose="Discuss the Senior PM job search and my resume",
        questions=("Could you forward my CV to HR?", "Who else should I talk to?"),
    )
    change = empty.schedule_meeting(meeting)
    assert [a.code for a in change.advice] == ["question", "purpose"]


@given(st.text(max_size=2000))
def test_check_meeting_never_raises_on_arbitrary_text(text: str) -> None:
    meeting = Meeting(
        id="m1",
        contact_id="c1",
        scheduled_at=dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC),
        created_at=dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC),
        purpose=text if text.strip() else "x",
        outcome_sought=text,
        questions=(text,),
    )
    for flag in check_meeting(meeting):
        assert flag.where in ("question", "purpose", "outcome")
