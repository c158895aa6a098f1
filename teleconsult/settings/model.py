"""Configuration: read once from TOML + environment into frozen dataclasses.

Every problem is reported as ``ConfigError`` naming the file and the key, so
``teleconsult check-config`` can print all of them at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from teleconsult.api.health_checks import HealthConfig, parse_health
from teleconsult.core.http_limits import HttpLimits, parse_http
from teleconsult.run.supervision import SupervisionConfig, parse_supervision

if TYPE_CHECKING:
    from teleconsult.core.tls import TlsConfig
    from teleconsult.ingress.limits import DicomLimits
    from teleconsult.reporting.delivery import ReportsConfig
    from teleconsult.routing.people_config import HandoverConfig, PagingConfig
    from teleconsult.settings.people import Reader

PRIORITIES = ("stat", "urgent", "routine")
NON_IMAGE_MODALITIES = ("SR", "KO", "PR", "DOC", "SEG", "REG", "RWV", "FID", "PLAN", "RTPLAN",
                        "RTSTRUCT", "RTDOSE", "RTRECORD", "AU", "HD")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_AE_RE = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")  # no backslash, printable


class ConfigError(Exception):
    """One or more configuration problems; ``problems`` lists "file: key: what"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def hash_secret(secret: str) -> str:
    """The stored form of a token or password (tokens are compared by hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


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

    def covers(self, clinic_id: str, zone: str = "") -> bool:
        """The clinic is explicitly covered, by '*', or through one of the doctor's zones."""
        return "*" in self.clinics or clinic_id in self.clinics or bool(zone and
                                                                        zone in self.zones)


@dataclass(frozen=True)
class Admin:
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
    redis_url: str | None
    max_upload_bytes: int
    clinics: Mapping[str, Clinic]
    doctors: Mapping[str, Doctor]
    admins: Mapping[str, Admin]
    routing: Routing
    source: str = ""
    demo_tokens: Mapping[str, str] = field(default_factory=dict)
    reports: ReportsConfig | None = None  # the [reports] table (teleconsult.reporting.delivery)
    tls: TlsConfig | None = None  # [server] TLS keys (teleconsult.core.tls); None = off
    log_file: Path | None = None  # [server] log_file / TELECONSULT_LOG_FILE: rotated log
    log_max_mb: float = 50.0  # rotate the log file at this size
    log_backups: int = 10  # rotated files kept
    dicom_limits: DicomLimits | None = None  # [dicom_limits] (teleconsult.ingress.limits)
    http: HttpLimits = field(default_factory=HttpLimits)  # the [http] table
    supervision: SupervisionConfig = field(default_factory=SupervisionConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    handover: HandoverConfig | None = None  # [handover] (teleconsult.routing.people_config)
    paging: PagingConfig | None = None  # [paging] (teleconsult.routing.people_config)

    def clinic_for_ae(self, ae_title: str) -> Clinic | None:
        ae = ae_title.strip()
        for clinic in self.clinics.values():
            if ae in clinic.ae_titles:
                return clinic
        return None


def _int_env(r: Reader, env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    from teleconsult.core.numbers import strict_int

    try:
        return strict_int(raw, name, high=65535)
    except ValueError:
        r.fail(f"environment {name}", f"must be a port number, got {raw!r}")
        return default


def _log_file(r: Reader, srv: Mapping[str, Any], env: Mapping[str, str]) -> Path | None:
    value = env.get("TELECONSULT_LOG_FILE") or r.get(srv, "log_file", "server", str)
    if not value:
        return None
    if not Path(value).resolve().parent.is_dir():
        r.fail("server.log_file", f"the directory of {value!r} does not exist")
    return Path(value)


def _check_listeners(r: Reader, s: Settings) -> None:
    """Log rotation limits are sane, something listens for HTTP, and a clinic that
    requires a certificate has a port where certificates are asked for."""
    if not 0 < s.log_max_mb <= 10_000:
        r.fail("server.log_max_mb", "must be more than 0 and at most 10000")
    if not 0 <= s.log_backups <= 1000:
        r.fail("server.log_backups", "must be 0..1000")
    tls_cfg = s.tls
    if not (s.http_port or (tls_cfg and tls_cfg.https_port)):
        r.fail("server.http_port", "0 turns plain HTTP off: then set https_port")
    needs_cert = [c.id for c in s.clinics.values() if c.require_client_cert]
    if needs_cert and not (tls_cfg and tls_cfg.dicom_tls_port and tls_cfg.client_ca_file):
        r.fail("clinics", f"{', '.join(needs_cert)} require_client_cert: set "
                          "server.dicom_tls_port and server.tls_client_ca")


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  with_accounts: bool = False, pending: Sequence[dict] = (),
                  **overrides: Any) -> Settings:
    """Read the TOML file and the environment; raise ``ConfigError`` listing every problem.

    ``with_accounts`` replays the data dir's account changes (teleconsult.admin.accounts)
    over the file's clinics, doctors and admins: what a running service uses; ``pending``
    are changes not yet recorded, applied after them (to validate a change before it is).
    """
    env = os.environ if env is None else env
    path = Path(path or env.get("TELECONSULT_CONFIG") or "config/teleconsult.toml")
    # the table parsers import the dataclasses above, so they are imported here
    from teleconsult.settings.people import (
        Reader,
        parse_admins,
        parse_clinics,
        parse_doctors,
        parse_routing,
    )

    r = Reader(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: cannot read: no such file"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: not valid TOML: {exc}"]) from None

    data_dir = Path(env.get("TELECONSULT_DATA_DIR") or "./var").resolve()
    if with_accounts:
        from teleconsult.admin import accounts

        try:
            data = accounts.replay(data, [*accounts.read_log(data_dir), *pending])
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError([f"{accounts.log_path(data_dir)}: unreadable change: "
                               f"{exc}"]) from None
    top = r.table(data, "", {"community", "server", "clinics", "doctors", "admins", "routing",
                             "demo_tokens", "reports", "dicom_limits", "http", "supervision",
                             "health", "handover", "paging"},
                  {"community", "clinics", "doctors", "routing"})
    com = r.table(top.get("community", {}), "community",
                  {"name", "county_hospital", "timezone"}, {"name"})
    tz_name = r.get(com, "timezone", "community", str, "Asia/Shanghai")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail("community.timezone", f"unknown time zone {tz_name!r}")
        tz = ZoneInfo("Asia/Shanghai")
    from teleconsult.core import tls

    srv = r.table(top.get("server", {}), "server",
                  {"http_host", "http_port", "dicom_port", "ae_title", "max_upload_mb",
                   "log_file", "log_max_mb", "log_backups", *tls.KEYS}, set())
    ae = r.get(srv, "ae_title", "server", str, "TELECONSULT")
    if not _AE_RE.match(ae):
        r.fail("server.ae_title", f"invalid AE title {ae!r}")
    clinics = parse_clinics(r, top.get("clinics", []))
    doctors = parse_doctors(r, top.get("doctors", []), clinics)
    specialties = {s for d in doctors.values() for s in d.specialties}
    routing = parse_routing(r, top.get("routing", {}), specialties)
    demo = r.get(top, "demo_tokens", "", dict, {})
    from teleconsult.reporting.delivery import ReportsConfig, parse_reports_config

    try:
        reports_cfg = parse_reports_config(top.get("reports"), str(path), set(clinics))
    except ConfigError as exc:
        r.problems.extend(exc.problems)
        reports_cfg = ReportsConfig()
    from teleconsult.ingress.limits import parse_dicom_limits

    dicom_limits = parse_dicom_limits(r, top.get("dicom_limits"), set(clinics))
    handover_cfg, paging_cfg = _people_tables(r, top, clinics, doctors)
    settings = Settings(
        community_name=r.get(com, "name", "community", str, ""),
        county_hospital=r.get(com, "county_hospital", "community", str, ""),
        timezone=tz,
        http_host=r.get(srv, "http_host", "server", str, "0.0.0.0"),
        http_port=_int_env(r, env, "TELECONSULT_HTTP_PORT", r.get(srv, "http_port", "server", int,
                                                                  8080)),
        dicom_port=_int_env(r, env, "TELECONSULT_DICOM_PORT",
                            r.get(srv, "dicom_port", "server", int, 11112)),
        ae_title=ae,
        data_dir=data_dir,
        redis_url=env.get("TELECONSULT_REDIS_URL") or None,
        max_upload_bytes=int(r.get(srv, "max_upload_mb", "server", (int, float), 2048) * 2**20),
        clinics=clinics, doctors=doctors, admins=parse_admins(r, top.get("admins", [])),
        routing=routing, source=str(path), demo_tokens=dict(demo), reports=reports_cfg,
        tls=tls.parse_tls(r, srv, env, _int_env),
        log_file=_log_file(r, srv, env),
        log_max_mb=r.get(srv, "log_max_mb", "server", (int, float), 50.0),
        log_backups=r.get(srv, "log_backups", "server", int, 10),
        dicom_limits=dicom_limits,
        http=parse_http(r, top.get("http", {})),
        supervision=parse_supervision(r, top.get("supervision")),
        health=parse_health(r, top.get("health")),
        handover=handover_cfg, paging=paging_cfg,
    )
    _check_listeners(r, settings)
    if r.problems:
        raise ConfigError(r.problems)
    if overrides:
        from dataclasses import replace

        settings = replace(settings, **overrides)
    return settings


def reread(settings: Settings, pending: Sequence[dict] = ()) -> Settings:
    """The configuration file and account changes read again, keeping this process's Redis
    and data dir (a reload, or the check before an account change is recorded)."""
    from dataclasses import replace

    env = {**os.environ, "TELECONSULT_DATA_DIR": str(settings.data_dir)}
    fresh = load_settings(settings.source, env=env, with_accounts=True, pending=pending)
    return replace(fresh, redis_url=settings.redis_url, data_dir=settings.data_dir)
def _people_tables(r: Reader, top: dict, clinics: Mapping, doctors: Mapping) -> tuple:
    """The [handover] and [paging] tables (problems recorded on ``r``)."""
    from teleconsult.routing.people_config import (
        HandoverConfig,
        PagingConfig,
        parse_handover,
        parse_paging,
    )

    handover, paging = HandoverConfig(), PagingConfig()
    admins = {a.get("id") for a in top.get("admins", []) if isinstance(a, dict)}
    try:
        handover = parse_handover(top.get("handover"), r.source)
    except ConfigError as exc:
        r.problems.extend(exc.problems)
    try:
        paging = parse_paging(top.get("paging"), r.source, set(clinics) | set(doctors) | admins)
    except ConfigError as exc:
        r.problems.extend(exc.problems)
    return handover, paging
