"""The palette and the words the pictures share."""

from __future__ import annotations

from typing import Final

from careernet.domain import ActionKind, Ring, Stage

__all__ = [
    "ACTION_COLOURS",
    "ACTION_LABELS",
    "RING_FILLS",
    "RING_LABELS",
    "STAGE_COLOURS",
    "STAGE_LABELS",
    "STYLE",
]

# Okabe and Ito's palette, readable with the common colour-vision deficiencies.
STAGE_COLOURS: Final = {
    Stage.NOT_APPROACHED: "#b4b4b4",
    Stage.AWAITING: "#e69f00",
    Stage.NUDGE_DUE: "#d55e00",
    Stage.NUDGED: "#cc79a7",
    Stage.RESTING: "#56b4e9",
    Stage.ENGAGED: "#009e73",
}
"""A contact's dot colour: where the approach to them stands."""

STAGE_LABELS: Final = {
    Stage.NOT_APPROACHED: "not approached",
    Stage.AWAITING: "awaiting an answer",
    Stage.NUDGE_DUE: "one nudge due",
    Stage.NUDGED: "nudged, waiting",
    Stage.RESTING: "resting (some won't)",
    Stage.ENGAGED: "in conversation",
}

RING_FILLS: Final = {
    Ring.BUDDY: "#fbe3c0",
    Ring.STRATEGIC: "#fcefd9",
    Ring.LUKEWARM: "#eef3f7",
    Ring.COLD: "#f6f8fa",
}
"""Each ring's band: warm near the centre, cool at the edge."""

RING_LABELS: Final = {
    Ring.BUDDY: "Buddies",
    Ring.STRATEGIC: "Strategic",
    Ring.LUKEWARM: "Lukewarm",
    Ring.COLD: "Cold",
}

ACTION_COLOURS: Final = {
    ActionKind.THANK: "#009e73",
    ActionKind.PREPARE: "#0072b2",
    ActionKind.NUDGE: "#d55e00",
    ActionKind.FOLLOW_UP: "#56b4e9",
    ActionKind.KEEP_IN_TOUCH: "#e69f00",
    ActionKind.REQUEST_INTRO: "#cc79a7",
    ActionKind.APPROACH: "#7b4fa0",
    ActionKind.GIVE: "#2ca02c",
    ActionKind.FIND_CONTACT: "#8c8c8c",
    ActionKind.EXPOSURE: "#f0c400",
    ActionKind.DRIFT: "#b4b4b4",
    ActionKind.ASK_INSIDER: "#a6761d",
    ActionKind.ANSWER: "#1b9e77",
    ActionKind.FAN_CLUB: "#e7298a",
    ActionKind.REFRESH: "#666666",
}
"""A step's colour in the week."""

ACTION_LABELS: Final = {
    ActionKind.THANK: "say thank you",
    ActionKind.PREPARE: "prepare a meeting",
    ActionKind.NUDGE: "nudge once",
    ActionKind.FOLLOW_UP: "follow up",
    ActionKind.KEEP_IN_TOUCH: "check in",
    ActionKind.REQUEST_INTRO: "ask for an introduction",
    ActionKind.APPROACH: "reach out",
    ActionKind.GIVE: "give something of value",
    ActionKind.FIND_CONTACT: "find a first contact",
    ActionKind.EXPOSURE: "meet someone new",
    ActionKind.DRIFT: "reconnect or let drift",
    ActionKind.ASK_INSIDER: "ask whom to talk to",
    ActionKind.ANSWER: "answer a request for help",
    ActionKind.FAN_CLUB: "call someone who cheers you on",
    ActionKind.REFRESH: "refresh your résumé and profile",
}
"""What a step is, with no name: the words a shared picture uses."""

INK: Final = "#22303c"
MUTED: Final = "#5b6b78"

STYLE: Final = f"""
.cn-band {{ stroke: #c3ccd5; stroke-width: 1; }}
.cn-label {{ fill: {INK}; font-weight: bold; }}
.cn-note {{ fill: {MUTED}; }}
.cn-dot {{ stroke: #ffffff; stroke-width: 1; }}
.cn-due {{ stroke: {INK}; stroke-width: 2; }}
.cn-excluded {{ fill: #ffffff; stroke: #7a7a7a; stroke-width: 1.5; }}
.cn-slash {{ stroke: #7a7a7a; stroke-width: 1.5; }}
.cn-tribe {{ fill: none; stroke: #5b2c8f; stroke-width: 1.6; }}
.cn-fan {{ fill: #f5b700; stroke: #8a6500; stroke-width: 0.5; }}
.cn-group {{ fill: #dfe6ec; stroke: #8d9aa6; stroke-width: 1; }}
.cn-count {{ fill: {INK}; text-anchor: middle; }}
"""
"""The classes every picture uses, prefixed so a page's styles are not touched."""
