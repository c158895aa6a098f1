"""The community as configured: frozen dataclasses for its clinics, doctors, admins, routing
and every section (``Settings``), built once by ``teleconsult.settings.load``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.handover import HandoverConfig
from teleconsult.settings.health import HealthConfig
from teleconsult.settings.http import HttpLimits
from teleconsult.settings.lab import LabConfig
from teleconsult.settings.node import default_node_id
from teleconsult.settings.paging import PagingConfig
from teleconsult.settings.reports import ReportsConfig
from teleconsult.settings.review import ConsultPool, ReviewConfig
from teleconsult.settings.stats import StatsConfig
from teleconsult.settings.supervision import SupervisionConfig
from teleconsult.settings.terms import NON_IMAGE_MODALITIES
from teleconsult.settings.tls import TlsConfig
from teleconsult.store.keys import DEFAULT_COMMUNITY
from teleconsult.store.redis_target import RedisTarget


@dataclass(frozen=True)
class Shift:
    days: tuple[int, ...]  # 0 = Monday; the day the shift *starts*
    start: time
    end: time  # end <= start means the shift runs past midnight


@dataclass(frozen=True)
class Override:
    date: str  # ISO date in the community's time zone
    off: bool
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class DicomNode:
    """A DICOM peer Query/Retrieve may send to (C-MOVE destination) and accept calls from."""

    ae: str
    host: str
    port: int
    # A Q/R caller under this AE title must call from an address ``host`` resolves to; off
    # only for an owner that requires a client certificate (teleconsult.ingress.callers).
    match_address: bool = True


@dataclass(frozen=True)
class Clinic:
    id: str
    name: str
    ae_titles: tuple[str, ...]
    token_sha256: str
    fallback_charset: str | None = None
    return_ae: str | None = None
    return_host: str | None = None
    return_port: int | None = None
    zone: str = ""
    emergency: bool = False  # an emergency clinic's ECGs may be made STAT by a rule
    password_hash: str | None = None  # argon2id, for the web pages
    qr_destinations: tuple[DicomNode, ...] = ()  # viewing stations: Q/R callers, C-MOVE targets
    charset_mislabelled: bool = False  # declared charsets are not trusted (see dicom.charset)
    require_client_cert: bool = False  # DICOM only over TLS with this clinic's certificate
    cert_names: tuple[str, ...] = ()  # certificate CN/SAN names that speak for it (default id)
    cert_fingerprints: tuple[str, ...] = ()  # or SHA-256 fingerprints (lowercase hex)
    hl7_facilities: tuple[str, ...] = ()  # HL7 MSH-4 Sending Facility names of its laboratory
    community: str = DEFAULT_COMMUNITY  # the routing domain its cases are read in


@dataclass(frozen=True)
class Doctor:
    id: str
    name: str
    specialties: tuple[str, ...]
    clinics: tuple[str, ...]  # ("*",) = every clinic
    capacity: int
    token_sha256: str
    shifts: tuple[Shift, ...]
    overrides: tuple[Override, ...] = ()
    subspecialties: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    supervisor: bool = False
    password_hash: str | None = None
    workstations: tuple[DicomNode, ...] = ()  # reading stations: Q/R callers, C-MOVE targets
    require_client_cert: bool = False  # workstations only over TLS with the doctor's certificate
    cert_names: tuple[str, ...] = ()  # certificate CN/SAN names for it (default doctor:<id>)
    cert_fingerprints: tuple[str, ...] = ()  # or SHA-256 fingerprints (lowercase hex)
    title: str = "attending"  # resident | attending | associate_chief | chief
    expert: bool = False  # a consultation pool's expert: sees only the cases asked about
    community: str = DEFAULT_COMMUNITY  # reads only this community's cases

    def covers(self, clinic_id: str, zone: str = "") -> bool:
        """The clinic is explicitly covered, by '*', or through one of the doctor's zones."""
        return "*" in self.clinics or clinic_id in self.clinics or bool(zone and
                                                                        zone in self.zones)


@dataclass(frozen=True)
class Community:
    """One routing domain (a county's 医共体 in a city deployment): its clinics' cases are
    read by its doctors only, under its own Redis hash tag."""

    id: str
    name: str
    county_hospital: str = ""
    clinics: tuple[str, ...] = ()
    doctors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Admin:
    id: str
    name: str
    token_sha256: str
    password_hash: str | None = None


@dataclass(frozen=True)
class Screen:
    """A display account (role ``screen``): it sees the big screen and nothing else."""

    id: str
    name: str
    token_sha256: str
    password_hash: str | None = None


@dataclass(frozen=True)
class PriorityTimes:
    sla_seconds: int  # signed report due this long after arrival
    lease_seconds: int  # an assigned case must be claimed within this


@dataclass(frozen=True)
class PriorityRule:
    priority: str
    modalities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    clinics: tuple[str, ...] = ()
    emergency_clinic: bool = False  # match only cases from clinics flagged emergency


@dataclass(frozen=True)
class SubspecialtyRule:
    subspecialty: str
    modalities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Routing:
    specialty_by_modality: Mapping[str, str]
    default_specialty: str
    stability_seconds: Mapping[str, float]
    default_stability_seconds: float
    priority_times: Mapping[str, PriorityTimes]
    priority_rules: tuple[PriorityRule, ...]
    escalation_contacts: tuple[str, ...]
    subspecialty_rules: tuple[SubspecialtyRule, ...] = ()
    presence_seconds: int = 120  # a doctor is online this long after a poll or check-in
    sla_warning_fraction: float = 0.8  # escalate "at risk" when this much of the SLA is used
    max_lease_expiries: int = 2  # unopened this many times → escalation
    call_in_wait_seconds: float = 300.0  # a doctor called in has this long before the next
    # studies holding only these modalities get no reading case of their own ("attach":
    # stored, listed with the study and its case if one exists) unless the rule is "read"
    non_image_studies: str = "attach"
    non_image_modalities: tuple[str, ...] = NON_IMAGE_MODALITIES

    def specialty_for(self, modality: str) -> str:
        return self.specialty_by_modality.get(modality.upper(), self.default_specialty)

    def stability_for(self, modality: str) -> float:
        return self.stability_seconds.get(modality.upper(), self.default_stability_seconds)


@dataclass(frozen=True)
class Settings:
    community_name: str
    county_hospital: str
    timezone: ZoneInfo
    http_host: str
    http_port: int
    dicom_port: int
    ae_title: str
    data_dir: Path
    redis: RedisTarget | None  # [redis] / TELECONSULT_REDIS_*; None = serve's embedded one
    max_upload_bytes: int
    clinics: Mapping[str, Clinic]
    doctors: Mapping[str, Doctor]
    admins: Mapping[str, Admin]
    routing: Routing
    source: str = ""
    demo_tokens: Mapping[str, str] = field(default_factory=dict)
    reports: ReportsConfig | None = None  # the [reports] table
    tls: TlsConfig | None = None  # [server] TLS keys; None = off
    log_file: Path | None = None  # [server] log_file / TELECONSULT_LOG_FILE: rotated log
    log_max_mb: float = 50.0  # rotate the log file at this size
    log_backups: int = 10  # rotated files kept
    dicom_limits: DicomLimits | None = None  # [dicom_limits]
    http: HttpLimits = field(default_factory=HttpLimits)  # the [http] table
    supervision: SupervisionConfig = field(default_factory=SupervisionConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    handover: HandoverConfig | None = None  # [handover]
    paging: PagingConfig | None = None  # [paging]
    stats: StatsConfig = field(default_factory=StatsConfig)  # [stats]: 时限, 绩效 weights
    review: ReviewConfig = field(default_factory=ReviewConfig)  # [review]
    consult_pools: Mapping[str, ConsultPool] = field(default_factory=dict)  # [[consult_pools]]
    screens: Mapping[str, Screen] = field(default_factory=dict)  # [[screens]]: displays
    hl7_port: int = 0  # [server] hl7_port / TELECONSULT_HL7_PORT: lab results over MLLP; 0 = off
    lab: LabConfig = field(default_factory=LabConfig)  # [lab]
    # TELECONSULT_NODE_ID: this node among several sharing one Redis and data dir
    node_id: str = field(default_factory=default_node_id)
    # [[communities]] and the default one (top-level clinics/doctors); empty = only the default
    communities: Mapping[str, Community] = field(default_factory=dict)

    def redis_target(self) -> RedisTarget:
        """The Redis deployment to use; ``serve`` sets its embedded one before a part starts."""
        if self.redis is None:
            raise RuntimeError("no Redis configured and none embedded: set [redis] or "
                               "TELECONSULT_REDIS_URL (only `serve` starts its own)")
        return self.redis

    def community_ids(self) -> tuple[str, ...]:
        """Every routing domain, the default first (it exists even when empty)."""
        return (DEFAULT_COMMUNITY,
                *sorted(c for c in self.communities if c != DEFAULT_COMMUNITY))

    def community_of(self, clinic_id: str) -> str:
        """The community a clinic's cases are read in (the default for an unknown clinic)."""
        clinic = self.clinics.get(clinic_id)
        return clinic.community if clinic else DEFAULT_COMMUNITY

    def doctors_in(self, community: str) -> list[Doctor]:
        """The doctors who read ``community``'s cases."""
        return [d for d in self.doctors.values() if d.community == community]

    def clinic_for_hl7(self, facility: str) -> Clinic | None:
        """The clinic whose laboratory sends as MSH-4 ``facility`` (case-insensitive)."""
        name = facility.strip().upper()
        return next((c for c in self.clinics.values() if name in c.hl7_facilities), None)

    def clinic_for_ae(self, ae_title: str) -> Clinic | None:
        ae = ae_title.strip()
        for clinic in self.clinics.values():
            if ae in clinic.ae_titles:
                return clinic
        return None


