"""The STEMI flag: ST elevation in two contiguous leads by the Fourth Universal Definition of
Myocardial Infarction (2018), from per-lead ST deviations. Pure; a machine suggestion only.

Thresholds (new ST elevation): ≥ 1 mm (100 µV) in every lead but V2–V3; in V2–V3 ≥ 2 mm for
men aged 40 or more, ≥ 2.5 mm for men under 40, ≥ 1.5 mm for women. The definition measures
at the J point; we measure at J + 60 ms (as many automated programs do: the J point itself is
unstable in a median beat). An unknown sex or age takes the lowest threshold that could apply:
a flag only raises a case's priority, so doubt errs towards looking sooner.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

# contiguous lead pairs: the inferior and lateral groups, and neighbouring chest leads
_GROUPS = (("II", "III", "aVF"), ("I", "aVL", "V5", "V6"))
_CHEST = ("V1", "V2", "V3", "V4", "V5", "V6")
FLAG_TEXT = "疑似 STEMI（机器判读，需医生确认）"


def contiguous_pairs() -> list[tuple[str, str]]:
    pairs = [(a, b) for group in _GROUPS for i, a in enumerate(group) for b in group[i + 1:]]
    pairs += list(zip(_CHEST, _CHEST[1:], strict=False))
    return list(dict.fromkeys(pairs))


def threshold_uv(lead: str, sex: str, age: float | None) -> int:
    """The ST elevation (µV) that counts in ``lead`` for this patient."""
    if lead not in ("V2", "V3"):
        return 100
    if sex == "M":
        return 200 if age is None or age >= 40 else 250
    return 150  # women, and anyone whose sex is not recorded


def assess(st_uv: Mapping[str, float | None], sex: str = "", age: float | None = None) -> dict:
    """``{"suspected", "leads", "criteria"}`` for the per-lead ST deviations at J + 60 ms."""
    sex = (sex or "").upper()[:1]
    hits = {lead for lead, v in st_uv.items()
            if v is not None and v >= threshold_uv(lead, sex, age)}
    leads = sorted({x for a, b in contiguous_pairs() if a in hits and b in hits for x in (a, b)},
                   key=_order)
    who = {"M": "male" if age is None else f"male, {age:g} y", "F": "female"}.get(
        sex, "sex not recorded")
    criteria = (f"Fourth Universal Definition of MI: ST elevation at J+60 ms in two contiguous "
                f"leads, >= 100 uV, V2-V3 >= {threshold_uv('V2', sex, age)} uV ({who})")
    return {"suspected": bool(leads), "leads": leads, "criteria": criteria}


def _order(lead: str) -> int:
    order = ("I", "II", "III", "aVR", "aVL", "aVF", *_CHEST)
    return order.index(lead) if lead in order else len(order)


def age_years(birth: date | None, on: date | None, dicom_age: str = "") -> float | None:
    """Age from PatientAge ("045Y", "006M", "012W", "003D"), else from birth date and study
    date; None when neither is known."""
    text = (dicom_age or "").strip().upper()
    if len(text) == 4 and text[:3].isdigit() and text[3] in "YMWD":
        return int(text[:3]) / {"Y": 1, "M": 12, "W": 52.1775, "D": 365.25}[text[3]]
    if birth and on and on >= birth:
        return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return None
