"""Two-level reporting at the HTTP edge: the stage a signing may take (403
``review_required`` when the community's rules send the writer's report to review), and
the reviewer's answer ``POST /api/v1/cases/{case_id}/review`` (approve, revise, return)."""

from __future__ import annotations

import time
from datetime import datetime

from aiohttp import web

from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import load_case
from teleconsult.api.errors import BadRequest, Conflict, Forbidden
from teleconsult.api.json_io import json_response, read_json
from teleconsult.cases import drafts
from teleconsult.cases.record import OPEN_STATUSES, transition
from teleconsult.reporting import reports, review_rules, signing
from teleconsult.settings.model import Doctor, Settings
from teleconsult.store import events, keys, replication

routes = web.RouteTableDef()
_MAX_COMMENT = 2000


def plan_signing(settings: Settings, record: dict, state: dict, doctor: Doctor, fields: dict,
                 now: float) -> None:
    """Check the requested stage against the rule table and add to ``fields`` where a
    preliminary goes (review plan, released to the clinic at once or not)."""
    if state.get("kind") == "review" and state.get("status") in OPEN_STATUSES \
            and state.get("owner") == doctor.id:
        raise Conflict("this case awaits your review: answer it with POST "
                       f"/api/v1/cases/{record['case_id']}/review", "wrong_state")
    local = datetime.fromtimestamp(now, settings.timezone)
    rule = review_rules.review_rule(settings.review, doctor, record["modality"],
                                    record["priority"], local)
    if fields["stage"] == "final" and rule is not None:
        who = rule.min_reviewer_title.replace("_", " ")
        raise Forbidden(f"this {record['modality']} report by a {doctor.title.replace('_', ' ')} "
                        f"needs review (by {who} or above): sign it with "
                        '"stage": "preliminary"', "review_required")
    if fields["stage"] == "preliminary":
        fields["to_review"] = review_rules.review_plan(
            settings.review, rule, record["priority"], now,
            settings.routing.sla_warning_fraction)
        fields["release"] = review_rules.released_at_once(settings.review, record["priority"])


def _parse(body: object) -> dict:
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object", "invalid_review")
    decision, grade = body.get("decision"), body.get("grade")
    if decision not in review_rules.DECISIONS:
        raise BadRequest(f"decision must be one of {', '.join(review_rules.DECISIONS)}",
                         "invalid_review")
    if grade not in review_rules.GRADES:
        raise BadRequest(f"grade must be one of {', '.join(review_rules.GRADES)}",
                         "invalid_review")
    out = {"decision": decision, "grade": grade}
    for name in ("findings", "impression", "comment"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise BadRequest(f"{name} must be a string", "invalid_review")
        if value is not None and len(value) > (_MAX_COMMENT if name == "comment" else 20_000):
            raise BadRequest(f"{name} is too long", "invalid_review")
        out[name] = value.strip() if isinstance(value, str) else None
    critical = body.get("critical")
    if critical is not None and not isinstance(critical, bool):
        raise BadRequest("critical must be true or false", "invalid_review")
    out["critical"] = critical
    if decision == "revise" and out["findings"] is None and out["impression"] is None:
        raise BadRequest("a revision needs findings or an impression", "invalid_review")
    if decision == "return" and not out["comment"]:
        raise BadRequest("say what the writer should change (comment)", "invalid_review")
    return out


def _preliminary(request: web.Request, record: dict, state: dict, who: str) -> dict:
    """The preliminary under review, once the caller is its reviewer."""
    if state.get("kind") != "review" or state.get("status") not in OPEN_STATUSES:
        raise Conflict("this case is not awaiting review", "wrong_state")
    if state.get("owner") != who:
        raise Forbidden("this review is not routed to you", "not_yours")
    previous = request.app[STORAGE].reports(record["case_id"])
    if not previous or previous[-1].get("stage") != "preliminary":
        raise Conflict("this case has no preliminary report to review", "wrong_state")
    return previous[-1]


@routes.post("/api/v1/cases/{case_id}/review")
async def review(request: web.Request) -> web.Response:
    """The reviewer approves (the preliminary's text becomes the final), revises (their text
    does; the difference is kept) or returns it to the writer with a comment; every answer
    records a grade."""
    who = principal(request, "doctor")
    record, state = await load_case(request)
    answer = _parse(await read_json(request))
    storage, settings = request.app[STORAGE], request.app[SETTINGS]
    prelim = _preliminary(request, record, state, who.id)
    now = time.time()
    entry = {"decision": answer["decision"], "grade": answer["grade"],
             "comment": answer["comment"], "preliminary": prelim["report_id"],
             "writer": prelim["written_by"]}
    if answer["decision"] == "return":
        return await _return(request, record, prelim, who.id, entry, now)
    final = {k: prelim[k] for k in ("findings", "impression", "critical")}
    if answer["decision"] == "revise":
        final.update({k: answer[k] for k in ("findings", "impression", "critical")
                      if answer[k] is not None})
    reviewer = settings.doctors[who.id]
    fields = dict(final, fence=None, stage="final", review={
        **entry, "written_by": prelim["written_by"],
        "written_by_name": prelim.get("written_by_name", prelim["written_by"]),
        "diff": review_rules.diff_text(prelim, final) or None})
    # a QueueError (the review moved meanwhile) is answered by the error middleware
    since = await replication.mark(request.app[REDIS], settings.redis)
    report, created = await signing.sign_once(
        storage, request.app[QUEUE], record, who.id, reviewer.name, fields, now, None)
    await replication.confirm(request.app[REDIS], settings.redis, since)
    if created:
        drafts.consume(storage, record["case_id"])
        storage.append_history(record["case_id"], transition(
            "reviewed", now, who.id, report_id=report["report_id"], **entry))
        await events.publish(request.app[REDIS], "review_done", case_id=record["case_id"],
                             doctor=prelim["written_by"], reviewer=who.id,
                             decision=answer["decision"], grade=answer["grade"])
    return json_response(reports.public(report), status=201 if created else 200)


async def _return(request: web.Request, record: dict, prelim: dict, who: str, entry: dict,
                  now: float) -> web.Response:
    """Back to the writer as their read again (their lease starts now)."""
    settings = request.app[SETTINGS]
    lease = settings.routing.priority_times[record["priority"]].lease_seconds
    fence = await request.app[QUEUE].return_to_writer(record, who, prelim["written_by"],
                                                      now + lease)
    storage = request.app[STORAGE]
    storage.append_history(record["case_id"], transition(
        "returned", now, who, to=prelim["written_by"], fence=fence, **entry))
    storage.append_history(record["case_id"], transition(
        "assigned", now, who, to=prelim["written_by"], fence=fence, reason="returned"))
    redis = request.app[REDIS]
    await events.publish(redis, "review_returned", case_id=record["case_id"],
                         doctor=prelim["written_by"], reviewer=who, grade=entry["grade"])
    await redis.lpush(keys.ROUTE_WAKE, record["case_id"])
    return json_response({"case_id": record["case_id"], "status": "assigned",
                          "assigned_to": prelim["written_by"], "decision": "return",
                          "grade": entry["grade"], "comment": entry["comment"]}, status=200)


_REVIEW = {"type": "object", "required": ["decision", "grade"], "properties": {
    "decision": {"type": "string", "enum": list(review_rules.DECISIONS)},
    "grade": {"type": "string", "enum": list(review_rules.GRADES)},
    "findings": {"type": "string"}, "impression": {"type": "string"},
    "critical": {"type": "boolean"}, "comment": {"type": "string"}}}
# rows of teleconsult.api.openapi's table
ENDPOINTS = [
    ("post", "/api/v1/cases/{case_id}/review",
     "Review a preliminary: approve or revise (signs the final as the reviewer) or return it "
     "to the writer; every answer has a grade (agree | minor | major)", "doctor (reviewer)",
     _REVIEW, 201, {"type": "object"}),
]
