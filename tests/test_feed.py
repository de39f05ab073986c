"""The subscription feed: a WSGI application serving each network's calendar.

The application is called directly with WSGI environ dicts (through
``wsgiref.validate``, which checks the WSGI side of every answer), and served
for real by ``wsgiref.simple_server`` on 127.0.0.1 and fetched with
``http.client``. Stores are real; the clock only moves when a test moves it.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest

import careernet
from careernet import InteractionKind, Network, Ring, Seeker, Store
from careernet.ical import CalendarOptions
from careernet.ical.feed import FeedApp, feed_path, token_for
from tests.ical_checks import START, Clock, add_sample, assert_valid_calendar, counter

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
NOT_FOUND = b"Not found.\n"
LUNCH = b"Lunch with Priya Natarajan (Northwind Analytics)"


class Response(NamedTuple):
    status: int
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes


def call(
    app: WSGIApplication,
    path: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    lint: bool = True,
) -> Response:
    """Call a WSGI application the way a server would, checked by wsgiref.validate."""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
    }
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    setup_testing_defaults(environ)
    answer: list[tuple[str, list[tuple[str, str]]]] = []

    def start_response(
        status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], object]:
        answer.append((status, response_headers))
        return lambda data: None

    iterable = (validator(app) if lint else app)(environ, start_response)
    try:
        body = b"".join(iterable)
    finally:
        close = getattr(iterable, "close", None)
        if close is not None:
            close()
    [(status, response_headers)] = answer
    names = [name.lower() for name, _ in response_headers]
    assert len(names) == len(set(names)), f"repeated headers: {response_headers}"
    return Response(
        int(status.split()[0]),
        {name.lower(): value for name, value in response_headers},
        body,
    )


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


def secret_of(network: Network) -> str:
    token = network.state.feed_token
    assert token is not None
    return token.secret


def lookup_of(network: Network) -> str:
    token = network.state.feed_token
    assert token is not None
    assert token.lookup is not None
    return token.lookup


# -- fixtures -----------------------------------------------------------------


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> Iterator[Store]:
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as opened:
        yield opened


@pytest.fixture
def alex(store: Store) -> Network:
    """The sample network, with its feed address made at START."""
    network = add_sample(store)
    network.feed_token()
    return network


@pytest.fixture
def path(alex: Network) -> str:
    return f"/feed/{alex.feed_token()}.ics"


@pytest.fixture
def app(store: Store, clock: Clock) -> FeedApp:
    return FeedApp(store, clock=clock, lookup_ttl=0)


# -- serving ------------------------------------------------------------------


def test_get_serves_the_calendar(app: FeedApp, alex: Network, path: str) -> None:
    response = call(app, path)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[!#-~]+"', etag), f"not a strong ETag: {etag}"
    assert response.headers["last-modified"] == "Tue, 24 Nov 2026 09:00:00 GMT"
    assert response.headers["content-length"] == str(len(response.body))
    assert response.body == alex.export_ics()
    assert LUNCH in response.body
    assert_valid_calendar(response.body)
    assert app.builds == 1
    assert path == feed_path(f"{lookup_of(alex)}.{secret_of(alex)}")
    assert "alex" not in path
    assert _encoded(b"alex") not in path


def test_the_feed_serves_the_options_it_was_given(
    store: Store, clock: Clock, alex: Network, path: str
) -> None:
    options = CalendarOptions(timezone="Europe/Berlin", name="Alex's network")
    app = FeedApp(store, options=options, clock=clock)
    response = call(app, path)
    assert response.body == alex.export_ics(options=options)
    calendar = assert_valid_calendar(response.body)
    assert str(calendar["X-WR-CALNAME"]) == "Alex's network"


CONDITIONS: dict[str, Callable[[str, str], dict[str, str]]] = {
    "the ETag": lambda etag, _: {"If-None-Match": etag},
    "the ETag in a list": lambda etag, _: {"If-None-Match": f'"other", {etag}'},
    "any ETag": lambda _, __: {"If-None-Match": "*"},
    "the Last-Modified": lambda _, modified: {"If-Modified-Since": modified},
    "a later date": lambda _, modified: {
        "If-Modified-Since": http_date(parsedate_to_datetime(modified) + DAY)
    },
    "both": lambda etag, modified: {
        "If-None-Match": etag,
        "If-Modified-Since": modified,
    },
}


@pytest.mark.parametrize("condition", CONDITIONS)
def test_an_unchanged_calendar_gets_304_without_being_built(
    app: FeedApp, path: str, condition: str
) -> None:
    first = call(app, path)
    assert app.builds == 1
    headers = CONDITIONS[condition](
        first.headers["etag"], first.headers["last-modified"]
    )
    for _ in range(3):
        response = call(app, path, headers=headers)
        assert response.status == 304
        assert response.body == b""
        assert response.headers["etag"] == first.headers["etag"]
        assert response.headers["last-modified"] == first.headers["last-modified"]
        assert "content-type" not in response.headers
    assert app.builds == 1


def test_a_304_does_not_announce_a_wrong_length(app: FeedApp, path: str) -> None:
    """RFC 9110, 8.6: a 304 carries no Content-Length, or that of the 200."""
    first = call(app, path)
    response = call(app, path, headers={"If-None-Match": first.headers["etag"]})
    assert response.status == 304
    assert response.headers.get("content-length", str(len(first.body))) == str(
        len(first.body)
    )


def test_if_none_match_compares_weakly(app: FeedApp, path: str) -> None:
    """RFC 9110, 13.1.2: If-None-Match uses the weak comparison, so a client
    (or a proxy) sending W/"..." for the current ETag gets a 304."""
    etag = call(app, path).headers["etag"]
    response = call(app, path, headers={"If-None-Match": f"W/{etag}"})
    assert response.status == 304


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": '"something-else"'},
        {"If-None-Match": '"something-else"', "If-Modified-Since": "<modified>"},
        {"If-Modified-Since": "<a second before>"},
        {"If-Modified-Since": "yesterday, around noon"},
        {"If-Modified-Since": ""},
    ],
    ids=["other ETag", "other ETag wins over the date", "earlier", "garbage", "empty"],
)
def test_other_conditions_get_the_calendar_from_the_cache(
    app: FeedApp, path: str, headers: dict[str, str]
) -> None:
    first = call(app, path)
    modified = first.headers["last-modified"]
    earlier = http_date(parsedate_to_datetime(modified) - dt.timedelta(seconds=1))
    sent = {
        name: value.replace("<modified>", modified).replace(
            "<a second before>", earlier
        )
        for name, value in headers.items()
    }
    response = call(app, path, headers=sent)
    assert response.status == 200
    assert response.body == first.body
    assert app.builds == 1


def test_head_has_the_headers_and_no_body(app: FeedApp, path: str) -> None:
    head = call(app, path, method="HEAD")
    get = call(app, path)
    assert head.status == 200
    assert head.body == b""
    assert head.headers == get.headers
    assert head.headers["content-length"] == str(len(get.body))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_not_allowed(app: FeedApp, path: str, method: str) -> None:
    # Not through wsgiref.validate: it wants a Content-Type even on an empty
    # 405, which HTTP does not.
    response = call(app, path, method=method, lint=False)
    assert response.status == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert app.builds == 0


# -- addresses that do not match ------------------------------------------------


def _swap_last(text: str) -> str:
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def _encoded(network_id: bytes) -> str:
    return base64.urlsafe_b64encode(network_id).decode().rstrip("=")


WRONG: dict[str, Callable[[str, str], str]] = {
    "a wrong secret": lambda token, secret: token_for(
        token.split(".")[0], "x" * len(secret)
    ),
    "the secret's last character changed": lambda token, _: _swap_last(token),
    "the secret cut short": lambda token, _: token[:-1],
    "the secret made longer": lambda token, _: token + "A",
    "an unknown lookup": lambda _, secret: token_for("nobody", secret),
    "the network's id": lambda _, secret: token_for(_encoded(b"alex"), secret),
    "another network's id": lambda _, secret: token_for(_encoded(b"alex-2"), secret),
    "a huge token": lambda token, _: token * 1000,
    "no secret": lambda token, _: token.split(".")[0] + ".",
    "no network": lambda token, _: "." + token.split(".")[1],
    "no dot": lambda token, _: token.replace(".", ""),
    "not base64": lambda token, _: "%%%." + token.split(".")[1],
    "not UTF-8": lambda token, _: _encoded(b"\xff\xfe") + "." + token.split(".")[1],
    "an empty token": lambda _, __: "",
}


@pytest.mark.parametrize("wrong", WRONG)
def test_a_token_that_does_not_match_gets_404(
    app: FeedApp, alex: Network, wrong: str
) -> None:
    token = alex.feed_token()
    bad = WRONG[wrong](token, secret_of(alex))
    assert bad != token
    response = call(app, f"/feed/{bad}.ics")
    assert response.status == 404
    assert response.body == NOT_FOUND
    assert "etag" not in response.headers
    assert app.builds == 0


@pytest.mark.parametrize(
    "template",
    [
        "/feed/{token}",
        "/feed/{token}.ICS",
        "/feed/{token}.ics/",
        "/feed/{token}.ics.ics",
        "/feeds/{token}.ics",
        "/{token}.ics",
        "/feed//{token}.ics",
        "/feed/",
        "/",
        "",
    ],
)
def test_a_wrong_path_gets_404(app: FeedApp, alex: Network, template: str) -> None:
    response = call(app, template.format(token=alex.feed_token()))
    assert response.status == 404
    assert response.body == NOT_FOUND
    assert app.builds == 0


def test_rotating_the_token_retires_the_old_address(
    app: FeedApp, alex: Network, clock: Clock
) -> None:
    old = f"/feed/{alex.feed_token()}.ics"
    assert call(app, old).status == 200
    clock.advance(HOUR)
    new = f"/feed/{alex.rotate_feed_token()}.ics"
    assert new != old
    assert call(app, old).status == 404
    assert call(app, old, headers={"If-None-Match": "*"}).status == 404
    assert call(app, new).status == 200
    newest = f"/feed/{alex.rotate_feed_token()}.ics"
    assert call(app, new).status == 404
    assert call(app, newest).status == 200
    assert alex.feed_token() == newest[len("/feed/") : -len(".ics")]


def test_two_networks_in_one_store_have_their_own_feeds(
    app: FeedApp, store: Store, alex: Network
) -> None:
    robin = store.create("robin", Seeker(name="Robin Park"))
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    robin.schedule_meeting(ann.id, START + 2 * DAY, purpose="Catch up")
    robin_token = robin.feed_token()
    alex_secret, robin_secret = secret_of(alex), secret_of(robin)
    assert alex_secret != robin_secret

    mine = call(app, f"/feed/{alex.feed_token()}.ics")
    theirs = call(app, f"/feed/{robin_token}.ics")
    assert mine.status == theirs.status == 200
    assert b"careernet: Alex Rivera" in mine.body
    assert b"Ann Archer" not in mine.body
    assert b"careernet: Robin Park" in theirs.body
    assert b"Ann Archer" in theirs.body
    assert LUNCH not in theirs.body
    assert mine.headers["etag"] != theirs.headers["etag"]
    for mixed in (
        token_for(lookup_of(alex), robin_secret),
        token_for(lookup_of(robin), alex_secret),
    ):
        assert call(app, f"/feed/{mixed}.ics").status == 404


def test_a_network_whose_feed_was_never_made_has_none(
    app: FeedApp, store: Store, alex: Network
) -> None:
    robin = store.create("robin", Seeker(name="Robin Park"))
    assert robin.state.feed_token is None
    for secret in (secret_of(alex), "x" * 32, "None"):
        assert call(app, f"/feed/{_encoded(b'robin')}.{secret}.ics").status == 404
    assert robin.state.feed_token is None


# -- changes ------------------------------------------------------------------


CHANGES: dict[str, Callable[[Network], object]] = {
    "an interaction logged": lambda n: n.log("ken", InteractionKind.REPLY),
    "a meeting cancelled": lambda n: n.cancel_meeting("m-priya"),
    "a meeting moved": lambda n: n.reschedule_meeting("m-priya", START + 5 * DAY),
    "a contact renamed": lambda n: n.edit_contact("priya", name="Priya N."),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_the_network_changes_the_etag(
    app: FeedApp, alex: Network, path: str, clock: Clock, change: str
) -> None:
    first = call(app, path)
    clock.advance(HOUR)
    CHANGES[change](alex)
    by_etag = call(app, path, headers={"If-None-Match": first.headers["etag"]})
    assert by_etag.status == 200
    assert by_etag.headers["etag"] != first.headers["etag"]
    assert by_etag.body == alex.export_ics()
    assert by_etag.headers["last-modified"] == http_date(clock.now)
    by_date = call(
        app, path, headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert by_date.status == 200
    assert by_date.body == by_etag.body
    assert app.builds == 2
    again = call(app, path, headers={"If-None-Match": by_etag.headers["etag"]})
    assert again.status == 304
    assert app.builds == 2


def test_last_modified_moves_when_a_cancelled_meeting_leaves(
    app: FeedApp, alex: Network, path: str, clock: Clock
) -> None:
    clock.advance(HOUR)
    alex.cancel_meeting("m-priya")
    cancelled = call(app, path)
    assert b"Cancelled: " + LUNCH in cancelled.body
    assert cancelled.headers["last-modified"] == http_date(START + HOUR)
    clock.advance(15 * DAY)
    gone = call(app, path)
    assert LUNCH not in gone.body
    assert parsedate_to_datetime(gone.headers["last-modified"]) > (
        parsedate_to_datetime(cancelled.headers["last-modified"])
    )
    for headers in (
        {"If-None-Match": cancelled.headers["etag"]},
        {"If-Modified-Since": cancelled.headers["last-modified"]},
    ):
        assert call(app, path, headers=headers).status == 200
    assert_valid_calendar(gone.body)


def test_a_back_dated_change_still_moves_last_modified(
    app: FeedApp, alex: Network, path: str, clock: Clock
) -> None:
    """A reply logged today as having come yesterday removes the nudge: a
    client asking If-Modified-Since the old date must get the new calendar."""
    first = call(app, path)
    assert b"Follow up with Ken Watanabe" in first.body
    clock.advance(HOUR)
    alex.log("ken", InteractionKind.REPLY, at=START - DAY)
    response = call(
        app, path, headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert response.status == 200
    assert b"Follow up with Ken Watanabe" not in response.body
    assert parsedate_to_datetime(response.headers["last-modified"]) > (
        parsedate_to_datetime(first.headers["last-modified"])
    )


def test_the_calendar_is_built_once_a_day_when_nothing_changes(
    app: FeedApp, path: str, clock: Clock
) -> None:
    first = call(app, path)
    for _ in range(5):
        clock.advance(2 * HOUR)
        assert call(app, path).body == first.body
    assert app.builds == 1
    clock.advance(DAY)
    next_day = call(app, path)
    assert app.builds == 2
    midnight = clock.now.replace(hour=0, minute=0, second=0, microsecond=0)
    assert next_day.headers["last-modified"] == http_date(midnight)


def test_a_deleted_network_has_no_feed(
    app: FeedApp, store: Store, alex: Network, path: str
) -> None:
    assert call(app, path).status == 200
    store.delete("alex")
    assert call(app, path).status == 404
    assert call(app, path, headers={"If-None-Match": "*"}).status == 404


def test_a_network_restored_under_a_deleted_ones_id_serves_its_own_calendar(
    store: Store, clock: Clock, alex: Network
) -> None:
    """Restore one backup, then replace it by another under the same id, on
    the same day: the feed must serve what is there now, never the old one."""
    robin = store.create("robin", Seeker(name="Robin Park"))
    ann = robin.add_contact("Ann Archer", ring=Ring.LUKEWARM)
    robin.schedule_meeting(ann.id, START + 2 * DAY, purpose="Catch up")
    robin.feed_token()
    alex_backup, robin_backup = alex.export_json(), robin.export_json()
    store.delete("alex")
    store.delete("robin")
    clock.advance(DAY)
    app = FeedApp(store, clock=clock, lookup_ttl=0)

    restored = store.import_json(alex_backup)
    old = f"/feed/{restored.feed_token()}.ics"
    assert LUNCH in call(app, old).body
    store.delete("alex")
    replaced = store.import_json(robin_backup, network_id="alex")
    assert call(app, old).status == 404, "the deleted network's feed is still served"
    response = call(app, f"/feed/{replaced.feed_token()}.ics")
    assert response.status == 200
    assert response.body == replaced.export_ics()
    assert b"Ann Archer" in response.body
    assert LUNCH not in response.body


# -- a real server ------------------------------------------------------------------


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep request lines (and tokens) out of the test output."""


class Served(NamedTuple):
    port: int
    app: FeedApp
    network: Network


@pytest.fixture(params=["memory", "sqlite"])
def served(
    request: pytest.FixtureRequest, tmp_path: Path, clock: Clock
) -> Iterator[Served]:
    """The feed of the sample network, served on 127.0.0.1 by wsgiref."""
    location = "memory:" if request.param == "memory" else str(tmp_path / "feed.db")
    with careernet.open_store(
        location, clock=clock, ids=counter(), autoload=False
    ) as store:
        network = add_sample(store)
        network.feed_token()
        app = FeedApp(store, clock=clock, lookup_ttl=0)
        server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield Served(server.server_port, app, network)
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)
            assert not thread.is_alive()


def fetch(
    served: Served,
    path: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request(method, path, headers=dict(headers or {}))
        answer = connection.getresponse()
        body = answer.read()
        return Response(
            answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
        )
    finally:
        connection.close()


def test_a_client_fetches_the_feed_over_http(served: Served) -> None:
    path = f"/feed/{served.network.feed_token()}.ics"
    response = fetch(served, path)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    etag = response.headers["etag"]
    assert re.fullmatch(r'"[!#-~]+"', etag), f"not a strong ETag: {etag}"
    assert response.headers["last-modified"] == "Tue, 24 Nov 2026 09:00:00 GMT"
    assert int(response.headers["content-length"]) == len(response.body)
    assert response.body == served.network.export_ics()
    assert_valid_calendar(response.body)
    assert served.app.builds == 1

    for headers in (
        {"If-None-Match": etag},
        {"If-Modified-Since": response.headers["last-modified"]},
    ):
        conditional = fetch(served, path, headers=headers)
        assert conditional.status == 304
        assert conditional.body == b""
        assert conditional.headers["etag"] == etag
    assert served.app.builds == 1

    head = fetch(served, path, method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.headers["etag"] == etag
    assert int(head.headers["content-length"]) == len(response.body)

    secret = served.network.feed_token().split(".")[1]
    wrong = f"/feed/{token_for(lookup_of(served.network), _swap_last(secret))}.ics"
    assert fetch(served, wrong).status == 404
    assert fetch(served, "/feed/nothing-here.ics").status == 404
    assert fetch(served, path, method="POST").status == 405
    assert served.app.builds == 1


def test_a_client_sees_rotation_and_changes_over_http(
    served: Served, clock: Clock
) -> None:
    old = f"/feed/{served.network.feed_token()}.ics"
    first = fetch(served, old)
    assert first.status == 200
    clock.advance(HOUR)
    served.network.cancel_meeting("m-priya")
    changed = fetch(served, old, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status == 200
    assert b"Cancelled: " + LUNCH in changed.body
    new = f"/feed/{served.network.rotate_feed_token()}.ics"
    assert fetch(served, old).status == 404
    assert fetch(served, new).status == 200
