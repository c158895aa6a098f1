"""The STEMI criteria of ``dicom.ecg_stemi`` at each threshold's edge, in words: how the
QRS shape names the conduction, the modified Sgarbossa criteria, LVH by voltage, the
posterior pattern, and what ``assess`` and ``flag`` report. Pure logic on per-lead numbers
in the shape ``dicom.ecg_measure`` reports them (no signal processing here)."""

from __future__ import annotations

import pytest

from dicom.ecg_stemi import _lvh, _sgarbossa, assess, conduction, flag, posterior

LEADS = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")


def lead(r=800, s=-200, terminal=100, t=300, pr=0, **extra) -> dict:
    return {"r_uv": r, "s_uv": s, "terminal_uv": terminal, "t_uv": t, "pr_uv": pr, **extra}


def narrow(**per_lead) -> dict:
    """Every lead an ordinary narrow complex (R 800, S -200, T 300), some overridden."""
    return {x: {**lead(), **per_lead.get(x, {})} for x in LEADS}


def st(**values) -> dict:
    return {x: values.get(x, 0) for x in LEADS}


NEG_V1 = lead(r=100, s=-1500, terminal=-400)  # QS / rS, negative terminal deflection
POS_LAT = lead(r=1200, s=-50, terminal=200)  # broad monophasic R
NEG_LAT = lead(r=700, s=-400, terminal=-200)  # slurred terminal S
RSR_V1 = lead(r=900, s=-200, terminal=500)  # rsR'


def lbbb_shape() -> dict:
    return narrow(V1=NEG_V1, V2=lead(r=150, s=-1800, terminal=-500),
                  V3=lead(r=200, s=-1200, terminal=-300), I=POS_LAT, aVL=POS_LAT,
                  V5=POS_LAT, V6=POS_LAT)


def rbbb_shape(**per_lead) -> dict:
    return narrow(**{"V1": RSR_V1, "I": NEG_LAT, "V6": NEG_LAT, **per_lead})


LBBB_CTX = {"qrs_ms": 150, "rhythm": "sinus", "morphology": lbbb_shape()}
RBBB_CTX = {"qrs_ms": 140, "rhythm": "sinus", "morphology": rbbb_shape()}
NARROW_CTX = {"qrs_ms": 90, "rhythm": "sinus", "morphology": narrow()}


def udmi(v23: int, who: str, at: str = "J+60") -> str:
    return (f"Fourth Universal Definition of MI: ST elevation at {at} ms in two contiguous "
            f"leads, >= 100 uV, V2-V3 >= {v23} uV ({who})")


# --- conduction -------------------------------------------------------------------------

def test_a_paced_rhythm_is_paced_whatever_the_width_or_shape():
    assert conduction(None, {}, "paced") == "paced"
    assert conduction(90, narrow(), "paced") == "paced"


def test_a_qrs_under_120_ms_or_unmeasured_is_normal_conduction():
    shape = lbbb_shape()
    assert conduction(None, shape, "sinus") == "normal"
    assert conduction(119.9, shape, "sinus") == "normal"
    assert conduction(120, shape, "sinus") == "lbbb"


def test_a_wide_qrs_without_v1_or_without_any_lateral_lead_is_an_ivcd():
    no_v1 = {k: v for k, v in lbbb_shape().items() if k != "V1"}
    assert conduction(150, no_v1, "sinus") == "ivcd"
    only_v1 = {"V1": NEG_V1, "II": POS_LAT, "V4": POS_LAT}
    assert conduction(150, only_v1, "sinus") == "ivcd"


@pytest.mark.parametrize("lateral", ["I", "V6", "aVL", "V5"])
def test_each_lateral_lead_alone_can_show_the_lbbb_and_the_rbbb_shape(lateral):
    assert conduction(150, {"V1": NEG_V1, lateral: POS_LAT}, "sinus") == "lbbb"
    assert conduction(150, {"V1": RSR_V1, lateral: NEG_LAT}, "sinus") == "rbbb"


def test_lbbb_needs_v1_negative_s_deeper_than_r_and_a_negative_terminal():
    assert conduction(150, {"V1": lead(r=500, s=-501, terminal=-1), "I": POS_LAT},
                      "sinus") == "lbbb"
    # S as deep as R: not a negative V1
    assert conduction(150, {"V1": lead(r=500, s=-500, terminal=-100), "I": POS_LAT},
                      "sinus") == "ivcd"
    # a terminal deflection of 0 is not negative
    assert conduction(150, {"V1": lead(r=100, s=-900, terminal=0), "I": POS_LAT},
                      "sinus") == "ivcd"


def test_lbbb_lateral_leads_need_r_taller_than_s_and_a_terminal_not_negative():
    v1 = NEG_V1
    assert conduction(150, {"V1": v1, "I": lead(r=501, s=-500, terminal=0)}, "sinus") == "lbbb"
    assert conduction(150, {"V1": v1, "I": lead(r=500, s=-500, terminal=10)},
                      "sinus") == "ivcd"
    assert conduction(150, {"V1": v1, "I": lead(r=900, s=-100, terminal=-1)},
                      "sinus") == "ivcd"


def test_lbbb_needs_half_of_the_lateral_leads_positive_and_at_least_one():
    flat = lead(r=300, s=-300, terminal=0)  # neither positive nor a terminal S
    two_of_four = {"V1": NEG_V1, "I": POS_LAT, "aVL": POS_LAT, "V5": flat, "V6": flat}
    assert conduction(150, two_of_four, "sinus") == "lbbb"
    one_of_four = {**two_of_four, "aVL": flat}
    assert conduction(150, one_of_four, "sinus") == "ivcd"
    one_of_three = {"V1": NEG_V1, "I": POS_LAT, "V5": flat, "V6": flat}
    assert conduction(150, one_of_three, "sinus") == "lbbb"
    assert conduction(150, {"V1": NEG_V1, "I": flat}, "sinus") == "ivcd"


def test_rbbb_needs_a_positive_terminal_in_v1_and_a_negative_one_laterally():
    assert conduction(150, {"V1": lead(terminal=1), "I": lead(terminal=-1)}, "sinus") == "rbbb"
    assert conduction(150, {"V1": lead(terminal=0), "I": NEG_LAT}, "sinus") == "ivcd"
    assert conduction(150, {"V1": RSR_V1, "I": lead(terminal=0)}, "sinus") == "ivcd"
    # one lateral lead with a terminal S is enough
    assert conduction(150, {"V1": RSR_V1, "I": lead(terminal=50), "V6": NEG_LAT},
                      "sinus") == "rbbb"


# --- modified Sgarbossa -----------------------------------------------------------------

def test_sgarbossa_concordant_elevation_from_1_mm_where_the_qrs_is_positive():
    morph = {"I": lead(r=900, s=-100), "V6": lead(r=500, s=-500)}  # R = |S| is positive
    assert _sgarbossa({"I": 100, "V6": 100}, morph) == [
        "I: concordant ST elevation", "V6: concordant ST elevation"]
    assert _sgarbossa({"I": 99, "V6": 99}, morph) == []


def test_sgarbossa_concordant_depression_from_1_mm_in_v1_to_v3_only():
    neg = lead(r=100, s=-1500)
    morph = {x: neg for x in ("V1", "V2", "V3", "V4", "II")}
    assert _sgarbossa({"V1": -100, "V2": -150, "V3": -120, "V4": -300, "II": -300}, morph) == [
        "V1: concordant ST depression", "V2: concordant ST depression",
        "V3: concordant ST depression"]
    assert _sgarbossa({"V1": -99}, morph) == []
    # depression where the QRS is positive is discordant, not a criterion
    assert _sgarbossa({"V2": -300}, {"V2": lead(r=900, s=-100)}) == []


def test_sgarbossa_excessive_discordance_is_elevation_of_1_mm_and_a_quarter_of_s():
    assert _sgarbossa({"V2": 100}, {"V2": lead(r=100, s=-400)}) == [
        "V2: excessively discordant ST elevation"]
    assert _sgarbossa({"V2": 100}, {"V2": lead(r=100, s=-404)}) == []  # 100 < 25 % of 404
    assert _sgarbossa({"V2": 99}, {"V2": lead(r=10, s=-200)}) == []  # under 1 mm


def test_sgarbossa_is_read_at_the_j_point_when_the_morphology_has_it():
    morph = {"V2": lead(r=100, s=-1800, st_j_uv=300)}
    assert _sgarbossa({"V2": 600}, morph) == []  # J + 60 is on the discordant T
    morph["V2"]["st_j_uv"] = 450
    assert _sgarbossa({"V2": 0}, morph) == ["V2: excessively discordant ST elevation"]
    # without a J-point value the given ST is used
    assert _sgarbossa({"V2": 450}, {"V2": lead(r=100, s=-1800)}) == [
        "V2: excessively discordant ST elevation"]


def test_sgarbossa_skips_avr_unmeasured_leads_and_leads_without_a_shape():
    pos = lead(r=900, s=-100)
    assert _sgarbossa({"aVR": 300, "I": None, "II": 300}, {"aVR": pos, "I": pos}) == []


# --- LVH voltage ------------------------------------------------------------------------

def test_sokolow_lyon_is_s_v1_plus_the_taller_r_of_v5_v6_from_3_5_mv():
    assert _lvh({"V1": lead(s=-1500), "V5": lead(r=2000), "V6": lead(r=100)}, "M")
    assert _lvh({"V1": lead(s=-1500), "V5": lead(r=100), "V6": lead(r=2000)}, "M")
    assert not _lvh({"V1": lead(s=-1500), "V5": lead(r=1999), "V6": lead(r=1999)}, "M")
    assert _lvh({"V1": lead(s=-3500)}, "M")  # leads not measured count 0
    assert not _lvh({"V1": lead(s=-3499)}, "M")
    assert _lvh({"V5": lead(r=3500)}, "M") and not _lvh({"V6": lead(r=3499)}, "M")


def test_cornell_is_r_avl_plus_s_v3_from_2_8_mv_in_men_2_0_in_women():
    both = {"aVL": lead(r=1000, s=0), "V3": lead(r=0, s=-1000)}
    assert _lvh(both, "F") and not _lvh(both, "M")
    assert not _lvh({"aVL": lead(r=1000, s=0), "V3": lead(r=0, s=-999)}, "F")
    men = {"aVL": lead(r=1800, s=0), "V3": lead(r=0, s=-1000)}
    assert _lvh(men, "M") and _lvh(men, "")
    assert not _lvh({"aVL": lead(r=1800, s=0), "V3": lead(r=0, s=-999)}, "M")
    assert _lvh({"aVL": lead(r=2000, s=0)}, "F") and not _lvh({"V3": lead(s=-1999)}, "F")


# --- posterior --------------------------------------------------------------------------

def posterior_shape(**per_lead) -> dict:
    return narrow(**{"V2": lead(r=1200, s=-300, t=300), **per_lead})


def test_posterior_needs_two_of_v1_v3_depressed_1_mm_with_upright_t():
    morph = posterior_shape()
    assert posterior(st(V1=-100, V2=-100), morph, "normal") == ["V1", "V2"]
    assert posterior(st(V2=-150, V3=-100), morph, "normal") == ["V2", "V3"]
    assert posterior(st(V1=-100, V3=-150), morph, "normal") == ["V1", "V3"]
    assert posterior(st(V1=-99, V2=-150), morph, "normal") == []
    assert posterior(st(V2=-150), morph, "normal") == []


def test_posterior_needs_the_t_waves_upright():
    flat_t = posterior_shape(V1=lead(t=0))
    assert posterior(st(V1=-150, V2=-150), flat_t, "normal") == []
    no_t = {**posterior_shape(), "V1": {"r_uv": 800, "s_uv": -200}}
    assert posterior(st(V1=-150, V2=-150), no_t, "normal") == []
    assert posterior(st(V1=-150, V2=-150, V3=-150),
                     {"V2": lead(r=1200, s=-300), "V3": lead()}, "normal") == ["V2", "V3"]


def test_posterior_needs_the_deepest_chest_depression_in_v1_v3():
    morph = posterior_shape()
    assert posterior(st(V1=-150, V2=-150, V4=-151), morph, "normal") == []
    assert posterior(st(V1=-150, V2=-150, V4=-149), morph, "normal") == ["V1", "V2"]
    # a limb lead's depression does not count, nor does an unmeasured chest lead
    limb = {**st(V1=-150, V2=-150, II=-500), "V5": None}
    assert posterior(limb, morph, "normal") == ["V1", "V2"]


def test_posterior_needs_r_at_least_as_tall_as_s_in_v2():
    assert posterior(st(V1=-150, V2=-150), posterior_shape(V2=lead(r=300, s=-300)),
                     "normal") == ["V1", "V2"]
    assert posterior(st(V1=-150, V2=-150), posterior_shape(V2=lead(r=299, s=-300)),
                     "normal") == []


@pytest.mark.parametrize("kind", ["lbbb", "rbbb", "ivcd", "paced"])
def test_posterior_is_not_read_through_an_abnormal_conduction(kind):
    assert posterior(st(V1=-150, V2=-150), posterior_shape(), kind) == []


def test_posterior_needs_v2s_shape():
    morph = {k: v for k, v in posterior_shape().items() if k != "V2"}
    assert posterior(st(V1=-150, V2=-150, V3=-150), morph, "normal") == []


# --- assess: what it reports -------------------------------------------------------------

def test_without_elevation_the_report_is_complete_and_says_which_threshold():
    assert assess(st(), "M", 45) == {
        "suspected": False, "leads": [], "criteria": udmi(200, "male, 45 y"),
        "criterion": None, "conduction": "normal", "mimics_considered": [], "mimic": None}


@pytest.mark.parametrize("sex,age,v23,who", [
    ("M", 45, 200, "male, 45 y"), ("male", 39.5, 250, "male, 39.5 y"), ("m", None, 200, "male"),
    ("F", 30, 150, "female"), ("", 30, 150, "sex not recorded"),
    (None, None, 150, "sex not recorded"), ("O", 50, 150, "sex not recorded")])
def test_the_criteria_name_the_v2_v3_threshold_of_this_patient(sex, age, v23, who):
    assert assess(st(), sex, age)["criteria"] == udmi(v23, who)


def test_the_criteria_name_the_point_the_st_was_measured_at():
    assert assess(st(), "F", 50, {"st_point": "J+40"})["criteria"] == udmi(150, "female", "J+40")


def test_a_flag_names_its_leads_in_order_and_the_reciprocal_leads():
    out = assess({"aVF": 150, "III": 160, "II": 140, "aVL": -60, "I": -50, "V1": None},
                 "M", 60, NARROW_CTX)
    assert out == {
        "suspected": True, "leads": ["II", "III", "aVF"], "criterion": "udmi",
        "criteria": udmi(200, "male, 60 y") + "; reciprocal ST depression in I, aVL",
        "conduction": "normal", "mimics_considered": ["pericarditis", "no_reciprocal"],
        "mimic": None}


def test_a_large_elevation_is_flagged_without_reciprocal_change_and_without_a_note():
    out = assess(st(II=150, III=200), "F", 60, NARROW_CTX)
    assert out["suspected"] and out["criteria"] == udmi(150, "female")


def test_without_a_context_only_the_thresholds_and_reciprocity_apply():
    lone = assess(st(II=120, III=120), "M", 60)
    assert lone["mimic"] == "no_reciprocal" and not lone["suspected"]
    assert lone["mimics_considered"] == ["no_reciprocal"]
    assert assess(st(V2=300, V3=300), "M", 25)["suspected"]  # no shape: no early repol.
    # a paced rhythm code without a QRS shape changes nothing
    out = assess(st(V2=300, V3=300), "M", 60, {"rhythm": "paced", "qrs_ms": 150})
    assert out["conduction"] == "normal" and out["suspected"]


def test_elevation_needs_two_contiguous_leads_at_their_threshold():
    assert assess(st(V2=200, V3=200), "M", 45)["leads"] == ["V2", "V3"]
    assert not assess(st(V2=199, V3=300), "M", 45)["suspected"]
    assert not assess(st(II=300, V1=300), "M", 45)["suspected"]  # not contiguous


# --- assess: LBBB and paced rhythm ----------------------------------------------------------

def test_lbbb_without_a_sgarbossa_criterion_reports_the_mimic():
    assert assess(st(V1=250, V2=300), "M", 70, LBBB_CTX) == {
        "suspected": False, "leads": [], "criterion": None, "conduction": "lbbb",
        "criteria": "modified Sgarbossa criteria (LBBB): none met",
        "mimics_considered": ["lbbb"], "mimic": "lbbb"}


def test_lbbb_with_sgarbossa_criteria_names_them_and_their_leads_in_order():
    out = assess({"V6": 150, "V2": -120, "I": 100}, "M", 70, LBBB_CTX)
    assert out == {
        "suspected": True, "leads": ["I", "V2", "V6"], "criterion": "sgarbossa",
        "conduction": "lbbb", "mimics_considered": ["lbbb"], "mimic": None,
        "criteria": "modified Sgarbossa criteria (LBBB): V6: concordant ST elevation; "
                    "V2: concordant ST depression; I: concordant ST elevation"}


def test_a_single_sgarbossa_lead_is_enough():
    out = assess(st(V2=-100), "F", 80, LBBB_CTX)
    assert out["suspected"] and out["leads"] == ["V2"]


def test_a_paced_rhythm_is_judged_by_sgarbossa_too():
    ctx = {**LBBB_CTX, "rhythm": "paced"}
    quiet = assess(st(V1=250), "F", 80, ctx)
    assert quiet["mimic"] == "paced" and quiet["conduction"] == "paced"
    assert quiet["criteria"] == "modified Sgarbossa criteria (PACED): none met"
    assert assess(st(I=120), "F", 80, ctx)["criterion"] == "sgarbossa"


# --- assess: RBBB -------------------------------------------------------------------------

@pytest.mark.parametrize("chest", ["V1", "V2", "V3"])
def test_rbbb_raises_v1_to_v3_to_a_quarter_of_the_terminal_r(chest):
    shape = rbbb_shape(**{chest: lead(r=900, s=-200, terminal=1200)})
    ctx = {**RBBB_CTX, "morphology": shape}
    neighbour = "V2" if chest != "V2" else "V3"
    at_quarter = assess(st(**{chest: 300, neighbour: 300}), "F", 60, ctx)
    assert at_quarter["suspected"] and chest in at_quarter["leads"]
    under = assess(st(**{chest: 299, neighbour: 300}), "F", 60, ctx)
    assert not under["suspected"] and under["mimic"] == "rbbb"
    assert under["mimics_considered"] == ["rbbb"]


def test_rbbb_leaves_the_other_leads_and_a_negative_terminal_at_their_threshold():
    shape = rbbb_shape(V4=lead(terminal=2000), V5=lead(terminal=2000),
                       V2=lead(terminal=-2000))
    ctx = {**RBBB_CTX, "morphology": shape}
    assert assess(st(V4=100, V5=100), "F", 60, ctx)["leads"] == ["V4", "V5"]
    assert assess(st(V2=150, V3=150), "F", 60, ctx)["suspected"]  # V3 terminal 100: 25


def test_rbbb_with_a_chest_lead_measured_but_without_its_shape():
    shape = {k: v for k, v in rbbb_shape().items() if k != "V3"}
    out = assess(st(V2=150, V3=150), "F", 60, {**RBBB_CTX, "morphology": shape})
    assert out["suspected"] and out["leads"] == ["V2", "V3"]


def test_the_mimic_is_named_only_when_an_elevation_reached_its_plain_threshold():
    ctx = {**RBBB_CTX, "morphology": rbbb_shape(V1=lead(terminal=2000))}
    assert assess(st(V1=100), "F", 60, ctx)["mimic"] == "rbbb"
    assert assess(st(V1=99), "F", 60, ctx)["mimic"] is None
    assert assess(st(V1=99), "F", 60, ctx)["mimics_considered"] == ["rbbb"]
    # nothing considered: a lone elevation names no mimic
    assert assess(st(V1=300), "F", 60, NARROW_CTX)["mimic"] is None


def test_with_rbbb_and_lvh_both_considered_rbbb_is_named_first():
    shape = rbbb_shape(V1=lead(r=900, s=-3600, terminal=2000))
    out = assess(st(V1=200), "M", 60, {**RBBB_CTX, "morphology": shape})
    assert out["mimics_considered"] == ["rbbb", "lvh"] and out["mimic"] == "rbbb"


# --- assess: LVH strain -------------------------------------------------------------------

def lvh_ctx(**per_lead) -> dict:
    return {"qrs_ms": 100, "rhythm": "sinus", "morphology": narrow(**{
        "V1": lead(r=200, s=-2000), "V5": lead(r=2000, s=-100), **per_lead})}


def test_lvh_raises_leads_with_a_deep_s_to_a_quarter_of_it():
    ctx = lvh_ctx(V2=lead(r=300, s=-1200))
    assert assess(st(V1=500, V2=300), "M", 60, ctx)["suspected"]  # 500, 300 = 25 %
    under = assess(st(V1=499, V2=300), "M", 60, ctx)
    assert not under["suspected"] and under["mimic"] == "lvh"
    assert under["mimics_considered"] == ["lvh"]


def test_lvh_leaves_leads_whose_r_is_as_tall_as_their_s():
    ctx = lvh_ctx(V3=lead(r=1000, s=-1000), V4=lead(r=2000, s=-1000))
    out = assess(st(V3=250, V4=250), "M", 60, ctx)
    assert out["suspected"] and out["leads"] == ["V3", "V4"]


def test_without_lvh_voltage_a_deep_s_raises_nothing():
    ctx = {"qrs_ms": 100, "rhythm": "sinus", "morphology": narrow(
        V1=lead(r=200, s=-1200), V2=lead(r=300, s=-1600))}
    assert assess(st(V1=150, V2=200), "M", 60, ctx)["suspected"]


# --- assess: the posterior pattern ----------------------------------------------------------

def test_a_posterior_pattern_is_reported_as_a_stemi_equivalent():
    ctx = {**NARROW_CTX, "morphology": posterior_shape()}
    assert assess(st(V1=-120, V2=-200), "M", 60, ctx) == {
        "suspected": True, "leads": ["V1", "V2"], "criterion": "posterior",
        "conduction": "normal", "mimics_considered": [], "mimic": None,
        "criteria": "posterior MI suspected: ST depression >= 100 uV in V1, V2 with upright "
                    "T waves (STEMI equivalent)"}
    assert not assess(st(V1=-120, V2=-200), "M", 60)["suspected"]  # no shape: not read


# --- assess: pericarditis ------------------------------------------------------------------

DIFFUSE = st(I=150, II=180, III=110, aVF=150, V3=200, V4=220, V5=200, V6=150, aVR=-150)


def pr_ctx(pr=-80, **per_lead) -> dict:
    shapes = {x: {"pr_uv": pr} for x in LEADS}
    for x, shape in per_lead.items():
        shapes[x] = {**shape, "pr_uv": pr}
    return {"qrs_ms": 90, "rhythm": "sinus", "morphology": narrow(**shapes)}


def test_pericarditis_is_diffuse_elevation_with_pr_depression_and_no_reciprocal_change():
    out = assess(DIFFUSE, "M", 40, pr_ctx())
    assert out == {
        "suspected": False, "leads": [], "criterion": None, "conduction": "normal",
        "mimics_considered": ["pericarditis"], "mimic": "pericarditis",
        "criteria": udmi(200, "male, 40 y") + "; pericarditis pattern: diffuse ST elevation "
                    "with PR depression and no reciprocal change"}


def test_pericarditis_counts_only_the_leads_over_their_own_threshold():
    """Five leads of diffuse elevation make the pattern; a man's V2 at 150 µV is not one of
    them (his V2 needs 200), so four are left and the inferior elevation is flagged."""
    four = st(II=180, aVF=150, V5=150, V6=150, V2=150, aVR=-150)
    out = assess(four, "M", 40, pr_ctx())
    assert out["suspected"] and out["mimic"] is None and out["leads"] == [
        "II", "aVF", "V5", "V6"]
    assert assess({**four, "V2": 200}, "M", 40, pr_ctx())["mimic"] == "pericarditis"


def test_pericarditis_needs_pr_depression_of_half_a_mm_in_two_leads():
    def two(pr):
        ctx = pr_ctx(pr=0)
        ctx["morphology"]["II"]["pr_uv"] = ctx["morphology"]["V5"]["pr_uv"] = pr
        return assess(DIFFUSE, "M", 40, ctx)
    assert two(-50)["mimic"] == "pericarditis"
    assert two(-49)["suspected"]
    one = pr_ctx(pr=0)
    one["morphology"]["II"]["pr_uv"] = -100
    assert assess(DIFFUSE, "M", 40, one)["suspected"]


def test_pr_depression_in_avr_and_v1_and_an_unmeasured_pr_do_not_count():
    ctx = pr_ctx(pr=None)
    ctx["morphology"]["aVR"]["pr_uv"] = ctx["morphology"]["V1"]["pr_uv"] = -200
    assert assess(DIFFUSE, "M", 40, ctx)["suspected"]
    del ctx["morphology"]["II"]["pr_uv"]  # a shape without a PR segment
    assert assess(DIFFUSE, "M", 40, ctx)["suspected"]


def test_pericarditis_needs_five_leads_over_two_territories():
    four = st(II=180, III=150, aVF=150, V5=200)
    assert assess(four, "M", 40, pr_ctx())["suspected"]
    five = st(II=180, III=150, aVF=150, V5=200, V6=200)
    assert assess(five, "M", 40, pr_ctx())["mimic"] == "pericarditis"
    one_territory = st(V1=200, V2=300, V3=300, V4=300, V5=200, V6=200)
    assert assess(one_territory, "M", 60, pr_ctx())["suspected"]


def test_a_reciprocal_depression_of_1_mm_rules_pericarditis_out_except_in_avr_and_v1():
    assert assess({**DIFFUSE, "V2": -100}, "M", 40, pr_ctx())["suspected"]
    assert assess({**DIFFUSE, "V2": -99}, "M", 40, pr_ctx())["mimic"] == "pericarditis"
    assert assess({**DIFFUSE, "V1": -300, "aVR": -300}, "M", 40,
                  pr_ctx())["mimic"] == "pericarditis"


def test_with_rbbb_v1_to_v3_depression_is_secondary_not_reciprocal():
    ctx = pr_ctx(V1=RSR_V1, I=NEG_LAT, V6=NEG_LAT)
    ctx["qrs_ms"] = 140
    for x in ("V1", "I", "V6"):
        ctx["morphology"][x]["pr_uv"] = -80
    diffuse = {**DIFFUSE, "V2": -150, "V3": -150, "V3R": 0}
    out = assess(diffuse, "M", 40, ctx)
    assert out["conduction"] == "rbbb" and out["mimic"] == "pericarditis"
    assert assess({**diffuse, "V4": -150}, "M", 40, ctx)["suspected"]


# --- assess: early repolarisation ------------------------------------------------------------

def er_ctx(t=1000) -> dict:
    return {"qrs_ms": 90, "rhythm": "sinus", "morphology": narrow(
        V2=lead(t=t), V3=lead(t=t), V4=lead(t=t))}


@pytest.mark.parametrize("age,limit", [(20, 0.4), (39.9, 0.4), (40, 0.25), (49.9, 0.25)])
def test_early_repolarisation_is_st_under_a_fraction_of_t_by_age(age, limit):
    under = int(limit * 1000) - 1
    out = assess(st(V2=max(under, 250), V3=max(under, 250)), "M", age, er_ctx(
        t=max(1000, int(251 / limit) + 1)))
    assert not out["suspected"] and out["mimic"] == "early_repolarisation"
    assert out["mimics_considered"] == ["pericarditis", "early_repolarisation"]


def test_early_repolarisation_ratio_at_the_limit_is_flagged():
    at_04 = assess(st(V2=400, V3=400), "M", 30, er_ctx(t=1000))  # 0.4: not < 0.4
    assert at_04["suspected"]
    under = assess(st(V2=399, V3=399), "M", 30, er_ctx(t=1000))
    assert under["criteria"] == udmi(250, "male, 30 y") + (
        "; early repolarisation pattern: ST/T 0.40 < 0.4 without reciprocal change")
    at_025 = assess(st(V2=250, V3=250), "M", 45, er_ctx(t=1000))
    assert at_025["suspected"]
    assert not assess(st(V2=249, V3=249), "F", 45, er_ctx(t=1000))["suspected"]


@pytest.mark.parametrize("age", [50, 80, None])
def test_early_repolarisation_is_not_considered_from_50_or_at_an_unknown_age(age):
    out = assess(st(V2=300, V3=300), "M", age, er_ctx(t=3000))
    assert out["suspected"] and "early_repolarisation" in out["mimics_considered"]


def test_early_repolarisation_takes_the_highest_st_to_t_ratio():
    ctx = er_ctx(t=1000)
    ctx["morphology"]["V3"]["t_uv"] = 500  # V3: 300 / 500 = 0.6
    assert assess(st(V2=300, V3=300), "M", 30, ctx)["suspected"]
    ctx["morphology"]["V3"]["t_uv"] = 0  # a flat T: ST over 1 µV
    assert assess(st(V2=300, V3=300), "M", 30, ctx)["suspected"]


def test_early_repolarisation_needs_the_elevation_under_twice_its_threshold():
    # M 30: V2-V3 threshold 250; 500 is twice it
    assert assess(st(V2=500, V3=499), "M", 30, er_ctx(t=3000))["suspected"]
    assert assess(st(V2=499, V3=499), "M", 30, er_ctx(t=3000))["mimic"] == (
        "early_repolarisation")


@pytest.mark.parametrize("mirror", ["II", "III", "aVF"])
def test_an_inferior_reciprocal_depression_rules_early_repolarisation_out(mirror):
    out = assess(st(V2=300, V3=300, **{mirror: -50}), "M", 30, er_ctx(t=3000))
    assert out["suspected"] and out["criteria"].endswith(
        f"; reciprocal ST depression in {mirror}")
    assert not assess(st(V2=300, V3=300, **{mirror: -49}), "M", 30,
                      er_ctx(t=3000))["suspected"]


def test_early_repolarisation_is_precordial_only():
    ctx = {**NARROW_CTX, "morphology": narrow(II=lead(t=3000), III=lead(t=3000))}
    out = assess(st(II=150, III=150, I=-60), "M", 30, ctx)
    assert out["suspected"] and "early_repolarisation" not in out["mimics_considered"]


def test_early_repolarisation_skips_leads_without_a_shape():
    ctx = er_ctx(t=3000)
    del ctx["morphology"]["V4"]
    assert not assess(st(V2=300, V3=300, V4=150), "M", 30, ctx)["suspected"]


# --- assess: reciprocity for limb-lead elevation ------------------------------------------

@pytest.mark.parametrize("mirror", ["I", "aVL"])
def test_an_inferior_elevation_near_threshold_is_flagged_with_a_high_lateral_mirror(mirror):
    ctx = NARROW_CTX
    assert assess(st(II=120, III=130, **{mirror: -50}), "M", 60, ctx)["suspected"]
    lone = assess(st(II=120, III=130, **{mirror: -49}), "M", 60, ctx)
    assert lone["mimic"] == "no_reciprocal" and lone["criteria"] == udmi(
        200, "male, 60 y") + ("; no reciprocal ST depression and the elevation under 1.5 "
                              "times the threshold")


@pytest.mark.parametrize("mirror", ["II", "III", "aVF"])
def test_a_high_lateral_elevation_is_mirrored_inferiorly(mirror):
    assert assess(st(I=120, aVL=120, **{mirror: -60}), "M", 60, NARROW_CTX)["suspected"]
    assert not assess(st(I=120, aVL=120), "M", 60, NARROW_CTX)["suspected"]


def test_reciprocity_is_not_needed_from_1_5_times_the_threshold():
    assert assess(st(II=150, III=120), "M", 60, NARROW_CTX)["suspected"]
    assert not assess(st(II=149, III=149), "M", 60, NARROW_CTX)["suspected"]


def test_an_anterolateral_elevation_needs_no_reciprocal_change_in_the_chest():
    out = assess(st(V4=150, V5=150, V6=150), "M", 60, NARROW_CTX)
    assert out["suspected"] and out["mimics_considered"] == ["pericarditis", "early_repolarisation"]


# --- flag --------------------------------------------------------------------------------

def measurement(**over) -> dict:
    return {"quality": {"measurable": True, "reasons": []}, "qrs_ms": 90,
            "rhythm": {"code": "sinus"}, "st_point": "J+60", "morphology": narrow(),
            "st_deviation_uv": st(II=150, III=200, aVL=-80), **over}


def test_flag_on_an_unmeasurable_trace_gives_every_reason():
    m = measurement(quality={"measurable": False, "reasons": ["lead II flat", "noise in V1"]})
    out = flag(m, "M", 60)
    assert out == {**assess({}, "M", 60),
                   "criteria": "not measurable: lead II flat; noise in V1"}
    assert not out["suspected"]
    assert flag(measurement(quality={"measurable": False}))["criteria"] == (
        "not measurable: no signal")
    assert flag({"st_deviation_uv": st(II=500, III=500)})["criteria"] == (
        "not measurable: no signal")


def test_flag_needs_a_credible_qrs_duration_to_place_the_j_point():
    m = measurement(qrs_ms=None, reasons={"qrs_ms": "implausible value 22 (outside 40–220)"},
                    st_deviation_uv=st(V4=1100, V5=1300, V6=1300))
    out = flag(m, "M", 37)
    assert out == {**assess({}, "M", 37), "criteria": "not assessable: QRS duration "
                   "implausible value 22 (outside 40–220), so no J point to measure the ST "
                   "from"}
    assert flag(measurement(qrs_ms=None), "M", 37)["criteria"] == (
        "not assessable: QRS duration not measured, so no J point to measure the ST from")
    assert flag(measurement(qrs_ms=40, st_deviation_uv=st(V5=1300, V6=1300)), "M", 37)[
        "suspected"]


def test_flag_passes_sex_age_and_the_st_point_on():
    out = flag(measurement(st_point="J+40"), "F", 30)
    assert out["suspected"] and out["criteria"].startswith(udmi(150, "female", "J+40"))
    no_point = {k: v for k, v in measurement().items() if k != "st_point"}
    assert flag(no_point, "M", 61)["criteria"].startswith(udmi(200, "male, 61 y"))


def test_flag_reads_the_conduction_from_the_qrs_width_and_shape():
    m = measurement(qrs_ms=150, morphology=lbbb_shape(), st_deviation_uv=st(V1=250, V2=300))
    assert flag(m, "M", 70)["mimic"] == "lbbb"
    narrow_qrs = measurement(qrs_ms=100, morphology=lbbb_shape(),
                             st_deviation_uv=st(V1=250, V2=300))
    assert flag(narrow_qrs, "M", 70)["conduction"] == "normal"


def test_flag_reads_a_paced_rhythm_from_the_rhythm_code():
    m = measurement(qrs_ms=100, rhythm={"code": "paced"}, morphology=lbbb_shape())
    assert flag(m, "M", 70)["conduction"] == "paced"
    assert flag(measurement(rhythm=None), "M", 70)["conduction"] == "normal"


def test_flag_without_morphology_uses_the_thresholds_alone():
    m = measurement(morphology=None, st_deviation_uv=st(V2=300, V3=300))
    out = flag(m, "M", 25)
    assert out["suspected"] and out["mimics_considered"] == []


# --- the order leads are reported in, and the remaining edges ---------------------------

def test_leads_are_reported_in_the_standard_order_not_alphabetically():
    lateral = assess(st(I=300, aVL=300, V5=300, V6=300, II=-100), "M", 60, NARROW_CTX)
    assert lateral["leads"] == ["I", "aVL", "V5", "V6"]
    sgarbossa = assess({"V2": -150, "aVL": 150}, "M", 70, LBBB_CTX)
    assert sgarbossa["leads"] == ["aVL", "V2"]
    # an inferior and an anterior elevation, mirrored in aVL and in aVF
    both = assess(st(II=120, III=120, V2=300, V3=300, aVL=-60, aVF=-60), "M", 60, NARROW_CTX)
    assert both["criteria"].endswith("; reciprocal ST depression in aVL, aVF")


def test_the_mimic_is_named_against_this_patients_v2_v3_threshold():
    ctx = {**RBBB_CTX, "morphology": rbbb_shape(V2=lead(terminal=2000))}
    assert assess(st(V2=160), "M", 45, ctx)["mimic"] is None  # under 200 µV: no elevation
    assert assess(st(V2=200), "M", 45, ctx)["mimic"] == "rbbb"
    assert assess(st(V2=220), "M", 30, ctx)["mimic"] is None  # under 250 µV under 40


def test_lvh_in_a_woman_is_read_with_the_womens_cornell_voltage():
    ctx = {"qrs_ms": 100, "rhythm": "sinus", "morphology": narrow(
        aVL=lead(r=1000, s=0), V3=lead(r=200, s=-1200), V4=lead(r=200, s=-1200))}
    woman = assess(st(V3=200, V4=200), "F", 60, ctx)  # 1.2 mV S: needs 300 µV
    assert not woman["suspected"] and woman["mimics_considered"][0] == "lvh"
    assert assess(st(V3=200, V4=200), "M", 60, ctx)["suspected"]  # 2.2 mV: no LVH in a man


def test_lvh_raises_no_lead_whose_r_is_at_least_its_s_even_a_deep_one():
    ctx = lvh_ctx(V3=lead(r=1000, s=-1000), V4=lead(r=2000, s=-1000))
    assert assess(st(V3=200, V4=200), "M", 60, ctx)["leads"] == ["V3", "V4"]


@pytest.mark.parametrize("lead_name", ["aVR", "V1"])
def test_pr_depression_in_avr_or_v1_does_not_make_the_second_lead(lead_name):
    ctx = pr_ctx(pr=0)
    ctx["morphology"]["II"]["pr_uv"] = -80
    ctx["morphology"][lead_name]["pr_uv"] = -80
    assert assess(DIFFUSE, "M", 40, ctx)["suspected"]


def test_with_rbbb_v1_depression_is_still_exempt():
    ctx = pr_ctx(V1=RSR_V1, I=NEG_LAT, V6=NEG_LAT)
    ctx["qrs_ms"] = 140
    out = assess({**DIFFUSE, "V1": -150, "V2": -150}, "M", 40, ctx)
    assert out["conduction"] == "rbbb" and out["mimic"] == "pericarditis"


def test_at_exactly_40_the_early_repolarisation_limit_is_0_25():
    assert assess(st(V2=300, V3=300), "M", 40, er_ctx(t=1000))["suspected"]  # ST/T 0.3
    assert not assess(st(V2=300, V3=300), "M", 39, er_ctx(t=1000))["suspected"]


def test_posterior_reads_only_the_chest_leads_measured():
    morph = posterior_shape()
    assert posterior({"V1": -150, "V2": -150, "V3": None}, morph, "normal") == ["V1", "V2"]
    assert posterior({"V1": -150, "V2": -150}, morph, "normal") == ["V1", "V2"]
    assert posterior({"II": -200, "V1": None}, morph, "normal") == []


def test_posterior_counts_any_upright_t_wave():
    morph = posterior_shape(V1=lead(t=1), V2=lead(r=1200, s=-300, t=1))
    assert posterior(st(V1=-150, V2=-150), morph, "normal") == ["V1", "V2"]


# --- assess: the J point ----------------------------------------------------------------

def test_an_elevation_counts_only_when_it_is_there_at_the_j_point_too():
    """The definition states its thresholds at the J point: an ST that reaches them only at
    J + 60 (upsloping into a tall T) is not flagged; at the threshold at J it is."""
    ctx = {"qrs_ms": 90, "rhythm": "sinus",
           "morphology": narrow(V2={"st_j_uv": 199}, V3={"st_j_uv": 199})}
    out = assess(st(V2=300, V3=300), "M", 60, ctx)
    assert not out["suspected"] and out["leads"] == []
    ctx["morphology"]["V3"]["st_j_uv"] = 200
    assert not assess(st(V2=300, V3=300), "M", 60, ctx)["suspected"]  # V3 alone: no pair
    ctx["morphology"]["V2"]["st_j_uv"] = 200
    out = assess(st(V2=300, V3=300), "M", 60, ctx)
    assert out["suspected"] and out["leads"] == ["V2", "V3"] and out["criterion"] == "udmi"


def test_the_pericarditis_pattern_is_read_at_the_st_point_whatever_the_j_point_leaves():
    low_j = {x: {"st_j_uv": 50} for x in ("I", "II", "III", "aVF")}
    out = assess(DIFFUSE, "M", 40, pr_ctx(**low_j))
    assert out["mimic"] == "pericarditis" and not out["suspected"]
