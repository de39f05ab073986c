"""Many processes and threads on one store: nothing lost, nothing stale, no starving.

Real processes (``subprocess``) write real SQLite files; the PostgreSQL
versions of the process tests are in ``tests_postgres``.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import careernet
from careernet import (
    ConflictError,
    InteractionKind,
    NetworkReplacedError,
    Ring,
    UnknownIdError,
)
from careernet.ical.feed import FeedApp
from tests.conftest import NOW

WRITERS, COMMANDS = 8, 100


def _transact_writer(
    location: str, contact_id: str, label: str, count: int, results: Any
) -> None:  # pragma: no cover - runs in a child process
    done: list[str] = []
    try:
        with careernet.open(location) as net:
            for n in range(count):
                note = f"{label}-{n}"
                net.transact(functools.partial(_log, contact_id, note))
                done.append(note)
    except Exception as error:
        results.put((label, done, f"{type(error).__name__}: {error}"))
    else:
        results.put((label, done, None))


def _log(contact_id: str, note: str, net: careernet.Network) -> object:
    return net.log(contact_id, InteractionKind.MESSAGE, note=note)


def run_writers(
    location: str, contact_id: str, writers: int, commands: int
) -> set[str]:
    """Run ``writers`` processes, each ``commands`` transactions on one network;
    return every note they saw acknowledged."""
    # fork: the writers start at once, with careernet already imported.
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(
            target=_transact_writer,
            args=(location, contact_id, f"w{n}", commands, results),
        )
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [error for _, _, error in outcomes if error] == []
    return {note for _, done, _ in outcomes for note in done}


def test_eight_writer_processes_on_one_seeker_all_land(tmp_path: Path) -> None:
    location = str(tmp_path / "busy.db")
    with careernet.open(location, seeker="Alex Rivera") as net:
        ann = net.add_contact("Ann Lee")
        start = net.version
    acknowledged = run_writers(location, ann.id, WRITERS, COMMANDS)
    assert len(acknowledged) == WRITERS * COMMANDS
    with careernet.open(location) as net:
        notes = {i.note for i in net.state.interactions.values()}
        assert notes == acknowledged
        assert net.version == start + WRITERS * COMMANDS


# -- network incarnations --------------------------------------------------------

_RECREATE = textwrap.dedent(
    """
    import sys, careernet
    with careernet.open_store(sys.argv[1]) as store:
        store.delete("default")
        fresh = store.create("default", "Alex Rivera")
        for name in sys.argv[2:]:
            fresh.add_contact(name)
    """
)

_RESTORE = textwrap.dedent(
    """
    import sys, careernet
    from pathlib import Path
    with careernet.open_store(sys.argv[1]) as store:
        store.delete("default")
        store.import_json(Path(sys.argv[2]).read_text())
    """
)


def other_process(script: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", script, *args], check=True, timeout=60)


@pytest.fixture
def cached(tmp_path: Path) -> Iterator[tuple[careernet.Store, careernet.Network]]:
    """A store and a long-lived view holding Ann and Bob (version 2)."""
    with careernet.open_store(tmp_path / "service.db") as store:
        view = store.create("default", "Alex Rivera")
        view.add_contact("Ann Old", company="Globex")
        view.add_contact("Bob Old")
        yield store, view


def test_a_write_through_a_view_of_a_recreated_network_is_refused(
    cached: tuple[careernet.Store, careernet.Network],
) -> None:
    store, view = cached
    ann = view.find("Ann")[0]
    other_process(_RECREATE, store.location, "Zoe New")
    assert view.stale()
    with pytest.raises(NetworkReplacedError) as raised:
        view.log(ann.id, InteractionKind.MESSAGE, note="Thanks")
    assert isinstance(raised.value, ConflictError)
    # retry_on_conflict reloads the new network, where Ann is unknown.
    with pytest.raises(UnknownIdError):
        careernet.retry_on_conflict(
            view, lambda n: n.log(ann.id, InteractionKind.MESSAGE, note="Thanks")
        )
    assert [c.name for c in view.contacts] == ["Zoe New"]
    stored = store.network("default")
    assert stored.state.interactions == {}
    store.import_json(stored.export_json(), network_id="restore-check")


def test_a_recreated_network_at_the_same_version_is_noticed(
    cached: tuple[careernet.Store, careernet.Network],
) -> None:
    store, view = cached
    other_process(_RECREATE, store.location, "Zoe New", "Yan New")
    assert store.head("default").version == view.version == 2
    assert view.stale()
    assert view.refresh() == 2
    assert [c.name for c in view.contacts] == ["Zoe New", "Yan New"]
    assert not view.stale()


def test_a_restore_by_another_process_reloads_the_view(
    cached: tuple[careernet.Store, careernet.Network], tmp_path: Path
) -> None:
    store, view = cached
    backup = view.export_to(tmp_path / "backup.json")
    view.add_contact("Cy After Backup")
    other_process(_RESTORE, store.location, str(backup))
    view.refresh()
    assert [c.name for c in view.contacts] == ["Ann Old", "Bob Old"]
    ann = view.find("Ann")[0]
    view.log(ann.id, InteractionKind.MESSAGE)  # a write to the restored network
    restored = store.network("default")
    store.import_json(restored.export_json(), network_id="restore-check")


def test_transact_reloads_a_recreated_network_before_running(
    cached: tuple[careernet.Store, careernet.Network],
) -> None:
    store, view = cached
    other_process(_RECREATE, store.location, "Zoe New")
    names = view.transact(lambda n: [c.name for c in n.contacts])
    assert names == ["Zoe New"]


def test_the_feed_of_another_process_follows_a_recreated_network(
    cached: tuple[careernet.Store, careernet.Network],
) -> None:
    store, view = cached
    old_token = view.feed_token()
    app = FeedApp(store, clock=lambda: NOW, lookup_ttl=0)  # new addresses at once

    def status(path: str) -> str:
        found: list[str] = []
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path}
        b"".join(app(environ, lambda s, h: found.append(s)))  # type: ignore[arg-type]
        return found[0]

    path = "/feed/" + old_token + ".ics"
    assert status(path) == "200 OK"
    # Re-created by another process (not through this store), at a version
    # above the view's: the old token must stop working.
    other_process(_RECREATE, store.location, "A", "B", "C", "D")
    assert status(path) == "404 Not Found"
    new_token = store.network("default").feed_token()
    assert status("/feed/" + new_token + ".ics") == "200 OK"
    assert status(path) == "404 Not Found"


# -- Network.transact and retry_on_conflict ---------------------------------------


@pytest.mark.parametrize("location", ["memory:", "sqlite"])
def test_transact_commits_everything_or_nothing(location: str, tmp_path: Path) -> None:
    where = str(tmp_path / "t.db") if location == "sqlite" else "memory:"
    with careernet.open(where, seeker="Alex") as net:
        ann = net.add_contact("Ann")
        version = net.version

        def two_then_fail(n: careernet.Network) -> None:
            n.log(ann.id, InteractionKind.MESSAGE)
            n.add_contact("Bob")
            raise RuntimeError("changed my mind")

        with pytest.raises(RuntimeError):
            net.transact(two_then_fail)
        assert net.version == version
        assert [c.name for c in net.contacts] == ["Ann"]
        assert net.state.interactions == {}
        assert not net.stale()
        made = net.transact(lambda n: n.add_contact("Cy"))
        assert made.name == "Cy"
        assert net.version == version + 1


def test_plugins_hear_of_transacted_commits_once_they_are_durable(
    tmp_path: Path,
) -> None:
    heard: list[tuple[str, int]] = []

    class Listener:
        @careernet.hookimpl
        def careernet_after_commit(
            self, network_id: str, version: int, change: careernet.Change
        ) -> None:
            heard.append((change.summary, version))

    with careernet.open(tmp_path / "h.db", seeker="Alex", plugins=[Listener()]) as net:
        heard.clear()
        net.transact(lambda n: (n.add_contact("Ann"), n.add_contact("Bob")))
        assert [v for _, v in heard] == [1, 2]
        heard.clear()
        with pytest.raises(RuntimeError):
            net.transact(_add_cy_then_fail)
        assert heard == []


def _add_cy_then_fail(network: careernet.Network) -> None:
    network.add_contact("Cy")
    raise RuntimeError("no")


def test_retry_on_conflict_backs_off_and_lands(tmp_path: Path) -> None:
    location = str(tmp_path / "r.db")
    with careernet.open(location, seeker="Alex") as net:
        ann = net.add_contact("Ann")
    errors: list[BaseException] = []

    def writer(label: str) -> None:
        try:
            with careernet.open(location) as mine:
                for n in range(20):
                    careernet.retry_on_conflict(
                        mine,
                        functools.partial(_log, ann.id, f"{label}{n}"),
                        attempts=50,
                    )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with careernet.open(location) as net:
        assert len(net.state.interactions) == 80


def test_retry_on_conflict_refuses_a_silly_number_of_attempts() -> None:
    with careernet.open("memory:", seeker="Alex") as net:
        for attempts in (0, True, 2.5):
            with pytest.raises(careernet.InvalidValueError):
                careernet.retry_on_conflict(net, lambda n: None, attempts=attempts)  # type: ignore[arg-type]


# -- threads -------------------------------------------------------------------


def test_eight_threads_sharing_one_network(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with careernet.open(tmp_path / "shared.db", seeker="Alex Rivera") as net:
        for i in range(50):
            net.add_contact(f"Colleague {i:03d}", company="Globex", ring=Ring.LUKEWARM)
        net.set_goal("unemployed", target_companies=["Globex"])
        first = net.contacts[0]
        stop = threading.Event()

        def reader() -> None:
            try:
                while not stop.is_set():
                    net.plan(NOW)
                    net.export_ics(now=NOW)
                    net.export_json()
                    net.funnel(until=NOW)
            except BaseException as error:
                errors.append(error)

        def writer(label: str) -> None:
            try:
                for n in range(25):
                    net.add_contact(f"{label} {n}", company="Globex")
                    net.log(first.id, InteractionKind.MESSAGE, note=f"{label}{n}")
            except BaseException as error:
                errors.append(error)

        readers = [threading.Thread(target=reader) for _ in range(4)]
        writers = [threading.Thread(target=writer, args=(f"w{i}",)) for i in range(4)]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join(timeout=120)
        stop.set()
        for thread in readers:
            thread.join(timeout=120)
        assert errors == []
        assert len(net.contacts) == 50 + 4 * 25
        assert not net.stale()
    with careernet.open(tmp_path / "shared.db") as again:
        assert len(again.contacts) == 150
        assert len(again.state.interactions) == 100


# -- first use -----------------------------------------------------------------


def _open_at_once(path: str, barrier: Any) -> str:  # pragma: no cover
    barrier.wait(timeout=60)
    try:
        with careernet.open(path) as network:
            network.contacts  # noqa: B018 - opened and loaded
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "ok"


def _opener(paths: list[str], barrier: Any, results: Any) -> None:  # pragma: no cover
    careernet.open("memory:").close()  # import what opening needs before the race
    for path in paths:
        results.put(_open_at_once(path, barrier))


def test_four_processes_opening_a_fresh_file_all_succeed(tmp_path: Path) -> None:
    # fork: the children start at once, with careernet already imported.
    context = multiprocessing.get_context("fork")
    rounds = 10
    paths = [str(tmp_path / f"fresh{n}.db") for n in range(rounds)]
    barrier = context.Barrier(4)
    results = context.Queue()
    processes = [
        context.Process(target=_opener, args=(paths, barrier, results))
        for _ in range(4)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in range(4 * rounds)]
    for process in processes:
        process.join(timeout=30)
    assert set(outcomes) == {"ok"}
    for path in paths:
        with careernet.open_store(path) as store:
            assert store.networks() == ["default"]


# -- notifications racing another writer ------------------------------------------


def test_a_digest_whose_recording_races_another_writer_is_sent_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller  # noqa: PLC0415

    from careernet.domain import Channel  # noqa: PLC0415

    db = tmp_path / "network.db"
    received: list[str] = []

    class Mailbox:
        async def handle_DATA(  # noqa: N802 - aiosmtpd's name
            self, _server: object, _session: object, envelope: object
        ) -> str:
            text = envelope.content.decode("utf-8", "replace")  # type: ignore[attr-defined]
            received.append(
                next(
                    line
                    for line in text.splitlines()
                    if line.lower().startswith("message-id:")
                )
            )
            if len(received) == 1:  # another writer commits while this is on the wire
                other_process(_PHONE, str(db))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Mailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for name, value in {
            "CAREERNET_SMTP_HOST": "127.0.0.1",
            "CAREERNET_SMTP_PORT": str(port),
            "CAREERNET_SMTP_SECURITY": "plain",
            "CAREERNET_SMTP_FROM": "reminders@example.org",
            "CAREERNET_SMTP_TIMEOUT": "10",
        }.items():
            monkeypatch.setenv(name, value)
        with careernet.open(db, seeker="Alex Rivera", clock=lambda: NOW) as net:
            ann = net.add_contact("Ann Lee", company="Globex")
            net.receive(ann.id, "an introduction to the Globex data team")
            net.set_preferences(
                channels=[
                    Channel(name="email", address="alex@example.org", private=True)
                ]
            )
            first = net.notify()
            assert first.sent >= 1
            assert any(
                i.note == "From my phone" for i in net.state.interactions.values()
            )
        with careernet.open(db, clock=lambda: NOW + dt.timedelta(hours=1)) as net:
            again = net.notify()
    finally:
        controller.stop()
    assert len(received) == 1
    assert again.channels == ()


_PHONE = textwrap.dedent(
    """
    import sys, careernet
    with careernet.open(sys.argv[1]) as phone:
        (ann,) = phone.find("Ann Lee")
        phone.log(ann.id, careernet.InteractionKind.MESSAGE, note="From my phone")
    """
)


def test_the_soak_run_reports_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    from tests import soak  # noqa: PLC0415 - it imports the other test modules

    assert soak.main(["--seconds", "3"]) == 0
    report = capsys.readouterr().out
    for figure in ("commits acknowledged", "kills survived", "bad inputs tried"):
        assert figure in report
    assert "failures: 0" in report
