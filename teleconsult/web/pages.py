"""The web pages: login/logout and the shells of the worklist, case, desk and supervisor pages.

Everything on a page after the shell comes from the JSON API and DICOMweb, called by the
page's ES module with the session cookie (see ``sessions.session_middleware``).
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit

from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS
from teleconsult.api.login_guard import LoginGuard
from teleconsult.api.sessions import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION,
    LoginRefused,
    check_login,
    read_form,
    set_cookie,
    store_for,
)
from teleconsult.store.sessions import Session
from teleconsult.web import templates

STATIC_DIR = Path(__file__).parent / "static"
HOME = {"doctor": "/worklist", "clinic": "/desk", "admin": "/supervisor", "screen": "/screen"}
_HEADERS = {
    # wasm-unsafe-eval: the image viewer's codecs (JPEG 2000, JPEG-LS…) are WebAssembly
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                               "img-src 'self' data: blob:; "
                               "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
_URL_IGNORED = dict.fromkeys(map(ord, "\t\n\r"))  # what the URL parser of a browser strips
routes = web.RouteTableDef()


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html",
                        headers=_HEADERS)


def safe_next(target: str) -> str:
    """Only a path on this site may be a redirect target ("" otherwise).

    Judged as a browser would read it: browsers drop tab, CR and LF anywhere in a URL and
    treat ``\\`` as ``/``, so ``/<TAB>/evil.example`` and ``/\\evil.example`` are both
    ``//evil.example``, another site. Those characters are removed (or refused) first.
    """
    cleaned = target.translate(_URL_IGNORED).strip("\x00- ")
    if (not cleaned.startswith("/") or cleaned.startswith("//") or "\\" in cleaned
            or any(ord(c) < 0x20 or c == "\x7f" for c in cleaned)):
        return ""
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return ""
    return quote(cleaned, safe="/?&=%#:@!$'()*+,;~-._")


def _login_form(request: web.Request, message: str = "", status: int = 200,
                next_url: str = "", user: str = "") -> web.Response:
    csrf = secrets.token_urlsafe(24)
    response = _html(templates.login(csrf, next_url, message, user), status)
    set_cookie(request, response, LOGIN_CSRF_COOKIE, csrf, max_age=3600)
    return response


def _directory(request: web.Request) -> dict[str, object]:
    """Display names of the community's clinics, doctors and expert pools (the API speaks in
    ids), and which accounts are experts (their case page shows the consultation)."""
    settings = request.app[SETTINGS]
    return {"clinics": {c.id: c.name for c in settings.clinics.values()},
            "doctors": {d.id: d.name for d in settings.doctors.values()},
            "pools": {p.id: p.name for p in settings.consult_pools.values()},
            "experts": sorted(d.id for d in settings.doctors.values() if d.expert)}


def _shell(request: web.Request, page_name: str, *kinds: str) -> web.Response:
    session = _signed_in(request, *kinds)
    return _html(templates.page(session, page_name, page_name, _directory(request)))


def _signed_in(request: web.Request, *kinds: str) -> Session:
    """The page's session, or a redirect to the login (or to the caller's own home page)."""
    session = request.get(SESSION)
    if session is None:
        expired = "&expired=1" if request.cookies.get(COOKIE) else ""
        raise web.HTTPSeeOther(f"/login?next={quote(request.path_qs)}{expired}")
    if session.principal.kind not in kinds:
        raise web.HTTPSeeOther(HOME[session.principal.kind])
    return session


@routes.get("/")
async def root(request: web.Request) -> web.Response:
    session = request.get(SESSION)
    raise web.HTTPSeeOther(HOME[session.principal.kind] if session else "/login")


@routes.get("/login")
async def login_page(request: web.Request) -> web.Response:
    message = "expired" if request.query.get("expired") else ""
    if request.query.get("bye"):
        message = "logged_out"
    return _login_form(request, message, next_url=safe_next(request.query.get("next", "")))


@routes.post("/login")
async def login(request: web.Request) -> web.Response:
    form = await read_form(request)
    user, next_url = str(form.get("user", "")), safe_next(str(form.get("next", "")))
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    sent = str(form.get("csrf", ""))
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        return _login_form(request, "form_expired", 403, next_url, user)
    store = store_for(request)
    try:
        who = await check_login(request.app[SETTINGS], LoginGuard(request.app[REDIS]), user,
                                str(form.get("password", "")), request.remote or "unknown")
    except LoginRefused as exc:
        if exc.reason == "bad_credentials":
            return _login_form(request, exc.reason, 401, next_url, user)
        response = _login_form(request, exc.reason, 429, next_url, user)
        response.headers["Retry-After"] = "2" if exc.reason == "slow_down" else "900"
        return response
    old = request.cookies.get(COOKIE)
    if old:
        await store.drop(old)  # a fresh token on every login (no session fixation)
    session = await store.create(who)
    response = web.HTTPSeeOther(next_url or HOME[who.kind])
    set_cookie(request, response, COOKIE, session.token)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    raise response


@routes.post("/logout")
async def logout(request: web.Request) -> web.Response:
    # the session middleware has checked the form's CSRF token before we get here
    token = request.cookies.get(COOKIE)
    if token and request.get(SESSION) is not None:
        await store_for(request).drop(token)
    response = web.HTTPSeeOther("/login?bye=1")
    response.del_cookie(COOKIE, path="/")
    raise response


@routes.get("/worklist")
async def worklist_page(request: web.Request) -> web.Response:
    return _shell(request, "worklist", "doctor")


def _phone(request: web.Request) -> bool:
    """A phone's browser (the page deep link opened at home): its User-Agent says Mobile;
    ``?view=desk`` asks for the desktop page anyway."""
    return ("Mobi" in request.headers.get("User-Agent", "")
            and request.query.get("view") != "desk")


@routes.get("/cases/{case_id}")
async def case_page(request: web.Request) -> web.Response:
    if _phone(request):
        return _shell(request, "phone_case", "doctor", "admin")
    return _shell(request, "case", "doctor", "admin")


@routes.get("/m/cases/{case_id}")
async def phone_case_page(request: web.Request) -> web.Response:
    """The case page made for a phone (same APIs, rules and audit as the desktop page)."""
    return _shell(request, "phone_case", "doctor", "admin")


@routes.get("/desk")
async def desk_page(request: web.Request) -> web.Response:
    return _shell(request, "desk", "clinic")


@routes.get("/supervisor")
async def supervisor_page(request: web.Request) -> web.Response:
    return _shell(request, "supervisor", "admin")


@routes.get("/screen")
async def screen_page(request: web.Request) -> web.Response:
    """The big screen (智慧大屏): the display account, admins and supervising doctors."""
    session = _signed_in(request, "screen", "admin", "doctor")
    _supervisor_only(request, session)
    return _html(templates.screen(session, request.app[SETTINGS].community_name))


@routes.get("/stats")
async def stats_page(request: web.Request) -> web.Response:
    """Statistics (质控与绩效) with the exports: admins and supervising doctors."""
    session = _signed_in(request, "admin", "doctor")
    _supervisor_only(request, session)
    return _html(templates.page(session, "stats", "stats", _directory(request)))


def _supervisor_only(request: web.Request, session: Session) -> None:
    who = session.principal
    doctor = request.app[SETTINGS].doctors.get(who.id) if who.kind == "doctor" else None
    if who.kind == "doctor" and not (doctor and doctor.supervisor):
        raise web.HTTPSeeOther(HOME["doctor"])


@routes.get("/history")
async def history_page(request: web.Request) -> web.Response:
    """Reading history: a doctor's own signed reports, or (admin) everyone's."""
    return _shell(request, "history", "doctor", "admin")


@routes.get("/patients/{patient_id}")
async def patient_page(request: web.Request) -> web.Response:
    """One patient's imaging, ECG, lab and pathology across the community (the clinic by its
    own patient id; a doctor with ?case_id= of a case routed to them; an admin ?clinic=)."""
    return _shell(request, "patient", "clinic", "doctor", "admin")


@routes.get("/favicon.ico")
async def favicon(request: web.Request) -> web.FileResponse:
    """Browsers ask for it on every page; a 404 each time is noise in the log and the audit."""
    return web.FileResponse(STATIC_DIR / "favicon.ico", headers={
        "Content-Type": "image/x-icon", "Cache-Control": "public, max-age=86400"})


def setup(app: web.Application) -> None:
    """Add the pages and ``/static`` (plain ES modules and CSS, no build step)."""
    app.add_routes(routes)
    app.router.add_static("/static", STATIC_DIR)
