"""Feed tokens: a random lookup value and a secret, in one URL segment.

A token reads ``<lookup>.<secret>``. The lookup is random, stored with the
secret in the network's :class:`~careernet.domain.FeedToken` and made anew
with it on rotation: it tells the feed which network to serve without saying
anything of the network's id, and the feed finds it in a small index before
it loads any network. Tokens made before lookups existed carry the network's
id, base64-encoded, in that place; they keep working until rotated.

Kept apart from :mod:`careernet.ical` so making a token does not import the
calendar libraries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from careernet.domain import FeedToken

__all__ = [
    "lookup_of",
    "new_lookup",
    "new_secret",
    "parse_token",
    "secret_digest",
    "secret_matches",
    "token_for",
    "token_of",
]

_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
)
_LONGEST = 256
"""No part of a token is longer: longer input is refused before any work."""


def new_lookup() -> str:
    """A fresh random lookup value (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def new_secret() -> str:
    """A fresh random secret (192 bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def token_for(lookup: str, secret: str) -> str:
    """The token of a feed address from its lookup value and secret."""
    return f"{lookup}.{secret}"


def lookup_of(network_id: str, token: FeedToken) -> str:
    """The lookup value of a network's stored token: its own, or for a token
    made before lookups existed, the network's id as such tokens carry it."""
    if token.lookup is not None:
        return token.lookup
    return base64.urlsafe_b64encode(network_id.encode()).decode().rstrip("=")


def token_of(network_id: str, token: FeedToken) -> str:
    """The address token of a network's stored feed token."""
    return token_for(lookup_of(network_id, token), token.secret)


def parse_token(token: str) -> tuple[str, str] | None:
    """The lookup value and secret in a token, or ``None`` if it is malformed."""
    lookup, dot, secret = token.partition(".")
    if not dot or not lookup or not secret:
        return None
    if len(lookup) > _LONGEST or len(secret) > _LONGEST:
        return None
    if not _ALPHABET.issuperset(lookup) or not _ALPHABET.issuperset(secret):
        return None
    return lookup, secret


def secret_digest(secret: str) -> bytes:
    """What the feed keeps of a secret: its SHA-256, of a fixed length."""
    return hashlib.sha256(secret.encode()).digest()


def secret_matches(expected: bytes, secret: str) -> bool:
    """Whether ``secret`` has the digest ``expected``, in constant time."""
    return hmac.compare_digest(expected, secret_digest(secret))
