"""``/api/v1/admin/mpi/{community_id}``: the county's master patient index (admins only).

A registered identity outranks what studies claim when records are shared (see
``teleconsult.reporting.sharing``); every registration is audited.
"""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from teleconsult.api.appkeys import SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.errors import BadRequest, NotFound
from teleconsult.api.json_io import json_response, read_json
from teleconsult.reporting import mpi
from teleconsult.store import audit

routes = web.RouteTableDef()
_PATH = "/api/v1/admin/mpi/{community_id}"


@routes.put(_PATH)
async def register(request: web.Request) -> web.Response:
    """Body: {"name", "sex": "M"|"F"|"O", "birth_date": "YYYY-MM-DD", "home_clinic"?}."""
    who = principal(request, "admin")
    try:
        entry = mpi.validate(request.match_info["community_id"], await read_json(request))
    except mpi.InvalidEntry as exc:
        raise BadRequest(str(exc), "invalid_registration") from None
    if entry["home_clinic"] is not None and entry["home_clinic"] not in request.app[
            SETTINGS].clinics:
        raise BadRequest("home_clinic must be a configured clinic", "invalid_registration")
    record = await asyncio.to_thread(mpi.register, request.app[STORAGE], entry, who.id)
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "mpi_register",
        "patient": {"community_ids": [entry["community_id"]]}})
    return json_response(record, status=201)


@routes.get(_PATH)
async def show(request: web.Request) -> web.Response:
    who = principal(request, "admin")
    cid = mpi.norm_id(request.match_info["community_id"])
    found = await asyncio.to_thread(mpi.lookup, request.app[SETTINGS].data_dir, [cid])
    if cid not in found:
        raise NotFound("this community id is not registered", "not_registered")
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "mpi_read",
        "patient": {"community_ids": [cid]}})
    return json_response(found[cid])
