"""The STEMI flag: ST elevation in two contiguous leads by the Fourth Universal Definition of
Myocardial Infarction (2018), from per-lead ST deviations, with the mimics that make a cart
cry wolf weighed first. Pure; a machine suggestion only.

Mimics (``assess`` with the measurement's ``context``): LBBB and ventricular paced rhythm are
judged by the modified (Smith) Sgarbossa criteria instead of the thresholds; RBBB's secondary
ST-T in V1–V3 and LVH strain (discordant ST elevation with a deep S) raise the threshold of
those leads to a quarter of the QRS deflection they follow; a precordial elevation with a tall
T (ST/T < 0.4 under 40 years, < 0.25 from 40 to 49), no reciprocal change and under twice
its threshold is early repolarisation / the normal male pattern; diffuse elevation over two
territories with PR depression and no reciprocal depression is the pericarditis pattern; an
inferior or high lateral elevation under 1.5 times its threshold needs a reciprocal ST
depression. ST depression in V1–V3 with upright T waves is
flagged as a suspected posterior infarction (a STEMI equivalent).

Thresholds (new ST elevation): ≥ 1 mm (100 µV) in every lead but V2–V3; in V2–V3 ≥ 2 mm for
men aged 40 or more, ≥ 2.5 mm for men under 40, ≥ 1.5 mm for women. The definition measures
at the J point; we apply them at J + 60 ms (as many automated programs do: the J point itself
is unstable in a median beat) and require the lead to be over them at the J point (J + 10)
too, which an upsloping ST climbing into a tall T is not. An unknown sex or age takes the
lowest threshold that could apply: a flag only raises a case's priority, so doubt errs towards
looking sooner.
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


_INFERIOR, _LATERAL = ("II", "III", "aVF"), ("I", "aVL", "V5", "V6")
_ANTERIOR = ("V1", "V2", "V3", "V4")
# where a territory's injury current shows as ST depression (reciprocal change)
_RECIPROCAL = {"inferior": ("I", "aVL"), "lateral": ("II", "III", "aVF"),
               "anterior": ("II", "III", "aVF")}
RECIPROCAL_UV = -50
MIMIC_TEXT = {"lbbb": "LBBB（改良 Sgarbossa 标准）", "paced": "心室起搏（改良 Sgarbossa 标准）",
              "rbbb": "RBBB 继发性 ST-T 改变", "lvh": "左室肥厚劳损", "early_repolarisation":
              "早复极/正常男性型", "pericarditis": "心包炎型（广泛 ST 抬高伴 PR 压低）",
              "no_reciprocal": "无对应性 ST 压低"}


def _pairs(hits: set[str]) -> list[str]:
    """The leads of ``hits`` that have a contiguous partner in ``hits``."""
    return sorted({x for a, b in contiguous_pairs() if a in hits and b in hits for x in (a, b)},
                  key=_order)


def _territory(lead: str) -> str:
    """Inferior (II, III, aVF), high lateral (I, aVL) or precordial ("anterior", V1–V6: an
    anterolateral injury's reciprocal change is often absent, so none is required there)."""
    return ("inferior" if lead in _INFERIOR else "lateral" if lead in ("I", "aVL")
            else "anterior")


def conduction(qrs_ms: float | None, morphology: Mapping[str, Mapping], rhythm: str) -> str:
    """"paced", "lbbb", "rbbb", "ivcd" (wide, neither) or "normal", from the QRS width and
    the QRS shape in V1 and the lateral leads (terminal deflection, net polarity)."""
    if rhythm == "paced":
        return "paced"
    if qrs_ms is None or qrs_ms < 120:
        return "normal"
    v1 = morphology.get("V1")
    lateral = [morphology[x] for x in ("I", "V6", "aVL", "V5") if x in morphology]
    if v1 is None or not lateral:
        return "ivcd"
    v1_neg = abs(v1["s_uv"]) > v1["r_uv"] and v1["terminal_uv"] < 0
    lat_pos = sum(m["r_uv"] > abs(m["s_uv"]) and m["terminal_uv"] >= 0 for m in lateral)
    if v1_neg and lat_pos >= max(1, len(lateral) // 2):
        return "lbbb"
    if v1["terminal_uv"] > 0 and any(m["terminal_uv"] < 0 for m in lateral):
        return "rbbb"
    return "ivcd"


def _sgarbossa(st: Mapping[str, float], morphology: Mapping[str, Mapping]) -> list[str]:
    """Leads meeting the modified (Smith) Sgarbossa criteria, at the J point (J + 10 ms) when
    the morphology has it: concordant ST elevation ≥ 1 mm where the QRS is positive;
    concordant ST depression ≥ 1 mm in V1–V3; ST elevation ≥ 1 mm that is ≥ 25 % of the S
    wave where the QRS is negative (excessive discordance)."""
    hits = []
    for lead, v in st.items():
        m = morphology.get(lead)
        if v is None or m is None or lead == "aVR":
            continue
        v = m.get("st_j_uv", v)  # stated at the J point: J + 60 climbs the discordant T
        positive = m["r_uv"] >= abs(m["s_uv"])
        if positive and v >= 100:
            hits.append(f"{lead}: concordant ST elevation")
        elif lead in ("V1", "V2", "V3") and not positive and v <= -100:
            hits.append(f"{lead}: concordant ST depression")
        elif not positive and v >= 100 and v >= 0.25 * abs(m["s_uv"]):
            hits.append(f"{lead}: excessively discordant ST elevation")
    return hits


def _lvh(morphology: Mapping[str, Mapping], sex: str) -> bool:
    """Sokolow–Lyon (S V1 + R V5/V6 ≥ 3.5 mV) or Cornell (R aVL + S V3 ≥ 2.8 / 2.0 mV)."""
    def r(lead: str) -> float:
        return morphology[lead]["r_uv"] if lead in morphology else 0.0

    def s(lead: str) -> float:
        return -morphology[lead]["s_uv"] if lead in morphology else 0.0
    sokolow = s("V1") + max(r("V5"), r("V6"))
    cornell = r("aVL") + s("V3")
    return sokolow >= 3500 or cornell >= (2000 if sex == "F" else 2800)


def assess(st_uv: Mapping[str, float | None], sex: str = "", age: float | None = None,
           context: Mapping | None = None) -> dict:
    """``{"suspected", "leads", "criteria", "criterion", "conduction", "mimics_considered",
    "mimic"}`` for the per-lead ST deviations at J + 60 ms. ``context`` (``qrs_ms``,
    ``rhythm`` code and per-lead ``morphology`` from ``dicom.ecg_measure``) lets the
    mimics be weighed; without it only the Fourth Universal Definition's thresholds and
    reciprocity apply."""
    sex = (sex or "").upper()[:1]
    ctx = context or {}
    morph = ctx.get("morphology") or {}
    st = {k: v for k, v in st_uv.items() if v is not None}
    who = {"M": "male" if age is None else f"male, {age:g} y", "F": "female"}.get(
        sex, "sex not recorded")
    udmi = (f"Fourth Universal Definition of MI: ST elevation at {ctx.get('st_point', 'J+60')}"
            f" ms in two contiguous "
            f"leads, >= 100 uV, V2-V3 >= {threshold_uv('V2', sex, age)} uV ({who})")
    kind = conduction(ctx.get("qrs_ms"), morph, ctx.get("rhythm", "")) if morph else "normal"
    result = {"suspected": False, "leads": [], "criteria": udmi, "criterion": None,
              "conduction": kind, "mimics_considered": [], "mimic": None}
    if kind in ("lbbb", "paced"):
        hits = _sgarbossa(st, morph)
        result["mimics_considered"] = [kind]
        result["criteria"] = ("modified Sgarbossa criteria (" + kind.upper() + "): "
                              + ("; ".join(hits) if hits else "none met"))
        if hits:
            result.update(suspected=True, criterion="sgarbossa",
                          leads=sorted({h.split(":")[0] for h in hits}, key=_order))
        else:
            result["mimic"] = kind
        return result
    considered = []
    need = {lead: threshold_uv(lead, sex, age) for lead in st}
    if kind == "rbbb":  # V1–V3 ST-T is secondary (discordant to R'); the R' tail is not ST
        considered.append("rbbb")
        for lead in ("V1", "V2", "V3"):
            if lead in need and lead in morph:
                need[lead] = max(need[lead], 0.25 * max(0, morph[lead]["terminal_uv"]))
    if morph and _lvh(morph, sex):  # discordant ST elevation with deep S waves is strain
        considered.append("lvh")
        for lead, m in morph.items():
            if lead in need and abs(m["s_uv"]) > m["r_uv"]:
                need[lead] = max(need[lead], 0.25 * abs(m["s_uv"]))
    hits = {lead for lead, v in st.items() if v >= need.get(lead, 100)}
    wide = _pairs(hits)  # the pattern at the ST point, for the pericarditis check
    # The definition states its thresholds at the J point; the ST point (J + 60, stable in a
    # median beat) is where they are applied, and the elevation must be there at the J point
    # too: an upsloping ST climbing into a tall T reaches the threshold only later.
    leads = _pairs({x for x in hits
                    if morph.get(x, {}).get("st_j_uv", st[x]) >= need[x]})
    result["mimics_considered"] = considered
    if not leads:
        back = posterior(st, morph, kind) if morph else []
        if back:
            result.update(suspected=True, leads=back, criterion="posterior",
                          criteria="posterior MI suspected: ST depression >= 100 uV in "
                          + ", ".join(back) + " with upright T waves (STEMI equivalent)")
            return result
        result["mimic"] = considered[0] if considered and any(
            v >= threshold_uv(k, sex, age) for k, v in st.items()) else None
        return result
    margin = max(st[x] / threshold_uv(x, sex, age) for x in leads)
    territories = {_territory(x) for x in leads}
    reciprocal = {t: [x for x in _RECIPROCAL[t] if st.get(x, 0) <= RECIPROCAL_UV]
                  for t in territories}
    has_reciprocal = any(reciprocal.values())
    # pericarditis: diffuse ST elevation over territories, PR depression, no reciprocity
    pr = [m.get("pr_uv") for k, m in morph.items() if k not in ("aVR", "V1")]
    pr_down = sum(v is not None and v <= -50 for v in pr)
    if morph:
        considered.append("pericarditis")
    # (with RBBB, ST depression in V1–V3 is secondary to it, not a reciprocal change)
    exempt = ("aVR", "V1", "V2", "V3") if kind == "rbbb" else ("aVR", "V1")
    if morph and len({_territory(x) for x in wide}) >= 2 and len(hits) >= 5 and pr_down >= 2 \
            and not any(
            st.get(x, 0) <= -100 for x in st if x not in exempt):
        result.update(mimic="pericarditis", criteria=udmi + "; pericarditis pattern: diffuse "
                      "ST elevation with PR depression and no reciprocal change")
        return result
    # early repolarisation / normal male pattern: precordial only, a T wave far taller than
    # the ST elevation (ST/T under 0.4 below 40 years, under 0.25 from 40 to 49), no
    # reciprocal change; never when the age is unknown (doubt errs towards flagging)
    if territories == {"anterior"} and morph:
        considered.append("early_repolarisation")
        ratio = max(st[x] / max(1.0, morph[x]["t_uv"]) for x in leads if x in morph)
        limit = 0.0 if age is None or age >= 50 else 0.4 if age < 40 else 0.25
        if not has_reciprocal and ratio < limit and margin < 2.0:
            result.update(mimic="early_repolarisation", criteria=udmi + "; early "
                          f"repolarisation pattern: ST/T {ratio:.2f} < {limit} without "
                          "reciprocal change")
            return result
    if territories != {"anterior"}:
        considered.append("no_reciprocal")
        if not has_reciprocal and margin < 1.5:
            result.update(mimic="no_reciprocal", criteria=udmi + "; no reciprocal ST "
                          "depression and the elevation under 1.5 times the threshold")
            return result
    note = "; reciprocal ST depression in " + ", ".join(
        sorted({x for v in reciprocal.values() for x in v}, key=_order)) if has_reciprocal else ""
    result.update(suspected=True, leads=leads, criterion="udmi", criteria=udmi + note)
    return result


def flag(measurement: Mapping, sex: str = "", age: float | None = None) -> dict:
    """The STEMI verdict for a ``dicom.ecg_measure.measure`` result: never on a trace whose
    quality verdict is "not measurable" (the reasons are given instead), nor on one whose QRS
    duration is not credible: the ST is measured from the QRS end (the J point), and a QRS
    end in the wrong place (a "QRS" of 22 ms in a wide tachycardia) puts the "ST" inside the
    QRS or the T wave."""
    quality = measurement.get("quality") or {}
    if not quality.get("measurable"):
        return {**assess({}, sex, age), "criteria": "not measurable: " + "; ".join(
            quality.get("reasons") or ["no signal"])}
    if measurement.get("qrs_ms") is None:
        why = (measurement.get("reasons") or {}).get("qrs_ms") or "not measured"
        return {**assess({}), "criteria": f"not assessable: QRS duration {why}, "
                "so no J point to measure the ST from"}
    return assess(measurement["st_deviation_uv"], sex, age, {
        "qrs_ms": measurement.get("qrs_ms"),
        "rhythm": (measurement.get("rhythm") or {}).get("code", ""),
        "st_point": measurement.get("st_point", "J+60"),
        "morphology": measurement.get("morphology") or {}})


def posterior(st_uv: Mapping[str, float | None], morphology: Mapping[str, Mapping],
              kind: str) -> list[str]:
    """V1–V3 leads whose ST depression (≥ 1 mm, deepest of the chest leads, upright T, R ≥ S
    in V2) suggests a posterior infarction; not with a bundle branch block or paced QRS."""
    if kind != "normal" or "V2" not in morphology:
        return []
    chest = {k: v for k, v in st_uv.items() if k in _CHEST and v is not None}
    hits = [x for x in ("V1", "V2", "V3") if chest.get(x, 0) <= -100
            and morphology.get(x, {}).get("t_uv", 0) > 0]
    deepest = min(chest, key=chest.get) if chest else None
    v2 = morphology["V2"]
    if len(hits) >= 2 and deepest in ("V1", "V2", "V3") and v2["r_uv"] >= abs(v2["s_uv"]):
        return hits
    return []


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
