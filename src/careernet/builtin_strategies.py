"""The builtin strategies, offered through the plugin hooks like any other."""

from __future__ import annotations

from careernet._markers import hookimpl
from careernet.domain import BUILTIN_STRATEGIES, Strategy

_BY_SCENARIO = {strategy.scenario: strategy for strategy in BUILTIN_STRATEGIES}


@hookimpl(trylast=True)
def careernet_strategy(scenario: str) -> Strategy | None:
    """The builtin strategy for one of the five scenarios."""
    return _BY_SCENARIO.get(scenario)


@hookimpl
def careernet_scenarios() -> list[str]:
    """The five builtin scenarios."""
    return list(_BY_SCENARIO)
