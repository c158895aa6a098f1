"""The ``[paging]`` table: who is called on which channel, how often, and when not. Pure:
no I/O.

```toml
[paging]
base_url = "https://teleconsult.example"   # deep links in messages
max_attempts = 6
backoff_seconds = 10
backoff_max_seconds = 300
max_per_hour = 20              # per recipient; STAT pages are never held back

[[paging.channels]]
id = "card-group"
kind = "wecom"                 # wecom | dingtalk | sms | webhook
url_env = "CARD_WECOM_URL"     # the robot's URL carries its key: kept out of the file

[[paging.people]]
id = "card-chen"               # a doctor, an admin or a clinic (its contact)
channels = ["card-group"]
quiet_hours = { start = "22:00", end = "07:00" }           # never for STAT
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from teleconsult.settings.reader import ConfigError, known_table, positive_number

KINDS = ("wecom", "dingtalk", "sms", "webhook")


EVENTS = ("stat_assigned", "call_in", "escalation", "handover", "sla_at_risk", "read_overdue",
          "critical_unacknowledged", "consultation_requested", "consultation_escalated",
          "lab_critical")


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d\Z")


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}\Z")


@dataclass(frozen=True)
class Channel:
    id: str
    kind: str
    url: str = ""
    url_env: str | None = None  # the URL itself is a secret for robot webhooks
    secret_env: str | None = None  # DingTalk signing secret, webhook HMAC secret
    internal: bool = False  # inside the hospital: names and ids may be shown
    markdown: bool = False
    body_template: str = ""  # sms: JSON with {phone} and {text}


@dataclass(frozen=True)
class Person:
    id: str
    channels: tuple[str, ...]
    phone: str = ""
    events: tuple[str, ...] = EVENTS
    quiet_start: time | None = None
    quiet_end: time | None = None


@dataclass(frozen=True)
class PagingConfig:
    base_url: str = "http://localhost:8080"
    max_attempts: int = 6
    backoff_seconds: float = 10.0
    backoff_max_seconds: float = 300.0
    max_per_hour: int = 20
    channels: Mapping[str, Channel] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)


def _channel(problems: list[str], src: str, raw: Any, path: str) -> Channel | None:
    t = known_table(problems, src, raw, {"id", "kind", "url", "url_env", "secret_env",
                                         "internal", "markdown", "body_template"}, path)
    cid, kind = t.get("id"), t.get("kind")
    if not isinstance(cid, str) or not _ID.match(cid):
        problems.append(f"{src}: {path}.id: required, lowercase letters, digits, - or _")
        return None
    if kind not in KINDS:
        problems.append(f"{src}: {path}.kind: must be one of {', '.join(KINDS)}")
        return None
    url, url_env = t.get("url", ""), t.get("url_env")
    if url and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        problems.append(f"{src}: {path}.url: must be an http(s) URL")
    if bool(url) == bool(url_env):
        problems.append(f"{src}: {path}: give url or url_env (one of them)")
    if kind in ("dingtalk", "webhook") and not t.get("secret_env"):
        problems.append(f"{src}: {path}.secret_env: required for {kind} (requests are signed)")
    template = t.get("body_template", "")
    if kind == "sms" and "{text}" not in str(template):
        problems.append(f"{src}: {path}.body_template: required for sms, with {{text}}")
    for flag in ("internal", "markdown"):
        if not isinstance(t.get(flag, False), bool):
            problems.append(f"{src}: {path}.{flag}: must be true or false")
    return Channel(cid, kind, str(url or ""), url_env, t.get("secret_env"),
                   t.get("internal") is True, t.get("markdown") is True, str(template))


def _quiet(problems: list[str], src: str, raw: Any, path: str) -> tuple[time | None, ...]:
    if raw is None:
        return None, None
    t = known_table(problems, src, raw, {"start", "end"}, path)
    out = []
    for k in ("start", "end"):
        v = t.get(k)
        if not isinstance(v, str) or not _HHMM.match(v):
            problems.append(f"{src}: {path}.{k}: must be a time 'HH:MM'")
            return None, None
        out.append(time.fromisoformat(v))
    return tuple(out)


def _person(problems: list[str], src: str, raw: Any, path: str, channels: set[str],
            known: set[str]) -> Person | None:
    t = known_table(problems, src, raw, {"id", "channels", "phone", "events", "quiet_hours"}, path)
    pid = t.get("id")
    if pid not in known:
        problems.append(f"{src}: {path}.id: no doctor, admin or clinic {pid!r}")
        return None
    chans = t.get("channels", [])
    if not isinstance(chans, list) or not chans or any(c not in channels for c in chans):
        problems.append(f"{src}: {path}.channels: a list of configured channel ids")
        return None
    events = t.get("events", list(EVENTS))
    if not isinstance(events, list) or any(e not in EVENTS for e in events):
        problems.append(f"{src}: {path}.events: a list of {', '.join(EVENTS)}")
        events = list(EVENTS)
    start, end = _quiet(problems, src, t.get("quiet_hours"), f"{path}.quiet_hours")
    return Person(pid, tuple(chans), str(t.get("phone", "")), tuple(events), start, end)


def parse_paging(data: Any, src: str, known_ids: set[str]) -> PagingConfig:
    """The ``[paging]`` table; ``known_ids`` are the doctors, admins and clinics."""
    problems: list[str] = []
    t = known_table(problems, src, data if data is not None else {}, {
        "base_url", "max_attempts", "backoff_seconds", "backoff_max_seconds", "max_per_hour",
        "channels", "people"}, "paging")
    channels: dict[str, Channel] = {}
    for i, raw in enumerate(t.get("channels", []) if isinstance(t.get("channels"), list)
                            else []):
        ch = _channel(problems, src, raw, f"paging.channels[{i}]")
        if ch is not None:
            channels[ch.id] = ch
    people: dict[str, Person] = {}
    for i, raw in enumerate(t.get("people", []) if isinstance(t.get("people"), list) else []):
        p = _person(problems, src, raw, f"paging.people[{i}]", set(channels), known_ids)
        if p is not None:
            people[p.id] = p
    base_url = t.get("base_url", PagingConfig.base_url)
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        problems.append(f"{src}: paging.base_url: must be an http(s) URL")
        base_url = PagingConfig.base_url
    cfg = PagingConfig(
        base_url=base_url.rstrip("/"),
        max_attempts=int(positive_number(problems, src, t, "max_attempts", 6, "paging")),
        backoff_seconds=positive_number(problems, src, t, "backoff_seconds", 10, "paging"),
        backoff_max_seconds=positive_number(problems, src, t, "backoff_max_seconds", 300,
                                            "paging"),
        max_per_hour=int(positive_number(problems, src, t, "max_per_hour", 20, "paging")),
        channels=channels, people=people)
    if problems:
        raise ConfigError(problems)
    return cfg
