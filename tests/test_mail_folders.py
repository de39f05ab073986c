"""Importing mail from Maildir folders and mbox files, through the network and
the command line."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import careernet
from careernet.cli import main
from careernet.domain import InteractionKind, Ring, Stage, outreach
from careernet.domain.mail import Skip
from careernet.errors import InvalidValueError, MailFolderError
from careernet.mail import read_folder
from tests.mailbuild import (
    BODY_MARK,
    ME,
    NOW,
    START,
    conversation,
    message,
    write_maildir,
    write_mbox,
)


@pytest.fixture
def net(tmp_path: Path) -> Iterator[careernet.Network]:
    """Alex's network with Ann, Ben and Cleo, in a SQLite file, at NOW."""
    store = careernet.open_store(tmp_path / "net.db", clock=lambda: NOW)
    network = store.create("alex", careernet.Seeker(name="Alex", company="Northwind"))
    added = START - dt.timedelta(days=200)
    network.add_contact(
        "Ann Lee", emails=["Ann@Acme.example"], ring=Ring.BUDDY, at=added
    )
    network.add_contact("Ben", emails=["ben@globex.example"], at=added)
    network.add_contact("Cleo", emails=["cleo@initech.example"], at=added)
    yield network
    store.close()


def named(network: careernet.Network, name: str) -> str:
    (contact,) = network.find(name)
    return contact.id


def kinds(network: careernet.Network, name: str) -> list[InteractionKind]:
    return [i.kind for i in network.state.interactions_with(named(network, name))]


def test_a_maildir_conversation(net: careernet.Network, tmp_path: Path) -> None:
    folder = write_maildir(tmp_path / "Maildir", conversation())
    report = net.import_mail(folder, me=[ME])
    assert report.read == 11
    assert len(report.recorded) == 5
    assert kinds(net, "Ann") == [
        InteractionKind.OUTREACH,
        InteractionKind.REPLY,
        InteractionKind.MESSAGE,
    ]
    assert kinds(net, "Ben") == [InteractionKind.OUTREACH]
    assert kinds(net, "Cleo") == [InteractionKind.OUTREACH]
    assert report.skipped == {
        Skip.ALREADY_RECORDED: 1,
        Skip.MAILING_LIST: 1,
        Skip.BULK: 1,
        Skip.AUTOMATIC: 1,
        Skip.NO_REPLY: 1,
        Skip.NO_CONTACT: 2,
    }
    (dana,) = report.possible_contacts
    assert (dana.name, dana.address, dana.messages) == (
        "Dana Müller",
        "dana@elsewhere.example",
        2,
    )
    assert "Dana" not in {c.name for c in net.contacts}
    assert report.summary().startswith("11 messages read, 5 interactions recorded")


def test_interactions_reset_keep_in_touch_and_move_approaches(
    net: careernet.Network, tmp_path: Path
) -> None:
    ann = named(net, "Ann")
    assert net.state.last_touch(ann) is None
    net.import_mail(write_maildir(tmp_path / "Maildir", conversation()), me=[ME])
    assert net.state.last_touch(ann) == START + dt.timedelta(hours=26)
    assert outreach(net.state, ann, NOW).stage is Stage.ENGAGED
    ben = named(net, "Ben")
    # Ben never answered: a nudge is due a week after the outreach.
    assert outreach(net.state, ben, NOW).stage is Stage.NUDGE_DUE


def test_reading_again_records_nothing(net: careernet.Network, tmp_path: Path) -> None:
    messages = conversation()
    folder = write_maildir(tmp_path / "Maildir", messages)
    first = net.import_mail(folder, me=[ME])
    version = net.version
    again = net.import_mail(folder, me=[ME])
    assert again.recorded == ()
    assert again.skipped[Skip.ALREADY_RECORDED] == 5
    assert net.version == version
    # The same messages in an mbox file are the same messages.
    mbox = net.import_mail(write_mbox(tmp_path / "mail.mbox", messages), me=[ME])
    assert mbox.recorded == ()
    assert net.version == version
    assert len(net.state.interactions) == len(first.recorded)


def test_mbox_reads_the_same_as_maildir(tmp_path: Path) -> None:
    messages = conversation()
    from_maildir = list(read_folder(write_maildir(tmp_path / "md", messages)))
    from_mbox = list(read_folder(write_mbox(tmp_path / "mail.mbox", messages)))
    key = lambda h: h.message_id or ""  # noqa: E731
    assert sorted(from_maildir, key=key) == sorted(from_mbox, key=key)
    assert len(from_mbox) == len(messages)


def test_a_dry_run_writes_nothing(net: careernet.Network, tmp_path: Path) -> None:
    version = net.version
    report = net.import_mail(
        write_maildir(tmp_path / "Maildir", conversation()), me=[ME], dry_run=True
    )
    assert report.dry_run
    assert len(report.recorded) == 5
    assert "to record (dry run)" in report.summary()
    assert net.version == version
    assert not net.state.interactions


def test_nothing_of_subjects_or_bodies_is_kept(
    net: careernet.Network, tmp_path: Path
) -> None:
    net.import_mail(write_maildir(tmp_path / "Maildir", conversation()), me=[ME])
    exported = net.export_json()
    assert BODY_MARK not in exported
    assert "plans for the move" not in exported
    assert "really think" not in exported
    assert "a1@home" not in exported  # not even message ids


def test_forty_recipients(net: careernet.Network, tmp_path: Path) -> None:
    crowd = [f"p{n}@crowd.example" for n in range(38)] + [
        "ann@acme.example",
        "ben@globex.example",
    ]
    folder = write_maildir(
        tmp_path / "Maildir", [message(ME, crowd[:20], cc=crowd[20:], message_id="x@h")]
    )
    report = net.import_mail(folder, me=[ME])
    assert report.skipped == {Skip.TOO_MANY_RECIPIENTS: 1}
    assert report.possible_contacts == ()
    wide = net.import_mail(folder, me=[ME], max_recipients=40)
    assert len(wide.recorded) == 2


def test_malformed_messages(net: careernet.Network, tmp_path: Path) -> None:
    messages = [
        message("ann@acme.example", ME, date="", message_id="1@a"),
        message("ann@acme.example", ME, date="the day after", message_id="2@a"),
        message(
            "ann@acme.example", ME, date="Mon, 2 Nov 9999 10:00 +0000", message_id="3@a"
        ),
        message(
            "ann@acme.example",
            ME,
            date="Fri, 31 Feb 2026 10:00 +0000",
            message_id="4@a",
        ),
        message("not an address", ME, message_id="5@a"),
        message("", ME, message_id="6@a"),
        b"\x00\xff\xfe garbage without any header\n\nbody",
        b"",
        b"From ann@acme.example\nTo: alex@home.example\n\n",  # no colon after From
        b"From: ann@acme.example\nDate: Mon, 2 Nov 2026 10:00 +0000\n"
        + b"X: y\n" * 50_000,
        # No Message-ID: still recorded, once.
        message("Ann <ann@acme.example>", ME, hours=100),
        message(
            "=?utf-8?q?Ann_=E2=80=A8Lee?= <ann@acme.example>",
            f"Alex <{ME}>",
            hours=200,
            message_id="ok@a",
            crlf=False,
        ),
    ]
    folder = write_maildir(tmp_path / "Maildir", messages)
    report = net.import_mail(folder, me=[ME])
    assert report.read == len(messages)
    assert report.skipped == {Skip.NO_DATE: 4, Skip.NO_SENDER: 5}
    assert len(report.recorded) == 3
    again = net.import_mail(folder, me=[ME])
    assert again.recorded == ()


def test_non_ascii_names_and_raw_utf8(net: careernet.Network, tmp_path: Path) -> None:
    messages = [
        message(ME, "=?utf-8?b?5p2O5piO?= <li@x.example>", message_id="1@h"),
        message(ME, "李明 <li@x.example>", message_id="2@h", hours=5),
        message(ME, "=?iso-8859-1?q?Fran=E7oise?= <f@x.example>", message_id="3@h"),
        message(ME, "f@x.example", message_id="4@h", hours=5),
    ]
    folder = write_maildir(tmp_path / "Maildir", messages)
    report = net.import_mail(folder, me=[ME])
    assert {(p.name, p.address) for p in report.possible_contacts} == {
        ("李明", "li@x.example"),
        ("Françoise", "f@x.example"),
    }


def test_the_employer_in_the_discreet_level(
    net: careernet.Network, tmp_path: Path
) -> None:
    net.set_goal("employed_confidential")
    net.add_contact("Pat", company="Northwind", emails=["pat@nw-corp.example"])
    messages = [
        message(ME, ["ann@acme.example", "hr@northwind.example"], message_id="1@h"),
        message("pat@nw-corp.example", ME, message_id="2@n"),
        message(ME, ["ben@globex.example", "it@nw-corp.example"], message_id="3@h"),
        message(ME, "cleo@initech.example", message_id="4@h"),
        message("boss@nwgroup.example", ME, message_id="5@n"),
    ]
    folder = write_maildir(tmp_path / "Maildir", messages)
    report = net.import_mail(folder, me=[ME], employer_domains=["nwgroup.example"])
    assert report.skipped[Skip.EMPLOYER] == 4
    assert [i.contact_id for i in report.recorded] == [named(net, "Cleo")]
    opted = net.import_mail(folder, me=[ME], include_employer=True)
    assert {net.contact(i.contact_id).name for i in opted.recorded} == {
        "Ann Lee",
        "Pat",
        "Ben",
    }


def test_maildir_subfolders(net: careernet.Network, tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", [])
    write_maildir(root / ".Sent", [message(ME, "ann@acme.example", message_id="1@h")])
    write_maildir(
        root / ".Trash", [message(ME, "ben@globex.example", message_id="2@h")]
    )
    write_maildir(
        root / ".Drafts", [message(ME, "cleo@initech.example", message_id="3@h")]
    )
    report = net.import_mail(root, me=[ME])
    assert report.read == 1
    assert [net.contact(i.contact_id).name for i in report.recorded] == ["Ann Lee"]


def test_what_is_not_a_mail_folder(net: careernet.Network, tmp_path: Path) -> None:
    with pytest.raises(MailFolderError, match="no such file"):
        net.import_mail(tmp_path / "missing", me=[ME])
    (tmp_path / "plain").mkdir()
    with pytest.raises(MailFolderError, match="not a Maildir"):
        net.import_mail(tmp_path / "plain", me=[ME])
    (tmp_path / "notes.txt").write_text("Dear diary\n")
    with pytest.raises(MailFolderError, match="not an mbox"):
        net.import_mail(tmp_path / "notes.txt", me=[ME])
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    assert net.import_mail(empty, me=[ME]).read == 0
    with pytest.raises(InvalidValueError, match="which addresses are yours"):
        net.import_mail(empty)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_maildir(net: careernet.Network, tmp_path: Path) -> None:
    folder = write_maildir(tmp_path / "Maildir", conversation())
    (folder / "new").chmod(0)
    try:
        with pytest.raises(MailFolderError, match="ermission"):
            net.import_mail(folder, me=[ME])
    finally:
        (folder / "new").chmod(0o700)


def test_headers_from_elsewhere(net: careernet.Network) -> None:
    from careernet.mail import MailHeaders  # noqa: PLC0415

    report = net.import_mail(
        [
            MailHeaders(
                sender="ann@acme.example",
                to=ME,
                date="Mon, 2 Nov 2026 10:00:00 +0000",
                message_id="<x@a>",
            )
        ],
        me=[ME],
    )
    assert [i.kind for i in report.recorded] == [InteractionKind.MESSAGE]


# -- the command -----------------------------------------------------------------------


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        main, [str(a) for a in args], prog_name="careernet", env=env
    )


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CAREERNET_DB", raising=False)
    monkeypatch.delenv("CAREERNET_MAIL_ME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "cli.db"
    for line in (
        ["init", "Alex"],
        ["add", "Ann Lee", "--email", "ann@acme.example"],
        ["add", "Ben", "--email", "ben@globex.example"],
    ):
        result = invoke(*line, "--db", path)
        assert result.exit_code == 0, result.output
    return path


def test_mail_import_command(db: Path, tmp_path: Path) -> None:
    folder = write_maildir(tmp_path / "Maildir", conversation())
    dry = invoke("mail", "import", folder, "--me", ME, "--dry-run", "--db", db)
    assert dry.exit_code == 0, dry.output
    assert "would record 4 interactions (dry run: nothing written)" in dry.output
    result = invoke("mail", "import", folder, "--me", ME, "--db", db)
    assert result.exit_code == 0, result.output
    assert "Read 11 messages; recorded 4 interactions." in result.output
    assert "mailing list" in result.output
    assert "Dana Müller <dana@elsewhere.example> (2 messages)" in result.output
    again = invoke("mail", "import", folder, "--db", db, env={"CAREERNET_MAIL_ME": ME})
    assert again.exit_code == 0, again.output
    assert "recorded 0 interactions" in again.output


def test_mail_import_mistakes_are_one_line(db: Path, tmp_path: Path) -> None:
    folder = write_maildir(tmp_path / "Maildir", conversation())
    no_me = invoke("mail", "import", folder, "--db", db)
    assert no_me.exit_code == 2
    assert "Say which addresses are yours" in no_me.output
    assert "Traceback" not in no_me.output
    (tmp_path / "notes.txt").write_text("Dear diary\n")
    wrong = invoke("mail", "import", tmp_path / "notes.txt", "--me", ME, "--db", db)
    assert wrong.exit_code == 2
    assert "not an mbox file" in wrong.output
    assert "Traceback" not in wrong.output
