"""The feed on the open internet: idle clients, guessed addresses, prefixes,
gzip, a bounded cache, one lock per network and honest validators.

Servers are real (waitress, and the standard library's threaded server) on
127.0.0.1 and stop by themselves; stores are real.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import careernet
from careernet import Network, Ring, Store
from careernet.domain import FeedToken
from careernet.ical.feed import FeedApp, Listening, redacted, serve
from careernet.plugins import get_plugin_manager
from careernet.storage.memory import MemoryStorage
from tests.ical_checks import START, Clock, add_sample, counter
from tests.test_feed import alex, call, clock, store

__all__ = ["alex", "clock", "store"]  # the fixtures shared with test_feed

DAY = dt.timedelta(days=1)


def _path(network: Network) -> str:
    return f"/feed/{network.feed_token()}.ics"


# -- a real server --------------------------------------------------------------


@pytest.fixture(params=["waitress", "wsgiref"])
def running(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    alex: Network,
    clock: Clock,
) -> Iterator[tuple[int, FeedApp]]:
    """The feed served by :func:`serve` with a 2-second socket timeout."""
    if request.param == "wsgiref":
        import builtins  # noqa: PLC0415

        real_import = builtins.__import__

        def no_waitress(name: str, *args: Any, **kwargs: Any) -> Any:
            if name == "waitress":
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_waitress)
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    started: list[Listening] = []
    ready = threading.Event()

    def on_ready(listening: Listening) -> None:
        started.append(listening)
        ready.set()

    thread = threading.Thread(
        target=serve,
        args=(store,),
        kwargs={"port": 0, "ready": on_ready, "timeout": 2.0, "app": app},
        daemon=True,
    )
    thread.start()
    assert ready.wait(10)
    assert started[0].server == request.param
    try:
        yield started[0].server_port, app
    finally:
        started[0].shutdown()
        thread.join(timeout=10)
        assert not thread.is_alive()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


SERVED_BEFORE_TIMEOUT = 1.8
"""Seconds within which the request is answered: below the fixture's 2-second
socket timeout, with room for a busy machine."""


def test_an_idle_client_does_not_hold_up_another(
    running: tuple[int, FeedApp], alex: Network
) -> None:
    port, _ = running
    with socket.create_connection(("127.0.0.1", port), timeout=5) as idle:
        idle.sendall(b"GET /feed/")  # ...and nothing more
        time.sleep(0.2)
        started = time.monotonic()
        status, _, body = _get(port, _path(alex))
        # A server held up by the idle client would answer only after the
        # 2-second socket timeout; anything well below it shows it was not.
        assert time.monotonic() - started < SERVED_BEFORE_TIMEOUT
        assert status == 200
        assert b"BEGIN:VCALENDAR" in body


def test_many_idle_clients_do_not_hold_up_another(
    running: tuple[int, FeedApp], alex: Network
) -> None:
    port, _ = running
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
    try:
        for connection in idle:
            connection.sendall(b"GET /feed/x")
        started = time.monotonic()
        assert _get(port, _path(alex))[0] == 200
        assert time.monotonic() - started < SERVED_BEFORE_TIMEOUT
    finally:
        for connection in idle:
            connection.close()


def test_a_silent_connection_is_closed_after_the_timeout(
    running: tuple[int, FeedApp],
) -> None:
    port, _ = running
    with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
        idle.sendall(b"GET /feed/")
        started = time.monotonic()
        idle.recv(100)  # the server closes it (or answers 408), well before 10 s
        assert time.monotonic() - started < 8


def test_requests_are_logged_without_the_secret(
    running: tuple[int, FeedApp], alex: Network, caplog: pytest.LogCaptureFixture
) -> None:
    port, _ = running
    with caplog.at_level(logging.INFO, logger="careernet.feed"):
        _get(port, _path(alex))
    [line] = [r.getMessage() for r in caplog.records if r.name == "careernet.feed"]
    assert " GET /feed/" in line
    assert " 200 " in line
    token = alex.feed_token()
    assert token not in line
    assert token.split(".")[1] not in line


def test_redacted_keeps_only_the_start_of_a_token() -> None:
    assert redacted("/feed/abcdefgh.secretsecret.ics") == "/feed/abcd….ics"
    assert redacted("/prefix/abcdefgh.s.ics") == "/prefix/abcd….ics"
    assert redacted("/other") == "/other"


# -- guessed addresses ------------------------------------------------------------


class _CountingStorage(MemoryStorage):
    """A real memory store that counts how often a network is loaded."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def load(self, network_id: str, *, since: int = 0) -> Any:
        self.loads.append(network_id)
        return super().load(network_id, since=since)


def test_a_wrong_secret_loads_no_network(clock: Clock) -> None:
    storage = _CountingStorage()
    pm = get_plugin_manager(autoload=False)
    with careernet.Store(storage, pm, location="memory:", clock=clock) as store:
        network = add_sample(store)
        token = network.feed_token()
        lookup, secret = token.split(".")
        app = FeedApp(store, clock=clock, lookup_ttl=0)
        storage.loads.clear()
        wrong = [
            f"{lookup}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}",
            f"{lookup}.x",
            f"nothing.{secret}",
            f"{'a' * 22}.{secret}",
        ]
        for bad in wrong:
            assert call(app, f"/feed/{bad}.ics").status == 404
        assert storage.loads == []
        assert app.loads == 0
        assert call(app, f"/feed/{token}.ics").status == 200
        assert storage.loads == ["alex"]


def test_an_unknown_lookup_and_a_wrong_secret_cost_the_same(
    store: Store, alex: Network, clock: Clock
) -> None:
    """No network is loaded for either, so their times are alike (within a
    wide factor: the point is that neither is the cost of a load)."""
    for _ in range(300):
        alex.add_contact(f"Filler {_}", ring=Ring.COLD)
    app = FeedApp(store, clock=clock, lookup_ttl=60)
    lookup, secret = alex.feed_token().split(".")

    def timed(path: str) -> float:
        best = float("inf")
        for _ in range(30):
            started = time.perf_counter()
            assert call(app, path, lint=False).status == 404
            best = min(best, time.perf_counter() - started)
        return best

    unknown = timed(f"/feed/{'b' * 22}.{secret}.ics")
    wrong = timed(f"/feed/{lookup}.{'c' * len(secret)}.ics")
    assert app.loads == 0
    assert wrong < 5 * unknown + 0.001
    assert unknown < 5 * wrong + 0.001


def test_the_address_says_nothing_of_the_network_id(store: Store) -> None:
    network = store.create("default", "Dana Whitfield")
    token = network.feed_token()
    assert "default" not in token
    assert "ZGVmYXVsd" not in token  # base64 of "default"
    other = store.create("other", "Ann Other")
    assert other.feed_token().split(".")[0] != token.split(".")[0]


def test_rotation_makes_a_new_lookup(alex: Network) -> None:
    before = alex.feed_token()
    after = alex.rotate_feed_token()
    assert before.split(".")[0] != after.split(".")[0]
    assert before.split(".")[1] != after.split(".")[1]


def test_a_token_stored_before_lookups_still_opens_its_feed(
    store: Store, clock: Clock
) -> None:
    """Addresses handed out before lookups keep working until rotated."""
    network = add_sample(store)
    old = FeedToken(secret="s" * 32, created_at=clock())
    network._commit(network.state.set_feed_token(old))
    token = network.feed_token()
    assert token.endswith(".s" + "s" * 31)
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    assert call(app, f"/feed/{token}.ics").status == 200
    rotated = network.rotate_feed_token()
    assert call(app, f"/feed/{token}.ics").status == 404
    assert call(app, f"/feed/{rotated}.ics").status == 200


def test_a_rotated_address_stops_at_once_even_with_an_old_index(
    store: Store, alex: Network, clock: Clock
) -> None:
    app = FeedApp(store, clock=clock, lookup_ttl=3600)
    old = _path(alex)
    assert call(app, old).status == 200
    alex.rotate_feed_token()
    assert call(app, old).status == 404


# -- mounting, gzip, validators ------------------------------------------------------


def test_mounted_under_a_prefix(store: Store, alex: Network, clock: Clock) -> None:
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    token = alex.feed_token()
    for script_name in ("/feed", "/calendars/careernet", "/feed/"):
        environ_path = f"/{token}.ics"
        response = _call_mounted(app, script_name, environ_path)
        assert response.status == 200, script_name
    assert _call_mounted(app, "/feed", f"/feed/{token}.ics").status == 404
    assert call(app, f"/feed/{token}.ics").status == 200


def _call_mounted(app: FeedApp, script_name: str, path: str) -> Any:
    from wsgiref.util import setup_testing_defaults  # noqa: PLC0415

    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    body = b"".join(app(environ, lambda s, h, e=None: statuses.append(s)))  # type: ignore[arg-type]
    return type("R", (), {"status": int(statuses[0].split()[0]), "body": body})


def test_gzip_when_asked(store: Store, alex: Network, clock: Clock) -> None:
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    path = _path(alex)
    plain = call(app, path)
    assert plain.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in plain.headers
    packed = call(app, path, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body)
    assert packed.headers["etag"] != plain.headers["etag"]
    refused = call(app, path, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers
    for tag in (plain.headers["etag"], packed.headers["etag"]):
        again = call(
            app,
            path,
            headers={"Accept-Encoding": "gzip", "If-None-Match": tag},
        )
        assert again.status == 304
        assert again.headers["vary"] == "Accept-Encoding"
    assert app.builds == 1


def test_two_changes_within_a_second_move_last_modified(
    store: Store, alex: Network, clock: Clock
) -> None:
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    path = _path(alex)
    first = call(app, path)
    clock.advance(dt.timedelta(milliseconds=300))
    alex.add_contact("Quick One", ring=Ring.LUKEWARM)
    ken = next(c for c in alex.state.contacts.values() if c.name == "Quick One")
    alex.schedule_meeting(ken.id, START + 2 * DAY, purpose="Quick")
    second = call(app, path)
    assert second.body != first.body
    assert second.headers["last-modified"] != first.headers["last-modified"]
    answer = call(
        app, path, headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert answer.status == 200
    clock.advance(dt.timedelta(milliseconds=300))
    alex.schedule_meeting(ken.id, START + 3 * DAY, purpose="Quicker")
    third = call(app, path)
    assert third.headers["last-modified"] > second.headers["last-modified"] or (
        third.headers["last-modified"] != second.headers["last-modified"]
    )
    answer = call(
        app, path, headers={"If-Modified-Since": second.headers["last-modified"]}
    )
    assert answer.status == 200


# -- the cache ---------------------------------------------------------------


def test_the_cache_keeps_to_its_bounds(tmp_path: Path, clock: Clock) -> None:
    with careernet.open_store(
        "memory:", clock=clock, ids=counter(), autoload=False
    ) as store:
        tokens = []
        for n in range(12):
            network = store.create(f"n{n}", f"Seeker {n}")
            person = network.add_contact(f"Person {n}", ring=Ring.LUKEWARM)
            network.schedule_meeting(person.id, START + DAY, purpose="Coffee")
            tokens.append(network.feed_token())
        app = FeedApp(store, clock=clock, max_networks=5, max_views=2, lookup_ttl=0)
        for token in tokens:
            assert call(app, f"/feed/{token}.ics").status == 200
        assert app.cached_networks == 5
        sizes = app.cached_bytes
        small = FeedApp(
            store, clock=clock, max_bytes=sizes // 5 * 2, max_views=2, lookup_ttl=0
        )
        for token in tokens:
            assert call(small, f"/feed/{token}.ics").status == 200
        assert small.cached_bytes <= sizes // 5 * 2
        assert small.cached_networks <= 2
        views = sum(entry.view is not None for entry in app._entries.values())
        assert views <= 2


def test_a_304_does_not_wait_for_another_networks_build(
    store: Store, alex: Network, clock: Clock
) -> None:
    """Each network has its own lock: while one calendar is being built (held
    here by a slow store read), another network's feed answers."""
    small = store.create("small", "Sam Small")
    small_path = _path(small)
    app = FeedApp(store, clock=clock, lookup_ttl=0)
    assert call(app, small_path).status == 200
    release = threading.Event()
    entered = threading.Event()
    real_network = store.network

    def slow_network(network_id: str) -> Any:
        if network_id == "alex":
            entered.set()
            release.wait(10)
        return real_network(network_id)

    store.network = slow_network  # type: ignore[method-assign]
    worker = threading.Thread(target=call, args=(app, _path(alex)), daemon=True)
    worker.start()
    try:
        assert entered.wait(5)
        started = time.monotonic()
        etag = call(app, small_path).headers["etag"]
        answer = call(app, small_path, headers={"If-None-Match": etag})
        assert answer.status == 304
        assert time.monotonic() - started < 1.0
    finally:
        release.set()
        worker.join(10)


@pytest.mark.parametrize("kind", ["memory", "sqlite", "no finder"])
def test_feed_tokens_come_from_every_kind_of_store(
    tmp_path: Path, clock: Clock, kind: str
) -> None:
    location = "memory:" if kind == "memory" else str(tmp_path / "t.db")
    with careernet.open_store(location, clock=clock, autoload=False) as store:
        if kind == "no finder":
            # A backend without find_records: each network is read once, then
            # only what was committed since.
            store.storage = _WithoutFinder(store.storage)
        tokens = {}
        for network_id in ("ana", "ben", "cy"):
            network = store.create(network_id, network_id.title())
            if network_id != "ben":
                tokens[network_id] = network.feed_token()
        found = dict(store.feed_tokens())
        assert sorted(found) == ["ana", "cy"]
        assert {n: f"{t.lookup}.{t.secret}" for n, t in found.items()} == tokens
        rotated = store.network("ana").rotate_feed_token()
        store.delete("cy")
        found = dict(store.feed_tokens())
        assert {n: f"{t.lookup}.{t.secret}" for n, t in found.items()} == {
            "ana": rotated
        }


class _WithoutFinder:
    """A storage backend as a third party might write it: no find_records."""

    def __init__(self, storage: Any) -> None:
        self._storage = storage

    def __getattr__(self, name: str) -> Any:
        if name == "find_records":
            raise AttributeError(name)
        return getattr(self._storage, name)
