"""Holding the garbage collector off while many records are built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import careernet
from careernet._bulk import collector_paused
from tests.test_imports import CONNECTIONS


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
class TestCollectorPaused:
    def test_the_collector_is_off_inside_and_on_again_after(self) -> None:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled()

    def test_it_comes_back_on_after_an_error(self) -> None:
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError
        assert gc.isenabled()

    def test_a_collector_turned_off_by_the_application_stays_off(self) -> None:
        gc.disable()
        with collector_paused():
            pass
        assert not gc.isenabled()

    def test_nested_pauses_turn_it_on_once_at_the_end(self) -> None:
        with collector_paused():
            with collector_paused():
                pass
            assert not gc.isenabled()
        assert gc.isenabled()

    def test_it_stays_off_until_the_last_thread_is_done(self) -> None:
        first_in, second_in, first_out = (threading.Event() for _ in range(3))
        seen: list[bool] = []

        def first() -> None:
            with collector_paused():
                first_in.set()
                second_in.wait(5)
            first_out.set()

        def second() -> None:
            first_in.wait(5)
            with collector_paused():
                second_in.set()
                first_out.wait(5)
                seen.append(gc.isenabled())

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert seen == [False]
        assert gc.isenabled()

    def test_loading_and_importing_leave_it_on(self, tmp_path: Path) -> None:
        seen: list[bool] = []
        with careernet.open(tmp_path / "careernet.db", autoload=False) as net:
            net.import_linkedin(
                CONNECTIONS, progress=lambda _: seen.append(gc.isenabled())
            )
            net.refresh()
        with careernet.open(tmp_path / "careernet.db", autoload=False) as again:
            assert len(again.contacts) == len(net.contacts)
        assert seen
        assert not any(seen)
        assert gc.isenabled()
