"""A custom strategy, offered through the plugin hooks.

A "returner" coming back after a career break reconnects with former
colleagues first. The plugin answers ``careernet_strategy`` for its own
scenario; packaged, it would declare an entry point in the ``careernet``
group, and here it is passed to ``careernet.open`` directly.
"""

from __future__ import annotations

import attrs

import careernet
from careernet import hookimpl
from careernet.domain import ActionKind, Contact, Goal, Ring, Strategy
from careernet.domain.view import NetworkView


@attrs.frozen(kw_only=True)
class ReturnerStrategy(Strategy):
    """Targets people the seeker used to work with."""

    def matches(self, contact: Contact, state: NetworkView, goal: Goal | None) -> bool:
        return bool(contact.past_companies) or "former colleague" in contact.tags


RETURNER = ReturnerStrategy(
    scenario="returner",
    summary="Back after a break: former colleagues first, a few each week.",
    weekly_minutes=5 * 60,
    approaches_per_week=3,
    priorities={
        ActionKind.THANK: 0,
        ActionKind.PREPARE: 1,
        ActionKind.REQUEST_INTRO: 2,
        ActionKind.APPROACH: 2,
        ActionKind.KEEP_IN_TOUCH: 3,
    },
    keep_warm=frozenset({Ring.BUDDY}),
)


class ReturnerPlugin:
    """Offers the returner strategy."""

    @hookimpl
    def careernet_strategy(self, scenario: str) -> Strategy | None:
        return RETURNER if scenario == RETURNER.scenario else None

    @hookimpl
    def careernet_scenarios(self) -> list[str]:
        return [RETURNER.scenario]


def main() -> None:
    with careernet.open("memory:", plugins=[ReturnerPlugin()]) as network:
        network.add_contact("Lee Chan", past_companies=["Acme"], company="Globex")
        network.add_contact("Mo Diaz", tags=["former colleague"])
        network.add_contact("Pat Quinn")
        network.set_goal("returner")
        print(network.strategy.summary)
        for action in network.plan().actions:
            print(action.kind.value, "-", action.reason)


if __name__ == "__main__":
    main()
