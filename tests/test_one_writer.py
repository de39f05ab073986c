"""Every write goes through Store.commit, and plugins hear of each commit once.

A command, an import, a JSON restore and ``careernet demo`` all end in
:meth:`careernet.Store.commit`; ``careernet_after_commit`` fires exactly once
for each. A restore is one transaction: a process killed anywhere in it
leaves either nothing or the whole network (checked with real SIGKILLs on
a real SQLite file).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import careernet
from careernet import Change, InteractionKind, Seeker, hookimpl
from careernet.cli import main
from careernet.domain import Candidate
from careernet.plugins import DISABLE_AUTOLOAD_ENV, ENTRY_POINT_GROUP
from careernet.sample import sample_network

NOW = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
DATA = Path(__file__).parent / "data" / "imports"

Commit = tuple[str, int, Change]


class Recorder:
    """Records every commit it is told about."""

    def __init__(self) -> None:
        self.commits: list[Commit] = []

    @hookimpl
    def careernet_after_commit(
        self, network_id: str, version: int, change: Change
    ) -> None:
        self.commits.append((network_id, version, change))

    def summaries(self) -> list[tuple[str, int, str]]:
        return [(n, v, c.summary) for n, v, c in self.commits]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def store(recorder: Recorder) -> Iterator[careernet.Store]:
    with careernet.open_store(
        "memory:", plugins=[recorder], autoload=False, clock=lambda: NOW
    ) as store:
        yield store


def test_a_command_is_one_commit(store: careernet.Store, recorder: Recorder) -> None:
    network = store.create("alex", "Alex")
    recorder.commits.clear()
    ann = network.add_contact("Ann Lee")
    network.log(ann.id, InteractionKind.OUTREACH)
    assert recorder.summaries() == [
        ("alex", 1, "add Ann Lee"),
        ("alex", 2, recorder.commits[1][2].summary),
    ]
    assert [v for _, v, _ in recorder.commits] == [1, 2] == [1, network.version]


def test_creating_a_network_is_one_commit_holding_its_seeker(
    store: careernet.Store, recorder: Recorder
) -> None:
    network = store.create("alex", "Alex")
    assert recorder.summaries() == [("alex", 0, "create")]
    assert recorder.commits[0][2].records == (network.seeker,)


def test_an_import_is_one_commit(store: careernet.Store, recorder: Recorder) -> None:
    network = store.create("alex", "Alex")
    recorder.commits.clear()
    report = network.import_linkedin(DATA / "Connections.csv")
    assert report.added
    assert len(recorder.commits) == 1
    network_id, version, change = recorder.commits[0]
    assert (network_id, version) == ("alex", network.version) == ("alex", 1)
    assert len(change.records) >= len(report.added)
    # Importing the same file again changes nothing and commits nothing.
    network.import_linkedin(DATA / "Connections.csv")
    assert len(recorder.commits) == 1


def test_a_json_restore_is_one_commit_holding_every_record(
    store: careernet.Store, recorder: Recorder
) -> None:
    state = sample_network(NOW)
    original = store.create("alex", state.seeker, records=list(state.records()))
    backup = original.export_json()
    recorder.commits.clear()
    restored = store.import_json(backup, network_id="copy")
    assert recorder.summaries() == [("copy", 1, "import")]
    change = recorder.commits[0][2]
    assert change.records == (state.seeker, *state.records())
    assert restored.version == store.storage.version("copy") == 1
    assert restored.export_json() == backup.replace(
        '"network":"alex"', '"network":"copy"'
    )


def test_a_restore_that_refers_to_missing_contacts_writes_nothing(
    store: careernet.Store, recorder: Recorder
) -> None:
    network = store.create("alex", "Alex")
    ann = network.add_contact("Ann")
    network.log(ann.id, InteractionKind.OUTREACH)
    backup = network.export_json()
    broken = backup.replace(f'"id":"{ann.id}"', '"id":"someone-else"', 1)
    recorder.commits.clear()
    with pytest.raises(careernet.InvalidValueError, match="unknown contacts"):
        store.import_json(broken, network_id="copy")
    assert "copy" not in store.networks()
    assert recorder.commits == []


def test_a_taken_id_refuses_a_restore_and_keeps_the_network(
    store: careernet.Store, recorder: Recorder
) -> None:
    network = store.create("alex", "Alex")
    network.add_contact("Ann")
    backup = network.export_json()
    recorder.commits.clear()
    with pytest.raises(careernet.NetworkExistsError):
        store.import_json(backup)
    assert recorder.commits == []
    assert [c.name for c in store.network("alex").contacts] == ["Ann"]


def test_commit_creates_only_from_a_change_with_one_seeker(
    store: careernet.Store, recorder: Recorder
) -> None:
    with pytest.raises(careernet.InvalidValueError, match="exactly one Seeker"):
        store.commit("alex", None, Change(summary="create", records=()))
    two = Change(summary="create", records=(Seeker(name="A"), Seeker(name="B")))
    with pytest.raises(careernet.InvalidValueError, match="exactly one Seeker"):
        store.commit("alex", None, two)
    assert store.networks() == []
    assert recorder.commits == []


@pytest.mark.parametrize("network_id", ["", "a\nb", "tab\there", "\u2028"])
def test_commit_refuses_a_network_id_that_is_not_printable(
    store: careernet.Store, network_id: str
) -> None:
    with pytest.raises(careernet.InvalidValueError, match="printable"):
        store.create(network_id, "Alex")
    assert store.networks() == []


def test_a_stale_writer_is_refused_before_any_plugin_hears(
    store: careernet.Store, recorder: Recorder
) -> None:
    first = store.create("alex", "Alex")
    second = store.network("alex")
    first.add_contact("Ann")
    recorder.commits.clear()
    with pytest.raises(careernet.ConflictError):
        second.add_contact("Bo")
    assert recorder.commits == []


# -- the demo, through an installed plugin ----------------------------------------

DEMO_PLUGIN = """
import json, os
from careernet import hookimpl

@hookimpl
def careernet_after_commit(network_id, version, change):
    with open(os.environ["RECORD_COMMITS_TO"], "a", encoding="utf-8") as file:
        file.write(json.dumps([network_id, version, change.summary,
                               len(change.records)]) + "\\n")
"""


def _install_recorder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real distribution with an after-commit plugin, on ``sys.path``."""
    site = tmp_path / "site"
    dist_info = site / "commitlog-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: commitlog\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\ncommitlog = commitlog_plugin\n", encoding="utf-8"
    )
    (site / "commitlog_plugin.py").write_text(
        textwrap.dedent(DEMO_PLUGIN), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(site)
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)
    log = tmp_path / "commits.jsonl"
    monkeypatch.setenv("RECORD_COMMITS_TO", str(log))
    return log


def test_the_demo_is_one_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _install_recorder(tmp_path, monkeypatch)
    db, ics = tmp_path / "demo.db", tmp_path / "demo.ics"
    try:
        result = CliRunner().invoke(main, ["demo", "--db", str(db), "--ics", str(ics)])
    finally:
        sys.modules.pop("commitlog_plugin", None)
    assert result.exit_code == 0, result.output
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    network_id, version, summary, records = json.loads(lines[0])
    assert (network_id, version, summary) == ("default", 1, "demo")
    with careernet.open_store(db, autoload=False) as store:
        network = store.network("default")
        assert records == 1 + sum(1 for _ in network.state.records())


# -- a restore killed anywhere ------------------------------------------------------

RESTORE = """
import sys, time
import careernet

path, backup = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
store = careernet.open_store(path, autoload=False)
print("go", flush=True)
started = time.perf_counter()
store.import_json(backup, network_id="restored")
print(time.perf_counter() - started, flush=True)
"""


def _big_backup(path: Path) -> str:
    """A backup large enough that restoring it takes a noticeable moment."""
    with careernet.open_store("memory:", autoload=False, clock=lambda: NOW) as store:
        state = sample_network(NOW)
        network = store.create("big", state.seeker, records=list(state.records()))
        people = [
            Candidate(name=f"Person {n}", source="csv", company=f"Firm {n % 97}")
            for n in range(4000)
        ]
        network.import_contacts(people)
        backup = network.export_json()
    path.write_text(backup, encoding="utf-8")
    return backup


def _restore(db: Path, backup: Path, *, kill_after: float | None) -> int:
    child = subprocess.Popen(
        [sys.executable, "-c", RESTORE, str(db), str(backup)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, DISABLE_AUTOLOAD_ENV: "1"},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "go"
    if kill_after is not None:
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
    child.wait(timeout=120)
    child.stdout.close()
    return child.returncode


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_restore_killed_at_random_points_leaves_all_or_nothing(
    tmp_path: Path,
) -> None:
    backup_file = tmp_path / "backup.json"
    backup = _big_backup(backup_file)
    expected = backup.replace('"network":"big"', '"network":"restored"')
    # How long a whole restore takes here, to kill inside that window.
    started = time.perf_counter()
    assert _restore(tmp_path / "timing.db", backup_file, kill_after=None) == 0
    window = time.perf_counter() - started
    rng = random.Random(20261124)
    outcomes = set()
    for attempt in range(10):
        db = tmp_path / f"killed-{attempt}.db"
        with careernet.open_store(db, autoload=False):
            pass  # the store exists before the restore starts
        code = _restore(db, backup_file, kill_after=rng.uniform(0, window))
        with careernet.open_store(db, autoload=False) as store:
            assert store.storage.integrity_check() == ["ok"]  # type: ignore[attr-defined]
            if "restored" in store.networks():
                outcomes.add("whole")
                assert store.network("restored").export_json() == expected
            else:
                outcomes.add("nothing" if code == -signal.SIGKILL else "failed")
                assert code == -signal.SIGKILL
                # The retry works: nothing half-written blocks the id.
                assert store.import_json(backup, network_id="restored").version == 1
                assert store.network("restored").export_json() == expected
    assert "failed" not in outcomes
    assert "nothing" in outcomes  # at least one kill landed inside the restore
