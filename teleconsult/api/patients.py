"""``GET /api/v1/patients/{patient_id}/history``: a patient's studies, signed reports and
laboratory results across the community (result sharing), and ``GET /api/v1/admin/audit``.

A clinic asks with its own local PatientID and must have a study or a lab result of that
patient (else 403); cases and lab results elsewhere with the same community-wide id come
whole, name + birth-date matches only as flagged summaries. Each item carries ``kind``
(imaging | ecg | lab | pathology). Every answer that shows another facility's data is
written to the audit log first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime

from aiohttp import web

from teleconsult.api.appkeys import QUEUE, REDIS, SETTINGS, STORAGE
from teleconsult.api.auth import principal
from teleconsult.api.case_access import may_read_case
from teleconsult.api.errors import BadRequest, Forbidden
from teleconsult.api.json_io import json_response
from teleconsult.api.params import float_arg, query_int
from teleconsult.core.times import iso
from teleconsult.ingress.lab_store import LabStore
from teleconsult.reporting import lab_history, mpi, reports, sharing
from teleconsult.settings.reports import ReportsConfig
from teleconsult.store import audit, events, keys
from teleconsult.store.files import Storage, check_case_id
from teleconsult.store.sessions import Principal

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


def _index_new(storage: Storage, known: set[str], cfg: ReportsConfig
               ) -> dict[str, list[str]]:
    """Index keys -> case ids for the cases not indexed yet (reads their case.json)."""
    out: dict[str, list[str]] = {}
    for cid in storage.iter_case_ids():
        if cid in known:
            continue
        rec = storage.read_case(cid)
        if rec is None:
            continue
        for cidn in sharing.community_ids(rec["patient"], rec["clinic"], cfg):
            out.setdefault(keys.share_person(cidn), []).append(cid)
        key = sharing.name_dob_key(rec["patient"])
        if key:
            out.setdefault(keys.share_name_dob(key), []).append(cid)
        out.setdefault(keys.SHARE_INDEXED, []).append(cid)
    return out


def _index_new_labs(storage: Storage, known: set[str], cfg: ReportsConfig
                    ) -> dict[str, list[str]]:
    """Index keys -> lab result ids for the results not indexed yet (reads their files)."""
    out: dict[str, list[str]] = {}
    store = LabStore(storage)
    for rid in store.iter_ids():
        rec = None if rid in known else store.load(rid)
        if rec is None:
            continue
        for cidn in sharing.community_ids(rec["patient"], rec["clinic"], cfg):
            out.setdefault(keys.share_person_labs(cidn), []).append(rid)
        key = sharing.name_dob_key(rec["patient"])
        if key:
            out.setdefault(keys.share_name_dob_labs(key), []).append(rid)
        out.setdefault(keys.LAB_INDEXED, []).append(rid)
    return out


async def _refresh_index(request: web.Request, cfg: ReportsConfig) -> None:
    """Bring the Redis index up to date with the case and lab files (self-healing after
    reindex)."""
    client = request.app[REDIS]
    for indexed, index_new in ((keys.SHARE_INDEXED, _index_new),
                               (keys.LAB_INDEXED, _index_new_labs)):
        known = {m.decode() for m in await client.smembers(indexed)}
        additions = await asyncio.to_thread(index_new, request.app[STORAGE], known, cfg)
        if additions:
            pipe = client.pipeline(transaction=False)
            for key, members in additions.items():
                pipe.sadd(key, *members)
            await pipe.execute()


async def _own_cases(request: web.Request, who: Principal, patient_id: str
                     ) -> tuple[str, set, set]:
    """(clinic whose local id this is, its case ids and lab result ids for the patient);
    403 if it has neither."""
    storage = request.app[STORAGE]
    if who.kind == "clinic":
        clinic = who.id
    elif who.kind == "admin":
        clinic = request.query.get("clinic", "")
        if clinic not in request.app[SETTINGS].clinics:
            raise BadRequest("admins name the clinic of the patient id: ?clinic=<id>",
                             "invalid_clinic")
    else:
        try:
            record = storage.read_case(check_case_id(request.query.get("case_id", "")))
        except ValueError:
            record = None
        state = await request.app[QUEUE].state(record["case_id"]) if record else {}
        signers = {r["signed_by"] for r in storage.reports(record["case_id"])} if record else ()
        if (record is None or record["patient"].get("id") != patient_id
                or not may_read_case(who, record, state, set(signers))):
            raise Forbidden("doctors ask with ?case_id= of a case of this patient routed "
                            "to them", "not_yours")
        clinic = record["clinic"]
    client = request.app[REDIS]
    members = await client.smembers(keys.patient_cases(f"{clinic}:{patient_id}"))
    labs = await client.smembers(keys.patient_labs(f"{clinic}:{patient_id}"))
    if not members and not labs:
        raise Forbidden("no study or lab result of this patient at your facility",
                        "no_shared_patient")
    return clinic, {m.decode() for m in members}, {m.decode() for m in labs}


def _item(storage: Storage, rec: dict, match: str) -> dict:
    item = {"kind": lab_history.kind_for_modality(rec["modality"]),
            "date": rec.get("study", {}).get("study_date", ""),
            "case_id": rec["case_id"], "clinic": rec["clinic"], "match": match,
            "study_instance_uid": rec["study_instance_uid"], "modality": rec["modality"],
            "study_date": rec.get("study", {}).get("study_date", ""),
            "study_description": rec.get("study", {}).get("study_description", "")}
    if match != sharing.POSSIBLE:  # a possible match is someone else until a person checks
        item["patient"] = rec["patient"]
        item["reports"] = [reports.public(r) for r in storage.reports(rec["case_id"])]
    return item


async def _candidates(client, ids: set[str], names: set[str], person, name_dob  # noqa: ANN001
                      ) -> set[str]:
    found: set[str] = set()
    for k in [person(i) for i in ids] + [name_dob(n) for n in names]:
        found |= {m.decode() for m in await client.smembers(k)}
    return found


async def _matches(request: web.Request, own_ids: set[str], own_labs: set[str],
                   with_labs: bool) -> tuple[list[dict], list[dict], set[str]]:
    """(own + matched items, id conflicts, community ids) for the patient of ``own_ids``
    and ``own_labs``; other facilities' lab results (matched like cases) ``with_labs``."""
    storage, client = request.app[STORAGE], request.app[REDIS]
    settings = request.app[SETTINGS]
    cfg, labs = settings.reports, LabStore(storage)
    await _refresh_index(request, cfg)
    own = [r for r in (storage.read_case(c) for c in sorted(own_ids)) if r]
    own_lab = [r for r in (labs.load(i) for i in sorted(own_labs)) if r]
    people = own + own_lab  # both carry the patient as the clinic recorded them
    ids = set().union(*(sharing.community_ids(r["patient"], r["clinic"], cfg) for r in people))
    names = {sharing.name_dob_key(r["patient"]) for r in people} - {None}
    registered = await asyncio.to_thread(mpi.lookup, settings.data_dir, ids)
    now = datetime.now(settings.timezone)
    items = [_item(storage, r, "own") for r in own]
    items += [lab_history.item(r, "own", settings.lab, now) for r in own_lab]
    conflicts: list[dict] = []
    others = await _candidates(client, ids, names, keys.share_person, keys.share_name_dob)
    for cid in sorted(others - own_ids):
        rec = storage.read_case(cid)
        match = sharing.classify(people, rec, cfg, registered) if rec else None
        if match == sharing.CONFLICT:
            conflicts.append({"case_id": cid, "clinic": rec["clinic"]})
        elif match and match != sharing.UNVERIFIED:
            items.append(_item(storage, rec, match))
    if with_labs:
        others = await _candidates(client, ids, names, keys.share_person_labs,
                                   keys.share_name_dob_labs)
        for rid in sorted(others - own_labs):
            rec = labs.load(rid)
            match = sharing.classify(people, rec, cfg, registered) if rec else None
            if match == sharing.CONFLICT:
                conflicts.append({"case_id": rid, "clinic": rec["clinic"]})
            elif match and match != sharing.UNVERIFIED:
                items.append(lab_history.item(rec, match, settings.lab, now))
    return items, conflicts, ids


async def _report_conflicts(request: web.Request, who: Principal, patient: dict,
                            conflicts: list[dict]) -> None:
    """An id claimed with another person's demographics: withheld, audited, announced to
    the admins and to each facility whose record was claimed."""
    audit.record(request.app[SETTINGS].data_dir, {
        "at": time.time(), "who": who.id, "kind": who.kind, "action": "identity_conflict",
        "patient": patient, "facilities": sorted({c["clinic"] for c in conflicts}),
        "cases": [c["case_id"] for c in conflicts]})
    for facility in sorted({c["clinic"] for c in conflicts}):
        # the facility is told which of its own cases was claimed (ids only)
        await events.publish(request.app[REDIS], "identity_conflict", clinic=facility,
                             requested_by=who.id, requesting_clinic=patient["clinic"],
                             cases=[c["case_id"] for c in conflicts if c["clinic"] == facility])
    log.warning("%s (patient %s of %s) claimed a community id of %s with other demographics",
                who.id, patient["id"], patient["clinic"],
                ",".join(c["case_id"] for c in conflicts))


async def _announce_first_look(client, who: Principal, clinic: str,  # noqa: ANN001
                               reason: str, facilities: set[str], items: list[dict]) -> None:
    """Each facility whose records were shown for the first time hears who looked, why,
    and at which of its cases (ids only; the admins see every event)."""
    for facility in sorted(facilities):
        await events.publish(client, "shared_record_access", clinic=facility,
                             requested_by=who.id, requesting_clinic=clinic, reason=reason,
                             cases=[i.get("case_id") or i["result_id"] for i in items
                                    if i["clinic"] == facility])


async def shared_history(request: web.Request, who: Principal, clinic: str, patient_id: str,
                         own_ids: set[str], reason: str, *, first_look: str = "ask",
                         own_labs: set[str] = frozenset(), with_labs: bool = False
                         ) -> tuple[list[dict], list[str]]:
    """The patient's studies across the community, newest first, and the community ids.

    Showing another facility's data is audited (who, whose, when, why) before it is returned.
    A facility's first look at another facility's record: ``first_look="ask"`` needs a
    ``reason`` from ``sharing.REASONS`` (else 400 ``reason_required``), "withhold" leaves
    those records out, "allow" (a doctor reading a case routed to them) shows them.
    """
    items, conflicts, ids = await _matches(request, own_ids, own_labs, with_labs)
    patient = {"clinic": clinic, "id": patient_id, "community_ids": sorted(ids)}
    if conflicts:
        await _report_conflicts(request, who, patient, conflicts)
    client, granted_key = request.app[REDIS], keys.share_granted(clinic, patient_id)
    new = sharing.first_disclosures(items, clinic, {m.decode() for m in
                                                    await client.smembers(granted_key)})
    if new and first_look == "withhold":
        items = [i for i in items if i["clinic"] not in new or i["match"] != sharing.SAME]
        new = set()
    elif new and first_look == "ask" and reason not in sharing.REASONS:
        raise BadRequest("another facility's record of this patient is shown only with "
                         f"?reason= one of {', '.join(sharing.REASONS)}", "reason_required")
    others = [i for i in items if i["clinic"] != clinic]
    if others:
        audit.record(request.app[SETTINGS].data_dir, {
            "at": time.time(), "who": who.id, "kind": who.kind, "action": "patient_history",
            "patient": patient, "facilities": sorted({i["clinic"] for i in others}),
            "cases": [i.get("case_id") or i["result_id"] for i in others],
            "reason": reason[:200],
            "first_access": sorted(new)})
    if new and first_look == "ask":
        await client.sadd(granted_key, *sorted(new))
        await _announce_first_look(client, who, clinic, reason, new, items)
    items.sort(key=lambda i: (i["date"], i.get("case_id") or i["result_id"]), reverse=True)
    return items, sorted(ids)


@routes.get("/api/v1/patients/{patient_id}/history")
async def patient_history(request: web.Request) -> web.Response:
    who = principal(request)
    patient_id = request.match_info["patient_id"]
    clinic, own_ids, own_labs = await _own_cases(request, who, patient_id)
    # a doctor asks about a case routed to them (checked by _own_cases): that is the reason
    first_look = "allow" if who.kind == "doctor" else "ask"
    items, ids = await shared_history(request, who, clinic, patient_id, own_ids,
                                      request.query.get("reason", ""), first_look=first_look,
                                      own_labs=own_labs, with_labs=True)
    # "studies" (every kind, as before) and "items" (the same list, by its new name)
    return json_response({"patient_id": patient_id, "clinic": clinic,
                          "community_ids": ids, "items": items, "studies": items,
                          "lab_series": lab_history.series([i for i in items
                                                            if i["kind"] == "lab"])})


@routes.get("/api/v1/admin/audit")
async def audit_log(request: web.Request) -> web.Response:
    principal(request, "admin")
    q = request.query
    since = float_arg(q.get("since") or "0", "since (epoch seconds)", low=0)
    limit = query_int(q, "limit", 500, low=1, high=10_000)
    items = await asyncio.to_thread(audit.query, request.app[SETTINGS].data_dir,
                                    who=q.get("who"), patient=q.get("patient"),
                                    clinic=q.get("clinic"), since=since, limit=limit,
                                    action=q.get("action"))
    items = [dict(e, at=iso(e["at"])) for e in items]
    if q.get("format") == "csv":
        return web.Response(body=audit.to_csv(items), content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    return json_response({"items": items})
