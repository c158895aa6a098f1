"""Supervisors' JSON API: the overview, moving cases, escalations, roster overrides, reload.
Every change is appended to ``<data>/audit/admin.jsonl``."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import orjson
from aiohttp import web

from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case
from teleconsult.api.errors import BadRequest, Conflict, NotFound
from teleconsult.api.json_io import json_response, read_json
from teleconsult.api.params import query_int
from teleconsult.cases.record import transition
from teleconsult.core.times import iso
from teleconsult.routing import escalation, presence, roster_store
from teleconsult.routing.queue import QueueError
from teleconsult.routing.roster import on_shift
from teleconsult.settings.load import reread
from teleconsult.settings.people import parse_overrides
from teleconsult.settings.reader import ConfigError, Reader
from teleconsult.settings.terms import PRIORITIES
from teleconsult.store import events, keys, nodes
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()


def _audit(request: web.Request, who: Principal, action: str, **detail: object) -> None:
    storage = request.app[STORAGE]
    storage.append_jsonl(storage.root / "audit" / "admin.jsonl",
                         {"at": time.time(), "by": who.id, "action": action, **detail})


@routes.get("/api/v1/admin/overview")
async def overview(request: web.Request) -> web.Response:
    principal(request, "admin")
    settings, client, queue = request.app[SETTINGS], request.app[REDIS], request.app[QUEUE]
    doctors = roster_store.merged(settings, await roster_store.current(client, settings))
    online = await presence.online_ids(client, (d.id for d in doctors))
    at = datetime.now(UTC)
    specialties = sorted({s for d in doctors for s in d.specialties})
    queues = {}
    communities = settings.community_ids()
    for spec in specialties:
        # every community's queue of the specialty (one routing domain each)
        counts = {p: sum([await client.zcount(keys.queue(spec, c), i * 1e10,
                                              (i + 1) * 1e10 - 1) for c in communities])
                  for i, p in enumerate(PRIORITIES)}
        waiting = sorted([x for c in communities
                          for x in await queue.queued(spec, 50, community=c)],
                         key=lambda x: x[1])[:50]
        queued = [dict(_summary(await queue.state(cid)), case_id=cid,
                       community=keys.case_community(cid)) for cid, _ in waiting]
        queues[spec] = {"counts": counts, "cases": queued}
    staff = []
    for d in doctors:
        items = await queue.worklist(d.id, d.community)
        staff.append({"id": d.id, "name": d.name, "specialties": list(d.specialties),
                      "on_shift": on_shift(d, at, settings.timezone), "online": d.id in online,
                      "checked_out": bool(await client.exists(keys.checked_out(d.id))),
                      "capacity": d.capacity, "community": d.community,
                      "open_cases": [_worklist_entry(r) for r in items]})
    today = datetime.now(settings.timezone).date().isoformat()
    points = [orjson.loads(x) for x in await client.lrange(keys.turnaround(today), 0, -1)]
    turnaround = [{"case_id": p["case_id"], "priority": p["priority"],
                   "received_at": iso(p["received_at"]),
                   "signed_at": iso(p["signed_at"]),
                   "minutes": round((p["signed_at"] - p["received_at"]) / 60, 1)}
                  for p in points]
    return json_response({"queues": queues, "doctors": staff,
                          "escalations": await escalation.recent(client, 50),
                          "turnaround_today": turnaround, "at": iso(time.time()),
                          "nodes": await nodes.cluster(client)})


def _summary(state: dict) -> dict:
    rec = orjson.loads(state["summary"]) if state.get("summary") else {}
    return {"priority": state.get("priority"), "clinic": state.get("clinic"),
            # the name lets a supervisor tell the queued cases apart; no ID, birth date or sex
            "modality": rec.get("modality"),
            "patient": {"name": (rec.get("patient") or {}).get("name")},
            "received_at": iso(rec["received_at"]) if rec else None,
            "due_at": iso(rec["due_at"]) if rec else None,
            "level": int(state.get("level") or 0)}


def _worklist_entry(rec: dict) -> dict:
    return {"case_id": rec["case_id"], "priority": rec["priority"], "status": rec["status"],
            "modality": rec["modality"], "clinic": rec["clinic"],
            "patient": {"name": (rec.get("patient") or {}).get("name")},
            "due_at": iso(rec["due_at"])}


@routes.post("/api/v1/admin/cases/{case_id}/assign")
async def assign(request: web.Request) -> web.Response:
    who = principal(request, "admin")
    record, state = await load_case(request)
    body = await read_json(request)
    doctor = body.get("doctor") if isinstance(body, dict) else None
    settings = request.app[SETTINGS]
    if doctor not in settings.doctors:
        raise BadRequest("doctor must be the id of a configured doctor", "invalid_doctor")
    if record["specialty"] not in settings.doctors[doctor].specialties:
        raise BadRequest(f"{doctor} does not read {record['specialty']}", "wrong_specialty")
    community = keys.case_community(record["case_id"])
    if settings.doctors[doctor].community != community:
        raise BadRequest(f"{doctor} reads for community {settings.doctors[doctor].community!r},"
                         f" the case is of {community!r}", "wrong_community")
    reason = str(body.get("reason", ""))[:500]
    now = time.time()
    lease = settings.routing.priority_times[record["priority"]].lease_seconds
    queue = request.app[QUEUE]
    for _attempt in range(3):
        try:
            fence = await queue.move(record["case_id"], record["specialty"],
                                     state.get("owner", ""), doctor, now + lease)
            break
        except QueueError as exc:
            if exc.code != "stale_owner":
                raise
            state = await queue.state(record["case_id"])  # a router moved it meanwhile
    else:
        raise Conflict("the case keeps changing hands; try again", "stale_owner")
    request.app[STORAGE].append_history(record["case_id"], transition(
        "assigned", now, who.id, to=doctor, fence=fence, reason=reason or "supervisor"))
    _audit(request, who, "assign", case_id=record["case_id"], doctor=doctor, reason=reason)
    await events.publish(request.app[REDIS], "case_assigned", case_id=record["case_id"],
                         doctor=doctor, clinic=record["clinic"], priority=record["priority"])
    if state.get("owner") and state["owner"] != doctor:
        await events.publish(request.app[REDIS], "case_reassigning",
                             case_id=record["case_id"], doctor=state["owner"],
                             clinic=record["clinic"], reason="supervisor")
    return json_response({"case_id": record["case_id"], "assigned_to": doctor, "fence": fence})


@routes.get("/api/v1/admin/escalations")
async def escalations(request: web.Request) -> web.Response:
    principal(request, "admin")
    limit = query_int(request.query, "limit", 100, low=1, high=1000, code="invalid_limit")
    return json_response({"escalations": await escalation.recent(request.app[REDIS], limit)})


def _doctor(request: web.Request) -> str:
    doctor = request.match_info["doctor"]
    if doctor not in request.app[SETTINGS].doctors:
        raise NotFound("no such doctor")
    return doctor


@routes.get("/api/v1/admin/roster/{doctor}/overrides")
async def list_overrides(request: web.Request) -> web.Response:
    principal(request, "admin")
    doctor = _doctor(request)
    extra = (await roster_store.current(request.app[REDIS], request.app[SETTINGS])).get(
        doctor, ())
    configured = request.app[SETTINGS].doctors[doctor].overrides
    return json_response({"doctor": doctor,
                          "configured": [roster_store.override_to_json(o) for o in configured],
                          "added": [roster_store.override_to_json(o) for o in extra]})


@routes.post("/api/v1/admin/roster/{doctor}/overrides")
async def add_override(request: web.Request) -> web.Response:
    """Body: {"date": "YYYY-MM-DD", "off": true} or {"date", "start": "HH:MM", "end"}."""
    who = principal(request, "admin")
    doctor = _doctor(request)
    body = await read_json(request)
    r = Reader("request body")
    parsed = parse_overrides(r, [body], "override")
    if r.problems:
        raise BadRequest("; ".join(p.removeprefix("request body: ") for p in r.problems),
                         "invalid_override")
    await roster_store.add(request.app[REDIS], request.app[STORAGE], doctor, parsed[0], who.id,
                           time.time())
    _audit(request, who, "roster_override", doctor=doctor, **roster_store.override_to_json(
        parsed[0]))
    await request.app[REDIS].lpush(keys.ROUTE_WAKE, f"roster:{doctor}")
    return json_response(roster_store.override_to_json(parsed[0]), status=201)


@routes.delete("/api/v1/admin/roster/{doctor}/overrides/{date}")
async def remove_override(request: web.Request) -> web.Response:
    who = principal(request, "admin")
    doctor = _doctor(request)
    removed = await roster_store.remove_date(request.app[REDIS], request.app[STORAGE], doctor,
                                             request.match_info["date"], who.id, time.time())
    if not removed:
        raise NotFound("no override for that date")
    _audit(request, who, "roster_override_removed", doctor=doctor,
           date=request.match_info["date"])
    return json_response({"removed": removed})


@routes.post("/api/v1/admin/reload")
async def reload(request: web.Request) -> web.Response:
    """Validate the configuration file; if good, every process reloads it."""
    who = principal(request, "admin")
    settings = request.app[SETTINGS]
    try:
        reread(settings)
    except ConfigError as exc:
        _audit(request, who, "reload_refused", problems=exc.problems)
        return json_response({"error": {"code": "invalid_config",
                                        "message": "the configuration has errors; nothing "
                                                   "was reloaded"},
                              "problems": exc.problems}, status=400)
    version = await request.app[REDIS].incr(keys.CONFIG_VERSION)
    _audit(request, who, "reload", version=version)
    return json_response({"status": "reloading", "version": version})
