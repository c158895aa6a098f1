"""Parsing the configuration's tables into the frozen dataclasses of ``settings``.

Each function records every problem it finds ("file: key: what") on the ``Reader`` instead
of stopping at the first, so ``teleconsult check-config`` can list them all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date as dt_date
from datetime import time
from typing import Any

from teleconsult.settings.model import (
    DAYS,
    NON_IMAGE_MODALITIES,
    PRIORITIES,
    Admin,
    Clinic,
    DicomNode,
    Doctor,
    Override,
    PriorityRule,
    PriorityTimes,
    Routing,
    Shift,
    SubspecialtyRule,
)

_AE_RE = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}$")  # no backslash, printable
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


class Reader:
    """Walks a TOML table, recording problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def fail(self, key: str, what: str) -> None:
        self.problems.append(f"{self.source}: {key}: {what}")

    def table(self, data: Any, key: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(data, dict):
            self.fail(key, "must be a table")
            return {}
        for k in sorted(set(data) - allowed):
            self.fail(f"{key}.{k}" if key else k, "unknown key")
        for k in sorted(required - set(data)):
            self.fail(f"{key}.{k}" if key else k, "missing")
        return data

    def get(self, data: dict, key: str, path: str, kind: type | tuple, default: Any = None) -> Any:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) and kind in (int, float):
            self.fail(f"{path}.{key}", f"must be {kind.__name__}")
            return default
        if not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.fail(f"{path}.{key}", f"must be {name}, got {type(value).__name__}")
            return default
        return value

    def str_list(self, data: dict, key: str, path: str) -> tuple[str, ...]:
        value = self.get(data, key, path, list, [])
        if not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", "must be a list of strings")
            return ()
        return tuple(value)

    def password_hash(self, data: dict, path: str) -> str | None:
        value = self.get(data, "password_hash", path, str)
        if value is not None and not value.startswith("$argon2"):
            self.fail(f"{path}.password_hash", "must be an argon2 hash ($argon2id$...)")
        return value

    def secret(self, data: dict, path: str) -> str:
        if "token_sha256" in data and "token" in data:
            self.fail(path, "give token_sha256 or token, not both")
        if "token_sha256" in data:
            digest = self.get(data, "token_sha256", path, str, "")
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                self.fail(f"{path}.token_sha256", "must be 64 lowercase hex digits")
            return digest
        self.fail(f"{path}.token_sha256", "missing")
        return ""


def _parse_time(r: Reader, value: Any, key: str) -> time:
    if not isinstance(value, str) or not _HHMM_RE.match(value):
        r.fail(key, f"must be a time 'HH:MM', got {value!r}")
        return time(0)
    if value == "24:00":
        return time(0)
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def _parse_days(r: Reader, value: Any, key: str) -> tuple[int, ...]:
    if value == "daily":
        return tuple(range(7))
    if not isinstance(value, list) or not value:
        r.fail(key, "must be 'daily' or a list of mon..sun")
        return ()
    days = []
    for v in value:
        if v not in DAYS:
            r.fail(key, f"unknown day {v!r} (use mon..sun)")
        else:
            days.append(DAYS.index(v))
    return tuple(sorted(set(days)))


def _parse_shifts(r: Reader, items: Any, path: str) -> tuple[Shift, ...]:
    if not isinstance(items, list):
        r.fail(path, "must be a list of tables")
        return ()
    shifts = []
    for i, item in enumerate(items):
        p = f"{path}[{i}]"
        t = r.table(item, p, {"days", "start", "end"}, {"days", "start", "end"})
        if not t:
            continue
        start = _parse_time(r, t.get("start"), f"{p}.start")
        end = _parse_time(r, t.get("end"), f"{p}.end")
        shifts.append(Shift(_parse_days(r, t.get("days"), f"{p}.days"), start, end))
    return tuple(shifts)


def parse_overrides(r: Reader, items: Any, path: str) -> tuple[Override, ...]:
    if not isinstance(items, list):
        r.fail(path, "must be a list of tables")
        return ()
    out = []
    for i, item in enumerate(items):
        p = f"{path}[{i}]"
        t = r.table(item, p, {"date", "off", "start", "end"}, {"date"})
        if not t:
            continue
        date = str(t.get("date"))
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError
            dt_date.fromisoformat(date)
        except ValueError:
            r.fail(f"{p}.date", f"must be a real date YYYY-MM-DD, got {date!r}")
        off = bool(r.get(t, "off", p, bool, False))
        if off == ("start" in t):
            r.fail(p, "give either off = true or start/end")
        start = _parse_time(r, t["start"], f"{p}.start") if "start" in t else None
        end = _parse_time(r, t["end"], f"{p}.end") if "end" in t else None
        out.append(Override(date=date, off=off, start=start, end=end))
    return tuple(out)


def parse_clinics(r: Reader, items: Any) -> dict[str, Clinic]:
    clinics: dict[str, Clinic] = {}
    allowed = {"id", "name", "ae_titles", "token_sha256", "fallback_charset",
               "return_ae", "return_host", "return_port", "zone", "emergency",
               "password_hash", "qr_destinations", "charset_mislabelled",
               "require_client_cert", "cert_names", "cert_fingerprints"}
    seen_ae: dict[str, str] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"clinics[{i}]"
        t = r.table(item, p, allowed, {"id", "name", "ae_titles"})
        cid = r.get(t, "id", p, str, "")
        if not _ID_RE.match(cid):
            r.fail(f"{p}.id", f"must be lowercase letters, digits, - or _, got {cid!r}")
        if cid in clinics:
            r.fail(f"{p}.id", f"duplicate clinic id {cid!r}")
        aes = r.str_list(t, "ae_titles", p)
        for ae in aes:
            if not _AE_RE.match(ae) or ae != ae.strip():
                r.fail(f"{p}.ae_titles", f"invalid AE title {ae!r}")
            if ae in seen_ae:
                r.fail(f"{p}.ae_titles", f"AE title {ae!r} already belongs to {seen_ae[ae]}")
            seen_ae[ae] = cid
        charset = r.get(t, "fallback_charset", p, str)
        if charset is not None:
            try:
                "".encode(_python_codec(charset))
            except LookupError:
                r.fail(f"{p}.fallback_charset", f"unknown character set {charset!r}")
        port = r.get(t, "return_port", p, int)
        if port is not None and not 0 < port < 65536:
            r.fail(f"{p}.return_port", "must be 1..65535")
        clinics[cid] = Clinic(
            id=cid, name=r.get(t, "name", p, str, cid), ae_titles=aes,
            token_sha256=r.secret(t, p), fallback_charset=charset,
            return_ae=r.get(t, "return_ae", p, str), return_host=r.get(t, "return_host", p, str),
            return_port=port, zone=r.get(t, "zone", p, str, ""),
            emergency=r.get(t, "emergency", p, bool, False),
            password_hash=r.password_hash(t, p),
            qr_destinations=parse_nodes(r, t, "qr_destinations", p, seen_ae, cid),
            charset_mislabelled=r.get(t, "charset_mislabelled", p, bool, False),
            require_client_cert=r.get(t, "require_client_cert", p, bool, False),
            cert_names=r.str_list(t, "cert_names", p),
            cert_fingerprints=_fingerprints(r, t, p),
        )
    if not clinics:
        r.fail("clinics", "at least one clinic is required")
    return clinics


def parse_nodes(r: Reader, t: dict, key: str, path: str, seen_ae: dict[str, str],
                owner: str) -> tuple[DicomNode, ...]:
    """``[{ae, host, port}, …]``; an AE title names one party only (it decides access)."""
    nodes = []
    for i, item in enumerate(r.get(t, key, path, list, [])):
        p = f"{path}.{key}[{i}]"
        nt = r.table(item, p, {"ae", "host", "port"}, {"ae", "host", "port"})
        ae, host = r.get(nt, "ae", p, str, ""), r.get(nt, "host", p, str, "")
        port = r.get(nt, "port", p, int, 0)
        if not _AE_RE.match(ae) or ae != ae.strip():
            r.fail(f"{p}.ae", f"invalid AE title {ae!r}")
        elif ae in seen_ae and seen_ae[ae] != owner:
            r.fail(f"{p}.ae", f"AE title {ae!r} already belongs to {seen_ae[ae]}")
        if not host.strip():
            r.fail(f"{p}.host", "must be a host name or address")
        if not 0 < port < 65536:
            r.fail(f"{p}.port", "must be 1..65535")
        seen_ae.setdefault(ae, owner)
        nodes.append(DicomNode(ae, host, port))
    return tuple(nodes)
def _fingerprints(r: Reader, t: dict, p: str) -> tuple[str, ...]:
    from teleconsult.core.tls import normalise_fingerprint

    out = tuple(normalise_fingerprint(f) for f in r.str_list(t, "cert_fingerprints", p))
    for f in out:
        if not re.fullmatch(r"[0-9a-f]{64}", f):
            r.fail(f"{p}.cert_fingerprints", f"not a SHA-256 fingerprint: {f!r}")
    return out


def _python_codec(charset: str) -> str:
    from pydicom.charset import python_encoding

    return python_encoding.get(charset, charset)


def parse_doctors(r: Reader, items: Any, clinics: Mapping[str, Clinic]) -> dict[str, Doctor]:
    doctors: dict[str, Doctor] = {}
    allowed = {"id", "name", "specialties", "clinics", "capacity", "token_sha256",
               "shifts", "overrides", "subspecialties", "zones", "supervisor", "password_hash",
               "workstations"}
    seen_ae = {ae: c.id for c in clinics.values() for ae in c.ae_titles}
    seen_ae.update({n.ae: c.id for c in clinics.values() for n in c.qr_destinations})
    zones = {c.zone for c in clinics.values() if c.zone}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"doctors[{i}]"
        t = r.table(item, p, allowed, {"id", "name", "specialties", "shifts"})
        did = r.get(t, "id", p, str, "")
        if not _ID_RE.match(did):
            r.fail(f"{p}.id", f"must be lowercase letters, digits, - or _, got {did!r}")
        if did in doctors:
            r.fail(f"{p}.id", f"duplicate doctor id {did!r}")
        doctor_zones = r.str_list(t, "zones", p)
        for z in doctor_zones:
            if z not in zones:
                r.fail(f"{p}.zones", f"no clinic is in zone {z!r}")
        covered = r.str_list(t, "clinics", p) or (() if doctor_zones else ("*",))
        for c in covered:
            if c != "*" and c not in clinics:
                r.fail(f"{p}.clinics", f"unknown clinic {c!r}")
        capacity = r.get(t, "capacity", p, int, 20)
        if capacity < 1:
            r.fail(f"{p}.capacity", "must be at least 1")
        specialties = r.str_list(t, "specialties", p)
        if not specialties:
            r.fail(f"{p}.specialties", "at least one specialty is required")
        doctors[did] = Doctor(
            id=did, name=r.get(t, "name", p, str, did), specialties=specialties,
            clinics=covered, capacity=capacity, token_sha256=r.secret(t, p),
            shifts=_parse_shifts(r, t.get("shifts", []), f"{p}.shifts"),
            overrides=parse_overrides(r, t.get("overrides", []), f"{p}.overrides"),
            subspecialties=r.str_list(t, "subspecialties", p), zones=doctor_zones,
            supervisor=r.get(t, "supervisor", p, bool, False),
            password_hash=r.password_hash(t, p),
            workstations=parse_nodes(r, t, "workstations", p, seen_ae, did),
        )
    return doctors


def parse_admins(r: Reader, items: Any) -> dict[str, Admin]:
    admins: dict[str, Admin] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"admins[{i}]"
        t = r.table(item, p, {"id", "name", "token_sha256", "password_hash"}, {"id"})
        aid = r.get(t, "id", p, str, "")
        admins[aid] = Admin(id=aid, name=r.get(t, "name", p, str, aid),
                            token_sha256=r.secret(t, p), password_hash=r.password_hash(t, p))
    return admins


def parse_routing(r: Reader, data: Any, specialties: set[str]) -> Routing:
    t = r.table(data, "routing", {"specialty_by_modality", "default_specialty",
                                  "stability_seconds", "priorities", "priority_rules",
                                  "escalation_contacts", "subspecialty_rules",
                                  "presence_seconds", "sla_warning_fraction",
                                  "max_lease_expiries", "call_in_wait_minutes",
                                  "non_image_studies",
                                  "non_image_modalities"},
                {"specialty_by_modality", "priorities"})
    by_mod = r.get(t, "specialty_by_modality", "routing", dict, {})
    for mod, spec in by_mod.items():
        if spec not in specialties:
            r.fail(f"routing.specialty_by_modality.{mod}", f"no doctor has specialty {spec!r}")
    default_spec = r.get(t, "default_specialty", "routing", str, "radiology")
    stab = r.get(t, "stability_seconds", "routing", dict, {})
    stability: dict[str, float] = {}
    for mod, secs in stab.items():
        if isinstance(secs, bool) or not isinstance(secs, int | float) or not 0 <= secs <= 3600:
            r.fail(f"routing.stability_seconds.{mod}", "must be a number of seconds 0..3600")
        else:
            stability[mod.upper()] = float(secs)
    times: dict[str, PriorityTimes] = {}
    prios = r.table(t.get("priorities", {}), "routing.priorities", set(PRIORITIES),
                    set(PRIORITIES))
    for name in PRIORITIES:
        p = f"routing.priorities.{name}"
        pt = r.table(prios.get(name, {}), p, {"sla_minutes", "lease_minutes"},
                     {"sla_minutes", "lease_minutes"})
        sla = r.get(pt, "sla_minutes", p, (int, float), 60)
        lease = r.get(pt, "lease_minutes", p, (int, float), 10)
        if sla <= 0 or lease <= 0:
            r.fail(p, "sla_minutes and lease_minutes must be positive")
        times[name] = PriorityTimes(sla_seconds=int(sla * 60), lease_seconds=int(lease * 60))
    rules = []
    for i, item in enumerate(r.get(t, "priority_rules", "routing", list, [])):
        p = f"routing.priority_rules[{i}]"
        rt = r.table(item, p, {"priority", "modalities", "keywords", "clinics",
                               "emergency_clinic"}, {"priority"})
        prio = rt.get("priority")
        if prio not in PRIORITIES:
            r.fail(f"{p}.priority", f"must be one of {', '.join(PRIORITIES)}")
        rules.append(PriorityRule(
            priority=str(prio),
            modalities=tuple(m.upper() for m in r.str_list(rt, "modalities", p)),
            keywords=tuple(k.lower() for k in r.str_list(rt, "keywords", p)),
            clinics=r.str_list(rt, "clinics", p),
            emergency_clinic=r.get(rt, "emergency_clinic", p, bool, False)))
    sub_rules = []
    for i, item in enumerate(r.get(t, "subspecialty_rules", "routing", list, [])):
        p = f"routing.subspecialty_rules[{i}]"
        st = r.table(item, p, {"subspecialty", "modalities", "keywords"}, {"subspecialty"})
        sub_rules.append(SubspecialtyRule(
            subspecialty=r.get(st, "subspecialty", p, str, ""),
            modalities=tuple(m.upper() for m in r.str_list(st, "modalities", p)),
            keywords=tuple(k.lower() for k in r.str_list(st, "keywords", p))))
    presence = r.get(t, "presence_seconds", "routing", int, 120)
    warning = r.get(t, "sla_warning_fraction", "routing", (int, float), 0.8)
    expiries = r.get(t, "max_lease_expiries", "routing", int, 2)
    call_in_wait = r.get(t, "call_in_wait_minutes", "routing", (int, float), 5)
    if not 10 <= presence <= 3600:
        r.fail("routing.presence_seconds", "must be 10..3600")
    if not 0 < warning < 1:
        r.fail("routing.sla_warning_fraction", "must be between 0 and 1")
    if expiries < 1:
        r.fail("routing.max_lease_expiries", "must be at least 1")
    if not 1 <= call_in_wait <= 120:
        r.fail("routing.call_in_wait_minutes", "must be 1..120")
    non_image = r.get(t, "non_image_studies", "routing", str, "attach")
    if non_image not in ("attach", "read"):
        r.fail("routing.non_image_studies", "must be 'attach' or 'read'")
    non_image_mods = tuple(m.upper() for m in r.str_list(t, "non_image_modalities", "routing"))
    return Routing(
        specialty_by_modality={k.upper(): v for k, v in by_mod.items()},
        default_specialty=default_spec, stability_seconds=stability,
        default_stability_seconds=stability.pop("DEFAULT", 5.0) if "DEFAULT" in stability
        else 5.0,
        priority_times=times, priority_rules=tuple(rules),
        escalation_contacts=r.str_list(t, "escalation_contacts", "routing"),
        subspecialty_rules=tuple(sub_rules), presence_seconds=presence,
        sla_warning_fraction=float(warning), max_lease_expiries=expiries,
        call_in_wait_seconds=float(call_in_wait) * 60, non_image_studies=non_image,
        non_image_modalities=non_image_mods if "non_image_modalities" in t
        else NON_IMAGE_MODALITIES)
