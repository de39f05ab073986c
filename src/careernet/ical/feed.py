"""The subscription feed: a WSGI application serving each network's calendar.

Mount :class:`FeedApp` in any WSGI framework, or run it with :func:`serve`.
At the root, a network's feed is at ``/feed/<token>.ics``; mounted under a
prefix (``SCRIPT_NAME``, as every WSGI dispatcher sets it), at
``<prefix>/<token>.ics``, so an application that mounts it at ``/feed``
keeps the same addresses.

The token is a random lookup value and the secret (see
:mod:`careernet._tokens`): it says nothing of the network's id. The feed
checks it against a small index of lookups and secret digests, read from
the store without loading any network and renewed every few seconds, so an
unknown token and a wrong secret cost the same, look the same (404) and load
nothing.

Responses carry a strong ``ETag`` (a hash of the body, with ``-gzip`` for
the compressed form), ``Last-Modified`` (which moves, by at least a second,
whenever the body changes) and ``Vary: Accept-Encoding``; gzip is used when
the client asks for it. Conditional requests are answered with 304 from the
cache without loading the network, while its version and the day are those
of the cached answer.

Each network has its own lock: a slow, cold build of one calendar never holds
up another's. The cache is bounded by a number of networks and a number of
bytes (the least recently asked for go first), and only a few networks keep
their loaded view between requests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import math
import re
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final, Protocol

import attrs

from careernet._tokens import (
    lookup_of,
    parse_token,
    secret_digest,
    secret_matches,
    token_for,
)
from careernet.domain import FeedToken, NetworkState, Strategy
from careernet.domain.zones import zone
from careernet.errors import ListenError, UnknownNetworkError
from careernet.ical import CalendarExport, CalendarOptions, RenderCache, export
from careernet.ical.events import moment_for

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = [
    "CONTENT_TYPE",
    "FeedApp",
    "FeedNetwork",
    "FeedStore",
    "Listening",
    "feed_path",
    "parse_token",
    "serve",
    "token_for",
]

CONTENT_TYPE: Final = "text/calendar; charset=utf-8"
PREFIX: Final = "/feed/"
SUFFIX: Final = ".ics"

log = logging.getLogger("careernet.feed")


def feed_path(token: str) -> str:
    """The path of a feed under an application mounted at the root."""
    return f"{PREFIX}{token}{SUFFIX}"


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


class FeedHead(Protocol):
    """Where a network stands (:class:`careernet.storage.Head` is one)."""

    @property
    def incarnation(self) -> str:
        """Which network of this id it is (new at every re-creation)."""
        ...

    @property
    def version(self) -> int:
        """Its current version."""
        ...


class FeedStore(Protocol):
    """What the feed needs of a store (:class:`careernet.Store` is one)."""

    def now(self) -> dt.datetime:
        """The current time."""
        ...

    def network(self, network_id: str) -> FeedNetwork:
        """Load a network; :class:`~careernet.UnknownNetworkError` if none."""
        ...

    def head(self, network_id: str) -> FeedHead:
        """A network's incarnation and version, cheaply;
        :class:`~careernet.UnknownNetworkError` if none."""
        ...

    def generation(self, network_id: str) -> int:
        """How often the store created or deleted the network."""
        ...

    def feed_tokens(self) -> Sequence[tuple[str, FeedToken]]:
        """Every network's feed token with the network's id, loading none."""
        ...


@attrs.frozen
class _Served:
    """A built calendar, what it was built from, and its validators."""

    incarnation: str
    version: int
    generation: int
    zone: str
    last_changed: dt.datetime | None
    as_of: dt.datetime
    lookup: str
    secret: bytes
    export: CalendarExport
    gzipped: bytes
    last_modified: dt.datetime

    @property
    def etag(self) -> str:
        return self.export.etag

    @property
    def size(self) -> int:
        return len(self.export.body) + len(self.gzipped)

    def current(self, head: FeedHead, generation: int, now: dt.datetime) -> bool:
        """Whether it is still the answer: same network, version and day."""
        same = (head.incarnation, head.version, generation) == (
            self.incarnation,
            self.version,
            self.generation,
        )
        return (
            same and moment_for(self.last_changed, now, zone(self.zone)) == self.as_of
        )


@attrs.define(eq=False)
class _Entry:
    """What the feed keeps of one network, under the network's own lock."""

    lock: threading.Lock = attrs.Factory(threading.Lock)
    view: FeedNetwork | None = None
    view_day: dt.date | None = None
    view_generation: int = -1
    served: _Served | None = None
    render: RenderCache = attrs.Factory(RenderCache)
    size: int = 0


# Compared against when a lookup is unknown, so both cases do the same work.
_NO_SECRET: Final = secret_digest("\x00")


class FeedApp:
    """A WSGI application serving the calendars of the networks in a store.

    Args:
        store: The store holding the networks.
        options: What the calendars hold (the same for every network).
        clock: The current time; the store's clock by default.
        max_networks: How many networks' calendars the cache keeps at most.
        max_bytes: How many bytes of calendars (plain, compressed and their
            events) the cache keeps at most; the least recently asked for
            go first, and one calendar larger than this is served but not kept.
        max_views: How many networks stay loaded between requests, so a
            change is read incrementally; the others are loaded again when
            they change.
        lookup_ttl: How many seconds the index of feed addresses is used
            before it is read again from the store (a new or rotated address
            works after at most this long).
    """

    def __init__(
        self,
        store: FeedStore,
        *,
        options: CalendarOptions | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        max_networks: int = 256,
        max_bytes: int = 64 * 1024 * 1024,
        max_views: int = 8,
        lookup_ttl: float = 2.0,
    ) -> None:
        self.store = store
        self.options = options or CalendarOptions()
        self._clock = clock or store.now
        started = self._clock()
        # Rounded up: a body served before a restart in the same second must
        # not look as new as the first one served after it.
        self._started = started.replace(microsecond=0) + (
            dt.timedelta(seconds=1) if started.microsecond else dt.timedelta()
        )
        self.max_networks = max_networks
        self.max_bytes = max_bytes
        self.max_views = max_views
        self.lookup_ttl = lookup_ttl
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._index_lock = threading.Lock()
        self._index: dict[str, tuple[str, bytes]] = {}
        self._index_read = -math.inf
        self.builds = 0
        """How many calendars were built (for tests and monitoring)."""
        self.loads = 0
        """How many times a network was loaded (for tests and monitoring)."""

    # -- WSGI ---------------------------------------------------------------

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _respond(
                start_response, "405 Method Not Allowed", b"", [("Allow", "GET, HEAD")]
            )
        token = _token_in(environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))
        found = None if token is None else self._calendar(token)
        if found is None:
            return _respond(start_response, "404 Not Found", b"Not found.\n")
        compressed = _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        etag = _gzip_tag(found.etag) if compressed else found.etag
        headers = [
            ("ETag", etag),
            ("Last-Modified", _http_date(found.last_modified)),
            ("Cache-Control", "private, no-cache"),
            ("Vary", "Accept-Encoding"),
        ]
        if _not_modified(environ, found):
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Disposition", f'inline; filename="{found.export.filename}"'),
        ]
        body = found.export.body
        if compressed:
            body = found.gzipped
            headers.append(("Content-Encoding", "gzip"))
        return _respond(
            start_response,
            "200 OK",
            b"" if method == "HEAD" else body,
            headers,
            length=len(body),
        )

    # -- finding the network ---------------------------------------------------

    def _lookups(self) -> dict[str, tuple[str, bytes]]:
        """The index of feed addresses, read again when older than the TTL."""
        with self._index_lock:
            if time.monotonic() - self._index_read >= self.lookup_ttl:
                self._index = {
                    lookup_of(network_id, token): (
                        network_id,
                        secret_digest(token.secret),
                    )
                    for network_id, token in self.store.feed_tokens()
                }
                self._index_read = time.monotonic()
            return self._index

    def network_for(self, token: str) -> str | None:
        """The id of the network a token opens, or ``None``; loads no network."""
        parsed = parse_token(token)
        if parsed is None:
            return None
        lookup, secret = parsed
        known = self._lookups().get(lookup)
        matches = secret_matches(_NO_SECRET if known is None else known[1], secret)
        return known[0] if known is not None and matches else None

    # -- the calendar ------------------------------------------------------------

    def _calendar(self, token: str) -> _Served | None:
        """The calendar a token opens, from the cache when nothing changed."""
        network_id = self.network_for(token)
        if network_id is None:
            return None
        lookup, secret = token.split(".", 1)
        entry = self._entry(network_id)
        with entry.lock:
            try:
                served = self._served(network_id, entry, lookup, secret)
            except UnknownNetworkError:
                served = None
            if served is None:
                self._forget(network_id, entry)
                return None
        self._bound(network_id)
        return served

    def _served(
        self, network_id: str, entry: _Entry, lookup: str, secret: str
    ) -> _Served | None:
        now = self._clock()
        previous = entry.served
        generation = self.store.generation(network_id)
        if previous is not None and previous.current(
            self.store.head(network_id), generation, now
        ):
            # Still the answer: the token is checked against the one stored
            # at this version (the index may be a moment old).
            if previous.lookup == lookup and secret_matches(previous.secret, secret):
                return previous
            return None
        network = self._view(network_id, entry, generation, now)
        token = network.state.feed_token
        if (
            token is None
            or lookup_of(network_id, token) != lookup
            or not secret_matches(secret_digest(token.secret), secret)
        ):
            return None  # rotated since the index was read
        zone_name = self.options.timezone or network.state.preferences.timezone
        made = export(
            network.state,
            network.strategy,
            network_id=network_id,
            now=now,
            options=self.options,
            cache=entry.render,
        )
        self.builds += 1
        served = _Served(
            incarnation=network.incarnation,
            version=network.version,
            generation=generation,
            zone=zone_name,
            last_changed=network.state.last_changed,
            as_of=made.as_of,
            lookup=lookup,
            secret=secret_digest(token.secret),
            export=made,
            gzipped=gzip.compress(made.body, compresslevel=6, mtime=0),
            last_modified=self._last_modified(previous, made, network.version, now),
        )
        entry.served = served
        entry.size = served.size + entry.render.size
        return served

    def _last_modified(
        self,
        previous: _Served | None,
        made: CalendarExport,
        version: int,
        now: dt.datetime,
    ) -> dt.datetime:
        if previous is None:
            # The first body after start-up is new from then, as far as
            # clients that fetched before the restart can tell.
            moment = max(made.as_of, self._started)
        elif previous.etag == made.etag:
            return previous.last_modified
        elif previous.version != version:
            # Changed by a commit, perhaps of a back-dated record: new from now.
            moment = max(made.as_of, now)
        else:
            # Changed because a new day began.
            moment = max(made.as_of, previous.last_modified)
        moment = moment.replace(microsecond=0)
        if previous is not None and moment <= previous.last_modified:
            # HTTP dates count whole seconds: a new body gets a later one, or
            # If-Modified-Since would call two bodies the same.
            moment = previous.last_modified + dt.timedelta(seconds=1)
        return moment

    def _view(
        self, network_id: str, entry: _Entry, generation: int, now: dt.datetime
    ) -> FeedNetwork:
        """The network, loaded once a day (or when this store deleted and made it
        anew) and refreshed when it changed."""
        view = entry.view
        if (
            view is None
            or entry.view_day != now.date()
            or entry.view_generation != generation
        ):
            view = self.store.network(network_id)
            self.loads += 1
            if entry.view_generation != generation:
                entry.served = None
            entry.view, entry.view_day, entry.view_generation = (
                view,
                now.date(),
                generation,
            )
        elif view.stale():
            view.refresh()
        return view

    # -- the cache ---------------------------------------------------------------

    def _entry(self, network_id: str) -> _Entry:
        with self._lock:
            entry = self._entries.get(network_id)
            if entry is None:
                entry = self._entries[network_id] = _Entry()
            self._entries.move_to_end(network_id)
            return entry

    def _forget(self, network_id: str, entry: _Entry) -> None:
        with self._lock:
            if self._entries.get(network_id) is entry:
                del self._entries[network_id]

    def _bound(self, network_id: str) -> None:
        """Evict the least recently asked for until the cache fits its bounds."""
        with self._lock:
            entries = self._entries
            total = sum(entry.size for entry in entries.values())
            while entries and (
                len(entries) > self.max_networks or total > self.max_bytes
            ):
                _, evicted = entries.popitem(last=False)
                total -= evicted.size
            views = [e for e in reversed(entries.values()) if e.view is not None]
            for entry in views[self.max_views :]:
                entry.view = None

    @property
    def cached_networks(self) -> int:
        """How many networks' calendars the cache holds."""
        with self._lock:
            return len(self._entries)

    @property
    def cached_bytes(self) -> int:
        """How many bytes of calendars the cache holds."""
        with self._lock:
            return sum(entry.size for entry in self._entries.values())


# -- HTTP details -------------------------------------------------------------------


def _token_in(script_name: str, path: str) -> str | None:
    """The token a request's path names, or ``None``."""
    prefix = PREFIX if not script_name.rstrip("/") else "/"
    if not path.startswith(prefix) or not path.endswith(SUFFIX):
        return None
    token = path[len(prefix) : -len(SUFFIX)]
    return token if token and "/" not in token else None


def _accepts_gzip(header: str) -> bool:
    for item in header.split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        quality = params.strip().replace(" ", "").lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def _gzip_tag(tag: str) -> str:
    return tag[:-1] + '-gzip"'


def _base_tag(tag: str) -> str:
    tag = tag.strip().removeprefix("W/")
    return tag.removesuffix('-gzip"') + '"' if tag.endswith('-gzip"') else tag


def _not_modified(environ: WSGIEnvironment, found: _Served) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {_base_tag(tag) for tag in if_none_match.split(",")}
        return "*" in tags or found.etag in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError, IndexError):
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


# -- serving ---------------------------------------------------------------------

_TOKEN_IN_PATH = re.compile(r"/([A-Za-z0-9_-]{1,4})[A-Za-z0-9_-]*\.[^/]*\.ics$")


def redacted(path: str) -> str:
    """A request path fit for a log: a token's first characters only."""
    return _TOKEN_IN_PATH.sub(r"/\1….ics", path)


def logged(app: WSGIApplication, logger: logging.Logger = log) -> WSGIApplication:
    """``app``, logging one line a request: client, method, path (tokens cut
    short), status, bytes sent and milliseconds taken."""

    def logging_app(
        environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        statuses: list[str] = []

        def recording(status: str, headers: Any, exc_info: Any = None) -> Any:
            statuses.append(status)
            return start_response(status, headers, exc_info)

        body = list(app(environ, recording))
        logger.info(
            "%s %s %s %s %d %.1fms",
            environ.get("REMOTE_ADDR", "-"),
            environ.get("REQUEST_METHOD", "-"),
            redacted(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")),
            statuses[-1].split(" ", 1)[0] if statuses else "-",
            sum(len(part) for part in body),
            (time.perf_counter() - started) * 1000,
        )
        return body

    return logging_app


@attrs.frozen
class Listening:
    """A running feed server, as :func:`serve` hands it to ``ready``.

    Attributes:
        server_port: The port it listens on (chosen by the system for 0).
        server: Which server runs it: ``"waitress"`` or ``"wsgiref"``.
        shutdown: Stops it; :func:`serve` then returns. Call it from
            another thread.
    """

    server_port: int
    server: str
    shutdown: Callable[[], None]


def serve(
    store: FeedStore,
    *,
    host: str = "127.0.0.1",
    port: int = 8808,
    options: CalendarOptions | None = None,
    ready: Callable[[Listening], None] | None = None,
    threads: int = 8,
    timeout: float = 30.0,
    app: FeedApp | None = None,
) -> None:
    """Serve the feed until stopped, on a threaded server with socket timeouts.

    Uses waitress when it is installed (``pip install careernet[feed]``):
    it reads each request whole before a worker thread sees it, so a client
    that connects and sends nothing, or sends slowly, ties up no worker, and
    it limits connections. Otherwise the standard library's server, one
    thread per connection, each with a socket timeout. Each request is
    logged to the ``careernet.feed`` logger, tokens cut short.

    Args:
        store: The store holding the networks.
        host: The address to listen on.
        port: The port; 0 lets the system choose.
        options: What the calendars hold.
        ready: Called with a :class:`Listening` once the server listens.
        threads: Worker threads (waitress).
        timeout: Seconds a connection may stay silent before it is closed.
        app: The application to serve; a :class:`FeedApp` over ``store`` by
            default.
    """
    application = logged(app or FeedApp(store, options=options))
    try:
        import waitress  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError:
        _serve_wsgiref(application, host, port, ready, seconds=timeout)
        return
    listener = _bound(host, port)
    try:
        server = waitress.create_server(
            application,
            sockets=[listener],
            threads=threads,
            channel_timeout=max(1, round(timeout)),
            cleanup_interval=max(1, round(timeout / 2)),
            connection_limit=256,
            ident="careernet",
            clear_untrusted_proxy_headers=True,
        )
    except BaseException:
        listener.close()
        raise
    stopping = threading.Event()

    def shutdown() -> None:
        stopping.set()
        server.close()

    if ready is not None:
        ready(Listening(server.effective_port, "waitress", shutdown))
    try:
        while not stopping.is_set() and server._map:  # noqa: SLF001
            waitress.wasyncore.loop(timeout=0.2, map=server._map, count=1)  # noqa: SLF001
    finally:
        server.close()
        for channel in list(server._map.values()):  # noqa: SLF001
            channel.close()
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)


def _serve_wsgiref(
    application: WSGIApplication,
    host: str,
    port: int,
    ready: Callable[[Listening], None] | None,
    *,
    seconds: float,
) -> None:
    from socketserver import ThreadingMixIn  # noqa: PLC0415
    from wsgiref.simple_server import (  # noqa: PLC0415
        WSGIRequestHandler,
        WSGIServer,
        make_server,
    )

    class Handler(WSGIRequestHandler):
        # The socket's timeout: a client that sends nothing is let go.
        timeout = seconds

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Requests are logged by :func:`logged`, tokens cut short."""

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    try:
        server = make_server(
            host, port, application, server_class=Server, handler_class=Handler
        )
    except OSError as error:
        raise _listen_error(host, port, error) from error
    with server:
        if ready is not None:
            ready(Listening(server.server_port, "wsgiref", server.shutdown))
        server.serve_forever(poll_interval=0.2)


def _bound(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host`` and ``port``, or a :class:`ListenError`."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        listener = socket.socket(family, kind, proto)
    except OSError as error:
        raise _listen_error(host, port, error) from error
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise _listen_error(host, port, error) from error
    return listener


def _listen_error(host: str, port: int, error: OSError) -> ListenError:
    return ListenError(
        f"Cannot listen on {host}:{port}: {error.strerror}. Choose another port."
    )
