"""The feed after contacts are archived, removed or merged by another view:
the served calendar (and its render cache) drops them at once."""

from __future__ import annotations

import careernet
from careernet import Network, Store
from careernet.domain import Change
from careernet.ical.feed import FeedApp
from careernet.storage.memory import MemoryStorage
from tests.test_feed import alex, app, call, clock, path, store

__all__ = ["alex", "app", "clock", "path", "store"]  # the fixtures used here


def _pending(network: Network) -> tuple[str, str]:
    """A contact with a meeting ahead, and that contact's name."""
    meeting = next(m for m in network.meetings if m.status.pending)
    return meeting.contact_id, network.contact(meeting.contact_id).name


def test_archive_and_removal_leave_the_served_calendar(
    app: FeedApp, alex: Network, store: Store, path: str
) -> None:
    who, name = _pending(alex)
    first = call(app, path)
    assert first.status == 200
    assert name.encode() in first.body
    other = store.network(alex.id)  # another view writes; the feed's refreshes
    other.archive(who)
    archived = call(app, path)
    assert archived.status == 200
    assert name.encode() not in archived.body
    assert archived.headers["etag"] != first.headers["etag"]
    other.unarchive(who)
    assert call(app, path).body == first.body
    other.remove_contact(who)
    removed = call(app, path)
    assert name.encode() not in removed.body
    assert b"BEGIN:VCALENDAR" in removed.body


def test_a_merge_shows_the_kept_name_in_the_calendar(
    app: FeedApp, alex: Network, store: Store, path: str
) -> None:
    who, name = _pending(alex)
    keep = next(c for c in alex.contacts if c.id != who)
    assert name.encode() in call(app, path).body
    store.network(alex.id).merge_contacts(keep.id, who)
    body = call(app, path).body
    assert name.encode() not in body


class _NoIndex:
    """A backend that applies removals but cannot find records across networks."""

    removes_records = True

    def __init__(self) -> None:
        self.inner = MemoryStorage()

    def __getattr__(self, name: str) -> object:
        if name == "find_records":
            raise AttributeError(name)
        return getattr(self.inner, name)


def test_the_token_index_sees_a_removed_feed_token() -> None:
    store = careernet.Store(
        _NoIndex(),  # type: ignore[arg-type]
        careernet.plugins.get_plugin_manager(autoload=False),
        location="noindex:",
    )
    network = store.create("alex", "Alex")
    network.feed_token()
    assert [n for n, _ in store.feed_tokens()] == ["alex"]
    store.commit(
        "alex",
        network.version,
        Change(summary="revoke", records=(), removed=[("feed", "feed")]),
    )
    assert store.feed_tokens() == []
