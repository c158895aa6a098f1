"""A laboratory result (检验结果) as we keep it, made from an HL7 v2 ORU^R01 message (pure).

Parsing is the ``hl7`` library's; this module only reads its fields into one record per
message: the patient (PID, shaped like a case's patient so ``reporting.sharing`` matches it
across facilities), and per order (OBR) its observations (OBX) with value, unit, reference
range and abnormal flag. Anything we cannot keep whole is a ``LabRejected`` with the HL7
acknowledgement code to answer (AR: not for us / not this kind of message; AE: its content
is wrong) and the reason, so nothing is ever stored half.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import hl7

from dicom.charset import display_name
from teleconsult.settings.lab import LabConfig

# HL7 table 0078: the lab's own critical ("panic") flags; AA = critically abnormal
CRITICAL_FLAGS = frozenset({"HH", "LL", "AA"})
_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[-~–]\s*(-?\d+(?:\.\d+)?)\s*\Z")
_BOUND = re.compile(r"^\s*([<>]=?|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*\Z")
_DTM = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?\Z")
MAX_OBSERVATIONS = 500


class LabRejected(ValueError):
    """A message we do not store; ``code`` is the HL7 acknowledgement code to answer."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def decode(raw: bytes, fallback: str | None = None) -> str:
    """The message text: UTF-8 as most send it, else the clinic's charset (GB18030 when it
    names none) — township systems send both, MSH-18 is rarely right."""
    for codec in ("utf-8", fallback or "gb18030"):
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    raise LabRejected("AE", "the message is neither UTF-8 nor the clinic's character set")


def parse(text: str) -> hl7.Message:
    """The library's parse, with its failures turned into an AR with the reason."""
    if not hl7.ishl7(text.lstrip("\r\n")):
        raise LabRejected("AR", "not an HL7 v2 message (no MSH segment first)")
    try:
        return hl7.parse(text.strip("\r\n"))
    except (ValueError, IndexError, KeyError) as exc:
        raise LabRejected("AR", f"cannot parse the message: {exc}") from None


def field(seg: hl7.Segment, num: int, rep: int = 1, comp: int = 1) -> str:
    """A field's text, '' when absent (the library raises for a path deeper than the tree)."""
    try:
        return str(seg.extract_field(None, num, rep, comp, 1)).strip()
    except IndexError:
        return ""


def header(msg: hl7.Message) -> dict[str, str]:
    """The MSH fields that decide what to do with a message."""
    msh = msg.segment("MSH")
    return {"facility": field(msh, 4), "type": field(msh, 9, 1, 1),
            "trigger": field(msh, 9, 1, 2), "control_id": field(msh, 10),
            "version": field(msh, 12)}


def hl7_time(value: str, tz: ZoneInfo) -> str:
    """An HL7 DTM (YYYY[MM[DD[HH[MM[SS]]]]][+ZZZZ]) as ISO 8601 in the community's zone."""
    m = _DTM.match(value.strip())
    if not m:
        raise ValueError(f"not an HL7 date/time: {value!r}")
    y, mo, d, h, mi, s, off = m.groups()
    when = datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0))
    if off:
        stamp = datetime.strptime(f"{when:%Y%m%d%H%M%S}{off}", "%Y%m%d%H%M%S%z")
        return stamp.astimezone(tz).isoformat()
    return when.replace(tzinfo=tz).isoformat()


def reference_bounds(text: str) -> tuple[float | None, float | None]:
    """(low, high) from a range as labs write it: '3.5-5.3', '<0.04', '>=60'."""
    if m := _RANGE.match(text):
        return float(m.group(1)), float(m.group(2))
    if m := _BOUND.match(text):
        value = float(m.group(2))
        return (None, value) if m.group(1) in ("<", "<=", "≤") else (value, None)
    return None, None


def result_id(clinic: str, source: str, message_id: str) -> str:
    """Stable per clinic and message: a re-sent message is stored once."""
    digest = hashlib.sha256(f"{clinic}\n{source}\n{message_id}".encode()).hexdigest()
    return f"lab-{digest[:32]}"


def _patient(msg: hl7.Message) -> dict:
    try:
        pid = msg.segment("PID")
    except KeyError:
        raise LabRejected("AE", "PID segment missing") from None
    ids = [(field(pid, 3, r, 1), field(pid, 3, r, 4)) for r in range(1, len(pid(3)) + 1)] \
        if len(pid) > 3 else []
    ids = [(i, issuer) for i, issuer in ids if i]
    if not ids:
        raise LabRejected("AE", "PID-3 (patient identifier) is empty")
    name, _ = display_name(f"{field(pid, 5, 1, 1)}^{field(pid, 5, 1, 2)}")
    dob = field(pid, 7)[:8]
    sex = field(pid, 8).upper()[:1]
    return {"id": ids[0][0], "issuer": ids[0][1], "name": name,
            "sex": sex if sex in ("M", "F", "O") else "",
            "birth_date": f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if re.fullmatch(r"\d{8}", dob)
            else "", "other_ids": [{"id": i, "issuer": s} for i, s in ids[1:]]}


def _value(obx: hl7.Segment, kind: str, where: str) -> float | str:
    raw = field(obx, 5)
    if kind != "NM":
        return str(obx(5)).strip() if len(obx) > 5 else ""
    try:
        value = float(raw)
    except ValueError:
        raise LabRejected("AE", f"{where}: OBX-5 {raw!r} is not a number (OBX-2 NM)") from None
    if not math.isfinite(value):
        raise LabRejected("AE", f"{where}: OBX-5 is not a finite number")
    return value


def _observation(obx: hl7.Segment, fallback_time: str, tz: ZoneInfo, n: int) -> dict:
    where = f"OBX {n}"
    code = field(obx, 3, 1, 1)
    if not code:
        raise LabRejected("AE", f"{where}: OBX-3 (test code) is empty")
    kind = field(obx, 2).upper() or "ST"
    ref = field(obx, 7)
    low, high = reference_bounds(ref)
    when = field(obx, 14)
    try:
        observed = hl7_time(when, tz) if when else fallback_time
    except ValueError as exc:
        raise LabRejected("AE", f"{where}: OBX-14 {exc}") from None
    return {"code": code, "name": field(obx, 3, 1, 2) or code,
            "system": field(obx, 3, 1, 3), "value_type": kind,
            "value": _value(obx, kind, where), "unit": field(obx, 6, 1, 1),
            "reference_range": ref, "low": low, "high": high,
            "flag": field(obx, 8).upper(), "status": field(obx, 11).upper() or "F",
            "observed_at": observed}


def _orders(msg: hl7.Message, tz: ZoneInfo) -> list[dict]:
    """OBR groups with their OBX segments, in message order."""
    orders: list[dict] = []
    for seg in msg:
        kind = str(seg(0)).upper()
        if kind == "OBR":
            when = field(seg, 7)
            try:
                observed = hl7_time(when, tz) if when else ""
            except ValueError as exc:
                raise LabRejected("AE", f"OBR {len(orders) + 1}: OBR-7 {exc}") from None
            orders.append({"code": field(seg, 4, 1, 1), "name": field(seg, 4, 1, 2)
                           or field(seg, 4, 1, 1), "placer": field(seg, 2),
                           "filler": field(seg, 3), "observed_at": observed,
                           "status": field(seg, 25).upper(), "observations": []})
        elif kind == "OBX":
            if not orders:
                raise LabRejected("AE", "OBX before any OBR")
            n = sum(len(o["observations"]) for o in orders) + 1
            if n > MAX_OBSERVATIONS:
                raise LabRejected("AE", f"more than {MAX_OBSERVATIONS} observations")
            order = orders[-1]
            order["observations"].append(_observation(seg, order["observed_at"], tz, n))
    if not any(o["observations"] for o in orders):
        raise LabRejected("AE", "no OBR with an OBX result")
    for order in orders:
        if not order["observed_at"]:
            order["observed_at"] = next((o["observed_at"] for o in order["observations"]
                                         if o["observed_at"]), "")
        if not order["observed_at"]:
            raise LabRejected("AE", "neither OBR-7 nor OBX-14 gives when it was observed")
    return orders


def from_oru(msg: hl7.Message, clinic_id: str, tz: ZoneInfo) -> dict:
    """The record of one ORU^R01 (already known to come from ``clinic_id``)."""
    head = header(msg)
    if (head["type"], head["trigger"]) != ("ORU", "R01"):
        raise LabRejected("AR", f"only ORU^R01 is taken here, not {head['type']}^"
                                f"{head['trigger']}")
    if not head["control_id"]:
        raise LabRejected("AE", "MSH-10 (message control id) is empty")
    return {"result_id": result_id(clinic_id, "hl7", head["control_id"]), "kind": "lab",
            "clinic": clinic_id, "source": "hl7", "message_id": head["control_id"],
            "facility": head["facility"], "patient": _patient(msg),
            "orders": _orders(msg, tz)}


def judge(record: dict, limits: LabConfig) -> dict:
    """The record with each observation's ``critical`` (危急值: the lab flagged HH/LL/AA, or
    the value is outside the configured table) and, where the lab gave no flag, ``flag``
    H/L from its reference range; ``critical`` on the record when any is."""
    any_critical = False
    for order in record["orders"]:
        for obs in order["observations"]:
            value = obs["value"]
            numeric = isinstance(value, float)
            if not obs["flag"] and numeric:
                obs["flag"] = ("L" if obs["low"] is not None and value < obs["low"] else
                               "H" if obs["high"] is not None and value > obs["high"] else "")
            limit = limits.critical_limit(obs["code"])
            outside = numeric and limit is not None and (
                (limit.low is not None and value < limit.low)
                or (limit.high is not None and value > limit.high))
            obs["critical"] = obs["flag"] in CRITICAL_FLAGS or bool(outside)
            any_critical |= obs["critical"]
    return dict(record, critical=any_critical)
