"""Who may query and retrieve what over DICOM: the calling AE title decides.

A clinic's AE titles (push and viewing stations) see that clinic's studies; a doctor's
registered workstation sees the studies of cases routed to (or signed by) that doctor and
the same patient's other studies at that clinic (priors) — the rule DICOMweb applies
(``teleconsult.api.dicomweb.may_see``). Sync: it runs in the SCP's association threads.
Every study handed out is written to the access audit log first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import redis

from teleconsult.ingress.dicomjson import StudyInfo, study_info, text_policy
from teleconsult.settings.model import DicomNode, Settings
from teleconsult.store import audit, keys
from teleconsult.store.files import InvalidUID, Storage, case_id_for_study, check_uid


class NotVisible(Exception):
    """The study exists but belongs to someone else."""


@dataclass(frozen=True)
class Caller:
    kind: str  # "clinic" | "doctor"
    id: str
    ae: str


def caller_for_ae(settings: Settings, ae_title: str) -> Caller | None:
    """The clinic or doctor a calling AE title belongs to (None: no Q/R for it)."""
    ae = ae_title.strip()
    for clinic in settings.clinics.values():
        if ae in clinic.ae_titles or any(n.ae == ae for n in clinic.qr_destinations):
            return Caller("clinic", clinic.id, ae)
    for doctor in settings.doctors.values():
        if any(n.ae == ae for n in doctor.workstations):
            return Caller("doctor", doctor.id, ae)
    return None


def qr_only_aes(settings: Settings) -> set[str]:
    """Calling AE titles that may only query/retrieve (viewing and reading stations)."""
    return ({n.ae for c in settings.clinics.values() for n in c.qr_destinations}
            | {n.ae for d in settings.doctors.values() for n in d.workstations})


def destination(settings: Settings, caller: Caller, move_ae: str) -> DicomNode | None:
    """A C-MOVE destination: only the caller's own configured stations."""
    nodes = (settings.clinics[caller.id].qr_destinations if caller.kind == "clinic"
             else settings.doctors[caller.id].workstations)
    return next((n for n in nodes if n.ae == move_ae.strip()), None)


class Scope:
    """The studies one caller may see, read from the data dir; audits what it hands out."""

    def __init__(self, settings: Settings, storage: Storage, client: redis.Redis,
                 caller: Caller) -> None:
        self.settings, self.storage, self.redis, self.caller = settings, storage, client, caller

    def _info(self, uid: str) -> StudyInfo | None:
        sidecar = self.storage.study_sidecar(uid)
        if not sidecar:
            return None
        clinic = sidecar.get("clinic", "")
        if self.caller.kind == "clinic" and clinic != self.caller.id:
            raise NotVisible(uid)
        info = study_info(uid, clinic, self.storage.study_files(uid),
                          text_policy(self.settings.clinics.get(clinic)))
        if info is not None and self.caller.kind == "doctor" and not self._doctor_sees(info):
            raise NotVisible(uid)
        return info

    def _doctor_sees(self, info: StudyInfo) -> bool:
        case_ids = {case_id_for_study(info.uid, self.settings.community_of(info.clinic))}
        if info.patient_id:
            members = self.redis.smembers(keys.patient_cases(f"{info.clinic}:{info.patient_id}"))
            case_ids |= {m.decode() for m in members}
        for cid in sorted(case_ids):
            owner = self.redis.hget(keys.case(cid), "owner")
            if owner is not None and owner.decode() == self.caller.id:
                return True
            if any(r.get("signed_by") == self.caller.id for r in self.storage.reports(cid)):
                return True
        return False

    def study(self, uid: str) -> StudyInfo | None:
        """One named study: None if there is none, NotVisible if it is someone else's."""
        try:
            uid = check_uid(uid, "StudyInstanceUID")
        except InvalidUID:
            return None
        return self._info(uid)

    def studies(self, uids: list[str] | None = None) -> Iterator[StudyInfo]:
        """Every visible study (or the visible ones among ``uids``); others are skipped."""
        for uid in uids if uids else self.storage.iter_study_uids():
            try:
                info = self.study(uid)
            except NotVisible:
                continue
            if info is not None:
                yield info

    def audit(self, action: str, studies: list[StudyInfo]) -> None:
        """One access line per study, durably, before any of it is sent (one fsync for
        them all: the last write's fsync makes the earlier ones of the file durable too)."""
        path = audit.audit_path(self.settings.data_dir)
        for i, s in enumerate(studies):
            Storage.append_jsonl(path, {
                "at": time.time(), "who": self.caller.id, "kind": self.caller.kind,
                "action": action, "via": "dicom", "calling_ae": self.caller.ae,
                "patient": {"clinic": s.clinic, "id": s.patient_id},
                "facilities": [s.clinic], "studies": [s.uid]}, durable=i == len(studies) - 1)
