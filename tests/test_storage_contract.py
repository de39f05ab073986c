"""The builtin backends pass the same contract suite as third-party ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from careernet.storage import Storage
from careernet.storage.memory import MemoryStorage
from careernet.storage.sqlite import SQLiteStorage
from careernet.testing import StorageContract


class TestMemoryStorage(StorageContract):
    def make_storage(self) -> Storage:
        return MemoryStorage()

    def reopen_storage(self, storage: Storage) -> Storage | None:
        assert isinstance(storage, MemoryStorage)
        return storage  # a memory: store lives as long as the process


class TestSQLiteStorage(StorageContract):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> Iterator[None]:
        self.directory = tmp_path
        self.opened: list[SQLiteStorage] = []
        yield
        for path in {s.path for s in self.opened}:
            check = SQLiteStorage(path)
            try:
                assert check.integrity_check() == ["ok"]
            finally:
                check.close()

    def make_storage(self) -> Storage:
        storage = SQLiteStorage(self.directory / f"store-{len(self.opened)}.db")
        self.opened.append(storage)
        return storage

    def reopen_storage(self, storage: Storage) -> Storage | None:
        assert isinstance(storage, SQLiteStorage)
        return SQLiteStorage(storage.path)


def test_the_contract_needs_a_factory() -> None:
    with pytest.raises(NotImplementedError, match="make_storage"):
        StorageContract().make_storage()
