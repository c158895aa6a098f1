"""Priority and deadlines: pure decisions over a study summary and the routing config."""

from __future__ import annotations

from teleconsult.settings.model import Routing
from teleconsult.settings.terms import PRIORITIES

_DICOM_PRIORITY = {"STAT": "stat", "HIGH": "urgent", "ROUTINE": "routine", "MEDIUM": "routine",
                   "LOW": "routine"}


def rank(priority: str) -> int:
    """0 is the most urgent."""
    return PRIORITIES.index(priority)


def more_urgent(a: str, b: str) -> str:
    return a if rank(a) <= rank(b) else b


def decide_priority(summary: dict, clinic_id: str, routing: Routing,
                    requested: str | None = None, emergency_clinic: bool = False) -> str:
    """The most urgent of: the sender's explicit request, the DICOM priority, matching rules."""
    result = "routine"
    if requested in PRIORITIES:
        result = more_urgent(result, requested)
    dicom = _DICOM_PRIORITY.get(summary.get("requested_priority", ""))
    if dicom:
        result = more_urgent(result, dicom)
    text = " ".join(str(summary.get(k, "")) for k in
                    ("study_description", "reason", "body_part", "clinical_note")).lower()
    modality = summary.get("modality", "").upper()
    for rule in routing.priority_rules:
        if rule.modalities and modality not in rule.modalities:
            continue
        if rule.clinics and clinic_id not in rule.clinics:
            continue
        if rule.emergency_clinic and not emergency_clinic:
            continue
        if rule.keywords and not any(k in text for k in rule.keywords):
            continue
        result = more_urgent(result, rule.priority)
    for flag in summary.get("machine_flags") or []:  # e.g. a suspected STEMI: STAT
        result = more_urgent(result, flag.get("priority", "routine"))
    return result


def decide_subspecialty(summary: dict, routing: Routing) -> str | None:
    """The first sub-specialty rule matching the modality and study text, if any."""
    text = " ".join(str(summary.get(k, "")) for k in
                    ("study_description", "reason", "body_part")).lower()
    modality = summary.get("modality", "").upper()
    for rule in routing.subspecialty_rules:
        if rule.modalities and modality not in rule.modalities:
            continue
        if rule.keywords and not any(k in text for k in rule.keywords):
            continue
        return rule.subspecialty
    return None


def queue_score(priority: str, received_at: float) -> float:
    """Sort key: priority first, then arrival order (epoch seconds < 1e10)."""
    return rank(priority) * 1e10 + received_at
