"""Result sharing (结果互认): which cases belong to the same patient across facilities.

Pure matching. A clinic's local PatientID means nothing at another clinic; the same person
is recognised by the community-wide id (national ID / insurance number) that machines carry
in OtherPatientIDsSequence, or as the PatientID itself when IssuerOfPatientID names it.
Each clinic may label that issuer differently (``[reports.clinics.X] id_issuers``). A match
on name + birth date only is a *possible* match: shown, flagged, never merged.
"""

from __future__ import annotations

import re
import unicodedata

from teleconsult.delivery import ReportsConfig

SAME, POSSIBLE = "same_patient", "possible_match"
_SPACES = re.compile(r"[\s^=,.\-·]+")


def _issuers(clinic_id: str, cfg: ReportsConfig) -> set[str]:
    return {i.strip().upper() for i in (cfg.community_id_issuer,
                                         *cfg.clinic(clinic_id).id_issuers) if i.strip()}


def _norm_id(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def community_ids(patient: dict, clinic_id: str, cfg: ReportsConfig) -> set[str]:
    """The community-wide ids of a case's patient, as recorded by ``clinic_id``."""
    issuers = _issuers(clinic_id, cfg)
    found = {o.get("id", "") for o in patient.get("other_ids", [])
             if o.get("issuer", "").strip().upper() in issuers}
    if patient.get("issuer", "").strip().upper() in issuers:
        found.add(patient.get("id", ""))
    return {_norm_id(i) for i in found if i.strip()}


def name_dob_key(patient: dict) -> str | None:
    """Normalised name + birth date, or None when either is missing (no guessing then)."""
    name = unicodedata.normalize("NFKC", patient.get("name", "")).casefold()
    name = _SPACES.sub("", name)
    dob = patient.get("birth_date", "").strip()
    return f"{name}|{dob}" if name and dob else None


def classify(own: list[dict], other: dict, cfg: ReportsConfig) -> str | None:
    """How a case from another facility relates to the patient of the ``own`` cases."""
    ids = set().union(*(community_ids(r["patient"], r["clinic"], cfg) for r in own))
    if ids & community_ids(other["patient"], other["clinic"], cfg):
        return SAME
    names = {name_dob_key(r["patient"]) for r in own} - {None}
    if name_dob_key(other["patient"]) in names:
        return POSSIBLE
    return None
