"""The ``[reports]`` table: critical-result timers, delivery retries, each clinic's
channels and community-id labels, report templates.

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from teleconsult.settings.reader import ConfigError, known_table, positive_number


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


_TOP = {"critical_ack_minutes", "critical_repeat_minutes", "community_id_issuer", "delivery",
        "clinics", "templates"}


def _clinics(problems: list[str], src: str, data: Any) -> dict[str, ClinicChannels]:
    out = {}
    for cid, raw in known_table(problems, src, data, set(data or {}), "reports.clinics").items():
        path = f"reports.clinics.{cid}"
        t = known_table(problems, src, raw, {"id_issuers", "webhook_url", "webhook_secret_env"},
                        path)
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
        t = known_table(problems, src, raw, {"modality", "body_part", "findings", "impression"},
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
    t = known_table(problems, src, data if data is not None else {}, _TOP, "reports")
    d = known_table(problems, src, t.get("delivery", {}),
                    {"max_attempts", "backoff_seconds", "backoff_max_seconds"}, "reports.delivery")
    clinics = _clinics(problems, src, t.get("clinics", {}))
    for cid in sorted(set(clinics) - (clinic_ids if clinic_ids is not None else set(clinics))):
        problems.append(f"{src}: reports.clinics.{cid}: no such clinic")
    cfg = ReportsConfig(
        critical_ack_seconds=positive_number(problems, src, t, "critical_ack_minutes", 15,
                                             "reports") * 60,
        critical_repeat_seconds=positive_number(problems, src, t, "critical_repeat_minutes", 15,
                                                "reports") * 60,
        community_id_issuer=str(t.get("community_id_issuer", "RESIDENT_ID")),
        max_attempts=int(positive_number(problems, src, d, "max_attempts", 8,
                                         "reports.delivery")),
        backoff_seconds=positive_number(problems, src, d, "backoff_seconds", 5,
                                        "reports.delivery"),
        backoff_max_seconds=positive_number(problems, src, d, "backoff_max_seconds", 600,
                                            "reports.delivery"),
        clinics=clinics, templates=_templates(problems, src, t.get("templates", [])))
    if problems:
        raise ConfigError(problems)
    return cfg
