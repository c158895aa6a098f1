"""Small rules under the STEMI criteria (``dicom.ecg_stemi``), in words: the V2–V3
threshold by sex and age, territories, the lead order of a report, a patient's age."""

from __future__ import annotations

from datetime import date

import pytest

from dicom import ecg_stemi
from dicom.ecg_stemi import age_years, threshold_uv

STANDARD = ("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6")


@pytest.mark.parametrize("lead", ["V2", "V3"])
def test_v2_v3_need_200_uv_in_men_from_40_250_before_and_150_in_women(lead):
    assert threshold_uv(lead, "M", 40) == 200 and threshold_uv(lead, "M", 40.5) == 200
    assert threshold_uv(lead, "M", 39.9) == 250
    assert threshold_uv(lead, "M", None) == 200  # age unknown: the lower threshold
    assert threshold_uv(lead, "F", 30) == 150 and threshold_uv(lead, "", 30) == 150


@pytest.mark.parametrize("lead", ["I", "II", "aVL", "V1", "V4", "V6"])
def test_other_leads_need_100_uv_whoever_the_patient(lead):
    assert threshold_uv(lead, "M", 30) == 100 and threshold_uv(lead, "F", 70) == 100


def test_territories_inferior_high_lateral_and_precordial():
    assert {lead: ecg_stemi._territory(lead) for lead in STANDARD} == {
        "I": "lateral", "II": "inferior", "III": "inferior", "aVR": "anterior",
        "aVL": "lateral", "aVF": "inferior", **dict.fromkeys(STANDARD[6:], "anterior")}


def test_leads_are_listed_in_the_standard_order_unknown_ones_last():
    shuffled = ["V6", "aVF", "X1", "V1", "aVL", "III", "aVR", "I", "V3", "II"]
    assert sorted(shuffled, key=ecg_stemi._order) == [
        "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V3", "V6", "X1"]
    assert [ecg_stemi._order(lead) for lead in STANDARD] == list(range(12))


@pytest.mark.parametrize("text,years", [
    ("045Y", 45), ("045y", 45), (" 045Y ", 45), ("006M", 0.5), ("052W", 52 / 52.1775),
    ("365D", 365 / 365.25),
])
def test_age_from_patient_age_in_years_months_weeks_or_days(text, years):
    assert age_years(None, None, text) == pytest.approx(years)


@pytest.mark.parametrize("text", ["45Y", "0045Y", "04 Y", "045X", "", None])
def test_a_patient_age_not_in_its_four_character_form_is_not_used(text):
    assert age_years(None, None, text) is None
    assert age_years(date(1980, 3, 5), date(2020, 3, 5), text) == 40  # the dates are


def test_age_from_dates_counts_a_birthday_on_the_day():
    born = date(1980, 3, 5)
    assert age_years(born, date(2020, 3, 5)) == 40
    assert age_years(born, date(2020, 3, 4)) == 39
    assert age_years(born, born) == 0  # a newborn's first study
    assert age_years(born, date(1979, 1, 1)) is None  # a study before birth: not an age
    assert age_years(born, None) is None and age_years(None, date(2020, 1, 1)) is None
