"""The pure rules of careernet.domain.mail and the header reader."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import io

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

import careernet
from careernet._convert import dump_record, load_record
from careernet.domain import (
    Contact,
    InteractionKind,
    InvalidValueError,
    MailCursor,
    NetworkState,
    Seeker,
    Stage,
    default_registry,
)
from careernet.domain.mail import (
    HEADER_FIELDS,
    Direction,
    MailHeaders,
    MailOptions,
    Skip,
    cursor_id,
    decode_name,
    interaction_kind,
    is_employer_domain,
    is_no_reply,
    parse_addresses,
    parse_date,
    record_mail,
)
from careernet.mail import parse_header_block, read_header_block
from tests.mailbuild import BODY_MARK, ME, NOW, START, message

STRATEGIES = default_registry()
OPEN = STRATEGIES.get("unemployed")
DISCREET = STRATEGIES.get("employed_confidential")
OPTIONS = MailOptions(me=[ME])


def network(*people: tuple[str, str, str | None]) -> NetworkState:
    """A network of (id, address, company) contacts; the seeker works at Northwind."""
    state = NetworkState(Seeker(name="Alex", company="Northwind Analytics"))
    for contact_id, address, company in people:
        state.apply(
            state.add_contact(
                Contact(
                    id=contact_id,
                    name=contact_id.title(),
                    emails=(address,),
                    company=company,
                    added_at=START - dt.timedelta(days=100),
                )
            )
        )
    return state


# -- reading the header block ------------------------------------------------------


def test_the_header_block_ends_at_the_blank_line() -> None:
    raw = message(ME, "ann@acme.example", message_id="x@y")
    block = read_header_block(io.BytesIO(raw))
    assert BODY_MARK.encode() not in block.split(b"Subject")[0]
    assert b"Here is what I really think" not in block
    assert block.endswith(b"\r\n")


def test_a_large_body_is_not_read() -> None:
    raw = message(ME, "ann@acme.example") + b"x" * 10_000_000

    class Counting(io.BytesIO):
        taken = 0

        def read(self, size: int | None = -1, /) -> bytes:
            data = super().read(size)
            self.taken += len(data)
            return data

    file = Counting(raw)
    read_header_block(file)
    assert file.taken <= 8192


def test_a_message_without_a_blank_line_is_all_header() -> None:
    assert read_header_block(io.BytesIO(b"From: a@b.example\nTo: c@d.example")) == (
        b"From: a@b.example\nTo: c@d.example"
    )
    assert read_header_block(io.BytesIO(b"\r\nbody only")) == b""
    assert read_header_block(io.BytesIO(b"")) == b""


def test_a_header_block_is_cut_at_the_limit() -> None:
    block = read_header_block(io.BytesIO(b"X: " + b"y" * 50_000), limit=20_000)
    assert len(block) == 20_000


def test_folded_fields_are_unfolded_and_others_ignored() -> None:
    block = (
        b"Received: from x\r\n  by y\r\n"
        b"From: =?utf-8?q?J=C3=B6rg?=\r\n <jorg@x.example>\r\n"
        b"To: a@b.example\r\n"
        b"to: c@d.example\r\n"
        b"Subject: nothing\r\n"
        b"not a field at all\r\n"
        b"DATE : Mon, 2 Nov 2026 10:00:00 +0000\r\n"
    )
    headers = parse_header_block(block)
    assert headers.sender == "=?utf-8?q?J=C3=B6rg?= <jorg@x.example>"
    assert headers.to == "a@b.example, c@d.example"
    assert headers.date == "Mon, 2 Nov 2026 10:00:00 +0000"
    assert headers.list_id is None


_values = st.text(
    alphabet=st.characters(
        min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="\r\n"
    ),
    max_size=60,
).map(str.strip)


@given(
    fields=st.lists(
        st.tuples(st.sampled_from([*HEADER_FIELDS, "Subject", "X-Other"]), _values),
        max_size=12,
    ),
    crlf=st.booleans(),
)
def test_the_reader_agrees_with_the_standard_library(
    fields: list[tuple[str, str]], crlf: bool
) -> None:
    end = b"\r\n" if crlf else b"\n"
    block = b"".join(f"{name}: {value}".encode() + end for name, value in fields)
    ours = parse_header_block(block)
    parsed = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(
        block + end
    )
    theirs = MailHeaders.from_fields(
        (name, str(value).strip()) for name, value in parsed.items()
    )
    assert ours == theirs


# -- addresses, names and dates -------------------------------------------------------


def test_addresses_are_case_folded_and_garbage_dropped() -> None:
    found = parse_addresses(
        'Ann <ANN@Acme.Example>, "Lee, Ben" <ben@globex.example>, '
        "undisclosed-recipients:;, not an address, <>, ann@acme.example"
    )
    assert [a.address for a in found] == ["ann@acme.example", "ben@globex.example"]
    assert found[1].name == "Lee, Ben"
    assert parse_addresses(None) == ()


def test_encoded_names_are_decoded() -> None:
    (person,) = parse_addresses("=?iso-8859-1?q?Fran=E7oise_D=FCrr?= <f@x.example>")
    assert person.name == "Françoise Dürr"
    (other,) = parse_addresses("=?utf-8?b?5p2O5piO?= <li@x.example>")
    assert other.name == "李明"
    (broken,) = parse_addresses("=?no-such-charset?q?x?= <b@x.example>")
    assert broken.name == "=?no-such-charset?q?x?="


@given(st.text(max_size=300))
def test_decoded_names_are_one_short_line(raw: str) -> None:
    name = decode_name(raw)
    assert len(name.splitlines()) <= 1
    assert len(name) <= 200
    assert "\u2028" not in name


def test_names_lose_line_separators() -> None:
    assert decode_name("Ann\u2028RRULE:FREQ=DAILY") == "Ann RRULE:FREQ=DAILY"
    assert decode_name("=?utf-8?q?Ann=E2=80=A8Lee?=") == "Ann Lee"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Mon, 02 Nov 2026 10:00:00 +0100",
            dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC),
        ),
        ("2 Nov 2026 10:00 -0000", dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)),
        ("yesterday", None),
        ("", None),
        (None, None),
        ("Mon, 02 Nov 9999 10:00:00 +0000", None),
        ("Mon, 02 Nov 1969 10:00:00 +0000", None),
        ("Mon, 03 Dec 2026 10:00:00 +0000", None),  # more than a day after NOW
        ("Mon, 45 Nov 2026 10:00:00 +0000", None),
        ("Mon, 02 Nov 2026 10:00:00 +9999", None),
    ],
)
def test_dates(value: str | None, expected: dt.datetime | None) -> None:
    assert parse_date(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("address", "no_reply"),
    [
        ("noreply@x.example", True),
        ("no-reply@x.example", True),
        ("messages-noreply@linkedin.example", True),
        ("do_not_reply@x.example", True),
        ("MAILER-DAEMON@x.example", True),
        ("bounces+123@x.example", True),
        ("notifications@x.example", True),
        ("ann@x.example", False),
        ("norah@x.example", False),
        ("replyall@x.example", False),
    ],
)
def test_no_reply_senders(address: str, no_reply: bool) -> None:
    assert is_no_reply(address) is no_reply


@pytest.mark.parametrize(
    ("domain", "employer"),
    [
        ("northwind.example", True),
        ("northwindanalytics.com", True),
        ("northwind-analytics.co.uk", True),
        ("mail.northwind.example", True),
        ("nwa.example", False),
        ("nwa.example.net", False),
        ("globex.example", False),
        ("north.example", False),
        ("example", False),
    ],
)
def test_employer_domains_from_the_name(domain: str, employer: bool) -> None:
    assert is_employer_domain(domain, ["Northwind Analytics, Inc."]) is employer


def test_employer_domains_given() -> None:
    assert is_employer_domain("mail.nwa.example", [], ["nwa.example"])
    assert not is_employer_domain("notnwa.example", [], ["nwa.example"])
    assert not is_employer_domain("x.example", ["The Co."])


def test_options_need_own_addresses() -> None:
    with pytest.raises(InvalidValueError, match="which addresses are yours"):
        MailOptions(me=[])
    with pytest.raises(InvalidValueError, match="not an e-mail address"):
        MailOptions(me=["alex at home"])
    with pytest.raises(InvalidValueError, match="not a mail domain"):
        MailOptions(me=[ME], employer_domains=["north wind"])
    with pytest.raises(InvalidValueError, match="at least 1"):
        MailOptions(me=[ME], max_recipients=0)
    assert MailOptions(me="Alex+Jobs@Home.Example").me == {"alex@home.example"}


def test_cursor_ids_differ_by_account_and_folder() -> None:
    ids = {cursor_id(a, f) for a in ("a@h:993", "b@h:993") for f in ("INBOX", "Sent")}
    assert len(ids) == 4


# -- kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "is_reply", "stage", "kind"),
    [
        (Direction.SENT, False, Stage.NOT_APPROACHED, InteractionKind.OUTREACH),
        (Direction.SENT, False, Stage.RESTING, InteractionKind.OUTREACH),
        (Direction.SENT, True, Stage.NOT_APPROACHED, InteractionKind.MESSAGE),
        (Direction.SENT, False, Stage.AWAITING, InteractionKind.NUDGE),
        (Direction.SENT, True, Stage.NUDGE_DUE, InteractionKind.NUDGE),
        (Direction.SENT, False, Stage.ENGAGED, InteractionKind.MESSAGE),
        (Direction.RECEIVED, False, Stage.NOT_APPROACHED, InteractionKind.MESSAGE),
        (Direction.RECEIVED, True, Stage.NOT_APPROACHED, InteractionKind.REPLY),
        (Direction.RECEIVED, False, Stage.AWAITING, InteractionKind.REPLY),
        (Direction.RECEIVED, False, Stage.ENGAGED, InteractionKind.MESSAGE),
    ],
)
def test_kinds(
    direction: Direction, is_reply: bool, stage: Stage, kind: InteractionKind
) -> None:
    assert interaction_kind(direction, is_reply=is_reply, stage=stage) is kind


# -- recording -----------------------------------------------------------------------


def headers(raw: bytes) -> MailHeaders:
    return parse_header_block(read_header_block(io.BytesIO(raw)))


def test_a_reply_after_an_outreach_is_a_reply_and_a_follow_up_a_nudge() -> None:
    state = network(("ann", "ann@acme.example", "Acme"))
    batch = [
        headers(message(ME, "ann@acme.example", hours=0, message_id="1@h")),
        headers(message(ME, "ann@acme.example", hours=24 * 8, message_id="2@h")),
        headers(message("ann@acme.example", ME, hours=24 * 9, message_id="3@a")),
        headers(message(ME, "ann@acme.example", hours=24 * 10, message_id="4@h")),
    ]
    change, report = record_mail(state, batch, strategy=OPEN, options=OPTIONS, now=NOW)
    kinds = [i.kind for i in report.recorded]
    assert kinds == [
        InteractionKind.OUTREACH,
        InteractionKind.NUDGE,
        InteractionKind.REPLY,
        InteractionKind.MESSAGE,
    ]
    assert change.records == report.recorded


def test_too_many_recipients() -> None:
    state = network(("ann", "ann@acme.example", "Acme"))
    crowd = [f"p{n}@crowd.example" for n in range(39)] + ["ann@acme.example"]
    raw = message(ME, crowd, message_id="all@h")
    _, report = record_mail(
        state, [headers(raw)], strategy=OPEN, options=OPTIONS, now=NOW
    )
    assert report.skipped == {Skip.TOO_MANY_RECIPIENTS: 1}
    _, wide = record_mail(
        state,
        [headers(raw)],
        strategy=OPEN,
        options=MailOptions(me=[ME], max_recipients=40),
        now=NOW,
    )
    assert len(wide.recorded) == 1


def test_a_shared_address_records_for_nobody() -> None:
    state = network(
        ("ann", "team@acme.example", "Acme"), ("ben", "team@acme.example", "Acme")
    )
    batch = [
        headers(message("team@acme.example", ME, message_id="1@a")),
        headers(message(ME, "team@acme.example", message_id="2@h")),
    ]
    _, report = record_mail(state, batch, strategy=OPEN, options=OPTIONS, now=NOW)
    assert report.skipped == {Skip.SHARED_ADDRESS: 2}


def test_mail_between_own_addresses_is_left_out() -> None:
    state = network()
    options = MailOptions(me=[ME, "alex@work.example"])
    raw = message(ME, ["alex+notes@work.example", ME], message_id="1@h")
    _, report = record_mail(
        state, [headers(raw)], strategy=OPEN, options=options, now=NOW
    )
    assert report.skipped == {Skip.OWN: 1}


def test_discreet_leaves_out_the_employer_and_excluded_colleagues() -> None:
    state = network(
        ("ann", "ann@acme.example", "Acme"),
        ("boss", "boss@gmail.com", "Northwind Analytics"),
        ("pat", "pat@nwa-corp.example", "Northwind Analytics"),
    )
    batch = [
        # The employer's domain, recognised from its name.
        headers(
            message(ME, ["ann@acme.example", "hr@northwind.example"], message_id="1@h")
        ),
        # A colleague known as a contact, at a free-mail address.
        headers(message("boss@gmail.com", ME, message_id="2@g")),
        # Someone at a colleague's domain.
        headers(
            message(ME, ["ann@acme.example", "it@nwa-corp.example"], message_id="3@h")
        ),
        # Somebody else at gmail is fine.
        headers(
            message(ME, ["ann@acme.example", "x@gmail.com"], message_id="4@h", hours=48)
        ),
    ]
    _, report = record_mail(state, batch, strategy=DISCREET, options=OPTIONS, now=NOW)
    assert report.skipped == {Skip.EMPLOYER: 3}
    assert [i.contact_id for i in report.recorded] == ["ann"]
    # Not discreet, or opted in: recorded.
    for strategy, options in (
        (OPEN, OPTIONS),
        (DISCREET, MailOptions(me=[ME], include_employer=True)),
    ):
        _, opened = record_mail(
            state, batch, strategy=strategy, options=options, now=NOW
        )
        assert Skip.EMPLOYER not in opened.skipped
        assert {i.contact_id for i in opened.recorded} == {"ann", "boss"}


def test_a_seeker_at_the_employer_domain_records_nothing_discreetly() -> None:
    state = network(("ann", "ann@acme.example", "Acme"))
    options = MailOptions(me=["alex@northwind.example"])
    raw = message("alex@northwind.example", "ann@acme.example", message_id="1@n")
    _, report = record_mail(
        state, [headers(raw)], strategy=DISCREET, options=options, now=NOW
    )
    assert report.skipped == {Skip.EMPLOYER: 1}


def test_unknown_people_written_to_twice_are_offered() -> None:
    state = network()
    batch = [
        headers(
            message(
                ME, "=?utf-8?q?Dana_M=C3=BCller?= <dana@x.example>", message_id="1@h"
            )
        ),
        headers(message(ME, "dana@x.example", message_id="2@h", hours=3)),
        headers(message(ME, "once@x.example", message_id="3@h")),
        headers(message(ME, ["noreply@x.example"], message_id="4@h")),
        headers(message(ME, ["noreply@x.example"], message_id="5@h")),
        headers(message("stranger@x.example", ME, message_id="6@s")),
        headers(message("stranger@x.example", ME, message_id="7@s")),
    ]
    _, report = record_mail(state, batch, strategy=OPEN, options=OPTIONS, now=NOW)
    assert [(p.name, p.address, p.messages) for p in report.possible_contacts] == [
        ("Dana Müller", "dana@x.example", 2)
    ]
    assert report.recorded == ()


# -- properties ---------------------------------------------------------------------

_PEOPLE = ["ann@acme.example", "ben@globex.example", "dana@x.example"]


@st.composite
def mailboxes(draw: st.DrawFn) -> list[MailHeaders]:
    count = draw(st.integers(min_value=0, max_value=25))
    found: list[MailHeaders] = []
    for number in range(count):
        other = draw(st.sampled_from(_PEOPLE))
        sent = draw(st.booleans())
        hours = draw(st.floats(min_value=0, max_value=24 * 20))
        parent = draw(
            st.none() | st.integers(min_value=0, max_value=max(0, number - 1))
        )
        kwargs: dict[str, object] = {}
        if parent is not None and number:
            kwargs = {"in_reply_to": f"m{parent}@x", "references": [f"m{parent}@x"]}
        again: bool = draw(st.booleans())
        if found and again:
            # The same message again, as in a second folder.
            found.append(draw(st.sampled_from(found)))
            continue
        raw = message(
            ME if sent else other,
            other if sent else ME,
            hours=hours,
            message_id=f"m{number}@x",
            **kwargs,  # type: ignore[arg-type]
        )
        found.append(headers(raw))
    return found


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(batch=mailboxes(), split=st.integers(min_value=0, max_value=25))
def test_reading_again_or_in_parts_records_nothing_twice(
    batch: list[MailHeaders], split: int
) -> None:
    state = network(("ann", _PEOPLE[0], "Acme"), ("ben", _PEOPLE[1], "Globex"))
    change, report = record_mail(state, batch, strategy=OPEN, options=OPTIONS, now=NOW)
    state.apply(change)
    again, second = record_mail(state, batch, strategy=OPEN, options=OPTIONS, now=NOW)
    assert again.records == ()
    assert second.read == report.read
    # Ids come from contact, thread, UTC day and direction: one of each.
    assert len({i.id for i in report.recorded}) == len(report.recorded)
    # Each message records something or is counted once among the skipped.
    left_out = sum(report.skipped.values())
    assert left_out <= report.read
    assert report.read - left_out <= len(report.recorded)
    # Read in two parts, the same interactions (by id) are recorded.
    parted = network(("ann", _PEOPLE[0], "Acme"), ("ben", _PEOPLE[1], "Globex"))
    first, _ = record_mail(
        parted, batch[:split], strategy=OPEN, options=OPTIONS, now=NOW
    )
    parted.apply(first)
    rest, _ = record_mail(
        parted, batch[split:], strategy=OPEN, options=OPTIONS, now=NOW
    )
    parted.apply(rest)
    assert set(parted.interactions) == set(state.interactions)


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                name: st.none() | st.text(max_size=80)
                for name in (
                    "sender",
                    "to",
                    "cc",
                    "date",
                    "message_id",
                    "in_reply_to",
                    "references",
                    "list_id",
                    "auto_submitted",
                    "precedence",
                )
            }
        ),
        max_size=10,
    )
)
def test_hostile_headers_never_fail(values: list[dict[str, str | None]]) -> None:
    state = network(("ann", "ann@acme.example", "Acme"))
    batch = [MailHeaders(**v) for v in values]
    _, report = record_mail(state, batch, strategy=DISCREET, options=OPTIONS, now=NOW)
    assert report.read == len(batch)


# -- the cursor record ---------------------------------------------------------------


@given(
    uidvalidity=st.integers(min_value=1, max_value=2**32 - 1),
    last_uid=st.integers(min_value=0, max_value=2**32 - 1),
    minutes=st.integers(min_value=0, max_value=10**6),
)
def test_a_cursor_round_trips(uidvalidity: int, last_uid: int, minutes: int) -> None:
    cursor = MailCursor(
        id=cursor_id("a@h:993", "INBOX"),
        uidvalidity=uidvalidity,
        last_uid=last_uid,
        synced_at=NOW + dt.timedelta(minutes=minutes),
    )
    kind, data = dump_record(cursor)
    assert kind == "mail-cursor"
    assert load_record(kind, data) == cursor


def test_cursors_are_kept_in_exports_and_refused_when_wrong() -> None:
    store = careernet.open_store(":memory:", clock=lambda: NOW)
    net = store.create("alex", "Alex")
    cursor = MailCursor(id=cursor_id("a@h:993", "INBOX"), uidvalidity=7, synced_at=NOW)
    net.import_mail([], me=[ME])  # nothing to write
    assert net.version == 0
    change, _ = record_mail(
        net.state, [], strategy=OPEN, options=OPTIONS, now=NOW, cursors=[cursor]
    )
    net._commit(change)
    copy = store.import_json(net.export_json(), network_id="copy")
    assert dict(copy.state.mail_cursors) == {cursor.id: cursor}
    with pytest.raises(InvalidValueError, match="at least 1"):
        MailCursor(id="imap-x", uidvalidity=0, synced_at=NOW)
    with pytest.raises(InvalidValueError, match="at least 0"):
        MailCursor(id="imap-x", uidvalidity=1, last_uid=-1, synced_at=NOW)
