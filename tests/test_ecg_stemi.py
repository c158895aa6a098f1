"""The STEMI flag's mimics, each as a rule in words (pure logic on per-lead ST and QRS/T
shape, the way ``dicom.ecg_measure`` reports them)."""

from __future__ import annotations

from dicom.ecg_stemi import assess, conduction, flag, posterior

LEADS = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")


def shape(r=800, s=-200, terminal=0, t=300, pr=0, **per_lead) -> dict:
    """A morphology per lead: the defaults, overridden by ``per_lead={lead: {...}}``."""
    base = {lead: {"r_uv": r, "s_uv": s, "terminal_uv": terminal, "t_uv": t, "pr_uv": pr}
            for lead in LEADS}
    for lead, values in per_lead.items():
        base[lead] = {**base[lead], **values}
    return base


def st(**values) -> dict:
    return {lead: values.get(lead, 0) for lead in LEADS}


LBBB = shape(V1={"r_uv": 100, "s_uv": -1500, "terminal_uv": -400},
             V2={"r_uv": 150, "s_uv": -1800, "terminal_uv": -500},
             V3={"r_uv": 200, "s_uv": -1200, "terminal_uv": -300},
             I={"r_uv": 900, "s_uv": -50, "terminal_uv": 200},
             V6={"r_uv": 1200, "s_uv": -50, "terminal_uv": 300})
RBBB = shape(V1={"r_uv": 900, "s_uv": -200, "terminal_uv": 500},
             I={"r_uv": 700, "s_uv": -400, "terminal_uv": -200},
             V6={"r_uv": 900, "s_uv": -400, "terminal_uv": -200})


def test_conduction_is_read_from_width_and_v1_shape():
    assert conduction(150, LBBB, "sinus") == "lbbb"
    assert conduction(150, RBBB, "sinus") == "rbbb"
    assert conduction(100, LBBB, "sinus") == "normal"  # narrow: no bundle branch block
    assert conduction(100, shape(), "paced") == "paced"


def test_lbbb_discordant_st_elevation_is_not_a_stemi():
    """Deep S in V1–V3 with ST elevation under a quarter of S: expected in LBBB."""
    ctx = {"qrs_ms": 150, "rhythm": "sinus", "morphology": LBBB}
    out = assess(st(V1=250, V2=300, V3=250), "M", 70, ctx)
    assert not out["suspected"] and out["mimic"] == "lbbb"
    assert "Sgarbossa" in out["criteria"]
    # the same elevation judged by the thresholds alone would have flagged
    assert assess(st(V1=250, V2=300, V3=250), "M", 70)["suspected"]


def test_lbbb_concordant_or_excessive_st_change_is_flagged_by_sgarbossa():
    ctx = {"qrs_ms": 150, "rhythm": "sinus", "morphology": LBBB}
    concordant = assess(st(I=150, V6=120), "M", 70, ctx)
    assert concordant["suspected"] and concordant["criterion"] == "sgarbossa"
    assert concordant["leads"] == ["I", "V6"]
    depression = assess(st(V2=-150), "M", 70, ctx)
    assert depression["suspected"] and "concordant ST depression" in depression["criteria"]
    excessive = assess(st(V2=500), "M", 70, ctx)  # 500 / 1800 ≥ 0.25
    assert excessive["suspected"] and "excessively discordant" in excessive["criteria"]


def test_sgarbossa_is_judged_at_the_j_point_not_on_the_t_upslope():
    """In LBBB the discordant T wave lifts J + 60; the criteria are stated at J."""
    at_j = {lead: {**m} for lead, m in LBBB.items()}
    at_j["V2"]["st_j_uv"] = 250  # 250 / 1800 < 0.25 at J, although J + 60 reads 500
    ctx = {"qrs_ms": 150, "rhythm": "sinus", "morphology": at_j}
    assert not assess(st(V2=500), "M", 70, ctx)["suspected"]
    at_j["V2"]["st_j_uv"] = 500
    assert assess(st(V2=500), "M", 70, ctx)["suspected"]


def test_paced_rhythm_is_judged_like_lbbb():
    ctx = {"qrs_ms": 160, "rhythm": "paced", "morphology": LBBB}
    assert assess(st(V1=250, V2=300), "F", 80, ctx)["mimic"] == "paced"


def test_rbbb_terminal_r_prime_raises_the_threshold_in_v1_to_v3_only():
    ctx = {"qrs_ms": 140, "rhythm": "sinus",
           "morphology": shape(V1={"r_uv": 900, "s_uv": -200, "terminal_uv": 900},
                               V2={"r_uv": 900, "s_uv": -200, "terminal_uv": 900},
                               I={"terminal_uv": -200}, V6={"terminal_uv": -200})}
    secondary = assess(st(V1=160, V2=210), "M", 60, ctx)  # under 25 % of a 900 µV R'
    assert not secondary["suspected"] and "rbbb" in secondary["mimics_considered"]
    inferior = assess(st(II=200, III=250, aVF=220, aVL=-150), "M", 60, ctx)
    assert inferior["suspected"] and inferior["leads"] == ["II", "III", "aVF"]


def test_lvh_strain_needs_elevation_over_a_quarter_of_the_s_wave():
    deep = shape(V1={"r_uv": 200, "s_uv": -2600}, V2={"r_uv": 300, "s_uv": -3000},
                 V5={"r_uv": 2200, "s_uv": -100})
    ctx = {"qrs_ms": 100, "rhythm": "sinus", "morphology": deep}
    strain = assess(st(V1=250, V2=300), "M", 60, ctx)
    assert not strain["suspected"] and strain["mimic"] == "lvh"
    injury = assess(st(V1=700, V2=800), "M", 60, ctx)
    assert injury["suspected"]


def test_early_repolarisation_in_the_young_is_not_flagged_but_in_the_old_it_is():
    tall_t = shape(V2={"t_uv": 1400}, V3={"t_uv": 1400}, V4={"t_uv": 1200})
    ctx = {"qrs_ms": 90, "rhythm": "sinus", "morphology": tall_t}
    young = assess(st(V2=300, V3=280), "M", 26, ctx)  # ST/T ≈ 0.2, no reciprocity
    assert not young["suspected"] and young["mimic"] == "early_repolarisation"
    old = assess(st(V2=300, V3=280), "M", 66, ctx)
    assert old["suspected"]
    assert assess(st(V2=300, V3=280), "M", None, ctx)["suspected"]  # unknown age: flag
    # the healthy young man's +409 µV in V2 with a 1.2 mV T wave (ST/T 0.34)
    man = {"qrs_ms": 90, "rhythm": "sinus", "morphology": shape(
        V2={"t_uv": 1200}, V3={"t_uv": 1100})}
    assert not assess(st(V2=409, V3=300), "M", 26, man)["suspected"]
    assert assess(st(V2=409, V3=300), "M", 45, man)["suspected"]  # 0.34 ≥ 0.25 at 45
    reciprocal = assess(st(V2=300, V3=280, II=-80, III=-90), "M", 26, ctx)
    assert reciprocal["suspected"]  # reciprocal depression: not early repolarisation


def test_pericarditis_pattern_is_not_flagged():
    ctx = {"qrs_ms": 90, "rhythm": "sinus", "morphology": shape(pr=-80)}
    diffuse = st(I=150, II=180, aVF=150, III=110, V3=200, V4=220, V5=200, V6=150, aVR=-150)
    out = assess(diffuse, "M", 40, ctx)
    assert not out["suspected"] and out["mimic"] == "pericarditis"
    no_pr = {"qrs_ms": 90, "rhythm": "sinus", "morphology": shape(pr=0)}
    assert assess(diffuse, "M", 40, no_pr)["suspected"]  # without PR depression: flagged


def test_inferior_elevation_near_threshold_needs_reciprocal_depression():
    ctx = {"qrs_ms": 90, "rhythm": "sinus", "morphology": shape()}
    lone = assess(st(II=120, III=130, aVF=120), "M", 60, ctx)
    assert not lone["suspected"] and lone["mimic"] == "no_reciprocal"
    mirrored = assess(st(II=120, III=130, aVF=120, aVL=-80), "M", 60, ctx)
    assert mirrored["suspected"] and "reciprocal ST depression in aVL" in mirrored["criteria"]
    large = assess(st(II=250, III=300, aVF=260), "M", 60, ctx)
    assert large["suspected"]  # 1.5 times the threshold or more needs no mirror


def test_posterior_infarction_is_noted_from_v1_v3_depression():
    morph = shape(V2={"r_uv": 1200, "s_uv": -300, "t_uv": 300})
    ctx = {"qrs_ms": 90, "rhythm": "sinus", "morphology": morph}
    out = assess(st(V1=-120, V2=-200, V3=-150, V5=-20), "M", 60, ctx)
    assert out["suspected"] and out["criterion"] == "posterior"
    assert out["leads"] == ["V1", "V2", "V3"]
    assert posterior(st(V1=-120, V2=-200, V5=-400), morph, "normal") == []  # diffuse: no
    assert posterior(st(V1=-120, V2=-200), morph, "rbbb") == []


def test_no_flag_without_a_measurable_verdict():
    m = {"quality": {"measurable": False, "reasons": ["no usable lead"]},
         "st_deviation_uv": st(II=500, III=500)}
    out = flag(m, "M", 60)
    assert not out["suspected"] and "no usable lead" in out["criteria"]
