"""Doctors' side of the JSON API: worklist, case detail, claim, release, sign."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as dtime

import orjson
from aiohttp import web

from teleconsult.api import consult_api as consult
from teleconsult.api import reading
from teleconsult.api import review_api as review
from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE, WORKLIST_ITEMS
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case, may_read_case
from teleconsult.api.errors import BadRequest, Conflict, Forbidden, NotFound
from teleconsult.api.json_io import json_response, read_json
from teleconsult.api.params import int_arg
from teleconsult.api.patients import shared_history
from teleconsult.api.worklist_items import Shaped, shaped
from teleconsult.cases import drafts
from teleconsult.cases.priority import rank
from teleconsult.cases.record import OPEN_STATUSES, current_status, transition
from teleconsult.core.times import iso
from teleconsult.reporting import consultations, reports, signing
from teleconsult.routing import presence
from teleconsult.routing.queue import CaseQueue, QueueError
from teleconsult.store import events, keys, metrics, replication
from teleconsult.store.sessions import Principal

routes = web.RouteTableDef()


def _worklist_item(rec: dict) -> dict:
    keep = ("case_id", "study_instance_uid", "patient", "modality", "specialty", "priority",
            "clinic", "status", "assigned_to", "fence", "instance_count", "clinical_note")
    item = {k: rec.get(k) for k in keep}
    item["kind"] = rec.get("kind") or "read"  # read | review (consultations: their own list)
    if item["kind"] == "review":
        item["writer"] = rec.get("writer")
    item["study_description"] = rec.get("study", {}).get("study_description", "")
    item["machine_flags"] = rec.get("machine_flags") or []  # e.g. a suspected STEMI
    item["received_at"] = iso(rec["received_at"])
    item["due_at"] = iso(rec["due_at"])
    return item


def shape_for_worklist(summary: dict) -> Shaped:
    """A worklist item from a case's stored summary, encoded (``ItemCache`` keeps it), and
    its place in the worklist: priority, then arrival time as stored (the shaped one is an
    ISO string of the same instant)."""
    item = _worklist_item(summary)
    return shaped(item, (rank(item["priority"]), summary["received_at"]))


def public_status(state: dict) -> str | None:
    """The case's status as its clinic and readers see it: ``preliminary`` while a signed
    preliminary awaits review (the review item's own routing state is ``review_status``)."""
    if state.get("kind") == "review" and state.get("status") in OPEN_STATUSES:
        return "preliminary"
    return state.get("status")


def _review_status(state: dict) -> str | None:
    if state.get("kind") == "review" and state.get("status") in OPEN_STATUSES:
        return state["status"]
    return None


async def _consultation_items(request: web.Request, expert: str) -> list[dict]:
    """An expert's worklist: the consultations of their pools (kind ``consultation``)."""
    storage = request.app[STORAGE]
    items = await consultations.worklist(request.app[REDIS], storage,
                                         request.app[SETTINGS].consult_pools, expert,
                                         time.time())
    out = []
    for c in items:
        record = storage.read_case(c["case_id"])
        if record is None:
            continue
        item = _worklist_item(dict(record, status=c["status"], assigned_to=c["claimed_by"]))
        item.update(kind="consultation", priority=c["urgency"],
                    consultation=consultations.public(c), due_at=iso(c["due_at"]))
        out.append(item)
    out.sort(key=lambda i: (rank(i["priority"]), i["due_at"]))
    return out


@routes.get("/api/v1/worklist")
async def worklist(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    routing, client = request.app[SETTINGS].routing, request.app[REDIS]
    expert = request.app[SETTINGS].doctors[who.id].expert
    community = request.app[SETTINGS].doctors[who.id].community
    # polling the worklist is what makes an on-shift doctor count as online: the presence
    # script and the poll's first step go in one round trip
    now = time.time()
    pipe = client.pipeline(transaction=False)
    presence.seen_into(pipe, who.id, routing.presence_seconds)
    if not expert:
        CaseQueue.poll_into(pipe, who.id, now, community)
    came, *polled = await pipe.execute()
    await presence.after_seen(client, who.id, came)
    if expert:
        return json_response({"doctor": who.id, "items": await _consultation_items(request,
                                                                                   who.id)})
    cases = await request.app[QUEUE].poll_read(polled[0], now, {
        p: t.lease_seconds for p, t in routing.priority_times.items()}, community)
    cache = request.app[WORKLIST_ITEMS]
    held = sorted(((cache.item(c.case_id, c.summary), c) for c in cases),
                  key=lambda sc: sc[0].order)
    # what Redis says of each case now; the summary's priority, as the item has always shown
    per_poll = [{"case_id": c.case_id, "priority": s.priority, "status": c.status,
                 "assigned_to": c.owner, "fence": c.fence} for s, c in held]
    await reading.add_read_clocks(request, per_poll)  # the read timer's clock
    return json_response({"doctor": who.id, "items": [
        s.item(p) for (s, _), p in zip(held, per_poll, strict=True)]})


@routes.get("/api/v1/cases/{case_id}")
async def get_case(request: web.Request) -> web.Response:
    who = principal(request)
    record, state = await load_case(request)
    storage = request.app[STORAGE]
    case_reports = storage.reports(record["case_id"])
    history = storage.history(record["case_id"])
    # earlier readers keep a read-only view (a handed-over case, a lease that ran out)
    if not may_read_case(who, record, state, consult.readers_and_experts(request, record)):
        raise Forbidden("this case is not routed to you", "not_yours")
    body = dict(record)
    body.update(
        status=public_status(state) or current_status(history),
        kind=state.get("kind") or "read", review_status=_review_status(state),
        assigned_to=state.get("owner") or None, fence=int(state.get("fence") or 0),
        received_at=iso(record["received_at"]), due_at=iso(record["due_at"]),
        created_at=iso(record["created_at"]),
        history=[dict(h, at=iso(h["at"])) for h in history],
        reports=[reports.public(r) for r in case_reports],
        consultations=[consultations.public(c)
                       for c in consultations.of_case(storage, record["case_id"])],
        priors=await _priors(request, who, record),
    )
    await reading.add_read_clocks(request, [body])
    return json_response(body)


async def _priors(request: web.Request, who: Principal, record: dict) -> list[dict]:
    """The patient's other studies across the community, with their reports (audited when
    they are another facility's)."""
    pid = record["patient"].get("id")
    if not pid:
        return []
    key = keys.patient_cases(f"{record['clinic']}:{pid}")
    own = {m.decode() for m in await request.app[REDIS].smembers(key)} | {record["case_id"]}
    # a doctor reads a case routed to them; anyone else (the clinic, an admin) sees another
    # facility's record here only once it was asked for with a reason (patient history)
    items, _ = await shared_history(request, who, record["clinic"], pid, own,
                                    f"reading case {record['case_id']}",
                                    first_look="allow" if who.kind == "doctor" else "withhold")
    return [i for i in items if i["case_id"] != record["case_id"]]


async def _note_turnaround(request: web.Request, record: dict, signed: float) -> None:
    """Today's turnaround points for the supervisor's chart (kept three days)."""
    day = datetime.fromtimestamp(signed, request.app[SETTINGS].timezone).date().isoformat()
    key = keys.turnaround(day)
    await request.app[REDIS].rpush(key, orjson.dumps({
        "case_id": record["case_id"], "priority": record["priority"],
        "received_at": record["received_at"], "signed_at": signed}))
    await request.app[REDIS].expire(key, 3 * 86400)


def _late(request: web.Request, record: dict, who: str, exc: QueueError) -> Exception:
    """A refusal to a doctor who held the case before it was reassigned is a 409."""
    if exc.code == "not_owner" and any(
            h.get("to") == who for h in request.app[STORAGE].history(record["case_id"])):
        return Conflict("the case was reassigned to someone else", "stale_fence")
    return exc


async def _fence_arg(request: web.Request) -> int | None:
    raw = request.query.get("fence")
    if raw is None:
        return None
    return int_arg(raw, "fence", code="invalid_fence")


@routes.get("/api/v1/clinic/cases")
async def clinic_cases(request: web.Request) -> web.Response:
    """The calling clinic's studies received on a day (default today), newest first, with
    where each one is: queued, with whom, reported."""
    who = principal(request, "clinic")
    tz = request.app[SETTINGS].timezone
    raw = request.query.get("date") or datetime.now(tz).date().isoformat()
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadRequest("date must be YYYY-MM-DD", "invalid_date") from None
    start = datetime.combine(day, dtime(0), tz).timestamp()
    end = (datetime.combine(day, dtime(0), tz) + timedelta(days=1)).timestamp()
    ids = [m.decode() for m in await request.app[REDIS].zrevrangebyscore(
        keys.clinic_cases(who.id), end, start, start=0, num=1000)]
    storage, queue = request.app[STORAGE], request.app[QUEUE]
    items = []
    for cid in ids:
        record = storage.read_case(cid)
        if record is None:
            continue
        state = await queue.state(cid)
        items.append({
            "case_id": cid, "study_instance_uid": record["study_instance_uid"],
            "patient": record["patient"], "modality": record["modality"],
            "priority": record["priority"], "received_at": iso(record["received_at"]),
            "due_at": iso(record["due_at"]), "status": public_status(state),
            "assigned_to": state.get("owner") or None,
            "reports": [r["report_id"] for r in storage.reports(cid)],
            # the experts' answers come back to the clinic too (上级会诊)
            "consultations": [{k: c.get(k) for k in ("consultation_id", "status", "pool_name",
                                                     "opinion", "recommendation")}
                              for c in consultations.of_case(storage, cid)]})
    return json_response({"clinic": who.id, "date": day.isoformat(), "cases": items})


@routes.post("/api/v1/cases/{case_id}/claim")
async def claim(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    record, state = await load_case(request)
    if state.get("status") == "queued":  # offered by a page that followed the case
        await reading.take_queued(request, who, record, state)
    try:
        fence = await request.app[QUEUE].owner_step(record["case_id"], who.id, "in_review",
                                                    await _fence_arg(request))
    except QueueError as exc:
        raise _late(request, record, who.id, exc) from None
    now = time.time()
    request.app[STORAGE].append_history(record["case_id"], transition(
        "in_review", now, who.id, fence=fence))
    await reading.after_claim(request, record, now)
    return json_response({"case_id": record["case_id"], "status": "in_review", "fence": fence})


@routes.post("/api/v1/cases/{case_id}/release")
async def release(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    record, state = await load_case(request)
    reason = ""
    if request.body_exists:
        body = await read_json(request)
        reason = str(body.get("reason", ""))[:500] if isinstance(body, dict) else ""
    if state.get("status") not in OPEN_STATUSES:
        raise NotFound("no such open case")
    try:
        await request.app[QUEUE].requeue(record["case_id"], record["specialty"], who.id,
                                         doctor=who.id, fence=await _fence_arg(request))
    except QueueError as exc:
        raise _late(request, record, who.id, exc) from None
    request.app[STORAGE].append_history(record["case_id"], transition(
        "queued", time.time(), who.id, reason=reason or "released"))
    redis = request.app[REDIS]
    await redis.lpush(keys.ROUTE_WAKE, record["case_id"])
    await events.publish(redis, "case_released", case_id=record["case_id"], doctor=who.id)
    return json_response({"case_id": record["case_id"], "status": "queued"})


@routes.post("/api/v1/cases/{case_id}/report")
async def sign_report(request: web.Request) -> web.Response:
    who = principal(request, "doctor")
    record, state = await load_case(request)
    try:
        fields = signing.parse_report(await read_json(request))
    except signing.InvalidReport as exc:
        raise BadRequest(str(exc), "invalid_report") from None
    try:
        key = signing.check_key(request.headers.get(signing.IDEMPOTENCY_HEADER))
    except ValueError as exc:
        raise BadRequest(str(exc), "invalid_idempotency_key") from None
    settings = request.app[SETTINGS]
    doctor = settings.doctors[who.id]
    now = time.time()
    review.plan_signing(settings, record, state, doctor, fields, now)
    since = await replication.mark(request.app[REDIS], settings.redis)
    try:
        report, created = await signing.sign_once(
            request.app[STORAGE], request.app[QUEUE], record, who.id, doctor.name, fields, now,
            key)
    except signing.KeyReused as exc:
        raise Conflict(str(exc), "idempotency_key_reused") from None
    except QueueError as exc:
        raise _late(request, record, who.id, exc) from None
    # on replicas before the 201: a failover must not lose it (a retry finishes it)
    await replication.confirm(request.app[REDIS], settings.redis, since)
    drafts.consume(request.app[STORAGE], record["case_id"])  # signing takes the draft
    if not created:  # a repeat of an earlier request: its version, nothing new
        response = json_response(reports.public(report), status=200)
        response.headers["Idempotent-Replayed"] = "true"
        return response
    if report["version"] == 1:
        await metrics.observe(request.app[REDIS], "time_to_report", record["priority"],
                              now - record["received_at"])
        await _note_turnaround(request, record, now)
    return json_response(reports.public(report), status=201)
