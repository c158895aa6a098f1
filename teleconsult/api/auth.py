"""Who is calling: bearer tokens (clinics, doctors, admins), compared by hash."""

from __future__ import annotations

import hmac

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS
from teleconsult.api.errors import Forbidden, Unauthorized
from teleconsult.core.digest import hash_secret
from teleconsult.settings.model import Settings
from teleconsult.store.sessions import Principal

PRINCIPAL = web.RequestKey("principal", Principal)
# set by the web pages' session middleware (teleconsult.api.sessions), which also puts a
# cookie-authenticated caller in PRINCIPAL and checks its CSRF token
SESSION_EXPIRED = web.RequestKey("session_expired", bool)


def identify(settings: Settings, token: str) -> Principal | None:
    digest = hash_secret(token)
    for kind, table in (("clinic", settings.clinics), ("doctor", settings.doctors),
                        ("admin", settings.admins), ("screen", settings.screens)):
        for item in table.values():
            if hmac.compare_digest(item.token_sha256, digest):
                return Principal(kind, item.id, item.name)
    return None


def principal(request: web.Request, *kinds: str) -> Principal:
    """The authenticated caller, restricted to ``kinds`` (401 without, 403 wrong kind)."""
    cached = request.get(PRINCIPAL)
    if cached is None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            if request.get(SESSION_EXPIRED):
                raise Unauthorized("the session has expired; log in again", "session_expired")
            raise Unauthorized("send Authorization: Bearer <token>", "missing_token")
        cached = identify(request.app[SETTINGS], token.strip())
        if cached is None:
            raise Unauthorized("the token is not valid", "invalid_token")
        request[PRINCIPAL] = cached
    if cached.kind == "screen" and "screen" not in kinds:
        # a display account reads the big screen's aggregates and nothing else, even where
        # any caller may (``kinds`` empty)
        raise Forbidden("a display account sees only the big screen", "wrong_role")
    if kinds and cached.kind not in kinds:
        raise Forbidden(f"this needs a {' or '.join(kinds)} token", "wrong_role")
    return cached
