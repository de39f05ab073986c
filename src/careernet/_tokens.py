"""Feed tokens: a network's id, encoded, and its secret, in one URL segment.

Kept apart from :mod:`careernet.ical` so making a token does not import the
calendar libraries.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["parse_token", "token_for"]


def token_for(network_id: str, secret: str) -> str:
    """The token of a network's feed address: its id, encoded, and the secret."""
    encoded = base64.urlsafe_b64encode(network_id.encode()).decode().rstrip("=")
    return f"{encoded}.{secret}"


def parse_token(token: str) -> tuple[str, str] | None:
    """The network id and secret in a token, or ``None`` if it is malformed."""
    encoded, dot, secret = token.partition(".")
    if not dot or not encoded or not secret:
        return None
    try:
        padded = encoded + "=" * (-len(encoded) % 4)
        network_id = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return network_id, secret
