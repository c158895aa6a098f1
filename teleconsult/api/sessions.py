"""The web pages' sessions at the HTTP edge: the cookie, login checks, lockout and CSRF.

The cookie holds only a random token; Redis holds ``sha256(token)`` → who + CSRF token, with
an idle expiry (``teleconsult.store.sessions``). A cookie-authenticated request that changes
anything must carry the session's CSRF token (``X-CSRF-Token`` header, or a ``csrf`` form
field); bearer-token callers are not affected (a browser never sends ``Authorization`` on
its own).
"""

from __future__ import annotations

import asyncio
import hmac
import secrets

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from multidict import MultiDictProxy

from teleconsult.api.appkeys import REDIS, SETTINGS
from teleconsult.api.auth import PRINCIPAL, SESSION_EXPIRED
from teleconsult.api.errors import BadRequest, Forbidden
from teleconsult.api.login_guard import LOCKED, OK, LoginGuard
from teleconsult.settings.model import Settings
from teleconsult.store.sessions import Principal, Session, SessionStore

COOKIE = "tc_session"
LOGIN_CSRF_COOKIE = "tc_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_EXEMPT = frozenset({"/login"})  # the login form has its own pre-session token
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_HASHER = PasswordHasher()
# verified against when the user is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


SESSION = web.RequestKey("session", Session)


class LoginRefused(Exception):
    """``reason``: ``bad_credentials``, ``locked`` (this address, this account) or
    ``slow_down`` (the account is being guessed at from elsewhere: try again shortly)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def find_account(settings: Settings, user: str) -> tuple[Principal, str | None] | None:
    for kind, table in (("doctor", settings.doctors), ("clinic", settings.clinics),
                        ("admin", settings.admins), ("screen", settings.screens)):
        item = table.get(user)
        if item is not None:
            return Principal(kind, item.id, item.name), item.password_hash
    return None


def verify_password(password_hash: str | None, password: str) -> bool:
    """argon2id check (slow on purpose: run it in a thread)."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


async def check_login(settings: Settings, guard: LoginGuard, user: str, password: str,
                      address: str) -> Principal:
    """The account for ``user``/``password``, or LoginRefused; each attempt is counted
    (per account and source address) before the password is checked."""
    user = user.strip()[:64]
    attempt = await guard.begin(user, address)
    if attempt.verdict != OK:
        raise LoginRefused(attempt.verdict)
    account = find_account(settings, user)
    ok = await asyncio.to_thread(verify_password, account[1] if account else None, password)
    if not ok or account is None:
        last = attempt.count >= guard.limits.max_failures
        raise LoginRefused(LOCKED if last else "bad_credentials")
    await guard.succeeded(user, address)
    return account[0]


def store_for(request: web.Request) -> SessionStore:
    return SessionStore(request.app[REDIS])


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", path="/",
                        secure=request.secure, max_age=max_age)


async def read_form(request: web.Request) -> MultiDictProxy:
    """The request's form fields, or 400 ``invalid_form`` when the body is no form.

    aiohttp's parsers fail with whatever is at hand (a missing boundary is a ValueError, an
    unknown charset a LookupError, a bad part header an HttpProcessingError, an unknown
    transfer encoding a RuntimeError): a caller's mistake, answered as one.
    """
    try:
        return await request.post()
    except (ValueError, LookupError, RuntimeError, AssertionError,
            HttpProcessingError) as exc:
        raise BadRequest(f"the form could not be read ({type(exc).__name__})",
                         "invalid_form") from None


async def _csrf_token_sent(request: web.Request) -> str:
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.content_type in _FORMS:
        sent = str((await read_form(request)).get("csrf", ""))
    return sent


@web.middleware
async def session_middleware(request: web.Request, handler) -> web.StreamResponse:
    """Cookie → Principal (when no Authorization header), and CSRF on unsafe methods."""
    token = request.cookies.get(COOKIE)
    if token and "Authorization" not in request.headers:
        store = store_for(request)
        session = await store.load(token)
        account = session and find_account(request.app[SETTINGS], session.principal.id)
        if session is not None and (account is None or account[0].kind !=
                                    session.principal.kind):
            # the account was removed (or changed kind) by a reload: the session ends too
            await store.drop(token)
            session = None
        if session is None:
            request[SESSION_EXPIRED] = True
        else:
            request[PRINCIPAL] = session.principal
            request[SESSION] = session
            if request.method in UNSAFE_METHODS and request.path not in CSRF_EXEMPT:
                sent = await _csrf_token_sent(request)
                if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                    raise Forbidden(f"send the page's {CSRF_HEADER}", "csrf_failed")
    return await handler(request)
