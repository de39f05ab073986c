"""A custom notifier: digests posted as JSON to a webhook.

It runs a small webhook receiver on 127.0.0.1 for the demonstration, points
a ``webhook`` channel at it, and runs the reminder engine twice: the second
run sends nothing, because every reminder was delivered once already.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import careernet
from careernet import InteractionKind, hookimpl
from careernet.domain import Channel
from careernet.notify import Digest


class WebhookNotifier:
    """Posts each digest for the ``webhook`` channel to the channel's address."""

    channel = "webhook"

    @hookimpl
    def careernet_notify(self, digest: Digest) -> bool | None:
        if digest.channel.name != self.channel or not digest.channel.address:
            return None
        body = json.dumps(
            {"id": digest.id, "subject": digest.subject, "text": digest.text()}
        ).encode()
        request = urllib.request.Request(
            digest.channel.address,
            data=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": digest.id},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
        return True


received: list[dict[str, str]] = []


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


def main() -> None:
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    now = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    try:
        with careernet.open(
            "memory:", plugins=[WebhookNotifier()], autoload=False, clock=lambda: now
        ) as network:
            address = f"http://127.0.0.1:{server.server_port}/hook"
            network.set_preferences(channels=[Channel(name="webhook", address=address)])
            ann = network.add_contact("Ann Archer", at=now - dt.timedelta(days=40))
            network.log(ann.id, InteractionKind.OUTREACH, at=now - dt.timedelta(days=9))
            first, second = network.notify(), network.notify()
    finally:
        server.shutdown()
        server.server_close()
    print(f"first run sent {first.sent}, second run sent {second.sent}")
    print(received[0]["subject"])
    print(received[0]["text"])


if __name__ == "__main__":
    main()
