"""The stored form of a secret: API tokens are kept and compared only as SHA-256 digests."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    """The stored form of a token or password (tokens are compared by hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()
