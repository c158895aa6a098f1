"""Admins manage clinics, doctors and admins: list, add, disable, enable, re-issue, import.

Each change is validated against the whole configuration, recorded durably
(teleconsult.admin.accounts), audited, and then every process reloads (the configuration
version in Redis), so a disabled account's token and page sessions stop working at once.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from teleconsult.admin import accounts
from teleconsult.api.admin import _audit
from teleconsult.api.appkeys import REDIS, SETTINGS
from teleconsult.api.auth import principal
from teleconsult.api.errors import BadRequest, Conflict, NotFound, UnsupportedMediaType
from teleconsult.api.json_io import json_response, read_json
from teleconsult.settings.load import reread
from teleconsult.settings.model import Settings
from teleconsult.settings.reader import ConfigError
from teleconsult.store import keys
from teleconsult.store.sessions import SessionStore

routes = web.RouteTableDef()
_FIELDS = {"clinic": {"name", "ae_titles", "zone", "fallback_charset", "return_ae",
                      "return_host", "return_port", "emergency", "community"},
           "doctor": {"name", "specialties", "subspecialties", "clinics", "zones", "capacity",
                      "supervisor", "shifts", "title", "expert", "community"},
           "admin": {"name"}, "screen": {"name"}}


class InvalidAccount(BadRequest):
    """A change the configuration's own rules refuse; the message names each problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("nothing was changed: " + "; ".join(problems), "invalid_account")


def _issued(made: accounts.Issued) -> dict:
    return {"kind": made.kind, "id": made.id, "token": made.token, "password": made.password}


async def _apply(request: web.Request, changes: list[dict]) -> int:
    settings = request.app[SETTINGS]
    try:
        await asyncio.to_thread(_record, settings, changes)
    except ConfigError as exc:
        raise InvalidAccount(exc.problems) from None
    return int(await request.app[REDIS].incr(keys.CONFIG_VERSION))


def _record(settings: Settings, changes: list[dict]) -> None:
    reread(settings, pending=changes)
    for change in changes:
        accounts.append(settings.data_dir, change)


@routes.get("/api/v1/admin/accounts")
async def list_accounts(request: web.Request) -> web.Response:
    principal(request, "admin")
    return json_response({"accounts": await asyncio.to_thread(accounts.listing,
                                                                request.app[SETTINGS])})


@routes.post("/api/v1/admin/accounts")
async def add_account(request: web.Request) -> web.Response:
    """``{"kind", "id", "name", …}``: 201 with the credentials, shown this once."""
    who = principal(request, "admin")
    body = await read_json(request)
    kind = body.get("kind") if isinstance(body, dict) else None
    if not isinstance(kind, str) or kind not in accounts.KINDS:
        raise BadRequest("send {\"kind\": \"clinic\"|\"doctor\"|\"admin\", \"id\", \"name\", …}",
                         "invalid_account")
    account_id = body.get("id")
    unknown = set(body) - _FIELDS[kind] - {"kind", "id", "password"}
    if not isinstance(account_id, str) or unknown:
        raise BadRequest(f"unknown fields {sorted(unknown)}" if unknown else "id is required",
                         "invalid_account")
    rows = accounts.listing(request.app[SETTINGS])
    taken = next((r["kind"] for r in rows if r["id"] == account_id), None)
    if taken is not None:  # ids are unique across kinds (the login looks them up in all)
        raise Conflict(f"{account_id!r} is already the id of a {taken}", "account_exists")
    password = body.get("password")
    if password is not None and not isinstance(password, str):
        raise BadRequest("password must be a string", "invalid_account")
    try:
        made, hashed = accounts.credentials(kind, account_id, password)
    except accounts.AccountError as exc:
        raise BadRequest(str(exc), "weak_password") from None
    entry = {k: v for k, v in body.items() if k in _FIELDS[kind]} | hashed
    version = await _apply(request, [accounts.change("put", kind, account_id, who.id, entry)])
    _audit(request, who, "account_added", kind=kind, id=account_id)
    return json_response({"account": {"kind": kind, "id": account_id},
                          "credentials": _issued(made), "version": version}, status=201)


@routes.post(r"/api/v1/admin/accounts/{kind:clinic|doctor|admin|screen}/{id}/{op:disable|enable|reset}")
async def change_account(request: web.Request) -> web.Response:
    who = principal(request, "admin")
    kind, account_id, op = (request.match_info[k] for k in ("kind", "id", "op"))
    rows = accounts.listing(request.app[SETTINGS])
    if not any(r["kind"] == kind and r["id"] == account_id for r in rows):
        raise NotFound(f"no {kind} {account_id!r}")
    if op == "disable" and kind == "admin" and not any(
            r["kind"] == "admin" and not r["disabled"] and r["id"] != account_id for r in rows):
        # the page could then never be used again; the command line can still do it
        raise Conflict("the last active admin cannot be disabled here", "last_admin")
    out: dict = {"account": {"kind": kind, "id": account_id}}
    entry: dict = {}
    if op == "reset":
        made, entry = accounts.credentials(kind, account_id)
        out["credentials"] = _issued(made)
    change = accounts.change("credentials" if op == "reset" else op, kind, account_id, who.id,
                             entry)
    out["version"] = await _apply(request, [change])
    if op != "enable":  # the old credentials' page sessions end with them
        out["sessions_ended"] = await SessionStore(request.app[REDIS]).end_all(kind, account_id)
    _audit(request, who, f"account_{op}", kind=kind, id=account_id)
    return json_response(out)


@routes.post("/api/v1/admin/accounts/import")
async def import_accounts(request: web.Request) -> web.Response:
    """Doctors and shifts from a CSV (text/csv) or .xlsx body; new doctors' credentials."""
    who = principal(request, "admin")
    kinds = {"text/csv": "doctors.csv",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "doctors.xlsx"}
    name = kinds.get(request.content_type)
    if name is None:
        raise UnsupportedMediaType("send text/csv or an .xlsx spreadsheet")
    body = await request.read()  # bounded by the route's body limit ([http] max_json_kb)
    settings = request.app[SETTINGS]
    try:
        _, issued = await asyncio.to_thread(accounts.import_doctors, settings, name, body, who.id)
    except accounts.AccountError as exc:
        raise BadRequest(str(exc), "invalid_import") from None
    except ConfigError as exc:
        raise InvalidAccount(exc.problems) from None
    version = int(await request.app[REDIS].incr(keys.CONFIG_VERSION))
    _audit(request, who, "accounts_imported", ids=[m.id for m in issued])
    return json_response({"credentials": [_issued(m) for m in issued], "version": version})
