"""Files careernet writes are atomic and private; backups stay restorable."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import careernet
from careernet import FileWriteError, InvalidValueError
from careernet._paths import write_private
from careernet.portable import EXPORT_FORMAT
from tests.conftest import NOW

BACKUPS = Path(__file__).parent / "data" / "backups"


@pytest.fixture
def net() -> careernet.Network:
    network = careernet.open("memory:", seeker="Alex Rivera", clock=lambda: NOW)
    ann = network.add_contact("Ann Lee", company="Globex")
    network.schedule_meeting(ann.id, NOW + dt.timedelta(days=2), purpose="coffee")
    return network


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("kind", ["json", "ics"])
def test_files_are_private_whatever_the_umask(
    net: careernet.Network, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"out.{kind}"
    target.write_text("an older file, readable by all")
    target.chmod(0o666)
    old = os.umask(0o000)
    try:
        if kind == "json":
            net.export_to(target)
        else:
            net.export_ics(target, now=NOW)
    finally:
        os.umask(old)
    assert mode(target) == 0o600
    assert target.read_bytes().startswith(b"{" if kind == "json" else b"BEGIN:")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left


@pytest.mark.parametrize("kind", ["json", "ics"])
def test_a_symlink_is_replaced_never_followed(
    net: careernet.Network, tmp_path: Path, kind: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("kept")
    link = tmp_path / f"link.{kind}"
    link.symlink_to(victim)
    if kind == "json":
        net.export_to(link)
    else:
        net.export_ics(link, now=NOW)
    assert victim.read_text() == "kept"
    assert not link.is_symlink()
    assert mode(link) == 0o600


_FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys, careernet
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails
    net = careernet.open("memory:", seeker="Alex Rivera")
    for n in range(200):
        net.add_contact(f"Contact {n}", notes="x" * 100)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # the disk is "full"
    try:
        net.export_to(sys.argv[1])
    except careernet.FileWriteError as error:
        print(type(error).__name__, error.errno)
    """
)


def test_a_full_disk_keeps_the_previous_backup(tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    backup.write_text("the previous good backup")
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(backup)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split()[0] == "FileWriteError"
    assert backup.read_text() == "the previous good backup"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_a_missing_folder_is_a_careernet_error(
    net: careernet.Network, tmp_path: Path
) -> None:
    with pytest.raises(FileWriteError, match="Cannot write") as raised:
        net.export_to(tmp_path / "no" / "such" / "backup.json")
    assert isinstance(raised.value, OSError)
    with pytest.raises(FileWriteError):
        net.export_to(tmp_path)  # a folder


@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=5000))
def test_write_private_round_trips(data: bytes) -> None:
    import tempfile  # noqa: PLC0415 - hypothesis runs without pytest's tmp_path

    with tempfile.TemporaryDirectory() as tmp:
        target = write_private(Path(tmp) / "f", data)
        assert target.read_bytes() == data
        assert mode(target) == 0o600


# -- backups ----------------------------------------------------------------------


@pytest.mark.parametrize("backup", sorted(BACKUPS.glob("format-*.json")), ids=str)
def test_every_kept_backup_restores(backup: Path) -> None:
    document = json.loads(backup.read_text())
    with careernet.open_store("memory:") as store:
        restored = store.import_json(backup.read_bytes())
        kinds = {r["kind"] for r in document["records"]}
        assert len(restored.contacts) == sum(
            1 for r in document["records"] if r["kind"] == "contact"
        )
        assert restored.state.feed_token is not None
        assert restored.state.deliveries
        assert restored.goal is not None
        assert {"meeting", "interaction", "entry", "transition"} <= kinds
        if document["version"] == EXPORT_FORMAT:
            assert restored.export_json() == backup.read_text()
        restored.plan(NOW)


def test_a_backup_of_today_is_kept_for_later_releases() -> None:
    assert (BACKUPS / f"format-{EXPORT_FORMAT}.json").exists()


@pytest.mark.parametrize("encode", [str, lambda text: text.encode("utf-8")])
def test_a_byte_order_mark_is_accepted(net: careernet.Network, encode: object) -> None:
    text = "\ufeff" + net.export_json()
    with careernet.open_store("memory:") as store:
        restored = store.import_json(encode(text))  # type: ignore[operator]
        assert [c.name for c in restored.contacts] == ["Ann Lee"]


@pytest.mark.parametrize("version", [0, EXPORT_FORMAT + 1, "1", None, True])
def test_an_unknown_format_version_is_refused(
    net: careernet.Network, version: object
) -> None:
    document = json.loads(net.export_json())
    document["version"] = version
    with (
        careernet.open_store("memory:") as store,
        pytest.raises(InvalidValueError, match="export formats 1 to"),
    ):
        store.import_json(json.dumps(document))
