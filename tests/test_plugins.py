"""The plugin system, with real pluggy: builtins, plugin objects, hooks, and
entry points found in a real distribution on ``sys.path``."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

import careernet
from careernet import (
    Contact,
    Goal,
    PluginError,
    Ring,
    Scenario,
    Strategy,
    UnknownLocationError,
    UnknownScenarioError,
    hookimpl,
)
from careernet.domain import ActionKind, Change
from careernet.domain.view import NetworkView
from careernet.plugins import (
    BUILTIN_PLUGINS,
    DISABLE_AUTOLOAD_ENV,
    ENTRY_POINT_GROUP,
    autoload_enabled,
    describe,
    get_plugin_manager,
)
from careernet.storage.memory import MemoryStorage

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
DAYS = dt.timedelta(days=1)


def fixed_clock() -> dt.datetime:
    return START


def counter() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"id{next(numbers)}"


# -- plugins used by the tests ---------------------------------------------------


class CustomLocations:
    """Opens ``custom://`` locations in a memory storage of its own."""

    def __init__(self) -> None:
        self.storage = MemoryStorage()
        self.opened: list[str] = []

    @hookimpl
    def careernet_open_storage(self, location: str) -> MemoryStorage | None:
        if not location.startswith("custom://"):
            return None
        self.opened.append(location)
        return self.storage

    @hookimpl
    def careernet_storage_schemes(self) -> list[str]:
        return ["custom://NAME"]


class TakeOver:
    """Claims every location, including the builtins' ones."""

    def __init__(self) -> None:
        self.storage = MemoryStorage()

    @hookimpl
    def careernet_open_storage(self, location: str) -> MemoryStorage:
        return self.storage


class Decline:
    """Looks at every location and handles none."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def careernet_open_storage(self, location: str) -> None:
        self.seen.append(location)


class Misspelled:
    @hookimpl
    def careernet_open_storag(self, location: str) -> None:
        """A typo: careernet has no hook by this name."""


class WrongArgument:
    @hookimpl
    def careernet_open_storage(self, path: str) -> None:
        """The hook's argument is called ``location``."""


class Recorder:
    """Records every commit it is told about."""

    def __init__(self) -> None:
        self.commits: list[tuple[str, int, Change]] = []

    @hookimpl
    def careernet_after_commit(
        self, network_id: str, version: int, change: Change
    ) -> None:
        self.commits.append((network_id, version, change))


class Failing:
    """Fails after every commit but the one that creates a network."""

    @hookimpl
    def careernet_after_commit(
        self, network_id: str, version: int, change: Change
    ) -> None:
        if version > 0:
            raise RuntimeError("the notifier is down")


@attrs.frozen(kw_only=True)
class SabbaticalStrategy(Strategy):
    """A scenario careernet does not ship: a year off, keeping the tribe close."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        return contact.tribe

    def is_excluded(
        self, contact: Contact, state: NetworkView, goal: Goal | None
    ) -> bool:
        return "work" in contact.tags


SABBATICAL = SabbaticalStrategy(
    scenario="sabbatical",
    summary="A year off: keep the tribe close, nothing else.",
    weekly_minutes=30,
    approaches_per_week=0,
    priorities={ActionKind.THANK: 0, ActionKind.KEEP_IN_TOUCH: 1},
    keep_warm=frozenset({Ring.BUDDY}),
)


class SabbaticalPlugin:
    @hookimpl
    def careernet_strategy(self, scenario: str) -> Strategy | None:
        return SABBATICAL if scenario == "sabbatical" else None

    @hookimpl
    def careernet_scenarios(self) -> list[str]:
        return ["sabbatical"]


QUIET_MAINTAIN = Strategy(
    scenario=Scenario.MAINTAIN,
    summary="Maintaining, in a quarter of an hour a week.",
    weekly_minutes=15,
    approaches_per_week=0,
    priorities={ActionKind.THANK: 0},
)


class QuietMaintainPlugin:
    @hookimpl
    def careernet_strategy(self, scenario: str) -> Strategy | None:
        return QUIET_MAINTAIN if scenario == Scenario.MAINTAIN else None


# -- the manager -----------------------------------------------------------------


def test_the_builtins_are_registered_under_their_module_names() -> None:
    pm = get_plugin_manager(autoload=False)
    assert pm.project_name == "careernet"
    for name in BUILTIN_PLUGINS:
        assert pm.get_plugin(name) is importlib.import_module(name)
    assert [name for name, _ in pm.list_name_plugin()] == list(BUILTIN_PLUGINS)


def test_each_call_builds_an_independent_manager() -> None:
    plugin = CustomLocations()
    with_plugin = get_plugin_manager([plugin], autoload=False)
    without = get_plugin_manager(autoload=False)
    assert with_plugin is not without
    assert with_plugin.is_registered(plugin)
    assert not without.is_registered(plugin)
    assert with_plugin.hook.careernet_open_storage(location="custom://x") is (
        plugin.storage
    )
    assert without.hook.careernet_open_storage(location="custom://x") is None


def test_a_store_keeps_the_manager_it_was_opened_with() -> None:
    plugin = Recorder()
    with (
        careernet.open_store("memory:", plugins=[plugin], autoload=False) as first,
        careernet.open_store("memory:", autoload=False) as second,
    ):
        assert first.plugin_manager.is_registered(plugin)
        assert not second.plugin_manager.is_registered(plugin)


# -- storage plugins --------------------------------------------------------------


def test_a_plugin_opens_a_location_of_its_own() -> None:
    plugin = CustomLocations()
    with careernet.open("custom://x", plugins=[plugin], autoload=False) as net:
        assert net.store.storage is plugin.storage
        net.add_contact("Ann")
    assert plugin.opened == ["custom://x"]
    stored = plugin.storage.load("default").records
    assert [r.name for r in stored if isinstance(r, Contact)] == ["Ann"]


def test_a_plugin_takes_over_a_location_before_the_builtins(tmp_path: Path) -> None:
    plugin = TakeOver()
    path = tmp_path / "would-be.db"
    with careernet.open_store(path, plugins=[plugin], autoload=False) as store:
        assert store.storage is plugin.storage
    with careernet.open_store("memory:", plugins=[plugin], autoload=False) as store:
        assert store.storage is plugin.storage
    assert not path.exists()


def test_a_plugin_that_declines_leaves_the_location_to_the_builtins() -> None:
    plugin = Decline()
    with careernet.open_store("memory:", plugins=[plugin], autoload=False) as store:
        assert isinstance(store.storage, MemoryStorage)
    assert plugin.seen == ["memory:"]


def test_an_unknown_scheme_names_the_known_ones_and_suggests_a_plugin() -> None:
    with pytest.raises(UnknownLocationError) as error:
        careernet.open_store("redis://localhost/0", autoload=False)
    message = str(error.value)
    assert "'redis://localhost/0'" in message
    assert "memory:" in message
    assert "sqlite:///PATH" in message
    assert "A plugin may provide it" in message


def test_the_known_schemes_include_those_of_plugins() -> None:
    with pytest.raises(UnknownLocationError, match="custom://NAME"):
        careernet.open_store(
            "redis://localhost/0", plugins=[CustomLocations()], autoload=False
        )


def test_an_unknown_location_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="redis://"):
        careernet.open("redis://localhost/0", autoload=False)


# -- broken plugins -----------------------------------------------------------------


def test_a_misspelled_hook_name_raises_plugin_error() -> None:
    with pytest.raises(PluginError, match="careernet_open_storag") as error:
        get_plugin_manager([Misspelled()], autoload=False)
    assert "careernet.hookspecs" in str(error.value)


def test_opening_a_store_with_a_misspelled_hook_raises_plugin_error() -> None:
    with pytest.raises(PluginError, match="careernet_open_storag"):
        careernet.open_store("memory:", plugins=[Misspelled()], autoload=False)


def test_a_hook_with_a_wrong_argument_name_raises_plugin_error() -> None:
    with pytest.raises(PluginError, match="path"):
        get_plugin_manager([WrongArgument()], autoload=False)


# -- fan-out hooks ----------------------------------------------------------------


def test_after_commit_is_called_for_every_plugin_on_each_commit() -> None:
    first, second = Recorder(), Recorder()
    with careernet.open(
        "memory:",
        plugins=[first, second],
        autoload=False,
        clock=fixed_clock,
        ids=counter(),
    ) as net:
        ann = net.add_contact("Ann")
        entry = net.give(ann.id, "an article")
    assert first.commits == second.commits
    assert [(n, v, c.summary) for n, v, c in first.commits] == [
        ("default", 0, "create"),
        ("default", 1, "add Ann"),
        ("default", 2, "give with Ann"),
    ]
    assert first.commits[1][2].records == (ann,)
    assert first.commits[2][2].records == (entry,)


def test_after_commit_is_not_called_for_a_refused_command() -> None:
    recorder = Recorder()
    with careernet.open("memory:", plugins=[recorder], autoload=False) as net:
        ann = net.add_contact("Ann")
        with pytest.raises(careernet.TransitionError):
            net.move(ann.id, Ring.BUDDY)
    assert [version for _, version, _ in recorder.commits] == [0, 1]


def test_after_commit_hears_of_each_network_under_its_own_id() -> None:
    recorder = Recorder()
    with careernet.open_store("memory:", plugins=[recorder], autoload=False) as store:
        store.create("ann", "Ann").add_contact("Cy")
        store.create("bo", "Bo").add_contact("Di")
    assert [(n, v) for n, v, _ in recorder.commits] == [
        ("ann", 0),
        ("ann", 1),
        ("bo", 0),
        ("bo", 1),
    ]


def test_an_after_commit_error_reaches_the_caller_and_the_commit_stays() -> None:
    with careernet.open("memory:", plugins=[Failing()], autoload=False) as net:
        with pytest.raises(
            PluginError,
            match=r"'tests\.test_plugins\.Failing' failed in careernet_after_commit: "
            "RuntimeError: the notifier is down",
        ) as raised:
            net.add_contact("Ann")
        assert isinstance(raised.value.__cause__, RuntimeError)
        assert net.store.storage.version("default") == net.version == 1
        assert [c.name for c in net.contacts] == ["Ann"]
        assert [c.name for c in net.store.network("default").contacts] == ["Ann"]


# -- strategy plugins ---------------------------------------------------------------


def test_a_plugin_scenario_can_be_set_as_the_goal_and_planned() -> None:
    with careernet.open(
        "memory:",
        plugins=[SabbaticalPlugin()],
        autoload=False,
        clock=fixed_clock,
        ids=counter(),
    ) as net:
        buddy = net.add_contact("Ann", ring=Ring.BUDDY, at=START - 100 * DAYS)
        net.add_contact("Boss", ring=Ring.BUDDY, tags=["work"], at=START - 100 * DAYS)
        goal = net.set_goal("sabbatical")
        assert (goal.scenario, net.goal) == ("sabbatical", goal)
        assert net.strategy is SABBATICAL
        week = net.plan()
    assert (week.scenario, week.budget_minutes) == ("sabbatical", 30)
    assert [(a.kind, a.contact_id) for a in week.actions] == [
        (ActionKind.KEEP_IN_TOUCH, buddy.id)
    ]


def test_a_plugin_scenario_is_listed_among_the_known_ones() -> None:
    with (
        careernet.open("memory:", plugins=[SabbaticalPlugin()], autoload=False) as net,
        pytest.raises(UnknownScenarioError, match="sabbatical") as error,
    ):
        net.set_goal("gap_year")
    assert "maintain" in str(error.value)


def test_without_the_plugin_its_scenario_is_unknown() -> None:
    with (
        careernet.open("memory:", autoload=False) as net,
        pytest.raises(UnknownScenarioError, match="A plugin may provide it"),
    ):
        net.set_goal("sabbatical")


def test_a_goal_whose_strategy_plugin_is_gone_cannot_be_planned(
    tmp_path: Path,
) -> None:
    path = tmp_path / "careernet.db"
    with careernet.open(path, plugins=[SabbaticalPlugin()], autoload=False) as net:
        net.set_goal("sabbatical")
    with careernet.open(path, autoload=False) as net:
        assert net.goal is not None
        with pytest.raises(UnknownScenarioError, match="'sabbatical'"):
            net.plan()


def test_a_plugin_can_replace_a_builtin_scenarios_strategy() -> None:
    with careernet.open(
        "memory:", plugins=[QuietMaintainPlugin()], autoload=False
    ) as net:
        assert net.strategy is QUIET_MAINTAIN
        assert net.plan(now=START).budget_minutes == 15
    with careernet.open("memory:", autoload=False) as net:
        assert net.plan(now=START).budget_minutes == 60


def test_a_replaced_strategy_leaves_the_other_builtins_alone() -> None:
    with careernet.open(
        "memory:", plugins=[QuietMaintainPlugin()], autoload=False
    ) as net:
        net.set_goal(Scenario.UNEMPLOYED)
        assert net.plan(now=START).budget_minutes == 30 * 60


# -- entry points -------------------------------------------------------------------

PLUGIN_MODULE = "fake_careernet_plugin"

WORKING_PLUGIN = """
from careernet import hookimpl
from careernet.storage.memory import MemoryStorage

STORAGE = MemoryStorage()


@hookimpl
def careernet_open_storage(location):
    return STORAGE if location == "fake://here" else None


@hookimpl
def careernet_storage_schemes():
    return ["fake://here"]
"""

Install = Callable[..., Path]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Put a real distribution with a ``careernet`` entry point on ``sys.path``."""
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)

    def install_distribution(
        source: str = WORKING_PLUGIN, *, entry: str = PLUGIN_MODULE
    ) -> Path:
        dist_info = tmp_path / "fakeplugin-1.0.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: fakeplugin\nVersion: 1.0\n",
            encoding="utf-8",
        )
        (dist_info / "entry_points.txt").write_text(
            f"[{ENTRY_POINT_GROUP}]\nfake = {entry}\n", encoding="utf-8"
        )
        (tmp_path / f"{PLUGIN_MODULE}.py").write_text(
            textwrap.dedent(source), encoding="utf-8"
        )
        monkeypatch.syspath_prepend(tmp_path)
        return tmp_path

    yield install_distribution
    sys.modules.pop(PLUGIN_MODULE, None)


def test_an_installed_plugin_loads_by_default(install: Install) -> None:
    install()
    pm = get_plugin_manager()
    plugin = pm.get_plugin("fake")
    assert plugin is sys.modules[PLUGIN_MODULE]
    (info,) = [p for p in describe(pm) if p.name == "fake"]
    assert (info.origin, info.distribution, info.version) == (
        "installed",
        "fakeplugin",
        "1.0",
    )
    with careernet.open_store("fake://here") as store:
        assert store.storage is plugin.STORAGE


def test_an_installed_plugin_is_not_loaded_with_autoload_false(
    install: Install,
) -> None:
    install()
    assert not get_plugin_manager(autoload=False).has_plugin("fake")
    with pytest.raises(UnknownLocationError, match="fake://here"):
        careernet.open_store("fake://here", autoload=False)


@pytest.mark.parametrize("value", ["1", "yes", "true"])
def test_the_environment_variable_switches_autoloading_off(
    install: Install, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    install()
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, value)
    assert not get_plugin_manager().has_plugin("fake")
    with pytest.raises(UnknownLocationError):
        careernet.open_store("fake://here")


@pytest.mark.parametrize("value", ["0", ""])
def test_the_environment_variable_set_to_0_or_empty_keeps_autoloading_on(
    install: Install, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    install()
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, value)
    assert get_plugin_manager().has_plugin("fake")


def test_autoload_true_wins_over_the_environment_variable(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install()
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    assert get_plugin_manager(autoload=True).has_plugin("fake")


@pytest.mark.parametrize(
    ("argument", "environment", "expected"),
    [
        (None, None, True),
        (None, "1", False),
        (None, "0", True),
        (False, None, False),
        (True, "1", True),
    ],
)
def test_autoload_enabled_follows_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    argument: bool | None,
    environment: str | None,
    expected: bool,
) -> None:
    if environment is None:
        monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)
    else:
        monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, environment)
    assert autoload_enabled(autoload=argument) is expected


BROKEN_MODULES = {
    "missing dependency": "import careernet_no_such_dependency\n",
    "error at import": "raise RuntimeError('broken at import')\n",
    "syntax error": "def broken(:\n",
}


@pytest.mark.parametrize("source", BROKEN_MODULES.values(), ids=BROKEN_MODULES.keys())
def test_a_plugin_that_fails_to_import_raises_plugin_error_naming_the_switch(
    install: Install, source: str
) -> None:
    install(source)
    with pytest.raises(PluginError, match=DISABLE_AUTOLOAD_ENV):
        careernet.open_store("memory:")


def test_an_entry_point_naming_a_missing_object_raises_plugin_error(
    install: Install,
) -> None:
    install(entry=f"{PLUGIN_MODULE}:missing")
    with pytest.raises(PluginError, match=DISABLE_AUTOLOAD_ENV):
        get_plugin_manager()


def test_the_switch_gets_past_a_broken_plugin(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("import careernet_no_such_dependency\n")
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    with careernet.open_store("memory:") as store:
        assert store.networks() == []


# -- lazy imports -------------------------------------------------------------------

LAZY_CHECK = """
import json
import sys

import careernet

watched = ["careernet.network", "careernet.storage.sqlite", "careernet.plugins",
           "pluggy"]
report = {"after import": [m for m in watched if m in sys.modules]}
opener = careernet.open
report["after careernet.open"] = [m for m in watched if m in sys.modules]
import careernet.network
report["resolved"] = opener is careernet.network.open
report["cached"] = "open" in vars(careernet)
print(json.dumps(report))
"""


def test_import_careernet_loads_the_facade_and_plugins_only_when_used() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LAZY_CHECK],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, DISABLE_AUTOLOAD_ENV: "1"},
    )
    report = json.loads(result.stdout)
    assert report["after import"] == []
    assert report["after careernet.open"] == [
        "careernet.network",
        "careernet.plugins",
        "pluggy",
    ]
    assert report["resolved"] is True
    assert report["cached"] is True


# -- the one strategy registry ------------------------------------------------------


def test_a_plugin_scenario_is_known_to_the_store_registry() -> None:
    with careernet.open_store(
        "memory:", plugins=[SabbaticalPlugin()], autoload=False
    ) as store:
        registry = store.strategies
        assert "sabbatical" in registry
        assert registry.get("sabbatical") is SABBATICAL
        assert set(registry.scenarios) == {*Scenario, "sabbatical"}
        assert store.strategy("sabbatical") is SABBATICAL


def test_a_plugin_replacing_a_builtin_is_the_one_in_the_registry() -> None:
    with careernet.open_store(
        "memory:", plugins=[QuietMaintainPlugin()], autoload=False
    ) as store:
        assert store.strategies.get(Scenario.MAINTAIN) is QUIET_MAINTAIN
        assert store.strategy(Scenario.MAINTAIN) is QUIET_MAINTAIN


def test_a_strategy_a_plugin_does_not_name_is_found_when_asked_for() -> None:
    class Unlisted:
        @hookimpl
        def careernet_strategy(self, scenario: str) -> Strategy | None:
            return SABBATICAL if scenario == "sabbatical" else None

    with careernet.open_store("memory:", plugins=[Unlisted()], autoload=False) as store:
        assert "sabbatical" not in store.strategies
        assert store.strategy("sabbatical") is SABBATICAL
        assert "sabbatical" in store.strategies


def test_an_unknown_scenario_names_every_known_one_in_one_message() -> None:
    with careernet.open("memory:", plugins=[SabbaticalPlugin()], autoload=False) as net:
        with pytest.raises(careernet.UnknownScenarioError) as raised:
            net.set_goal("gap_year")
        with pytest.raises(careernet.UnknownScenarioError) as direct:
            net.store.strategies.get("gap_year")
    assert str(raised.value) == str(direct.value)
    assert "'gap_year'" in str(raised.value)
    assert "sabbatical" in str(raised.value)
    assert "unemployed" in str(raised.value)
