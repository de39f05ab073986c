"""careernet-jsonl passes careernet's storage contract suite."""

from __future__ import annotations

from pathlib import Path

import pytest

import careernet
from careernet.storage import Storage
from careernet.testing import StorageContract
from careernet_jsonl import JsonlStorage


class TestJsonlStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self.directory = tmp_path

    def make_storage(self) -> Storage:
        return JsonlStorage(self.directory)

    def reopen_storage(self, storage: Storage) -> Storage | None:
        return JsonlStorage(self.directory)


def test_careernet_finds_the_plugin_by_its_entry_point(tmp_path: Path) -> None:
    with careernet.open(f"jsonl://{tmp_path}") as network:
        network.add_contact("Ann")
    assert [p.name for p in tmp_path.iterdir()] == ["default.jsonl"]
    with careernet.open(f"jsonl://{tmp_path}") as network:
        assert [c.name for c in network.contacts] == ["Ann"]


def test_without_autoload_the_location_is_unknown(tmp_path: Path) -> None:
    with pytest.raises(careernet.UnknownLocationError, match="jsonl://"):
        careernet.open(f"jsonl://{tmp_path}", autoload=False)
