"""The people tables: ``[[clinics]]`` (AE titles, return addresses, certificates,
Q/R destinations), ``[[doctors]]`` (specialties, coverage, shifts and overrides,
workstations) and ``[[admins]]``; an AE title names one party only."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date as dt_date
from datetime import time
from typing import Any

from dicom.charset import python_codec
from teleconsult.core.tls import normalise_fingerprint
from teleconsult.settings.communities import community_of
from teleconsult.settings.model import (
    Admin,
    Clinic,
    Community,
    DicomNode,
    Doctor,
    Override,
    Shift,
)
from teleconsult.settings.reader import AE_RE, HHMM_RE, Reader
from teleconsult.settings.review import parse_title
from teleconsult.settings.terms import DAYS
from teleconsult.store.keys import DEFAULT_COMMUNITY


def _parse_time(r: Reader, value: Any, key: str) -> time:
    if not isinstance(value, str) or not HHMM_RE.match(value):
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


def _path(paths: Sequence[str], table: str, i: int) -> str:
    """Where row ``i`` was written (a ``[[communities]]`` row has its own path)."""
    return paths[i] if i < len(paths) else f"{table}[{i}]"


def _new_member_id(r: Reader, t: dict, p: str, taken: Mapping, what: str) -> str:
    """The row's id; one already taken in another community is said to be so."""
    other = taken.get(t.get("id")) if isinstance(t.get("id"), str) else None
    community = t.get("community", DEFAULT_COMMUNITY)
    if other is not None and other.community != community:
        r.fail(f"{p}.id", f"{what} {other.id!r} is already in community {other.community!r}: "
               "a clinic or doctor belongs to one community")
        return other.id
    return r.new_id(t, p, taken, f"{what} id")


def parse_clinics(r: Reader, items: Any, paths: Sequence[str] = (),
                  communities: Mapping[str, Community] | None = None) -> dict[str, Clinic]:
    clinics: dict[str, Clinic] = {}
    allowed = {"id", "name", "ae_titles", "token_sha256", "fallback_charset",
               "return_ae", "return_host", "return_port", "zone", "emergency",
               "password_hash", "qr_destinations", "charset_mislabelled",
               "require_client_cert", "cert_names", "cert_fingerprints", "hl7_facilities",
               "community"}
    known = communities or {DEFAULT_COMMUNITY: Community(DEFAULT_COMMUNITY, "")}
    seen_ae: dict[str, str] = {}
    seen_hl7: dict[str, str] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = _path(paths, "clinics", i)
        t = r.table(item, p, allowed, {"id", "name", "ae_titles"})
        cid = _new_member_id(r, t, p, clinics, "clinic")
        aes = r.str_list(t, "ae_titles", p)
        for ae in aes:
            if not AE_RE.match(ae) or ae != ae.strip():
                r.fail(f"{p}.ae_titles", f"invalid AE title {ae!r}")
            if ae in seen_ae:
                r.fail(f"{p}.ae_titles", f"AE title {ae!r} already belongs to {seen_ae[ae]}")
            seen_ae[ae] = cid
        facilities = tuple(f.strip().upper() for f in r.str_list(t, "hl7_facilities", p))
        for facility in facilities:
            if facility in seen_hl7:  # MSH-4 decides whose patient a lab result is
                r.fail(f"{p}.hl7_facilities", f"{facility!r} already belongs to "
                       f"{seen_hl7[facility]}")
            seen_hl7[facility] = cid
        charset = r.get(t, "fallback_charset", p, str)
        if charset is not None:
            try:
                "".encode(python_codec(charset))
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
            qr_destinations=parse_nodes(r, t, "qr_destinations", p, seen_ae, cid,
                                        r.get(t, "require_client_cert", p, bool, False)),
            charset_mislabelled=r.get(t, "charset_mislabelled", p, bool, False),
            require_client_cert=r.get(t, "require_client_cert", p, bool, False),
            cert_names=r.str_list(t, "cert_names", p),
            cert_fingerprints=_fingerprints(r, t, p),
            hl7_facilities=facilities,
            community=community_of(r, t, p, known),
        )
    if not clinics:
        r.fail("clinics", "at least one clinic is required")
    return clinics


def parse_nodes(r: Reader, t: dict, key: str, path: str, seen_ae: dict[str, str],
                owner: str, cert_required: bool) -> tuple[DicomNode, ...]:
    """``[{ae, host, port, match_address}, …]``; an AE title names one party only (it
    decides access), and is bound to its owner by address, certificate or both."""
    nodes = []
    for i, item in enumerate(r.get(t, key, path, list, [])):
        p = f"{path}.{key}[{i}]"
        nt = r.table(item, p, {"ae", "host", "port", "match_address"}, {"ae", "host", "port"})
        match_address = r.get(nt, "match_address", p, bool, True)
        if not match_address and not cert_required:
            r.fail(f"{p}.match_address", "false needs require_client_cert = true on its owner: "
                   "a station that reads must be bound by its address or a certificate")
        ae, host = r.get(nt, "ae", p, str, ""), r.get(nt, "host", p, str, "")
        port = r.get(nt, "port", p, int, 0)
        if not AE_RE.match(ae) or ae != ae.strip():
            r.fail(f"{p}.ae", f"invalid AE title {ae!r}")
        elif ae in seen_ae and seen_ae[ae] != owner:
            r.fail(f"{p}.ae", f"AE title {ae!r} already belongs to {seen_ae[ae]}")
        if not host.strip():
            r.fail(f"{p}.host", "must be a host name or address")
        if not 0 < port < 65536:
            r.fail(f"{p}.port", "must be 1..65535")
        seen_ae.setdefault(ae, owner)
        nodes.append(DicomNode(ae, host, port, match_address))
    return tuple(nodes)


def _fingerprints(r: Reader, t: dict, p: str) -> tuple[str, ...]:
    out = tuple(normalise_fingerprint(f) for f in r.str_list(t, "cert_fingerprints", p))
    for f in out:
        if not re.fullmatch(r"[0-9a-f]{64}", f):
            r.fail(f"{p}.cert_fingerprints", f"not a SHA-256 fingerprint: {f!r}")
    return out


def parse_doctors(r: Reader, items: Any, clinics: Mapping[str, Clinic],
                  paths: Sequence[str] = (), communities: Mapping[str, Community] | None = None
                  ) -> dict[str, Doctor]:
    doctors: dict[str, Doctor] = {}
    allowed = {"id", "name", "specialties", "clinics", "capacity", "token_sha256",
               "shifts", "overrides", "subspecialties", "zones", "supervisor", "password_hash",
               "workstations", "require_client_cert", "cert_names", "cert_fingerprints",
               "title", "expert", "community"}
    known = communities or {DEFAULT_COMMUNITY: Community(DEFAULT_COMMUNITY, "")}
    seen_ae = {ae: c.id for c in clinics.values() for ae in c.ae_titles}
    seen_ae.update({n.ae: c.id for c in clinics.values() for n in c.qr_destinations})
    zones = {c.zone for c in clinics.values() if c.zone}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = _path(paths, "doctors", i)
        t = r.table(item, p, allowed, {"id", "name", "specialties", "shifts"})
        did = _new_member_id(r, t, p, doctors, "doctor")
        community = community_of(r, t, p, known)
        doctor_zones = r.str_list(t, "zones", p)
        for z in doctor_zones:
            if z not in zones:
                r.fail(f"{p}.zones", f"no clinic is in zone {z!r}")
        covered = r.str_list(t, "clinics", p) or (() if doctor_zones else ("*",))
        for c in covered:
            if c != "*" and c not in clinics:
                r.fail(f"{p}.clinics", f"unknown clinic {c!r}")
            elif c != "*" and clinics[c].community != community:
                r.fail(f"{p}.clinics", f"clinic {c!r} is in community "
                       f"{clinics[c].community!r}, the doctor in {community!r}")
        capacity = r.get(t, "capacity", p, int, 20)
        if capacity < 1:
            r.fail(f"{p}.capacity", "must be at least 1")
        specialties = r.str_list(t, "specialties", p)
        required = r.get(t, "require_client_cert", p, bool, False)
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
            workstations=parse_nodes(r, t, "workstations", p, seen_ae, did, required),
            require_client_cert=required, cert_names=r.str_list(t, "cert_names", p),
            cert_fingerprints=_fingerprints(r, t, p),
            title=parse_title(r, t, p), expert=r.get(t, "expert", p, bool, False),
            community=community,
        )
    return doctors


def parse_admins(r: Reader, items: Any, table: str = "admins", cls: type = Admin) -> dict:
    """``[[admins]]`` (or, with ``table``/``cls``, ``[[screens]]``: the same four keys)."""
    admins: dict = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        p = f"{table}[{i}]"
        t = r.table(item, p, {"id", "name", "token_sha256", "password_hash"}, {"id"})
        aid = r.new_id(t, p, admins)
        admins[aid] = cls(id=aid, name=r.get(t, "name", p, str, aid),
                            token_sha256=r.secret(t, p), password_hash=r.password_hash(t, p))
    return admins




def check_ids_unique(r: Reader, tables: Mapping[str, Mapping[str, object]]) -> None:
    """An id names one account of any kind: the login form and the bearer token look an id
    up across the kinds, so a doctor given a clinic's id would lock the clinic out."""
    owner: dict[str, str] = {}
    for kind, table in tables.items():
        for account_id in table:
            if account_id in owner:
                r.fail(f"{kind}s.id", f"{account_id!r} is already the id of a "
                       f"{owner[account_id]}; ids are unique across clinics, doctors and "
                       "admins")
            else:
                owner[account_id] = kind
