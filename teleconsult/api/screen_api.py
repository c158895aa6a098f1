"""``GET /api/v1/screen``: what the big screen (智慧大屏) shows, aggregates only — never a
patient's name or ID. The live part comes from Redis (each clinic's cases today and its last
arrival, the latest arrivals, doctors on duty by specialty with what they hold and the queue,
every open STAT with its deadline, critical results not yet acknowledged); today's turnaround
percentiles and the last 30 days come from the statistics store. For the display account
(role ``screen``), admins and supervising doctors.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import orjson
from aiohttp import web

from teleconsult.api.appkeys import REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.errors import Forbidden
from teleconsult.api.json_io import json_response
from teleconsult.api.stats_api import StatsBusy, ask
from teleconsult.api.stats_api import service as stats_service
from teleconsult.core.times import iso
from teleconsult.reporting import reports
from teleconsult.routing import presence, roster_store
from teleconsult.routing.roster import on_shift
from teleconsult.settings.model import Settings
from teleconsult.store import keys

routes = web.RouteTableDef()

SENDING_SECONDS = 30 * 60  # a clinic whose last case came within this is "sending"
ARRIVALS = 12  # latest arrivals shown
MAX_STATS = 60  # open STATs listed (a county never has this many at once)


def _who_may(request: web.Request) -> None:
    who = principal(request, "screen", "admin", "doctor")
    doctor = request.app[SETTINGS].doctors.get(who.id) if who.kind == "doctor" else None
    if who.kind == "doctor" and not (doctor and doctor.supervisor):
        raise Forbidden("the big screen is for display accounts and supervisors",
                        "wrong_role")


def _modality(summary: bytes | None) -> tuple[str, float | None]:
    """(modality, due_at) from a case's summary; the patient in it is never passed on."""
    if not summary:
        return "", None
    rec = orjson.loads(summary)
    return rec.get("modality", ""), rec.get("due_at")


async def _clinics(request: web.Request, settings: Settings, day_start: float,
                   now: float) -> tuple[list[dict], list[tuple[float, str, str]]]:
    client = request.app[REDIS]
    pipe = client.pipeline(transaction=False)
    ids = list(settings.clinics)
    for cid in ids:
        pipe.zcount(keys.clinic_cases(cid), day_start, "+inf")
        pipe.zrevrangebyscore(keys.clinic_cases(cid), "+inf", day_start, start=0,
                              num=ARRIVALS, withscores=True)
    answers = await pipe.execute()
    tiles, latest = [], []
    for i, cid in enumerate(ids):
        count, recent = answers[2 * i], answers[2 * i + 1]
        last = recent[0][1] if recent else None
        state = "silent" if last is None else (
            "sending" if now - last <= SENDING_SECONDS else "today")
        tiles.append({"id": cid, "name": settings.clinics[cid].name,
                      "zone": settings.clinics[cid].zone, "arrivals": count,
                      "last_arrival": iso(last) if last else None, "state": state})
        latest += [(score, m.decode(), cid) for m, score in recent]
    latest.sort(reverse=True)
    return tiles, latest[:ARRIVALS]


async def _arrivals(request: web.Request, settings: Settings,
                    latest: list[tuple[float, str, str]]) -> list[dict]:
    pipe = request.app[REDIS].pipeline(transaction=False)
    for _, case_id, _ in latest:
        pipe.hmget(keys.case(case_id), "summary", "priority", "status")
    out = []
    for (at, _, cid), (summary, priority, status) in zip(latest, await pipe.execute(),
                                                         strict=True):
        modality, _ = _modality(summary)
        out.append({"at": iso(at), "clinic": settings.clinics[cid].name, "modality": modality,
                    "priority": (priority or b"").decode(),
                    "status": (status or b"").decode()})
    return out


async def _duty(request: web.Request, settings: Settings) -> list[dict]:
    """Per specialty: the queue and each doctor on shift with what they hold."""
    client = request.app[REDIS]
    doctors = roster_store.merged(settings, await roster_store.current(client, settings))
    now = datetime.now(UTC)
    on = [d for d in doctors if on_shift(d, now, settings.timezone)]
    online = await presence.online_ids(client, (d.id for d in on))
    specialties = sorted({s for d in doctors for s in d.specialties})
    communities = settings.community_ids()
    pipe = client.pipeline(transaction=False)
    for spec in specialties:
        for c in communities:
            pipe.zcard(keys.queue(spec, c))
    for d in on:
        pipe.zcard(keys.doctor_cases(d.id, d.community))
    counts = await pipe.execute()
    n = len(communities)
    held = dict(zip((d.id for d in on), counts[n * len(specialties):], strict=True))
    return [{"specialty": spec, "queued": sum(counts[n * i:n * (i + 1)]),
             "doctors": [{"name": d.name, "online": d.id in online, "open": held[d.id]}
                         for d in on if spec in d.specialties]}
            for i, spec in enumerate(specialties)]


async def _stats_open(request: web.Request, settings: Settings) -> list[dict]:
    """Every open STAT with its deadline, the most urgent first."""
    client = request.app[REDIS]
    ids = [m.decode() for c in settings.community_ids()
           for m in await client.zrange(keys.deadlines(c), 0, -1)]
    pipe = client.pipeline(transaction=False)
    for cid in ids:
        pipe.hmget(keys.case(cid), "priority", "status", "owner", "clinic", "summary")
    out = []
    for priority, status, owner, clinic, summary in await pipe.execute():
        if priority != b"stat":
            continue
        modality, due = _modality(summary)
        doctor = settings.doctors.get((owner or b"").decode())
        clinic_id = (clinic or b"").decode()
        out.append({"clinic": settings.clinics[clinic_id].name
                    if clinic_id in settings.clinics else clinic_id,
                    "modality": modality, "status": (status or b"").decode(),
                    "doctor": doctor.name if doctor else None,
                    "due_at": iso(due) if due else None, "_due": due or 0})
    out.sort(key=lambda x: x.pop("_due"))
    return out[:MAX_STATS]


async def _critical(request: web.Request, settings: Settings) -> list[dict]:
    """Critical results the clinic has not acknowledged yet, the oldest first."""
    rids = [m.decode() for m in await request.app[REDIS].zrange(keys.CRITICAL_DUE, 0, 49)]
    storage = request.app[STORAGE]
    found = await asyncio.to_thread(lambda: [reports.load(storage, rid) for rid in rids])
    out = [{"clinic": settings.clinics[r["clinic"]].name if r["clinic"] in settings.clinics
            else r["clinic"], "modality": r.get("modality", ""), "signed_at": r["signed_at"]}
           for r in found if r]
    return sorted(out, key=lambda x: x["signed_at"])


@routes.get("/api/v1/screen")
async def screen(request: web.Request) -> web.Response:
    _who_may(request)
    settings = request.app[SETTINGS]
    now = time.time()
    local = datetime.fromtimestamp(now, settings.timezone)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    tiles, latest = await _clinics(request, settings, day_start, now)
    try:
        stored = await ask(stats_service().screen, settings, now)
    except StatsBusy:
        # the live parts still show; the percentiles come back with the store
        stored = {"today": [], "trend": []}
    return json_response({
        "at": iso(now), "community": settings.community_name, "day": local.date(),
        "clinics": tiles, "arrivals": await _arrivals(request, settings, latest),
        "duty": await _duty(request, settings),
        "stat": await _stats_open(request, settings),
        "critical": await _critical(request, settings),
        "today": stored["today"], "trend": stored["trend"],
        "trend_from": local.date() - timedelta(days=29)})


ENDPOINTS = [
    ("get", "/api/v1/screen", "The big screen's aggregates: clinics today (arrivals, last "
     "arrival, sending), latest arrivals, doctors on duty by specialty with queue depth, open "
     "STATs with deadlines, unacknowledged critical results, today's turnaround percentiles, "
     "the last 30 days; never a patient's name or ID", "screen, admin, supervising doctor",
     None, 200, {"type": "object"}),
]
