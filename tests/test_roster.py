from datetime import datetime, time
from zoneinfo import ZoneInfo

from teleconsult.cases.priority import decide_priority, decide_subspecialty, queue_score
from teleconsult.routing.roster import (
    LEVEL_ANY_DOCTOR,
    LEVEL_ANY_ZONE,
    LEVEL_CALL_IN,
    LEVEL_NORMAL,
    eligible,
    on_duty,
    on_shift,
)
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


# --- the roster's rules in words (each found unguarded by mutation testing, issue 27) ---

DAY = Shift(days=tuple(range(7)), start=time(8), end=time(20))
TUESDAY = "2026-11-24"  # at(1, ...)


def test_a_shift_starts_on_its_first_minute_and_ends_before_its_last():
    d = doctor([DAY])
    assert on_shift(d, at(0, 8, 0), TZ) and not on_shift(d, at(0, 7, 59), TZ)
    assert on_shift(d, at(0, 19, 59), TZ) and not on_shift(d, at(0, 20, 0), TZ)


def test_a_night_shift_ending_at_one_runs_past_midnight():
    d = doctor([Shift(days=(0,), start=time(22), end=time(1))])
    assert on_shift(d, at(0, 23), TZ) and on_shift(d, at(1, 0, 30), TZ)
    assert not on_shift(d, at(1, 1), TZ) and not on_shift(d, at(0, 21, 59), TZ)


def test_a_shift_that_ends_when_it_starts_lasts_24_hours():
    d = doctor([Shift(days=(0,), start=time(8), end=time(8))])  # Monday 08:00 → Tue 08:00
    assert on_shift(d, at(0, 12), TZ) and on_shift(d, at(1, 7, 59), TZ)
    assert not on_shift(d, at(1, 8), TZ) and not on_shift(d, at(0, 7, 59), TZ)


def test_a_later_off_cancels_the_extra_shifts_entered_before_it():
    extra = Override(date=TUESDAY, off=False, start=time(8), end=time(12))
    off = Override(date=TUESDAY, off=True)
    afternoon = Override(date=TUESDAY, off=False, start=time(14), end=time(18))
    assert not on_shift(doctor([], [extra, off]), at(1, 10), TZ)
    both = doctor([], [extra, off, afternoon])  # an extra entered after the leave stands
    assert not on_shift(both, at(1, 10), TZ) and on_shift(both, at(1, 15), TZ)
    assert on_shift(doctor([], [off, afternoon]), at(1, 15), TZ)
    assert on_shift(doctor([], [extra, afternoon]), at(1, 10), TZ)  # no off: both count


def test_a_day_override_covers_its_window_only():
    d = doctor([], [Override(date=TUESDAY, off=False, start=time(8), end=time(12))])
    assert on_shift(d, at(1, 8), TZ) and on_shift(d, at(1, 11, 59), TZ)
    assert not on_shift(d, at(1, 7, 59), TZ) and not on_shift(d, at(1, 12), TZ)
    assert not on_shift(d, at(1, 13), TZ)
    # yesterday's day override puts nobody on duty today
    assert not on_shift(d, at(2, 3), TZ) and not on_shift(d, at(2, 10), TZ)


def test_an_overnight_override_ends_before_its_end_time_the_next_morning():
    d = doctor([], [Override(date=TUESDAY, off=False, start=time(22), end=time(2))])
    assert on_shift(d, at(1, 22), TZ) and not on_shift(d, at(1, 21, 59), TZ)
    assert on_shift(d, at(2, 1, 59), TZ)
    assert not on_shift(d, at(2, 2), TZ)  # the end is exclusive
    late = doctor([], [Override(date=TUESDAY, off=False, start=time(22), end=time(1))])
    assert on_shift(late, at(1, 23), TZ) and on_shift(late, at(2, 0, 30), TZ)
    assert not on_shift(late, at(2, 1), TZ)
    whole = doctor([], [Override(date=TUESDAY, off=False, start=time(8), end=time(8))])
    assert on_shift(whole, at(1, 12), TZ) and on_shift(whole, at(2, 7, 59), TZ)
    assert not on_shift(whole, at(2, 8), TZ)


def test_a_day_off_override_reaches_nobody_into_the_next_morning():
    # leave on Tuesday: its (absent) end is no overnight tail on Wednesday
    d = doctor([], [Override(date=TUESDAY, off=True, start=time(22), end=time(2))])
    assert not on_shift(d, at(2, 1), TZ)


def rad(id_: str, clinics=("futian",), shifts=(DAY,), subspecialties=(), zones=(),
        specialties=("radiology",)) -> Doctor:
    return Doctor(id=id_, name=id_, specialties=specialties, clinics=clinics, capacity=5,
                  token_sha256="0" * 64, shifts=tuple(shifts), subspecialties=subspecialties,
                  zones=zones)


NOON = at(0, 12)
OFF = Shift(days=(6,), start=time(1), end=time(2))  # rostered, but not at NOON


def pick(doctors, level=LEVEL_NORMAL, online=None, sub=None, zone="north"):
    online = {d.id for d in doctors} if online is None else online
    return [d.id for d in eligible(doctors, specialty="radiology", clinic_id="futian",
                                   zone=zone, subspecialty=sub, at=NOON, tz=TZ,
                                   online=online, level=level)]


def test_normal_level_is_online_on_shift_doctors_covering_the_clinic_or_its_zone():
    docs = [rad("covers"), rad("other-clinic", clinics=("guandu",)),
            rad("by-zone", clinics=(), zones=("north",)), rad("away"),
            rad("off-shift", shifts=(OFF,)), rad("cardio", specialties=("cardiology",))]
    online = {"covers", "other-clinic", "by-zone", "off-shift", "cardio"}
    assert pick(docs, online=online) == ["covers", "by-zone"]
    assert pick(docs, online=online, zone="south") == ["covers"]
    assert eligible(docs, specialty="radiology", clinic_id="futian", zone="north",
                    subspecialty=None, at=NOON, tz=TZ, online=online) == [docs[0], docs[2]]


def test_any_zone_level_drops_coverage_but_not_presence_or_roster():
    docs = [rad("covers"), rad("other-clinic", clinics=("guandu",)), rad("away"),
            rad("off-shift", shifts=(OFF,))]
    online = {"covers", "other-clinic", "off-shift"}
    assert pick(docs, LEVEL_ANY_ZONE, online) == ["covers", "other-clinic"]


def test_any_doctor_level_prefers_online_then_rostered_then_anyone():
    docs = [rad("on-online"), rad("on-away", clinics=("guandu",)),
            rad("off-online", shifts=(OFF,))]
    assert pick(docs, LEVEL_ANY_DOCTOR, {"on-online", "off-online"}) == ["on-online"]
    assert pick(docs, LEVEL_ANY_DOCTOR, {"off-online"}) == ["on-online", "on-away"]
    nobody_on = [rad("a", shifts=(OFF,)), rad("b", shifts=(OFF,))]
    assert pick(nobody_on, LEVEL_ANY_DOCTOR, set()) == ["a", "b"]


def test_call_in_level_is_anyone_of_the_specialty_online_first():
    docs = [rad("off-away", shifts=(OFF,)), rad("off-online", shifts=(OFF,))]
    assert pick(docs, LEVEL_CALL_IN, {"off-online"}) == ["off-online"]
    assert pick(docs, LEVEL_CALL_IN, set()) == ["off-away", "off-online"]


def test_the_default_level_is_the_normal_one():
    docs = [rad("covers"), rad("other-clinic", clinics=("guandu",))]
    assert [d.id for d in eligible(docs, specialty="radiology", clinic_id="futian",
                                   zone="", subspecialty=None, at=NOON, tz=TZ,
                                   online={"covers", "other-clinic"})] == ["covers"]


def test_sub_specialists_are_preferred_when_in_the_pool_otherwise_anyone_in_it():
    docs = [rad("general"), rad("neuro", subspecialties=("neuro",)),
            rad("neuro-away", subspecialties=("neuro",))]
    online = {"general", "neuro"}
    assert pick(docs, online=online, sub="neuro") == ["neuro"]  # only the expert
    assert pick(docs, online=online, sub="chest") == ["general", "neuro"]  # nobody: all
    assert pick(docs, online={"general"}, sub="neuro") == ["general"]  # expert not in pool
    assert pick(docs, online=set(), sub="neuro") == []  # an empty pool stays empty


def test_on_duty_is_the_specialty_covering_the_clinic_or_zone_on_shift():
    docs = [rad("covers"), rad("by-zone", clinics=(), zones=("north",)),
            rad("other-clinic", clinics=("guandu",)), rad("off-shift", shifts=(OFF,)),
            rad("cardio", specialties=("cardiology",))]
    assert [d.id for d in on_duty(docs, "radiology", "futian", NOON, TZ, "north")] == [
        "covers", "by-zone"]
    assert [d.id for d in on_duty(docs, "radiology", "futian", NOON, TZ)] == ["covers"]
    assert [d.id for d in on_duty(docs, "cardiology", "futian", NOON, TZ)] == ["cardio"]
