"""The case record and its lifecycle: pure data and rules, no I/O."""

from __future__ import annotations

from typing import Any

from teleconsult.cases.priority import decide_priority, decide_subspecialty
from teleconsult.settings.model import Settings

STATUSES = ("receiving", "queued", "assigned", "in_review", "reported", "delivered",
            "acknowledged")
# history lines of two-level reporting (docs/reporting.md): "reported" with stage preliminary
# (the writer signed; a "queued" line with kind review follows), "returned", "reviewed", and
# "reported" with stage final

# which status may follow which (amended reports keep a case "reported"/"delivered")
TRANSITIONS: dict[str, set[str]] = {
    "receiving": {"queued"},
    "queued": {"assigned"},
    "assigned": {"in_review", "queued", "assigned", "reported"},
    "in_review": {"reported", "queued", "assigned"},
    "reported": {"delivered", "reported", "acknowledged"},
    "delivered": {"acknowledged", "reported", "delivered"},
    "acknowledged": {"reported", "delivered", "acknowledged"},
}
OPEN_STATUSES = {"queued", "assigned", "in_review"}


class IllegalTransition(Exception):
    """The case is not in a state that allows this action."""


def check_transition(current: str, new: str) -> None:
    if new not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(f"a case that is {current} cannot become {new}")


def build_case(case_id: str, study: dict, clinic_id: str, settings: Settings,
               received_at: float, now: float, requested_priority: str | None = None) -> dict:
    """A new case record from the study summary (see ``workers.assembler``)."""
    modality = study["modality"]
    specialty = settings.routing.specialty_for(modality)
    clinic = settings.clinics.get(clinic_id)
    priority = decide_priority(study, clinic_id, settings.routing, requested_priority,
                               emergency_clinic=bool(clinic and clinic.emergency))
    sla = settings.routing.priority_times[priority].sla_seconds
    return {
        "case_id": case_id,
        "study_instance_uid": study["study_instance_uid"],
        "clinic": clinic_id,
        "modality": modality,
        "specialty": specialty,
        "subspecialty": decide_subspecialty(study, settings.routing),
        "zone": clinic.zone if clinic else "",
        "priority": priority,
        "patient": study["patient"],
        "study": {k: study.get(k, "") for k in ("study_date", "study_time", "accession_number",
                                                 "study_description", "body_part", "reason",
                                                 "institution", "referring_physician",
                                                 "referring_physician_pn")},
        "clinical_note": study.get("clinical_note", ""),
        "machine_flags": study.get("machine_flags", []),
        "series": study.get("series", []),
        "instance_count": study.get("instance_count", 0),
        "received_at": received_at,
        "created_at": now,
        "due_at": received_at + sla,
    }


def summary(record: dict) -> dict:
    """What Redis keeps of a case for worklists: the record without per-instance lists
    (a 300-slice CT would otherwise be decoded on every poll)."""
    slim = {k: v for k, v in record.items() if k != "series"}
    slim["series_count"] = len(record.get("series", []))
    return slim


def at_risk_time(record: dict, settings: Settings) -> float:
    """When the SLA timer first looks at an open case: the warning point of its SLA."""
    sla = record["due_at"] - record["received_at"]
    return record["received_at"] + sla * settings.routing.sla_warning_fraction


def transition(status: str, at: float, by: str, **detail: Any) -> dict:
    """One history line: what happened, when and by whom (and why, in ``detail``)."""
    entry = {"at": at, "status": status, "by": by}
    entry.update({k: v for k, v in detail.items() if v is not None})
    return entry


def current_status(history: list[dict]) -> str:
    for entry in reversed(history):
        if entry.get("status") in STATUSES:
            return entry["status"]
    return "receiving"


def current_owner(history: list[dict]) -> tuple[str | None, int]:
    """(doctor, fencing token) of the latest assignment still in force, from the history."""
    owner, fence = None, 0
    for entry in history:
        status = entry.get("status")
        if status == "assigned":
            owner, fence = entry.get("to"), int(entry.get("fence", 0))
        elif status == "queued":
            owner = None
    return owner, fence


def past_readers(history: list[dict]) -> set[str]:
    """Every doctor the case was ever assigned to (they keep a read-only view)."""
    return {h["to"] for h in history if h.get("status") == "assigned" and h.get("to")}
