"""Result sharing (结果互认): which cases belong to the same patient across facilities.

Pure matching. A clinic's local PatientID means nothing at another clinic; the same person
is recognised by the community-wide id (national ID / insurance number) that machines carry
in OtherPatientIDsSequence, or as the PatientID itself when IssuerOfPatientID names it.
Each clinic may label that issuer differently (``[reports.clinics.X] id_issuers``). A match
on name + birth date only is a *possible* match: shown, flagged, never merged.

Trust model: a community id is written by the sending clinic itself, and national ids are
widely known, so the id alone never unlocks another facility's record:
- the two records must also agree on name, sex and birth date (``agrees``);
- where the county has registered the id in its master patient index (``mpi``), both
  records must agree with that registration instead: the county's word outranks a study's;
- an id shared with disagreeing demographics is an ``id_conflict``: withheld and reported;
  one whose name or birth date is missing is ``id_unverified``: withheld;
- a facility's first look at another facility's record of the patient needs a reason from
  ``REASONS`` and is announced to that facility and the admins (``first_disclosures``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from teleconsult.settings.reports import ReportsConfig

SAME, POSSIBLE = "same_patient", "possible_match"
# an id shared with contradicting demographics / without the demographics to check it
CONFLICT, UNVERIFIED = "id_conflict", "id_unverified"
# why a facility looks at another facility's record of a patient (the audit's vocabulary)
REASONS = ("treatment", "referral", "emergency", "follow_up", "second_opinion",
           "quality_review")
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


def _sex(patient: dict) -> str:
    sex = patient.get("sex", "").strip().upper()[:1]
    return sex if sex in ("M", "F") else ""  # O / unknown / empty: not evidence either way


def agrees(a: dict, b: dict) -> bool:
    """Two patient records (or a record and a registration) name the same person: same
    normalised name and birth date, and no contradiction in sex."""
    key_a, key_b = name_dob_key(a), name_dob_key(b)
    if key_a is None or key_a != key_b:
        return False
    return not (_sex(a) and _sex(b) and _sex(a) != _sex(b))


def classify(own: list[dict], other: dict, cfg: ReportsConfig,
             registered: Mapping[str, dict] | None = None) -> str | None:
    """How a case from another facility relates to the patient of the ``own`` cases.

    ``registered``: the master patient index entries (community id → name, sex,
    birth_date) of the ids involved; they outrank what the studies claim.
    """
    ids = set().union(*(community_ids(r["patient"], r["clinic"], cfg) for r in own))
    shared = ids & community_ids(other["patient"], other["clinic"], cfg)
    if shared:
        truth = [registered[i] for i in sorted(shared) if registered and i in registered]
        if truth:
            ok = all(agrees(other["patient"], t) and any(agrees(r["patient"], t) for r in own)
                     for t in truth)
        else:
            ok = any(agrees(other["patient"], r["patient"]) for r in own)
        if ok:
            return SAME
        checkable = name_dob_key(other["patient"]) and any(name_dob_key(r["patient"])
                                                           for r in own)
        return CONFLICT if checkable or truth else UNVERIFIED
    names = {name_dob_key(r["patient"]) for r in own} - {None}
    if name_dob_key(other["patient"]) in names:
        return POSSIBLE
    return None


def first_disclosures(items: list[dict], own_clinic: str, granted: set[str]) -> set[str]:
    """The facilities whose full records of the patient ``items`` would show to
    ``own_clinic`` for the first time (not in ``granted``)."""
    return {i["clinic"] for i in items
            if i["match"] == SAME and i["clinic"] != own_clinic} - granted
