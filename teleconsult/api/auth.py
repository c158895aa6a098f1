"""Who is calling: bearer tokens (clinics, doctors, admins), compared by hash."""

from __future__ import annotations

from aiohttp import web

from teleconsult.api.appkeys import TOKENS
from teleconsult.api.errors import Forbidden, Unauthorized
from teleconsult.api.tokens import TokenIndex
from teleconsult.settings.model import Settings
from teleconsult.store.sessions import Principal

PRINCIPAL = web.RequestKey("principal", Principal)
# set by the web pages' session middleware (teleconsult.api.sessions), which also puts a
# cookie-authenticated caller in PRINCIPAL and checks its CSRF token
SESSION_EXPIRED = web.RequestKey("session_expired", bool)


def identify(settings: Settings, token: str) -> Principal | None:
    """Who ``token`` belongs to under ``settings`` (a request uses its app's ``TOKENS``)."""
    return TokenIndex(settings).identify(token)


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
        cached = request.app[TOKENS].identify(token.strip())
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
