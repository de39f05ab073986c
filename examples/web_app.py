"""Embedding careernet in a small WSGI web app that also serves the feed.

The app answers ``/plan`` with the week's plan as JSON and mounts careernet's
calendar feed under ``/feed/``. Run it and it serves on 127.0.0.1 until
stopped; with ``--check`` it starts, fetches both addresses once, prints what
it got and stops.

    python examples/web_app.py --check
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import urllib.request
from collections.abc import Iterable
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, make_server

import careernet
from careernet.ical.feed import FeedApp
from careernet.sample import sample_goal, sample_network

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment


class App:
    """Routes ``/plan`` to the plan and ``/feed/...`` to careernet's feed."""

    def __init__(self, store: careernet.Store) -> None:
        self.store = store
        self.feed = FeedApp(store)

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/feed/"):
            return self.feed(environ, start_response)
        if path == "/plan":
            network = self.store.network("alex")
            week = network.plan()
            body = json.dumps(
                {
                    "seeker": network.seeker.name,
                    "actions": [
                        {"kind": a.kind.value, "reason": a.reason} for a in week.actions
                    ],
                },
                ensure_ascii=False,
            ).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found.\n"]


def build_store() -> careernet.Store:
    """A store holding Alex's sample network, for the example."""
    now = dt.datetime.now(tz=dt.UTC)
    state = sample_network(now)
    state.apply(state.set_goal(sample_goal("career_change", now)))
    store = careernet.open_store("memory:web-app-example")
    store.create("alex", state.seeker)
    store.storage.commit(
        "alex", 0, careernet.Change(summary="sample", records=list(state.records()))
    )
    return store


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep feed tokens out of the log."""


def main(argv: list[str]) -> int:
    store = build_store()
    token = store.network("alex").feed_token()
    server = make_server("127.0.0.1", 0, App(store), handler_class=_Quiet)
    base = f"http://127.0.0.1:{server.server_port}"
    print(f"Plan:     {base}/plan")
    print(f"Calendar: {base}/feed/{token}.ics")
    if "--check" not in argv:
        server.serve_forever()
        return 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"{base}/plan", timeout=10) as response:
            plan = json.load(response)
        with urllib.request.urlopen(f"{base}/feed/{token}.ics", timeout=10) as response:
            calendar = response.read()
    finally:
        server.shutdown()
        server.server_close()
        store.close()
    first = plan["actions"][0]["reason"]
    print(f"{len(plan['actions'])} actions for {plan['seeker']}; first: {first}")
    print(f"calendar: {calendar.count(b'BEGIN:VEVENT')} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
