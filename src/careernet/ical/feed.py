"""The subscription feed: a WSGI application serving each network's calendar.

Mount :class:`FeedApp` in any WSGI framework, or run it with
:func:`serve`. A network's feed lives at ``/feed/<token>.ics``, where the
token names the network and carries its secret (see
:meth:`careernet.Network.feed_token`); a token that does not match answers
404, whatever is wrong with it, and secrets are compared in constant time.

Responses carry a strong ``ETag`` (a hash of the body) and
``Last-Modified`` (the moment the calendar was computed for, which moves
whenever the network changes or a new day begins). ``If-None-Match`` and
``If-Modified-Since`` are answered with 304 from a small cache, without
building the calendar, when the network's version and the day are those of
the cached answer.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from collections.abc import Callable, Iterable
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from careernet._tokens import parse_token, token_for
from careernet.domain import NetworkState, Strategy
from careernet.domain.zones import zone
from careernet.errors import ListenError, UnknownNetworkError
from careernet.ical import CalendarExport, CalendarOptions, export
from careernet.ical.events import as_of

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

__all__ = [
    "CONTENT_TYPE",
    "FeedApp",
    "FeedNetwork",
    "FeedStore",
    "feed_path",
    "parse_token",
    "serve",
    "token_for",
]

CONTENT_TYPE: Final = "text/calendar; charset=utf-8"
PREFIX: Final = "/feed/"
SUFFIX: Final = ".ics"


def feed_path(network_id: str, secret: str) -> str:
    """The path of a network's feed under the application's root."""
    return f"{PREFIX}{token_for(network_id, secret)}{SUFFIX}"


class FeedNetwork(Protocol):
    """What the feed reads of a network (:class:`careernet.Network` is one)."""

    @property
    def version(self) -> int:
        """The storage version the view is complete up to."""
        ...

    @property
    def incarnation(self) -> str:
        """Which network of this id the view is of (new at every re-creation)."""
        ...

    @property
    def state(self) -> NetworkState:
        """The domain view."""
        ...

    @property
    def strategy(self) -> Strategy:
        """The active goal's strategy."""
        ...

    def stale(self) -> bool:
        """Whether another writer committed, or the network was made anew,
        since the view was loaded."""
        ...

    def refresh(self) -> int:
        """Read what other writers committed (all of it, if made anew)."""
        ...


class FeedStore(Protocol):
    """What the feed needs of a store (:class:`careernet.Store` is one)."""

    def now(self) -> dt.datetime:
        """The current time."""
        ...

    def network(self, network_id: str) -> FeedNetwork:
        """Load a network; :class:`~careernet.UnknownNetworkError` if none."""
        ...

    def generation(self, network_id: str) -> int:
        """How often the store created or deleted the network."""
        ...


@attrs.frozen
class _Served:
    """A built calendar and the validators it is served with."""

    key: tuple[str, int, dt.datetime, str]
    export: CalendarExport
    last_modified: dt.datetime

    @property
    def etag(self) -> str:
        return self.export.etag


@attrs.define
class _View:
    network: FeedNetwork
    day: dt.date
    generation: int


class FeedApp:
    """A WSGI application serving the calendars of the networks in a store.

    Args:
        store: The store holding the networks.
        options: What the calendars hold (the same for every network).
        clock: The current time; the store's clock by default.
    """

    def __init__(
        self,
        store: FeedStore,
        *,
        options: CalendarOptions | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.options = options or CalendarOptions()
        self._options_key = self.options.key()
        self._clock = clock or store.now
        self._started = self._clock()
        self._lock = threading.Lock()
        self._views: dict[str, _View] = {}
        self._served: dict[str, _Served] = {}
        self.builds = 0
        """How many calendars were built (for tests and monitoring)."""

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if method not in ("GET", "HEAD"):
            return _respond(
                start_response, "405 Method Not Allowed", b"", [("Allow", "GET, HEAD")]
            )
        with self._lock:
            found = self._calendar(path)
        if found is None:
            return _respond(start_response, "404 Not Found", b"Not found.\n")
        headers = [
            ("ETag", found.etag),
            ("Last-Modified", _http_date(found.last_modified)),
            ("Cache-Control", "private, no-cache"),
        ]
        if _not_modified(environ, found):
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Disposition", 'inline; filename="careernet.ics"'),
        ]
        body = found.export.body
        return _respond(
            start_response,
            "200 OK",
            b"" if method == "HEAD" else body,
            headers,
            length=len(body),
        )

    def _calendar(self, path: str) -> _Served | None:
        """The calendar a path asks for, from the cache when nothing changed."""
        if not path.startswith(PREFIX) or not path.endswith(SUFFIX):
            return None
        parsed = parse_token(path[len(PREFIX) : -len(SUFFIX)])
        if parsed is None:
            return None
        network_id, secret = parsed
        now = self._clock()
        network = self._view(network_id, now)
        if network is not None and not _secret_matches(network, secret):
            # The network may have been deleted and made anew: look once more.
            network = self._view(network_id, now, reload=True)
        if network is None or not _secret_matches(network, secret):
            return None
        tz = zone(self.options.timezone or network.state.preferences.timezone)
        key = (
            network.incarnation,
            network.version,
            as_of(network.state, now, tz),
            self._options_key,
        )
        served = self._served.get(network_id)
        if served is not None and served.key == key:
            return served
        made = export(
            network.state,
            network.strategy,
            network_id=network_id,
            now=now,
            options=self.options,
        )
        self.builds += 1
        if served is None:
            # The first body after start-up is new from then, as far as
            # clients that fetched before the restart can tell.
            last_modified = max(made.as_of, self._started)
        elif served.etag == made.etag:
            last_modified = served.last_modified
        elif served.key[:2] != key[:2]:
            # Changed by a commit, perhaps of a back-dated record: new from now.
            last_modified = max(made.as_of, now)
        else:
            # Changed because a new day began.
            last_modified = max(made.as_of, served.last_modified)
        last_modified = last_modified.replace(microsecond=0)
        self._served[network_id] = served = _Served(
            key=key, export=made, last_modified=last_modified
        )
        return served

    def _view(
        self, network_id: str, now: dt.datetime, *, reload: bool = False
    ) -> FeedNetwork | None:
        """The network, loaded once a day (or when this store deleted and made it
        anew) and refreshed when it changed."""
        view = self._views.get(network_id)
        try:
            generation = self.store.generation(network_id)
            if (
                view is None
                or reload
                or view.day != now.date()
                or view.generation != generation
            ):
                if view is not None and view.generation != generation:
                    self._served.pop(network_id, None)
                self._views[network_id] = view = _View(
                    network=self.store.network(network_id),
                    day=now.date(),
                    generation=generation,
                )
            elif view.network.stale():
                view.network.refresh()
        except UnknownNetworkError:
            self._views.pop(network_id, None)
            self._served.pop(network_id, None)
            return None
        return view.network


def _secret_matches(network: FeedNetwork, secret: str) -> bool:
    token = network.state.feed_token
    return token is not None and hmac.compare_digest(
        token.secret.encode(), secret.encode()
    )


def _weak(tag: str) -> str:
    return tag.strip().removeprefix("W/")


def _not_modified(environ: WSGIEnvironment, found: _Served) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {_weak(tag) for tag in if_none_match.split(",")}
        return "*" in tags or _weak(found.etag) in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return found.last_modified <= since
    return False


def _http_date(moment: dt.datetime) -> str:
    return format_datetime(
        moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True
    )


def _respond(
    start_response: StartResponse,
    status: str,
    body: bytes,
    headers: list[tuple[str, str]] | None = None,
    *,
    length: int | None = None,
) -> list[bytes]:
    headers = list(headers or [])
    if not any(name == "Content-Type" for name, _ in headers) and body:
        headers.append(("Content-Type", "text/plain; charset=utf-8"))
    headers.append(("Content-Length", str(len(body) if length is None else length)))
    start_response(status, headers)
    return [body]


def serve(
    store: FeedStore,
    *,
    host: str = "127.0.0.1",
    port: int = 8808,
    options: CalendarOptions | None = None,
    ready: Callable[[Any], None] | None = None,
) -> None:
    """Serve the feed with the standard library's WSGI server until stopped.

    ``ready`` is called with the server once it listens (its
    ``server_port`` tells the port when ``port`` is 0).
    """
    from wsgiref.simple_server import WSGIRequestHandler, make_server  # noqa: PLC0415

    class _Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep tokens out of the terminal."""

    try:
        server = make_server(
            host, port, FeedApp(store, options=options), handler_class=_Quiet
        )
    except OSError as error:
        raise ListenError(
            f"Cannot listen on {host}:{port}: {error.strerror}. Choose another port."
        ) from error
    with server:
        if ready is not None:
            ready(server)
        server.serve_forever()
