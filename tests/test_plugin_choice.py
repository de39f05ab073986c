"""Seeing and choosing plugins, precedence, and errors that name the plugin.

Installed plugins are real distributions: ``*.dist-info`` folders with a
``careernet`` entry point, on ``sys.path``, found by importlib.metadata.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import careernet
from careernet import PluginError, Scenario, Strategy, hookimpl
from careernet.cli import main
from careernet.domain import BUILTIN_STRATEGIES
from careernet.plugins import (
    ALLOW_ENV,
    BLOCK_ENV,
    DISABLE_AUTOLOAD_ENV,
    ENTRY_POINT_GROUP,
    PluginWarning,
    describe,
    get_plugin_manager,
)

UNEMPLOYED = next(s for s in BUILTIN_STRATEGIES if s.scenario == Scenario.UNEMPLOYED)

STRATEGY_600 = """
import attrs
from careernet import hookimpl
from careernet.domain import BUILTIN_STRATEGIES

@hookimpl
def careernet_strategy(scenario):
    for strategy in BUILTIN_STRATEGIES:
        if strategy.scenario == scenario == "unemployed":
            return attrs.evolve(strategy, weekly_minutes=600)
    return None

@hookimpl
def careernet_scenarios():
    return ["unemployed"]
"""

CHANNEL = """
from careernet import hookimpl

@hookimpl
def careernet_channels():
    return ["pager"]

@hookimpl
def careernet_notify(digest):
    return None
"""

BROKEN = """
raise RuntimeError("this plugin is broken")
"""

Install = Callable[[str, str], None]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install small plugin distributions, each with one entry point."""
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV, raising=False)
    monkeypatch.delenv(BLOCK_ENV, raising=False)
    monkeypatch.delenv(ALLOW_ENV, raising=False)
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(site)
    modules: list[str] = []

    def install_distribution(name: str, source: str) -> None:
        module = f"careernet_test_{name}"
        dist_info = site / f"{module}-2.5.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 2.5\n",
            encoding="utf-8",
        )
        (dist_info / "entry_points.txt").write_text(
            f"[{ENTRY_POINT_GROUP}]\n{name} = {module}\n", encoding="utf-8"
        )
        (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        modules.append(module)

    yield install_distribution
    for module in modules:
        sys.modules.pop(module, None)


class AppStrategy:
    """The application's own "unemployed" week: one hour."""

    @hookimpl
    def careernet_strategy(self, scenario: str) -> Strategy | None:
        if scenario == Scenario.UNEMPLOYED:
            return attrs.evolve(UNEMPLOYED, weekly_minutes=60)
        return None


def _budget(**options: object) -> int:
    with careernet.open("memory:", **options) as network:  # type: ignore[arg-type]
        network.set_goal(Scenario.UNEMPLOYED, target_companies=["Globex"])
        return network.strategy.weekly_minutes


# -- precedence ---------------------------------------------------------------------


def test_what_the_application_passes_wins_over_what_is_installed(
    install: Install,
) -> None:
    install("bigweek", STRATEGY_600)
    assert _budget() == 600  # the installed plugin beats the builtin
    assert _budget(plugins=[AppStrategy()]) == 60  # the application beats both


def test_the_last_plugin_the_application_passes_answers_first() -> None:
    class TwoHours(AppStrategy):
        @hookimpl
        def careernet_strategy(self, scenario: str) -> Strategy | None:
            if scenario == Scenario.UNEMPLOYED:
                return attrs.evolve(UNEMPLOYED, weekly_minutes=120)
            return None

    assert _budget(plugins=[AppStrategy(), TwoHours()], autoload=False) == 120


# -- listing ------------------------------------------------------------------------


def test_describe_lists_builtins_installed_and_application_plugins(
    install: Install,
) -> None:
    install("pager", CHANNEL)
    app = AppStrategy()
    infos = {i.name: i for i in describe(get_plugin_manager([app]))}
    sqlite = infos["careernet.storage.sqlite"]
    assert sqlite.origin == "builtin"
    assert "sqlite:///PATH" in sqlite.locations
    assert infos["careernet.builtin_strategies"].scenarios == tuple(
        sorted(s.scenario for s in BUILTIN_STRATEGIES)
    )
    pager = infos["pager"]
    assert (pager.origin, pager.distribution, pager.version) == (
        "installed",
        "careernet-test-pager",
        "2.5",
    )
    assert pager.channels == ("pager",)
    assert pager.hooks == ("careernet_channels", "careernet_notify")
    mine = infos["tests.test_plugin_choice.AppStrategy"]
    assert mine.origin == "application"
    assert mine.hooks == ("careernet_strategy",)


def test_two_objects_of_one_class_get_distinct_readable_names() -> None:
    names = [
        i.name
        for i in describe(get_plugin_manager([AppStrategy(), AppStrategy()]))
        if i.origin == "application"
    ]
    assert names == [
        "tests.test_plugin_choice.AppStrategy",
        "tests.test_plugin_choice.AppStrategy#2",
    ]


def test_the_plugins_command_lists_them(install: Install) -> None:
    install("pager", CHANNEL)
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "pager (installed, careernet-test-pager 2.5)" in result.output
    assert "  channels: pager" in result.output
    assert "careernet.storage.memory (builtin)" in result.output
    assert "  locations: memory:, memory:NAME" in result.output


# -- choosing -----------------------------------------------------------------------


def test_an_installed_plugin_can_be_blocked_by_name(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("bigweek", STRATEGY_600)
    install("pager", CHANNEL)
    assert _budget(block=["bigweek"]) == UNEMPLOYED.weekly_minutes
    monkeypatch.setenv(BLOCK_ENV, "bigweek, pager")
    assert _budget() == UNEMPLOYED.weekly_minutes
    names = {i.name for i in describe(get_plugin_manager())}
    assert not names & {"bigweek", "pager"}


def test_a_builtin_can_be_blocked_by_its_module_name() -> None:
    pm = get_plugin_manager(block=["careernet.notify.smtp"], autoload=False)
    names = [i.name for i in describe(pm)]
    assert "careernet.notify.smtp" not in names
    assert "careernet.notify.log" in names


def test_an_allow_list_loads_only_the_named_installed_plugins(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("bigweek", STRATEGY_600)
    install("pager", CHANNEL)
    installed = [
        i.name
        for i in describe(get_plugin_manager(allow=["pager"]))
        if i.origin == "installed"
    ]
    assert installed == ["pager"]
    monkeypatch.setenv(ALLOW_ENV, "bigweek")
    assert _budget() == 600
    installed = [
        i.name for i in describe(get_plugin_manager()) if i.origin == "installed"
    ]
    assert installed == ["bigweek"]
    assert "careernet.storage.sqlite" in {
        i.name for i in describe(get_plugin_manager())
    }


def test_a_broken_plugin_is_named_with_the_variable_that_skips_it(
    install: Install, monkeypatch: pytest.MonkeyPatch
) -> None:
    install("broken", BROKEN)
    install("bigweek", STRATEGY_600)
    with pytest.raises(PluginError) as raised:
        careernet.open_store("memory:")
    message = str(raised.value)
    assert "'broken'" in message
    assert "careernet-test-broken" in message
    assert "this plugin is broken" in message
    assert f"{BLOCK_ENV}=broken" in message
    monkeypatch.setenv(BLOCK_ENV, "broken")
    assert _budget() == 600  # the other installed plugin still works


def test_the_cli_names_a_broken_plugin_in_one_line(install: Install) -> None:
    install("broken", BROKEN)
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{BLOCK_ENV}=broken" in result.output


# -- errors that name the plugin ---------------------------------------------------


class Misspelled:
    @hookimpl
    def careernet_strategies(self, scenario: str) -> None:
        return None


def test_a_misspelled_hook_gets_a_did_you_mean() -> None:
    with pytest.raises(PluginError) as raised:
        get_plugin_manager([Misspelled()], autoload=False)
    message = str(raised.value)
    assert "'tests.test_plugin_choice.Misspelled'" in message
    assert "Did you mean careernet_strategy?" in message
    assert "object at 0x" not in message
    assert "<" not in message  # no object or module repr
    assert message.startswith(
        "The careernet plugin 'tests.test_plugin_choice.Misspelled' is invalid: "
        "unknown hook 'careernet_strategies'"
    )


class Undecorated:
    def careernet_strategy(self, scenario: str) -> None:
        return None


def test_an_undecorated_hook_function_is_warned_about() -> None:
    with pytest.warns(PluginWarning, match=r"careernet_strategy\(\) without @hookimpl"):
        get_plugin_manager([Undecorated()], autoload=False)


class Raising:
    @hookimpl
    def careernet_strategy(self, scenario: str) -> None:
        raise KeyError(scenario)


class ScenariosAsText:
    @hookimpl
    def careernet_scenarios(self) -> str:
        return "pop"


class WrongScenario:
    @hookimpl
    def careernet_strategy(self, scenario: str) -> Strategy:
        return UNEMPLOYED


class NotAStorage:
    @hookimpl
    def careernet_open_storage(self, location: str) -> object:
        return "a string is no storage"


@pytest.mark.parametrize(
    ("plugin", "expected"),
    [
        (
            Raising(),
            (
                r"'tests\.test_plugin_choice\.Raising' failed in careernet_strategy: "
                "KeyError"
            ),
        ),
        (ScenariosAsText(), r"returned 'pop' from careernet_scenarios; .*\[\"pop\"\]"),
        (
            WrongScenario(),
            (
                r"answered careernet_strategy for '\w+' with the strategy for "
                "'unemployed'"
            ),
        ),
    ],
    ids=["raises", "text-not-list", "wrong-scenario"],
)
def test_a_strategy_plugin_that_misbehaves_is_named(
    plugin: object, expected: str
) -> None:
    with (
        careernet.open("memory:", plugins=[plugin], autoload=False) as network,
        pytest.raises(PluginError, match=expected),
    ):
        network.set_goal(Scenario.MAINTAIN)


def test_a_storage_plugin_returning_no_storage_is_named() -> None:
    with pytest.raises(PluginError, match=r"NotAStorage.*careernet\.storage\.Storage"):
        careernet.open_store("memory:", plugins=[NotAStorage()], autoload=False)


class TimesStrategies:
    def __init__(self) -> None:
        self.calls: list[str] = []

    @hookimpl(wrapper=True)
    def careernet_strategy(self, scenario: str) -> object:
        self.calls.append(scenario)
        return (yield)


def test_a_wrapper_around_a_first_result_hook_still_runs() -> None:
    timer = TimesStrategies()
    with careernet.open_store("memory:", plugins=[timer], autoload=False) as store:
        assert store.strategy(Scenario.MAINTAIN).scenario == Scenario.MAINTAIN
    assert Scenario.MAINTAIN in timer.calls
