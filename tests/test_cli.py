"""The ``careernet`` command, through click's runner and, for the feed, for real.

Every command runs against SQLite files under ``tmp_path`` (``--db``), with
``$CAREERNET_DB`` removed and ``$XDG_DATA_HOME`` pointed into ``tmp_path`` so
nothing reaches the user's real data directory. The command reads the real
clock, so times given to it (meetings) are set relative to now; everything
else is fixed data. ``serve-feed`` runs as a subprocess on a free port and is
fetched over HTTP.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import inspect
import os
import queue
import re
import shlex
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import click
import icalendar
import pytest
from click.testing import CliRunner, Result

import careernet
from careernet.cli import main
from careernet.cli._out import scenario_words
from careernet.domain import Contact, Ring, Scenario
from tests.ical_checks import assert_valid_calendar, events

TIMEOUT = 30.0
"""Seconds to wait for the feed server to start, answer or stop."""

PLUS_ONE = dt.timezone(dt.timedelta(hours=1))

FUNNEL_ROW = re.compile(
    r"(?P<ring>[a-z]+) +(?P<bar>█*) +(?P<size>\d+)(?: median \d+ days in ring)?"
)
"""A ring's line in ``careernet funnel``: its name, a bar and its size."""

NUMBERED = re.compile(r"^ *\d+\. ", flags=re.MULTILINE)
"""An action's line in ``careernet plan``."""

# -- running the command ---------------------------------------------------------


def invoke(*args: str | Path, stdin: str | None = None) -> Result:
    """Run ``careernet ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(
        main, [str(a) for a in args], input=stdin, prog_name="careernet"
    )


def _describe(result: Result) -> str:
    return (
        f"exit {result.exit_code}, exception {result.exception!r}\n"
        f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    )


def cli(db: Path, line: str) -> Result:
    """Run a command line (split as a shell would) with ``--db db``; check it."""
    return run(*shlex.split(line), "--db", db)


def run(*args: str | Path) -> Result:
    """Run ``careernet ARGS`` and check it succeeded."""
    result = invoke(*args)
    assert result.exit_code == 0, _describe(result)
    assert result.exception is None, _describe(result)
    assert "Traceback" not in result.output
    return result


def user_error(result: Result) -> str:
    """Check ``result`` is a user error: status 2, one ``Error:`` line on stderr.

    Returns the message after ``Error: ``.
    """
    assert result.exit_code == 2, _describe(result)
    assert isinstance(result.exception, SystemExit), _describe(result)
    assert "Traceback" not in result.output, _describe(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, _describe(result)
    assert lines[0].startswith("Error: "), _describe(result)
    return lines[0].removeprefix("Error: ")


def usage_error(result: Result) -> str:
    """Check ``result`` is click's usage error: status 2, an ``Error:`` line."""
    assert result.exit_code == 2, _describe(result)
    assert isinstance(result.exception, SystemExit), _describe(result)
    assert "Traceback" not in result.output, _describe(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, _describe(result)
    return errors[0].removeprefix("Error: ")


def last_id(output: str) -> str:
    """The id a command reported, as in ``..., id 0123abcd.``."""
    found = re.findall(r", id ([0-9a-f]+)\.$", output, flags=re.MULTILINE)
    assert found, output
    return str(found[-1])


def contacts(db: Path) -> dict[str, Contact]:
    """The contacts of the default network in ``db``, by name."""
    with careernet.open(db) as network:
        return {contact.name: contact for contact in network.contacts}


def calendar_of(body: bytes) -> icalendar.Calendar:
    """``body`` checked as iCalendar (icalendar and independent parsers)."""
    return assert_valid_calendar(body)


def summaries(calendar: icalendar.Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in events(calendar)]


def minute(moment: dt.datetime) -> str:
    """``moment`` as the command takes it, to the minute, with its offset."""
    return moment.isoformat(timespec="minutes")


def this_morning() -> dt.datetime:
    """Two hours ago, to the minute, at UTC+01:00."""
    ago = dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=2)
    return ago.replace(second=0, microsecond=0).astimezone(PLUS_ONE)


def in_three_days() -> dt.datetime:
    """Noon at UTC+01:00, three days from today."""
    day = dt.datetime.now(tz=PLUS_ONE).date() + dt.timedelta(days=3)
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=PLUS_ONE)


# -- fixtures ----------------------------------------------------------------------


pytestmark = pytest.mark.usefixtures("isolated_home")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "network.db"


@pytest.fixture
def people(db: Path) -> Path:
    """A network with Ken (cold), two Noors and María, set up with the command."""
    cli(db, 'init "Alex Rivera" --company "Northwind Analytics"')
    cli(db, 'add "Ken Watanabe" --company Globex')
    cli(db, 'add "Noor Ali" --ring lukewarm')
    cli(db, 'add "Noor Haddad" --ring buddy')
    cli(db, 'add "María Gómez" --ring strategic --company Globex')
    return db


LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the '
    "email addresses are missing. You will only see email addresses for "
    'connections who have allowed their connections to see or download it."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Amara,Okonkwo,https://www.linkedin.com/in/amara-okonkwo,"
    "amara@brightfield.example,Brightfield Analytics,Head of Data,05 Mar 2024\n"
    ",,https://www.linkedin.com/in/anonymous,,,,01 Jan 2024\n"
    "Lena,Fischer,https://www.linkedin.com/in/lena-fischer,,Initech,"
    "Technical Recruiter,31 Foo 2024\n"
    'José,Fernández García,https://www.linkedin.com/in/jose-fg,,"Ibérica, SA",'
    "Director de Ingeniería,17 Jan 2023\n"
)
"""A LinkedIn Connections.csv: lines 6 (no name) and 7 (bad date) are rejected."""

VCARDS = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Hannah Schmidt",
        "N:Schmidt;Hannah;;;",
        "EMAIL;TYPE=INTERNET:hannah@umbrella.example",
        "ORG:Umbrella Health",
        "TITLE:Data Engineer",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "EMAIL:nameless@example.org",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Amara Okonkwo",
        "EMAIL:amara@brightfield.example",
        "TEL;TYPE=CELL:+234 803 555 0142",
        "END:VCARD",
        "",
    ]
)
"""Three cards: one new, one without a name (line 9), one Amara again."""

PEOPLE_CSV = (
    "Full name;E-mail;Employer;Job title\n"
    "Ingrid Solberg;ingrid@nordlys.example;Nordlys Energi;Data Scientist\n"
    ";orphan@nowhere.example;;\n"
    "Chidi Okafor;chidi@okafor.example;Lagoon Studios;Sound Engineer\n"
)
"""A semicolon-separated export: line 3 has no name."""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A folder with Connections.csv, contacts.vcf and people.csv."""
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "Connections.csv").write_text(LINKEDIN, encoding="utf-8")
    (folder / "contacts.vcf").write_bytes(VCARDS.encode())
    (folder / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    return folder


# -- the whole flow ------------------------------------------------------------------


def test_a_realistic_flow_through_every_command(db: Path, tmp_path: Path) -> None:
    ready = cli(db, 'init "Alex Rivera" --company "Northwind Analytics" --field data')
    assert ready.stdout == f"Ready: Alex Rivera's network is in {db}.\n"
    assert ready.stderr == ""

    added = cli(
        db,
        'add "Ken Watanabe" --company Globex --role "Engineering Manager" '
        "--email ken@globex.example --email ken.w@mail.example "
        '--tag globex --tag meetup --how-met "PyData meetup"',
    )
    ken_id = last_id(added.stdout)
    assert added.stdout == f"Added Ken Watanabe (cold), id {ken_id}.\n"
    cli(db, 'add "María Gómez" --ring strategic --company Globex --role "Head of Data"')
    cli(db, 'add "Noor Ali" --ring lukewarm --company Initech --role Recruiter')
    buddy = cli(db, 'add "Noor Haddad" --ring BUDDY --tribe --fan-club --field data')
    assert buddy.stdout.startswith("Added Noor Haddad (buddy), id ")
    cli(db, 'add "Sam Okafor" --company Contoso')

    people = contacts(db)
    assert list(people) == [
        "Ken Watanabe",
        "María Gómez",
        "Noor Ali",
        "Noor Haddad",
        "Sam Okafor",
    ]
    ken = people["Ken Watanabe"]
    assert ken.id.startswith(ken_id)
    assert ken.ring is Ring.COLD
    assert ken.emails == ("ken@globex.example", "ken.w@mail.example")
    assert ken.tags == frozenset({"globex", "meetup"})
    assert ken.how_met == "PyData meetup"
    assert people["Noor Haddad"].tribe
    assert people["Noor Haddad"].fan_club
    assert people["María Gómez"].ring is Ring.STRATEGIC

    goal = cli(
        db,
        'goal unemployed --company Globex --role "Data Analyst" '
        '--field "data analytics" --description "A data role at Globex"',
    )
    assert goal.stdout.startswith("Goal set: unemployed. ")
    with careernet.open(db) as network:
        assert network.goal is not None
        assert network.goal.scenario == Scenario.UNEMPLOYED
        assert network.goal.target_companies == frozenset({"Globex"})
        assert network.goal.target_roles == frozenset({"Data Analyst"})

    outreach = cli(db, 'log outreach Ken --note "Asked about the team"')
    assert outreach.stdout == "Logged: outreach with Ken Watanabe.\n"
    cli(db, 'log reply watanabe --note "Happy to talk"')
    moved = cli(db, f'move {ken_id} lukewarm --reason "replied warmly"')
    assert moved.stdout == "Moved Ken Watanabe from cold to lukewarm.\n"
    with careernet.open(db) as network:
        (transition,) = network.history(ken.id)
        assert transition.to_ring is Ring.LUKEWARM
        assert transition.reason == "replied warmly"

    for line, verb in [
        ('give Ken "An article on their field" --help-kind information', "give"),
        ('ask Ken "Advice on the data team" --help-kind advice', "ask"),
        ('received Ken "A CV review" --help-kind ADVICE', "received"),
        ('thanks Ken "the CV review"', "thanks"),
    ]:
        logged = cli(db, f"log {line}")
        assert logged.stdout.startswith(f"Recorded: {verb} with Ken Watanabe.\n")
    for line, verb, name in [
        ('decline "Noor Ali"', "decline", "Noor Ali"),
        ("outreach sam", "outreach", "Sam Okafor"),
        ("nudge Sam", "nudge", "Sam Okafor"),
        ("message Haddad", "message", "Noor Haddad"),
    ]:
        logged = cli(db, f'log {line} --note "A note."')
        assert logged.stdout.startswith(f"Logged: {verb} with {name}.\n")

    coffee = cli(
        db,
        f'log meeting Ken {minute(this_morning())} --purpose "Learn about the team" '
        '--kind coffee --outcome "Where analytics could help Globex" '
        '--question "Do you have any jobs for me?" '
        '--question "What kinds of teams could use my analytics?" '
        '--location "Blue Bottle, Market St"',
    ).stdout.splitlines()
    coffee_id = last_id(coffee[0])
    assert len(coffee_id) == 8
    assert coffee[0].startswith("Arranged: coffee with Ken Watanabe on ")
    assert coffee[0].endswith(f", id {coffee_id}.")
    (advice,) = coffee[1:]
    assert advice.startswith("  ! 'Do you have any jobs for me?' asks for a job")

    held = cli(
        db,
        f'log result {coffee_id} held --notes "Great chat" '
        '--referral "Priya Shah" --referral "Tom Berg"',
    )
    assert held.stdout.startswith("Recorded: the meeting was held.\n")
    assert "  ! Thank Ken Watanabe" in held.stdout
    people = contacts(db)
    for referral in ("Priya Shah", "Tom Berg"):
        assert people[referral].ring is Ring.COLD
        assert people[referral].introduced_by == ken.id
    received = cli(
        db, 'log received Ken "An introduction to Priya Shah" --help-kind introduction'
    )
    assert received.stdout == "Recorded: received with Ken Watanabe.\n"

    lunch_at = in_three_days()
    lunch = cli(
        db,
        f"log meeting María {minute(lunch_at)} --kind lunch "
        '--purpose "Hear how the data team is organised"',
    )
    assert lunch.stdout.startswith("Arranged: lunch with María Gómez on ")
    lunch_id = last_id(lunch.stdout.splitlines()[0])
    too_early = invoke("log", "result", lunch_id, "held", "--db", db)
    assert "cannot have been held" in user_error(too_early)
    lunch_at += dt.timedelta(hours=1)
    moved = cli(db, f"log reschedule {lunch_id} {minute(lunch_at)}")
    shown = lunch_at.strftime("%a %d %b %Y %H:%M")
    assert moved.stdout == f"Moved: lunch with María Gómez to {shown}.\n"

    refused = invoke("move", "Ken", "strategic", "--db", db)
    message = user_error(refused)
    assert "Cannot move Ken Watanabe from lukewarm to strategic" in message
    assert message.endswith('To move anyway, add --override "<why>".')
    assert "override=" not in message
    assert contacts(db)["Ken Watanabe"].ring is Ring.LUKEWARM
    promoted = cli(db, 'move Ken strategic --override "championed me to the team"')
    assert promoted.stdout == "Moved Ken Watanabe from lukewarm to strategic.\n"

    plan = cli(db, "plan").stdout
    assert re.match(
        r"\nThe week's plan: \d+ of 1800 minutes \(45 already in meetings\), "
        r"unemployed\.\n",
        plan,
    ), plan
    assert re.search(r"^  1\. thank\S* +", plan, flags=re.MULTILINE), plan
    assert "Thank Ken Watanabe for an introduction to Priya Shah." in plan
    assert "Prepare your lunch with María Gómez" in plan
    assert "Ken Watanabe suggested Priya Shah; reach out and say who sent you." in plan

    # A busy week: with the lunch, an hour leaves most of the plan for later.
    cli(db, "goal unemployed --company Globex --hours 1")
    short = cli(db, "plan").stdout
    assert "of 60 minutes (45 already in meetings)" in short
    more = re.search(
        r"\.\.\.and (\d+) more that do not fit the week \(--all\)\.", short
    )
    assert more, short
    deferred = int(more.group(1))
    everything = cli(db, "plan --all").stdout
    assert "--all" not in everything
    assert everything.count(" (deferred)\n") == deferred
    assert len(NUMBERED.findall(everything)) == len(NUMBERED.findall(short)) + deferred

    ledger = cli(db, "ledger").stdout.splitlines()
    assert [row.split() for row in ledger[:-1]] == [
        ["contact", "gave", "asked", "received", "thanks", "net"],
        ["Ken", "Watanabe", "1", "1", "2", "1", "+0"],
        ["everyone", "1", "1", "2", "1", "+0"],
    ]
    assert ledger[-1].startswith(
        "  ! Thank Ken Watanabe for An introduction to Priya Shah (due "
    )
    reminders = cli(db, "notify --dry-run").stdout
    assert reminders.startswith("log: would send 1 reminder here\n"), reminders
    assert "1. Thank Ken Watanabe for an introduction to Priya Shah." in reminders
    cli(db, 'log thanks Ken "the introduction"')
    assert "!" not in cli(db, "ledger").stdout
    assert "Thank Ken" not in cli(db, "plan --all").stdout

    funnel = cli(db, "funnel").stdout
    rows = [FUNNEL_ROW.fullmatch(line) for line in funnel.splitlines()[:4]]
    assert all(rows), funnel
    sizes = {row["ring"]: int(row["size"]) for row in rows if row}
    assert sizes == {"buddy": 1, "strategic": 2, "lukewarm": 1, "cold": 3}
    bars = {row["ring"]: len(row["bar"]) for row in rows if row}
    assert bars == {"buddy": 10, "strategic": 20, "lukewarm": 10, "cold": 30}
    assert funnel.splitlines()[4:] == [
        "",
        "In the last 90 days:",
        "  strategic to buddy: 0 of 2 (0%)",
        "  lukewarm to strategic: 1 of 2 (50%)",
        "  cold to lukewarm: 1 of 4 (25%)",
        "  2 moved inward, 0 drifted outward, 7 joined",
    ]
    assert "\nIn the last 7 days:\n" in cli(db, "funnel --days 7").stdout

    intro = cli(db, 'intro "Priya Shah"').stdout
    assert intro.startswith("Ken Watanabe (strategic) ")
    assert "knows them" in intro
    assert cli(db, 'intro "Noor Haddad"').stdout == (
        "Nobody nearer the centre is known to know Noor Haddad; reach out directly.\n"
    )

    exported = cli(db, "export-ics")
    assert exported.stderr == ""
    calendar = calendar_of(exported.stdout_bytes)
    titles = summaries(calendar)
    assert "Lunch with María Gómez (Globex)" in titles
    (event,) = (e for e in events(calendar) if str(e["SUMMARY"]).startswith("Lunch"))
    assert event.start == lunch_at
    output = tmp_path / "calendar.ics"
    wrote = cli(db, f"export-ics -o {output} --timezone Europe/Berlin")
    assert wrote.stdout == f"Wrote {output}.\n"
    berlin = calendar_of(output.read_bytes())
    (event,) = (e for e in events(berlin) if str(e["SUMMARY"]).startswith("Lunch"))
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == lunch_at
    assert sorted(summaries(berlin)) == sorted(titles)

    assert cli(db, "notify --dry-run").stdout == "Nothing is due.\n"


def test_notify_dry_run_sends_nothing(people: Path) -> None:
    run("log", "received", "Ken", "An introduction to María", "--db", people)
    first = run("notify", "--dry-run", "--db", people)
    assert first.stdout.startswith("log: would send 1 reminder here\n")
    assert "Hello Alex Rivera, here is what is due:" in first.stdout
    assert "Thank Ken Watanabe" in first.stdout
    again = run("notify", "--dry-run", "--db", people)
    assert again.stdout == first.stdout
    sent = run("notify", "--db", people)
    assert sent.stdout.startswith("log: sent 1 reminder here\n")
    assert "Thank Ken Watanabe" in sent.stdout  # the log channel is the terminal
    assert run("notify", "--db", people).stdout == "Nothing is due.\n"


def test_a_full_week_is_not_called_empty(people: Path) -> None:
    """When nothing fits the week, the plan must not say there is nothing to do."""
    cli(people, "goal unemployed --hours 0.25")
    cli(people, f'log meeting María {minute(in_three_days())} --purpose "Catch up"')
    cli(people, 'log received Ken "A CV review"')
    plan = cli(people, "plan").stdout
    more = re.search(r"\.\.\.and (\d+) more that do not fit the week", plan)
    assert more, plan
    assert "Nothing to do" not in plan
    everything = cli(people, "plan --all").stdout
    assert "Thank Ken Watanabe for a CV review. (deferred)" in everything


def test_plan_of_an_empty_network(db: Path) -> None:
    run("init", "Robin Park", "--db", db)
    plan = run("plan", "--db", db).stdout
    assert plan.startswith("\nThe week's plan: ")
    assert ", keeping the network warm.\n" in plan


# -- where the store is ----------------------------------------------------------------


def test_the_db_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from_env = tmp_path / "from-env.db"
    monkeypatch.setenv("CAREERNET_DB", str(from_env))
    ready = run("init", "Robin Park")
    assert ready.stdout == f"Ready: Robin Park's network is in {from_env}.\n"
    run("add", "Ken Watanabe")
    assert list(contacts(from_env)) == ["Ken Watanabe"]

    elsewhere = tmp_path / "elsewhere.db"
    run("init", "Robin Park", "--db", elsewhere)
    run("add", "Lena Fischer", "--db", elsewhere)
    assert list(contacts(elsewhere)) == ["Lena Fischer"]
    assert list(contacts(from_env)) == ["Ken Watanabe"]
    assert not (tmp_path / "xdg").exists()


def test_the_default_db_is_in_the_user_data_directory(tmp_path: Path) -> None:
    embedded = tmp_path / "xdg" / "careernet" / "careernet.db"
    ready = run("init", "Robin Park")
    assert ready.stdout == f"Ready: Robin Park's network is in {embedded}.\n"
    run("add", "Ken Watanabe")
    assert "Ken Watanabe" in run("intro", "Ken").stdout
    assert embedded.read_bytes().startswith(b"SQLite format 3\x00")
    assert list(contacts(embedded)) == ["Ken Watanabe"]


NO_STORE = {"plugins"}
"""Commands that open no store, so take no ``--db``."""


def test_every_command_takes_db_and_reads_the_environment() -> None:
    def walk(group: click.Group) -> Iterator[click.Command]:
        for command in group.commands.values():
            if isinstance(command, click.Group):
                yield from walk(command)
            else:
                yield command

    for command in walk(main):
        if command.name in NO_STORE:
            continue
        (option,) = (p for p in command.params if p.name == "db")
        assert isinstance(option, click.Option)
        assert "--db" in option.opts
        if command.name != "demo":
            assert option.envvar == "CAREERNET_DB", command.name


# -- the demo -------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", [s.value for s in Scenario])
def test_demo_for_each_scenario(scenario: str, tmp_path: Path) -> None:
    db, ics = tmp_path / "demo.db", tmp_path / "demo.ics"
    result = run("demo", "--db", db, "--ics", ics, "--scenario", scenario)
    out = result.stdout
    words = scenario_words(scenario)
    assert out.startswith(f"A sample network for Alex Rivera ({words}) in {db}.\n")
    assert re.search(
        rf"^The week's plan: \d+ of \d+ minutes .*, {words}\.$",
        out,
        flags=re.MULTILINE,
    ), out
    assert re.search(r"^  1\. thank\S* +.*Thank Jordan Lee", out, flags=re.MULTILINE), (
        out
    )
    assert out.endswith(
        f"\nThe calendar is in {ics}; import it into any calendar application.\n"
        f"Explore it further: careernet plan --db {db}\n"
    )
    assert result.stderr == ""

    assert db.read_bytes().startswith(b"SQLite format 3\x00")
    calendar = calendar_of(ics.read_bytes())
    assert "Thank Jordan Lee" in summaries(calendar)
    with careernet.open_store(db) as store:
        assert store.networks() == ["default"]
        network = store.network("default")
        assert network.seeker.name == "Alex Rivera"
        assert network.goal is not None
        assert network.goal.scenario == scenario


def test_the_demo_never_touches_an_existing_network(tmp_path: Path) -> None:
    mine, ics = tmp_path / "mine.db", tmp_path / "demo.ics"
    run("init", "Priya Nair", "--company", "Northwind Analytics", "--db", mine)
    run("add", "Sam Boss", "--db", mine)
    before = mine.read_bytes()
    refused = invoke("demo", "--db", mine, "--ics", ics)
    message = user_error(refused)
    assert "already holds a network, and the demo never touches one" in message
    assert f"--db {tmp_path / 'mine-2.db'}" in message
    assert mine.read_bytes() == before
    assert not ics.exists()
    assert not (tmp_path / "mine-2.db").exists()

    run("demo", "--db", tmp_path / "first.db", "--ics", ics)
    again = invoke("demo", "--db", tmp_path / "first.db", "--ics", ics)
    assert "first-2.db" in user_error(again)


def test_the_demo_defaults_to_files_in_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("demo")
    assert "(unemployed) in careernet-demo.db." in result.stdout
    assert (tmp_path / "careernet-demo.db").stat().st_size > 0
    calendar_of((tmp_path / "careernet-demo.ics").read_bytes())


def test_the_demo_refuses_an_unknown_scenario(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = invoke("demo", "--db", db, "--scenario", "maintian")
    message = user_error(result)
    assert "No strategy for the scenario 'maintian'" in message
    assert message.endswith("Did you mean maintain?")
    assert not db.exists()


def test_the_demo_reports_an_unwritable_calendar(tmp_path: Path) -> None:
    ics = tmp_path / "missing" / "demo.ics"
    result = invoke("demo", "--db", tmp_path / "demo.db", "--ics", ics)
    assert "demo.ics" in user_error(result)


# -- imports ---------------------------------------------------------------------


def test_import_linkedin(people: Path, files: Path) -> None:
    result = run("import", "linkedin", files / "Connections.csv", "--db", people)
    assert result.stdout == (
        "Imported: 3 added, 0 merged, 0 unchanged, 1 rejected, 1 notices.\n"
        "  line 6: no first or last name\n"
        "  line 7: unreadable date '31 Foo 2024' in Connected On; Lena Fischer "
        "was imported without it\n"
    )
    assert result.stderr == ""  # the progress bar shows on a terminal only
    found = contacts(people)
    assert found["Amara Okonkwo"].ring is Ring.COLD
    assert found["Amara Okonkwo"].company == "Brightfield Analytics"
    assert found["José Fernández García"].company == "Ibérica, SA"
    assert found["Lena Fischer"].how_met is None

    again = run("import", "linkedin", files / "Connections.csv", "--db", people)
    assert again.stdout.startswith(
        "Imported: 0 added, 0 merged, 3 unchanged, 1 rejected, 1 notices.\n"
    )


def test_import_vcard_merges_and_rejects(people: Path, files: Path) -> None:
    run("import", "linkedin", files / "Connections.csv", "--db", people)
    result = run("import", "vcard", files / "contacts.vcf", "--db", people)
    assert result.stdout == (
        "Imported: 1 added, 1 merged, 0 unchanged, 1 rejected.\n"
        "  merged line 13 into Amara Okonkwo (same email)\n"
        "  line 9: a card without a name (FN or N)\n"
    )
    found = contacts(people)
    assert found["Hannah Schmidt"].ring is Ring.LUKEWARM
    assert found["Hannah Schmidt"].role == "Data Engineer"
    assert found["Amara Okonkwo"].phones == ("+234 803 555 0142",)


def test_import_csv_with_columns_and_a_ring(people: Path, files: Path) -> None:
    result = cli(
        people,
        f"import csv {files / 'people.csv'} --ring lukewarm "
        '--column "name=Full name" --column email=E-mail '
        '--column company=Employer --column "role=Job title"',
    )
    assert result.stdout == (
        "Imported: 2 added, 0 merged, 0 unchanged, 1 rejected.\n"
        "  line 3: no name in the mapped name columns\n"
    )
    found = contacts(people)
    assert found["Ingrid Solberg"].ring is Ring.LUKEWARM
    assert found["Ingrid Solberg"].emails == ("ingrid@nordlys.example",)
    assert found["Chidi Okafor"].role == "Sound Engineer"


# -- user errors -------------------------------------------------------------------

ERRORS = [
    pytest.param(
        ["log", "outreach", "Nobody"],
        "No contact matches 'Nobody'",
        id="unknown-contact",
    ),
    pytest.param(
        ["intro", "Nobody"], "No contact matches 'Nobody'", id="unknown-target"
    ),
    pytest.param(
        ["log", "give", "Noor", "An article"],
        "'Noor' matches several contacts: Noor Ali (",
        id="ambiguous-name",
    ),
    pytest.param(
        ["move", "Ken", "buddy"],
        "inward moves go one ring at a time, next is lukewarm",
        id="inward-jump",
    ),
    pytest.param(
        ["move", "Ken", "lukewarm"],
        "Cannot move Ken Watanabe from cold to lukewarm yet",
        id="inward-without-evidence",
    ),
    pytest.param(
        ["goal", "world_domination"],
        "No strategy for the scenario 'world_domination'",
        id="unknown-scenario",
    ),
    pytest.param(
        ["log", "meeting", "Ken", "next Tuesday", "--purpose", "Coffee"],
        "'next Tuesday' is not a date and time",
        id="bad-date",
    ),
    pytest.param(
        ["log", "meeting", "Ken", "2026-02-30T10:00", "--purpose", "Coffee"],
        "'2026-02-30T10:00' is not a date and time",
        id="impossible-date",
    ),
    pytest.param(
        ["log", "result", "0123456789abcdef", "held"],
        "No meeting matches '0123456789abcdef'",
        id="unknown-meeting",
    ),
    pytest.param(
        ["import", "csv", "{files}/people.csv"],
        "The file has no Name column; its columns are 'Full name', 'E-mail', "
        "'Employer', 'Job title' (read with the delimiter ';'). Say which column "
        "holds what: --column FIELD=HEADER on the command line, columns= in Python.",
        id="csv-without-column",
    ),
    pytest.param(
        ["import", "linkedin", "{files}/people.csv"],
        "This is not a LinkedIn connections export",
        id="not-linkedin",
    ),
    pytest.param(
        ["import", "csv", "{files}/people.csv", "--column", "name=Name"],
        "The file has no column 'Name'",
        id="csv-missing-column",
    ),
    pytest.param(
        ["export-ics", "--timezone", "Mars/Olympus"], "Mars/Olympus", id="bad-timezone"
    ),
    pytest.param(
        ["export-ics", "-o", "{files}/missing/calendar.ics"],
        "calendar.ics",
        id="unwritable-output",
    ),
    pytest.param(["add", ""], "name must not be empty", id="empty-name"),
    pytest.param(
        ["goal", "unemployed", "--hours", "-1"],
        "--hours must be more than 0",
        id="negative-hours",
    ),
]


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_user_errors_are_one_line_and_status_2(
    people: Path, files: Path, args: list[str], message: str
) -> None:
    before = people.read_bytes()
    result = invoke(*[a.format(files=files) for a in args], "--db", people)
    assert message in user_error(result)
    assert result.stdout == ""
    assert people.read_bytes() == before


def test_an_unknown_store_location_is_a_user_error() -> None:
    result = invoke("plan", "--db", "nosuchscheme://somewhere")
    assert "No storage handles 'nosuchscheme://somewhere'" in user_error(result)


def test_a_missing_import_file_is_a_usage_error(people: Path, tmp_path: Path) -> None:
    result = invoke("import", "vcard", tmp_path / "nowhere.vcf", "--db", people)
    assert "does not exist" in usage_error(result)


def test_an_import_file_gone_before_reading_is_a_user_error(
    people: Path, files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import careernet.importers  # noqa: PLC0415

    gone = tmp_path / "gone.csv"
    read = careernet.importers.read_linkedin
    monkeypatch.setattr(
        careernet.importers, "read_linkedin", lambda _, **kw: read(gone, **kw)
    )
    result = invoke("import", "linkedin", files / "Connections.csv", "--db", people)
    assert user_error(result) == f"Cannot read {gone}: No such file or directory."


@pytest.mark.parametrize(
    ("who", "error"),
    [("Noor", careernet.AmbiguousNameError), ("Nobody", careernet.UnknownIdError)],
)
def test_a_contact_named_ambiguously_or_not_at_all_raises_its_error(
    people: Path, who: str, error: type[careernet.CareerNetError]
) -> None:
    from careernet.cli._resolve import contact  # noqa: PLC0415

    with careernet.open(people) as network, pytest.raises(error, match=who):
        contact(network, who)


def test_serve_feed_on_a_busy_port_is_a_user_error(people: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve-feed", "--port", str(port), "--db", people)
    assert f"Cannot listen on 127.0.0.1:{port}" in user_error(result)
    assert isinstance(result.exception, SystemExit)
    assert isinstance(result.exception.__context__, careernet.ListenError)


def test_serve_feed_on_an_impossible_port_is_an_error(people: Path) -> None:
    usage_error(invoke("serve-feed", "--port", "70000", "--db", people))


# -- help and version ---------------------------------------------------------------


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS: list[tuple[tuple[str, ...], click.Command]] = [((), main), *_commands(main)]


def examples(command: click.Command) -> list[str]:
    """The command lines the docstring shows (lines starting ``careernet``)."""
    text = inspect.cleandoc(command.help or "")
    return [
        line.strip().removesuffix("\\").rstrip()
        for line in text.splitlines()
        if line.strip().startswith("careernet ")
    ]


def test_the_commands_are_the_ones_the_issue_lists() -> None:
    names = {" ".join(path) for path, _ in COMMANDS if path}
    top = (
        "demo init seeker prefs add edit move contacts show log meetings goal import "
        "import-history backup restore plan brief ledger funnel intro export-ics"
    )
    logs = (
        "outreach reply nudge decline message give ask received thanks request meeting"
    )
    assert names == {
        *top.split(),
        "serve-feed",
        "notify",
        "check",
        "plugins",
        "prefs",
        "rings",
        *(f"log {name}" for name in logs.split()),
        "log result",
        "log reschedule",
        "mail",
        "mail import",
        "mail sync",
        "sync",
        "archive",
        "unarchive",
        "remove",
        "merge",
        "export-contacts",
    }


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[" ".join(p) or "careernet" for p, _ in COMMANDS]
)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(path: tuple[str, ...], command: click.Command, flag: str) -> None:
    result = run(*path, flag)
    usage = " ".join(("careernet", *path))
    assert result.stdout.startswith(f"Usage: {usage} ")
    assert result.stderr == ""
    first_paragraph = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert " ".join(first_paragraph.split()) in " ".join(result.stdout.split())
    if "Example" in (command.help or ""):
        shown = examples(command)
        assert shown, command.help
        for example in shown:
            assert example in result.stdout
    if not isinstance(command, click.Group) and command.name not in NO_STORE:
        assert "--db PATH" in result.stdout


def test_the_documented_examples_are_shown() -> None:
    documented = {" ".join(path) for path, command in COMMANDS if examples(command)}
    assert documented >= {
        "",
        "demo",
        "init",
        "add",
        "move",
        "goal",
        "import",
        "log meeting",
    }


def test_version() -> None:
    result = run("--version")
    version = importlib.metadata.version("careernet")
    assert result.stdout == f"careernet, version {version}\n"


# -- serve-feed, for real --------------------------------------------------------------


class Feed(NamedTuple):
    """A running ``careernet serve-feed`` and the addresses it printed."""

    process: subprocess.Popen[str]
    address: urllib.parse.SplitResult
    webcal: urllib.parse.SplitResult
    output: list[str]

    @property
    def token(self) -> str:
        match = re.fullmatch(r"/feed/([^/]+)\.ics", self.address.path)
        assert match, self.address
        return match.group(1)


class _Lines:
    """The lines a process writes to stdout, read in a thread so reads time out."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self._stream = process.stdout
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            self._queue.put(line)
        self._queue.put(None)

    def next(self, seen: list[str]) -> str:
        try:
            line = self._queue.get(timeout=TIMEOUT)
        except queue.Empty:
            pytest.fail(f"serve-feed printed nothing for {TIMEOUT}s after {seen!r}")
        if line is None:
            pytest.fail(f"serve-feed ended early; it printed {seen!r}")
        seen.append(line)
        return line

    def close(self) -> None:
        self._thread.join(timeout=TIMEOUT)
        self._stream.close()


ServeFeed = Callable[..., Feed]


@pytest.fixture
def serve_feed() -> Iterator[ServeFeed]:
    """Start ``careernet serve-feed --port 0`` as a subprocess; stop it after."""
    running: list[tuple[subprocess.Popen[str], _Lines]] = []

    def start(db: Path, *options: str) -> Feed:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "careernet.cli",
                "serve-feed",
                "--db",
                str(db),
                "--port",
                "0",
                *options,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        lines = _Lines(process)
        running.append((process, lines))
        seen: list[str] = []
        while not (line := lines.next(seen)).startswith("Serving the feed at "):
            pass
        address = line.removeprefix("Serving the feed at ").strip()
        webcal = lines.next(seen)
        assert webcal.startswith("Subscribe with "), seen
        assert lines.next(seen).startswith("Keep the address secret"), seen
        return Feed(
            process,
            urllib.parse.urlsplit(address),
            urllib.parse.urlsplit(webcal.removeprefix("Subscribe with ").strip()),
            seen,
        )

    yield start

    stuck = []
    for process, lines in running:
        process.terminate()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=TIMEOUT)
            stuck.append(process.args)
        lines.close()
    assert not stuck, f"serve-feed did not stop when terminated: {stuck}"


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url``: the status, the content type and the body."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


@pytest.fixture
def feed_db(people: Path) -> Path:
    """The people network with a coffee in three days, to show in the feed."""
    cli(people, f'log meeting Ken {minute(in_three_days())} --purpose "The team"')
    return people


def test_serve_feed_serves_the_calendar(feed_db: Path, serve_feed: ServeFeed) -> None:
    feed = serve_feed(feed_db)
    assert feed.address.scheme == "http"
    assert feed.address.hostname == "127.0.0.1"
    assert feed.address.port not in {None, 0}
    assert feed.output[-1] == (
        "Keep the address secret; --rotate gives a new one. Ctrl-C stops.\n"
    )

    status, content_type, body = fetch(feed.address.geturl())
    assert status == 200
    assert content_type.startswith("text/calendar")
    calendar = calendar_of(body)
    assert "Coffee with Ken Watanabe (Globex)" in summaries(calendar)

    assert feed.webcal.scheme == "webcal"
    assert feed.webcal.netloc == feed.address.netloc
    assert feed.webcal.path == feed.address.path
    assert feed.webcal._replace(scheme="http") == feed.address

    wrong = feed.address._replace(path=f"/feed/{feed.token}x.ics").geturl()
    assert fetch(wrong)[0] == 404
    assert feed.process.poll() is None, "the server keeps serving"


def test_serve_feed_keeps_its_token_until_rotated(
    feed_db: Path, serve_feed: ServeFeed
) -> None:
    first = serve_feed(feed_db)
    same = serve_feed(feed_db)
    assert same.token == first.token

    rotated = serve_feed(feed_db, "--rotate")
    assert rotated.token != first.token
    assert rotated.webcal.path == rotated.address.path
    assert fetch(rotated.address.geturl())[0] == 200
    old = rotated.address._replace(path=first.address.path).geturl()
    assert fetch(old)[0] == 404

    after = serve_feed(feed_db)
    assert after.token == rotated.token


def test_serve_feed_behind_a_public_address(
    feed_db: Path, serve_feed: ServeFeed
) -> None:
    local = serve_feed(feed_db)
    public = serve_feed(feed_db, "--base-url", "http://cal.example.org/careernet/")
    assert public.address.geturl() == (
        f"https://cal.example.org/careernet/feed/{local.token}.ics"
    )
    assert public.webcal.geturl() == (
        f"webcal://cal.example.org/careernet/feed/{local.token}.ics"
    )


def test_serve_feed_refuses_a_store_without_a_network(tmp_path: Path) -> None:
    db = tmp_path / "fresh.db"
    result = invoke("serve-feed", "--port", "0", "--db", db)
    assert "No careernet network at" in user_error(result)
    assert not db.exists()


def test_serve_feed_refuses_an_unknown_network(people: Path) -> None:
    message = user_error(
        invoke("serve-feed", "--db", people, "--port", "0", "--network", "mine")
    )
    assert "No network called 'mine'" in message


def test_serve_feed_asks_which_of_several_networks(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    with careernet.open_store(db) as store:
        store.create("ana", "Ana Lopez")
        store.create("ben", "Ben Ode")
    message = user_error(invoke("serve-feed", "--db", db, "--port", "0"))
    assert "several networks (ana, ben)" in message
    assert "--network" in message


def test_serve_feed_serves_the_only_network_whatever_its_id(
    tmp_path: Path, serve_feed: ServeFeed
) -> None:
    db = tmp_path / "mine.db"
    with careernet.open_store(db) as store:
        store.create("mine", "Ana Lopez")
    feed = serve_feed(db)
    status, _, body = fetch(feed.address.geturl())
    assert status == 200
    assert events(calendar_of(body)) == []
    assert "mine" not in feed.token
    with careernet.open_store(db) as store:
        assert store.networks() == ["mine"]


# -- the seeker's details and the goal's facts --------------------------------------


def test_init_again_and_seeker_keep_what_is_not_given(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    cli(db, 'init "Alex Rivera" --company "Northwind Analytics" --field data')
    cli(db, 'add "Sam Boss" --company "Northwind Analytics, Inc." --role Director')
    cli(db, "goal employed_confidential --company Globex")
    assert "Already set up" in cli(db, 'init "Alex Rivera"').output
    cli(db, 'seeker --name "Alex R. Rivera"')
    with careernet.open(db) as network:
        assert network.seeker.name == "Alex R. Rivera"
        assert network.seeker.company == "Northwind Analytics"
        assert network.seeker.field == "data"
    assert "Sam Boss" not in cli(db, "plan --all").output
    cli(db, 'seeker --alias NWA --unrelated "Northwind Labs"')
    with careernet.open(db) as network:
        assert network.seeker.aliases == {"NWA"}
        assert network.seeker.unrelated == {"Northwind Labs"}
        assert network.seeker.company == "Northwind Analytics"


def test_init_takes_aliases_and_a_time_zone(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    cli(db, 'init "Alex Rivera" --company Northwind --alias NWA --timezone Asia/Tokyo')
    with careernet.open(db) as network:
        assert network.seeker.aliases == {"NWA"}
        assert network.preferences.timezone == "Asia/Tokyo"


def test_a_goal_missing_its_facts_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    cli(db, 'init "Alex Rivera"')
    message = user_error(
        invoke("goal", "employed_confidential", "--company", "Globex", "--db", db)
    )
    assert "current employer" in message
    assert "--company" in message
    message = user_error(invoke("goal", "career_change", "--db", db))
    assert "--field" in message
    result = cli(db, "goal unemployed")
    assert "no target company" in result.output
