"""Webhook signatures: an HMAC-SHA256 over a timestamp and the body, so a receiver can
check who sent a request and refuse an old one replayed (report delivery, paging)."""

from __future__ import annotations

import hashlib
import hmac

from teleconsult.core.numbers import strict_int

SIGNATURE_HEADER = "X-Teleconsult-Signature"


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>``: the timestamp is signed too,
    so a captured request cannot be replayed later with a new time."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_webhook(secret: str, header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = strict_int(parts.get("t", ""), "t")
    except ValueError:
        return False
    return hmac.compare_digest(sign_webhook(secret, timestamp, body), header)
