"""The command as a seeker lives in it: safe with their data, able to see and
shape the whole network, and printing JSON in the documented shape.

Runs through click's runner against SQLite files under ``tmp_path``; the
helpers come from tests/test_cli.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

import careernet
from careernet.domain import (
    Contact,
    FunnelMetrics,
    Meeting,
    Plan,
    Preferences,
    Ring,
)
from tests.test_cli import (
    cli,
    contacts,
    in_three_days,
    invoke,
    minute,
    run,
    usage_error,
    user_error,
)

pytestmark = pytest.mark.usefixtures("isolated_home")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "network.db"


@pytest.fixture
def people(db: Path) -> Path:
    cli(db, 'init "Alex Rivera" --company "Northwind Analytics"')
    cli(db, 'add "Ken Watanabe" --company Globex --email Ken@Globex.example')
    cli(db, 'add "Noor Ali" --ring lukewarm --tag meetup')
    cli(db, 'add "Noor Haddad" --ring buddy --tribe')
    cli(db, 'add "María Gómez" --ring strategic --company Globex --fan-club')
    return db


def as_json(*args: str | Path) -> Any:
    return json.loads(run(*args, "--json").stdout)


# -- safety ----------------------------------------------------------------------------

READERS = [
    ["plan"],
    ["ledger"],
    ["funnel"],
    ["contacts"],
    ["meetings"],
    ["show", "Ken"],
    ["add", "Ken"],
    ["log", "outreach", "Ken"],
    ["goal", "maintain"],
    ["notify"],
    ["export-ics"],
    ["backup", "out.json"],
    ["prefs"],
    ["seeker"],
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_missing_store_is_refused_and_nothing_is_created(
    tmp_path: Path, args: list[str]
) -> None:
    where = tmp_path / "missing" / "dir" / "x.db"
    message = user_error(invoke(*args, "--db", where))
    assert message.startswith(f"No careernet network at {where}; run careernet init")
    assert not (tmp_path / "missing").exists()
    assert not (tmp_path / "xdg").exists()


def test_a_store_without_the_network_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with careernet.open_store(other) as store:
        store.create("someone-else", "Robin")
    assert "No careernet network at" in user_error(invoke("plan", "--db", other))
    with careernet.open_store(other) as store:
        assert store.networks() == ["someone-else"]


def test_init_again_keeps_every_field(people: Path) -> None:
    before = people.read_bytes()
    refused = user_error(invoke("init", "Alex R. Rivera", "--db", people))
    assert "careernet seeker" in refused
    assert people.read_bytes() == before
    same = run("init", "Alex Rivera", "--db", people)
    assert same.stdout.startswith("Already set up: Alex Rivera's network")
    with careernet.open(people) as network:
        assert network.seeker.company == "Northwind Analytics"


def test_seeker_changes_only_the_fields_given(people: Path) -> None:
    run("seeker", "--name", "Alex R. Rivera", "--db", people)
    with careernet.open(people) as network:
        assert network.seeker.name == "Alex R. Rivera"
        assert network.seeker.company == "Northwind Analytics"
    cli(people, 'add "Sam Boss" --company "Northwind Analytics" --role Director')
    run("seeker", "--reports-to", "sam boss", "--field", "data", "--db", people)
    shown = as_json("seeker", "--db", people)
    with careernet.open(people) as network:
        boss = network.find("Sam Boss")[0]
        assert shown == careernet.to_builtins(network.seeker)
    assert shown["reports_to"] == boss.id
    assert shown["company"] == "Northwind Analytics"
    run("seeker", "--company", "", "--db", people)
    assert as_json("seeker", "--db", people)["company"] is None


def test_an_import_before_init_lets_init_name_the_seeker(
    db: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Name\nIngrid Solberg\n", encoding="utf-8")
    run("import", "csv", csv, "--column", "name=Name", "--db", db)
    run("init", "Robin Park", "--company", "Initech", "--db", db)
    with careernet.open(db) as network:
        assert (network.seeker.name, network.seeker.company) == (
            "Robin Park",
            "Initech",
        )
        assert [c.name for c in network.contacts] == ["Ingrid Solberg"]


def test_backup_and_restore_round_trip_and_restore_asks_first(
    people: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "backup.json"
    run("backup", saved, "--db", people)
    assert saved.stat().st_mode & 0o777 == 0o600
    with careernet.open(people) as network:
        original = network.export_json()

    elsewhere = tmp_path / "elsewhere.db"
    restored = run("restore", saved, "--db", elsewhere)
    assert "Restored Alex Rivera's network (4 contacts)" in restored.stdout
    with careernet.open(elsewhere) as network:
        assert network.export_json() == original

    cli(people, 'add "Someone New"')
    declined = invoke("restore", saved, "--db", people, stdin="n\n")
    assert declined.exit_code == 1
    assert "Someone New" in contacts(people)
    replaced = run("restore", saved, "--yes", "--db", people)
    kept = re.search(r"Kept the network it replaces in (.*)\.$", replaced.stdout, re.M)
    assert kept, replaced.stdout
    assert "Someone New" not in contacts(people)
    assert "Someone New" in Path(kept.group(1)).read_text(encoding="utf-8")


def test_restore_refuses_what_is_not_a_backup(people: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    before = people.read_bytes()
    assert "is not a careernet backup" in user_error(
        invoke("restore", junk, "--yes", "--db", people)
    )
    assert people.read_bytes() == before


# -- naming people and meetings --------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["gomez", "GÓMEZ", "maria gomez", "María", "ken@globex.example"]
)
def test_contacts_are_found_without_case_or_accents_and_by_email(
    people: Path, who: str
) -> None:
    shown = as_json("show", who, "--db", people)
    assert shown["contact"]["name"] in {"María Gómez", "Ken Watanabe"}


def test_an_ambiguous_name_lists_ids_that_are_then_accepted(people: Path) -> None:
    message = user_error(invoke("show", "Noor", "--db", people))
    ids = re.findall(r"Noor \w+ \(([0-9a-f]+)\)", message)
    assert len(ids) == 2
    for short in ids:
        assert as_json("show", short, "--db", people)["contact"]["id"].startswith(short)


def test_a_near_miss_says_did_you_mean(people: Path) -> None:
    message = user_error(invoke("show", "Watanbe Ken", "--db", people))
    assert "Did you mean Ken Watanabe?" in message
    assert "Did you mean buddy?" in usage_error(
        invoke("move", "Ken", "budy", "--db", people)
    )
    assert "Did you mean unemployed?" in user_error(
        invoke("goal", "unemploy", "--db", people)
    )


def test_meetings_are_named_by_short_id_person_or_person_and_day(
    people: Path,
) -> None:
    at = in_three_days()
    arranged = cli(people, f'log meeting Ken {minute(at)} --purpose "The team"')
    short = re.search(r", id ([0-9a-f]{8})\.$", arranged.stdout, re.M)
    assert short
    listed = run("meetings", "--db", people).stdout
    assert short.group(1) in listed
    assert "Ken Watanabe" in listed
    later = at + dt.timedelta(hours=2)
    cli(people, f"log reschedule Ken@{at.date().isoformat()} {minute(later)}")
    cli(people, f"log reschedule {short.group(1)} {minute(at)}")
    cli(people, "log result ken cancelled")
    (meeting,) = as_json("meetings", "--all", "--db", people)
    assert meeting["status"] == "cancelled"
    assert meeting["id"].startswith(short.group(1))
    assert as_json("meetings", "--past", "--db", people) == [meeting]


def test_a_date_without_a_time_is_refused(people: Path) -> None:
    message = user_error(
        invoke("log", "meeting", "Ken", "2026-11-27", "--purpose", "x", "--db", people)
    )
    assert "has no time of day" in message


def test_scheduled_is_not_offered_as_a_result(people: Path) -> None:
    help_text = run("log", "result", "--help").stdout
    assert "scheduled" not in help_text.replace("\n", " ").split("RESULT")[0]
    assert "not one of" in usage_error(
        invoke("log", "result", "Ken", "scheduled", "--db", people)
    )


# -- shaping the network ---------------------------------------------------------------


def test_add_and_edit_take_relations(people: Path) -> None:
    cli(
        people,
        'add "Sam Boss" --company "Northwind Analytics" --role Director '
        "--knows Ken --past-company Globex --reports-to gomez",
    )
    found = contacts(people)
    sam, ken = found["Sam Boss"], found["Ken Watanabe"]
    assert ken.id in sam.knows
    assert sam.id in ken.knows
    assert sam.past_companies == ("Globex",)
    assert sam.reports_to == found["María Gómez"].id

    cli(
        people,
        'edit Sam --role "VP Data" --tag mentor --knows "Noor Ali" '
        '--past-company Initech --company ""',
    )
    sam = contacts(people)["Sam Boss"]
    assert sam.role == "VP Data"
    assert sam.company is None
    assert sam.tags == frozenset({"mentor"})
    assert sam.past_companies == ("Globex", "Initech")
    assert contacts(people)["Noor Ali"].id in sam.knows
    assert sam.ring is Ring.COLD


def test_contacts_filter_and_sort(people: Path) -> None:
    names = [c["name"] for c in as_json("contacts", "--db", people)]
    assert names == ["Noor Haddad", "María Gómez", "Noor Ali", "Ken Watanabe"]
    by_name = as_json("contacts", "--sort", "name", "--db", people)
    assert next(c["name"] for c in by_name) == "Ken Watanabe"
    globex = as_json("contacts", "--company", "globex", "--db", people)
    assert {c["name"] for c in globex} == {"Ken Watanabe", "María Gómez"}
    inner = as_json(
        "contacts", "--ring", "buddy", "--ring", "strategic", "--db", people
    )
    assert {c["name"] for c in inner} == {"Noor Haddad", "María Gómez"}
    assert [c["name"] for c in as_json("contacts", "--tribe", "--db", people)] == [
        "Noor Haddad"
    ]
    assert [
        c["name"] for c in as_json("contacts", "--tag", "MEETUP", "--db", people)
    ] == ["Noor Ali"]
    table = run("contacts", "--db", people).stdout
    assert "María Gómez ♥" in table
    assert "4 of 4 contacts." in table


def test_prefs_set_and_show(people: Path) -> None:
    run(
        "prefs",
        "--timezone",
        "Europe/Berlin",
        "--quiet-hours",
        "21:00-07:00",
        "--digest-time",
        "08:30",
        "--email",
        "alex@example.org",
        "--email-private",
        "--db",
        people,
    )
    shown = as_json("prefs", "--db", people)
    with careernet.open(people) as network:
        assert careernet.from_builtins(shown, Preferences) == network.preferences
    assert shown["timezone"] == "Europe/Berlin"
    assert shown["quiet_start"] == "21:00:00"
    assert [c["name"] for c in shown["channels"]] == ["log", "email"]
    assert shown["channels"][1] == {
        "name": "email",
        "address": "alex@example.org",
        "private": True,
    }
    text = run("prefs", "--db", people).stdout
    assert "21:00 to 07:00" in text
    assert "email to alex@example.org (private)" in text
    run("prefs", "--quiet-hours", "off", "--channel", "log", "--db", people)
    shown = as_json("prefs", "--db", people)
    assert shown["quiet_start"] is None
    assert [c["name"] for c in shown["channels"]] == ["log"]
    assert shown["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Mars/Olympus"], "'Mars/Olympus' is not a time zone"),
        (["--channel", "emial"], "Did you mean email?"),
        (["--quiet-hours", "21:00"], "--quiet-hours takes START-END"),
        (["--digest-time", "soon"], "--digest-time takes a time of day"),
    ],
)
def test_prefs_refuse_bad_values(people: Path, args: list[str], message: str) -> None:
    before = people.read_bytes()
    assert message in user_error(invoke("prefs", *args, "--db", people))
    assert people.read_bytes() == before


def test_meeting_times_without_an_offset_are_in_the_seekers_zone(
    people: Path,
) -> None:
    run("prefs", "--timezone", "Asia/Tokyo", "--db", people)
    day = in_three_days().date().isoformat()
    cli(people, f'log meeting Ken "{day} 10:30" --purpose "The team"')
    (meeting,) = as_json("meetings", "--db", people)
    assert meeting["scheduled_at"] == f"{day}T10:30:00+09:00"


# -- JSON in the documented shape ------------------------------------------------------


def test_json_output_is_to_builtins_and_round_trips(people: Path) -> None:
    cli(people, f'log meeting María {minute(in_three_days())} --purpose "Lunch"')
    cli(people, 'log give Ken "An article"')
    cli(people, 'log received Ken "A CV review"')
    with careernet.open(people) as network:
        listed = as_json("contacts", "--sort", "added", "--db", people)
        assert listed == careernet.to_builtins(network.contacts)
        assert [careernet.from_builtins(c, Contact) for c in listed] == network.contacts

        meetings = as_json("meetings", "--db", people)
        assert [careernet.from_builtins(m, Meeting) for m in meetings] == (
            network.meetings
        )

        plan = careernet.from_builtins(as_json("plan", "--db", people), Plan)
        assert plan.actions
        assert plan.scenario == network.plan().scenario

        funnel = as_json("funnel", "--db", people)
        assert set(funnel) == {
            "since",
            "until",
            "sizes",
            "conversions",
            "drifts",
            "exposure",
            "time_in_ring",
        }
        assert funnel["sizes"] == {"buddy": 1, "strategic": 1, "lukewarm": 1, "cold": 1}
        metrics = careernet.from_builtins(funnel, FunnelMetrics)
        assert careernet.to_builtins(metrics) == funnel

        ledger = as_json("ledger", "--db", people)
        ken = network.find("Ken")[0]
        assert ledger["balances"] == {
            ken.id: careernet.to_builtins(network.balance(ken.id))
        }
        assert ledger["total"]["net"] == network.balance().net
        assert [o["what"] for o in ledger["thanks_owed"]] == ["A CV review"]

        shown = as_json("show", "ken", "--db", people)
        assert set(shown) == {
            "contact",
            "balance",
            "history",
            "meetings",
            "interactions",
            "ledger",
            "actions",
        }
        assert shown["contact"] == careernet.to_builtins(ken)
        assert [e["what"] for e in shown["ledger"]] == ["An article", "A CV review"]
        assert any(a["kind"] == "thank" for a in shown["actions"])


# -- reading it ------------------------------------------------------------------------


def test_no_identifier_reaches_the_reader(people: Path) -> None:
    cli(people, "goal employed_confidential --company Globex")
    text = run("plan", "--all", "--db", people).stdout
    assert "employed, searching in confidence" in text
    for raw in ("employed_confidential", "request_intro", "keep_in_touch", "_"):
        assert raw not in text


def test_show_gathers_everything_about_one_person(people: Path) -> None:
    cli(people, 'log outreach Ken --note "Asked about the team"')
    cli(people, 'log give Ken "An article"')
    text = run("show", "ken", "--db", people).stdout
    assert text.startswith("Ken Watanabe  cold  ")
    assert "Ken@Globex.example" in text
    assert "outreach: Asked about the team" in text
    assert "give: An article" in text
    assert "Ledger: gave 1, asked 0" in text
