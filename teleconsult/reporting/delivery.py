"""Report delivery policy: the ``[reports]`` configuration table, which channels a clinic
gets, the retry schedule, webhook signatures and report templates. Pure: no I/O; the
table is parsed by ``load_settings`` into ``Settings.reports`` with the rest of the file.

```toml
[reports]
critical_ack_minutes = 15        # a critical result not acknowledged by then is escalated
critical_repeat_minutes = 15     # and escalated again every this often until it is
community_id_issuer = "RESIDENT_ID"

[reports.delivery]
max_attempts = 8                 # then the job goes to the dead-letter list
backoff_seconds = 5              # 5, 10, 20, ... capped at backoff_max_seconds
backoff_max_seconds = 600

[reports.clinics.futian]
id_issuers = ["身份证"]           # this clinic's labels for the community-wide id
webhook_url = "https://clinic.example/hook"
webhook_secret_env = "FUTIAN_WEBHOOK_SECRET"   # HMAC needs the secret itself: kept out of the file

[[reports.templates]]
modality = "CT"
body_part = "CHEST"
findings = "..."
impression = "..."
```
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from teleconsult.core.numbers import strict_int
from teleconsult.settings.model import Clinic, ConfigError

FEED, EVENTS, ARCHIVE, DICOM, WEBHOOK = "feed", "events", "archive", "dicom", "webhook"
IMMEDIATE = (FEED, EVENTS)  # done by signing itself: recorded, never retried
SIGNATURE_HEADER = "X-Teleconsult-Signature"


@dataclass(frozen=True)
class ClinicChannels:
    id_issuers: tuple[str, ...] = ()
    webhook_url: str | None = None
    webhook_secret_env: str | None = None


@dataclass(frozen=True)
class Template:
    modality: str
    body_part: str  # "" = any
    findings: str
    impression: str


@dataclass(frozen=True)
class ReportsConfig:
    critical_ack_seconds: float = 15 * 60
    critical_repeat_seconds: float = 15 * 60
    community_id_issuer: str = "RESIDENT_ID"
    max_attempts: int = 8
    backoff_seconds: float = 5.0
    backoff_max_seconds: float = 600.0
    clinics: Mapping[str, ClinicChannels] = field(default_factory=dict)
    templates: tuple[Template, ...] = ()

    def clinic(self, clinic_id: str) -> ClinicChannels:
        return self.clinics.get(clinic_id, ClinicChannels())


# -- policy ---------------------------------------------------------------------------------


def channels(clinic: Clinic | None, cfg: ReportsConfig) -> tuple[str, ...]:
    """The channels a signed report goes out on for ``clinic`` (immediate ones first)."""
    out = [*IMMEDIATE, ARCHIVE]
    if clinic is not None and clinic.return_ae and clinic.return_host and clinic.return_port:
        out.append(DICOM)
    if clinic is not None and cfg.clinic(clinic.id).webhook_url:
        out.append(WEBHOOK)
    return tuple(out)


def backoff(attempt: int, cfg: ReportsConfig) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): doubling, capped."""
    return min(cfg.backoff_max_seconds, cfg.backoff_seconds * 2 ** max(0, attempt - 1))


def after_failure(attempt: int, cfg: ReportsConfig) -> float | None:
    """The delay before the next try, or None when the job goes to the dead letters."""
    return None if attempt >= cfg.max_attempts else backoff(attempt, cfg)


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>``: the timestamp is signed too,
    so a captured request cannot be replayed later with a new time."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_webhook(secret: str, header: str, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = strict_int(parts.get("t", ""), "t")
    except ValueError:
        return False
    return hmac.compare_digest(sign_webhook(secret, timestamp, body), header)


def find_template(cfg: ReportsConfig, modality: str, body_part: str) -> Template | None:
    """The most specific template: same modality and body part, else modality only."""
    modality, body_part = modality.upper(), body_part.upper()
    best = None
    for t in cfg.templates:
        if t.modality != modality:
            continue
        if t.body_part == body_part:
            return t
        if not t.body_part and best is None:
            best = t
    return best


# -- configuration --------------------------------------------------------------------------

_TOP = {"critical_ack_minutes", "critical_repeat_minutes", "community_id_issuer", "delivery",
        "clinics", "templates"}


def _number(problems: list[str], src: str, t: dict, key: str, default: float,
            path: str) -> float:
    value = t.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        problems.append(f"{src}: {path}.{key}: must be a positive number")
        return default
    return float(value)


def _unknown(problems: list[str], src: str, t: Any, allowed: set[str], path: str) -> dict:
    if not isinstance(t, dict):
        problems.append(f"{src}: {path}: must be a table")
        return {}
    problems += [f"{src}: {path}.{k}: unknown key" for k in sorted(set(t) - allowed)]
    return t


def _clinics(problems: list[str], src: str, data: Any) -> dict[str, ClinicChannels]:
    out = {}
    for cid, raw in _unknown(problems, src, data, set(data or {}), "reports.clinics").items():
        path = f"reports.clinics.{cid}"
        t = _unknown(problems, src, raw, {"id_issuers", "webhook_url", "webhook_secret_env"}, path)
        issuers = t.get("id_issuers", [])
        if not isinstance(issuers, list) or not all(isinstance(i, str) for i in issuers):
            problems.append(f"{src}: {path}.id_issuers: must be a list of strings")
            issuers = []
        url = t.get("webhook_url")
        if url is not None and not (isinstance(url, str) and url.startswith(("http://",
                                                                             "https://"))):
            problems.append(f"{src}: {path}.webhook_url: must be an http(s) URL")
            url = None
        if url and not t.get("webhook_secret_env"):
            problems.append(f"{src}: {path}.webhook_secret_env: required with webhook_url")
        out[cid] = ClinicChannels(tuple(issuers), url, t.get("webhook_secret_env"))
    return out


def _templates(problems: list[str], src: str, data: Any) -> tuple[Template, ...]:
    out = []
    for i, raw in enumerate(data if isinstance(data, list) else []):
        path = f"reports.templates[{i}]"
        t = _unknown(problems, src, raw, {"modality", "body_part", "findings", "impression"},
                     path)
        if not isinstance(t.get("modality"), str):
            problems.append(f"{src}: {path}.modality: required")
            continue
        out.append(Template(t["modality"].upper(), str(t.get("body_part", "")).upper(),
                            str(t.get("findings", "")), str(t.get("impression", ""))))
    return tuple(out)


def parse_reports_config(data: Any, src: str, clinic_ids: set[str] | None = None
                         ) -> ReportsConfig:
    """The ``[reports]`` table (``data``) as a ``ReportsConfig``; ``ConfigError`` lists all."""
    problems: list[str] = []
    t = _unknown(problems, src, data if data is not None else {}, _TOP, "reports")
    d = _unknown(problems, src, t.get("delivery", {}), {"max_attempts", "backoff_seconds",
                                                        "backoff_max_seconds"},
                 "reports.delivery")
    clinics = _clinics(problems, src, t.get("clinics", {}))
    for cid in sorted(set(clinics) - (clinic_ids if clinic_ids is not None else set(clinics))):
        problems.append(f"{src}: reports.clinics.{cid}: no such clinic")
    cfg = ReportsConfig(
        critical_ack_seconds=_number(problems, src, t, "critical_ack_minutes", 15, "reports") * 60,
        critical_repeat_seconds=_number(problems, src, t, "critical_repeat_minutes", 15,
                                        "reports") * 60,
        community_id_issuer=str(t.get("community_id_issuer", "RESIDENT_ID")),
        max_attempts=int(_number(problems, src, d, "max_attempts", 8, "reports.delivery")),
        backoff_seconds=_number(problems, src, d, "backoff_seconds", 5, "reports.delivery"),
        backoff_max_seconds=_number(problems, src, d, "backoff_max_seconds", 600,
                                    "reports.delivery"),
        clinics=clinics, templates=_templates(problems, src, t.get("templates", [])))
    if problems:
        raise ConfigError(problems)
    return cfg
