"""The plugins the docs show pass careernet's own contract suites.

The code is taken from the documentation pages as they are written, so a
plugin author who copies it starts from something that passes.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from careernet.domain import Strategy
from careernet.testing import NotifierContract, StrategyContract

DOCS = Path(__file__).parent.parent / "docs"


def _docs_code(page: str, defines: str) -> dict[str, Any]:
    """Run the page's python block that defines ``defines``; its names."""
    text = (DOCS / page).read_text(encoding="utf-8")
    (block,) = [
        b for b in re.findall(r"```python\n(.*?)```", text, re.S) if defines in b
    ]
    namespace: dict[str, Any] = {"__name__": f"docs_{page.removesuffix('.md')}"}
    exec(compile(block, f"docs/{page}", "exec"), namespace)
    return namespace


class _Receiver(BaseHTTPRequestHandler):
    """A webhook endpoint that keeps the text of each message."""

    received: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Receiver.received.append(json.loads(self.rfile.read(length))["text"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


@pytest.fixture(scope="module")
def webhook() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1, stopped after the module's tests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/careernet"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


SLACK = _docs_code("notifications.md", "class SlackNotifier")["SlackNotifier"]


class TestTheDocsSlackNotifier(NotifierContract):
    channel = "slack"

    @pytest.fixture(autouse=True)
    def _address(self, webhook: str) -> None:
        self.address = webhook  # type: ignore[misc]

    def make_notifier(self) -> object:
        _Receiver.received.clear()
        return SLACK()

    def delivered(self, notifier: object) -> list[str]:
        return list(_Receiver.received)


RETURNER = _docs_code("scenarios.md", "class ReturnerPlugin")


class TestTheDocsStrategy(StrategyContract):
    def make_strategy(self) -> Strategy:
        strategy: Strategy = RETURNER["RETURNER"]
        return strategy

    def make_plugin(self) -> object:
        return RETURNER["ReturnerPlugin"]()


def _example(script: str) -> dict[str, Any]:
    """The names an example script defines (its ``main`` is not run)."""
    path = DOCS.parent / "examples" / script
    namespace: dict[str, Any] = {"__name__": f"example_{path.stem}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


WEBHOOK = _example("notifier_plugin.py")["WebhookNotifier"]
STRATEGY_EXAMPLE = _example("strategy_plugin.py")


class TestTheExampleWebhookNotifier(NotifierContract):
    channel = "webhook"

    @pytest.fixture(autouse=True)
    def _address(self, webhook: str) -> None:
        self.address = webhook  # type: ignore[misc]

    def make_notifier(self) -> object:
        _Receiver.received.clear()
        return WEBHOOK()

    def delivered(self, notifier: object) -> list[str]:
        return list(_Receiver.received)


class TestTheExampleStrategy(StrategyContract):
    def make_strategy(self) -> Strategy:
        strategy: Strategy = STRATEGY_EXAMPLE["RETURNER"]
        return strategy

    def make_plugin(self) -> object:
        return STRATEGY_EXAMPLE["ReturnerPlugin"]()


def test_the_scenarios_page_runs_as_a_reader_would() -> None:
    """Every python block of the page, in order, sharing names."""
    text = (DOCS / "scenarios.md").read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "docs_scenarios"}
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert any("target_candidates" in block for block in blocks)
    for block in blocks:
        exec(compile(block, "docs/scenarios.md", "exec"), namespace)
