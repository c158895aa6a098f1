from datetime import datetime, time
from zoneinfo import ZoneInfo

from teleconsult.cases.priority import decide_priority, decide_subspecialty, queue_score
from teleconsult.routing.roster import on_shift
from teleconsult.settings.model import Doctor, Override, Shift

TZ = ZoneInfo("Asia/Shanghai")


def doctor(shifts, overrides=()):
    return Doctor(id="d", name="d", specialties=("radiology",), clinics=("*",), capacity=5,
                  token_sha256="0" * 64, shifts=tuple(shifts), overrides=tuple(overrides))


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, 23 + day, hh, mm, tzinfo=TZ)  # day 0 = Monday


def test_night_shift_runs_past_midnight_into_the_next_day():
    night = doctor([Shift(days=(0,), start=time(20), end=time(8))])  # Monday night only
    assert not on_shift(night, at(0, 19, 59), TZ)
    assert on_shift(night, at(0, 20), TZ)
    assert on_shift(night, at(0, 23, 59), TZ)
    assert on_shift(night, at(1, 0), TZ)
    assert on_shift(night, at(1, 7, 59), TZ)
    assert not on_shift(night, at(1, 8), TZ)
    assert not on_shift(night, at(1, 20), TZ)  # Tuesday night is not rostered


def test_sunday_night_reaches_monday_morning():
    d = doctor([Shift(days=(6,), start=time(22), end=time(6))])
    assert on_shift(d, datetime(2026, 11, 30, 5, 0, tzinfo=TZ), TZ)  # Monday 05:00


def test_shift_to_midnight():
    d = doctor([Shift(days=(2,), start=time(16), end=time(0))])
    assert on_shift(d, at(2, 23, 59), TZ)
    assert not on_shift(d, at(3, 0, 1), TZ)


def test_time_zone_conversion():
    d = doctor([Shift(days=tuple(range(7)), start=time(8), end=time(20))])
    utc_0100 = datetime(2026, 11, 24, 1, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Shanghai
    assert on_shift(d, utc_0100, TZ)
    assert not on_shift(d, utc_0100, ZoneInfo("America/New_York"))  # 20:00 there


def test_overrides_win_over_weekly_shifts():
    weekly = [Shift(days=tuple(range(7)), start=time(8), end=time(20))]
    leave = doctor(weekly, [Override(date="2026-11-24", off=True)])
    assert not on_shift(leave, at(1, 10), TZ)
    assert on_shift(leave, at(2, 10), TZ)
    extra = doctor(weekly, [Override(date="2026-11-24", off=False, start=time(22),
                                     end=time(2))])
    assert not on_shift(extra, at(1, 10), TZ)  # the override replaces the day's pattern
    assert on_shift(extra, at(1, 23), TZ)
    assert on_shift(extra, at(2, 1, 30), TZ)  # its overnight tail


def test_priority_rules(settings):
    r = settings.routing
    assert decide_priority({"modality": "CT"}, "futian", r) == "routine"
    assert decide_priority({"modality": "ECG", "reason": "胸痛 2小时"}, "futian", r) == "stat"
    assert decide_priority({"modality": "CT", "study_description": "Trauma head"}, "futian",
                           r) == "urgent"
    assert decide_priority({"modality": "CT", "requested_priority": "STAT"}, "x", r) == "stat"
    assert decide_priority({"modality": "CT"}, "x", r, requested="urgent") == "urgent"
    # an emergency clinic's ECG is STAT by rule; the same ECG elsewhere is routine
    assert decide_priority({"modality": "ECG"}, "futian", r, emergency_clinic=True) == "stat"
    assert decide_priority({"modality": "ECG"}, "guandu", r) == "routine"
    assert decide_subspecialty({"modality": "CT", "body_part": "HEAD"}, r) == "neuro"
    assert decide_subspecialty({"modality": "DX", "body_part": "HEAD"}, r) is None
    assert decide_subspecialty({"modality": "CT", "body_part": "CHEST"}, r) is None
    # STAT sorts before anything routine however early it arrived
    assert queue_score("stat", 2e9) < queue_score("urgent", 1) < queue_score("routine", 1)
