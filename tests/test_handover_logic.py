"""Pure decisions about people: who loses an open read when, read limits, paging policy,
vendor request formats and the [handover]/[paging] configuration tables."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from dataclasses import replace
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import orjson
import pytest

from teleconsult.core.webhook import verify_webhook
from teleconsult.routing import handover, paging
from teleconsult.routing.handover import CHECKED_OUT, KEEP, OFF_SHIFT, SILENT, ReaderState
from teleconsult.settings.handover import HandoverConfig, parse_handover
from teleconsult.settings.load import load_settings
from teleconsult.settings.paging import Channel, Person, parse_paging
from teleconsult.settings.reader import ConfigError
from tests.conftest import DEMO_CONFIG

CFG = HandoverConfig()
NOW = 1_800_000_000.0


def reader(**kw) -> ReaderState:
    base = dict(priority="stat", on_shift=True, online=False, checked_out=False,
                active_at=NOW - 10, page_at=0.0)
    base.update(kw)
    return ReaderState(**base)


@pytest.mark.parametrize(("state", "expected"), [
    (reader(), KEEP),  # silent 10 s: within STAT's 3 min
    (reader(active_at=NOW - 181), SILENT),
    (reader(active_at=NOW - 181, online=True), KEEP),  # polling the worklist: there
    (reader(priority="urgent", active_at=NOW - 181), KEEP),  # urgent: 10 min
    (reader(priority="urgent", active_at=NOW - 601), SILENT),
    (reader(checked_out=True), CHECKED_OUT),
    (reader(checked_out=True, page_at=NOW - 5), KEEP),  # still typing in the page
    (reader(on_shift=False, online=True, shift_ended_recently=True), KEEP),  # finishing
    (reader(on_shift=False, online=True, shift_ended_recently=False), OFF_SHIFT),
    (reader(on_shift=False, shift_ended_recently=True, active_at=NOW - 181), OFF_SHIFT),
    (reader(on_shift=False, page_at=NOW - 30, active_at=NOW - 3600), KEEP),  # page open
    (reader(page_at=NOW - 46, active_at=NOW - 3600), SILENT),  # the page closed
])
def test_who_loses_an_open_read(state, expected):
    assert handover.decide(state, NOW, CFG) == expected


def test_shift_ended_within_samples_minutes():
    end = datetime(2026, 11, 30, 8, 0, tzinfo=UTC).timestamp()

    def on(t: datetime) -> bool:
        return t.timestamp() < end

    assert handover.shift_ended_within(on, end + 29 * 60, 1800)
    assert not handover.shift_ended_within(on, end + 31 * 60, 1800)
    assert handover.shift_ended_within(on, end - 1, 0)


def test_read_limit_only_where_configured():
    assert handover.read_overdue("stat", NOW - 601, NOW, CFG)
    assert not handover.read_overdue("stat", NOW - 599, NOW, CFG)
    assert not handover.read_overdue("routine", NOW - 99999, NOW, CFG)


def test_handover_table_parses_and_rejects():
    cfg = parse_handover({"grace_minutes": {"stat": 2}, "read_limit_minutes": {"urgent": 30}},
                         "f.toml")
    assert cfg.grace_seconds == {"stat": 120.0, "urgent": 600.0, "routine": 1800.0}
    assert cfg.read_limit_seconds == {"urgent": 1800.0}
    with pytest.raises(ConfigError) as err:
        parse_handover({"grace_minutes": {"stat": -1, "asap": 1}, "surprise": 1}, "f.toml")
    text = "\n".join(err.value.problems)
    assert "f.toml: handover.surprise: unknown key" in text
    assert "handover.grace_minutes.asap: unknown key" in text
    assert "handover.grace_minutes.stat: must be a positive number" in text


def test_paging_table_parses_and_rejects():
    cfg = parse_paging({"channels": [{"id": "g", "kind": "wecom", "url_env": "X"}],
                        "people": [{"id": "card-chen", "channels": ["g"],
                                    "quiet_hours": {"start": "22:00", "end": "07:00"}}]},
                       "f.toml", {"card-chen"})
    assert cfg.people["card-chen"].quiet_start == time(22, 0)
    bad = {"channels": [{"id": "d", "kind": "dingtalk", "url": "ftp://x"},
                        {"id": "s", "kind": "sms", "url": "http://gw"},
                        {"id": "p", "kind": "pager", "url": "http://x"}],
           "people": [{"id": "nobody", "channels": ["d"]},
                      {"id": "card-chen", "channels": ["zzz"]}], "extra": True}
    with pytest.raises(ConfigError) as err:
        parse_paging(bad, "f.toml", {"card-chen"})
    text = "\n".join(err.value.problems)
    for expected in ("paging.extra: unknown key", "paging.channels[0].url: must be an http(s)",
                     "paging.channels[0].secret_env: required for dingtalk",
                     "paging.channels[1].body_template: required for sms",
                     "paging.channels[2].kind: must be one of",
                     "paging.people[0].id: no doctor, admin or clinic 'nobody'",
                     "paging.people[1].channels:"):
        assert expected in text, expected


def test_demo_config_has_working_defaults():
    s = load_settings(DEMO_CONFIG, env={})
    assert s.handover is not None and s.handover.grace_seconds["stat"] == 180
    assert s.paging is not None


TZ = ZoneInfo("Asia/Shanghai")
QUIET = Person("card-chen", ("g",), quiet_start=time(22, 0), quiet_end=time(7, 0))


def test_quiet_hours_hold_everything_but_stat():
    night = datetime(2026, 11, 30, 23, 30, tzinfo=TZ)
    assert paging.hold_until(QUIET, "stat", night) is None
    assert paging.hold_until(QUIET, "urgent", night) == datetime(2026, 12, 1, 7, 0, tzinfo=TZ)
    early = datetime(2026, 12, 1, 6, 0, tzinfo=TZ)
    assert paging.hold_until(QUIET, "routine", early) == datetime(2026, 12, 1, 7, 0, tzinfo=TZ)
    assert paging.hold_until(QUIET, "urgent", datetime(2026, 12, 1, 12, 0, tzinfo=TZ)) is None


def test_rate_limit_per_recipient_never_for_stat():
    sent = [NOW - 3000 + i for i in range(3)]
    assert paging.rate_delay(sent, NOW, 3, "urgent") == pytest.approx(600)
    assert paging.rate_delay(sent, NOW, 3, "stat") == 0
    assert paging.rate_delay(sent, NOW, 4, "urgent") == 0
    assert paging.rate_delay([NOW - 4000] * 9, NOW, 3, "urgent") == 0


def test_who_is_paged_for_what():
    s = load_settings(DEMO_CONFIG, env={})
    sup = replace(s.doctors["card-zhao"], supervisor=True)
    s = replace(s, doctors={**s.doctors, "card-zhao": sup})
    fields = {"specialty": "cardiology", "doctor": "card-chen", "clinic": "futian"}
    assert paging.recipients("stat_assigned", fields, s) == ["card-chen"]
    assert paging.recipients("escalation", fields, s) == ["card-zhao", "admin"]
    assert paging.recipients("sla_at_risk", fields, s) == ["card-zhao", "admin", "card-chen"]
    assert paging.recipients("critical_unacknowledged", fields, s) == ["futian"]
    cfg = parse_paging({"channels": [{"id": "g", "kind": "wecom", "url": "http://x"}],
                        "people": [{"id": "admin", "channels": ["g"],
                                    "events": ["read_overdue"]}]}, "f", {"admin"})
    assert paging.targets("escalation", fields, s, cfg) == []
    assert [p.id for p, _ in paging.targets("read_overdue", fields, s, cfg)] == ["admin"]


RECORD = {"case_id": "c0123456789abcdef", "priority": "stat", "modality": "ECG",
          "clinic": "futian", "received_at": NOW - 600,
          "patient": {"id": "P12345", "name": "王小东"}}


def test_message_is_phone_safe_unless_internal():
    text = paging.message("stat_assigned", {}, RECORD, "福田镇卫生院", NOW, "https://tc.example",
                          internal=False)
    assert "STAT" in text and "ECG" in text and "福田镇卫生院" in text and "10 分钟" in text
    assert text.endswith("https://tc.example/cases/c0123456789abcdef")
    assert "王小东" not in text and "P12345" not in text
    internal = paging.message("stat_assigned", {}, RECORD, "福田", NOW, "https://x", True)
    assert "王小东" in internal and "P12345" in internal


def test_dingtalk_sign_matches_the_documented_recipe():
    secret, ts = "SECabc", 1_700_000_000_000
    mac = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
    assert paging.dingtalk_sign(secret, ts) == urllib.parse.quote_plus(
        base64.b64encode(mac).decode())


def test_vendor_request_shapes():
    person = Person("card-chen", ("x",), phone="13800001111")
    job = {"event": "stat_assigned", "case_id": RECORD["case_id"], "priority": "stat"}
    text = "【STAT】ECG\n已分配\nhttps://x/cases/c1"
    wecom = paging.build_request(Channel("w", "wecom"), "http://h/send?key=K", "", person,
                                 text, job, NOW)
    assert orjson.loads(wecom.body) == {"msgtype": "text", "text": {
        "content": text, "mentioned_mobile_list": ["13800001111"]}}
    md = paging.build_request(Channel("w", "wecom", markdown=True), "http://h", "", person,
                              text, job, NOW)
    assert orjson.loads(md.body)["markdown"]["content"].startswith("**【STAT】ECG**")
    ding = paging.build_request(Channel("d", "dingtalk"), "http://h/robot/send?access_token=T",
                                "S", person, text, job, NOW)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(ding.url).query)
    assert query["timestamp"] == [str(int(NOW * 1000))] and query["access_token"] == ["T"]
    assert orjson.loads(ding.body)["at"]["atMobiles"] == ["13800001111"]
    sms = paging.build_request(Channel("s", "sms", body_template='{"to":"{phone}","msg":"{text}"}'),
                               "http://gw", "", person, 'a "quoted"\nline', job, NOW)
    assert orjson.loads(sms.body) == {"to": "13800001111", "msg": 'a "quoted"\nline'}
    hook = paging.build_request(Channel("h", "webhook"), "http://h", "sek", person, text, job,
                                NOW)
    assert verify_webhook("sek", hook.headers["X-Teleconsult-Signature"], hook.body)


@pytest.mark.parametrize(("kind", "status", "body", "ok"), [
    ("wecom", 200, b'{"errcode":0,"errmsg":"ok"}', True),
    ("wecom", 200, b'{"errcode":93000,"errmsg":"invalid webhook url"}', False),
    ("dingtalk", 200, b'{"errcode":310000,"errmsg":"sign not match"}', False),
    ("dingtalk", 200, b"<html>", False),
    ("sms", 502, b"", False),
    ("webhook", 204, b"", True),
])
def test_vendor_answers(kind, status, body, ok):
    assert paging.answer_ok(kind, status, body)[0] is ok


def test_level_three_calls_in_anyone_of_the_specialty_online_first():
    from teleconsult.routing.roster import LEVEL_ANY_DOCTOR, LEVEL_CALL_IN, eligible

    s = load_settings(DEMO_CONFIG, env={})
    noon = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai: card-chen's shift
    args = dict(specialty="cardiology", clinic_id="futian", zone="north", subspecialty=None,
                at=noon, tz=s.timezone)
    docs = s.doctors.values()
    assert [d.id for d in eligible(docs, online=set(), level=LEVEL_ANY_DOCTOR, **args)] == [
        "card-chen"]
    assert [d.id for d in eligible(docs, online=set(), level=LEVEL_CALL_IN, **args)] == [
        "card-chen", "card-zhao"]
    assert [d.id for d in eligible(docs, online={"card-zhao"}, level=LEVEL_CALL_IN,
                                   **args)] == ["card-zhao"]


# --- the handover rules at their edges (found unguarded by mutation testing, issue 27) ---

def test_silent_means_longer_than_the_grace_not_exactly_the_grace():
    assert handover.decide(reader(active_at=NOW - 180), NOW, CFG) == KEEP
    assert handover.decide(reader(active_at=NOW - 180.5), NOW, CFG) == SILENT


def test_a_priority_without_its_own_grace_gets_the_routine_one_then_half_an_hour():
    only_routine = HandoverConfig(grace_seconds={"routine": 100.0})
    assert handover.decide(reader(active_at=NOW - 99), NOW, only_routine) == KEEP
    assert handover.decide(reader(active_at=NOW - 101), NOW, only_routine) == SILENT
    nothing = HandoverConfig(grace_seconds={})
    assert handover.decide(reader(active_at=NOW - 1800), NOW, nothing) == KEEP
    assert handover.decide(reader(active_at=NOW - 1800.5), NOW, nothing) == SILENT


def test_a_page_heartbeat_keeps_the_case_up_to_and_including_the_alive_time():
    assert handover.page_open(reader(page_at=NOW - 45), NOW, CFG)
    assert not handover.page_open(reader(page_at=NOW - 45.5), NOW, CFG)


def test_page_at_zero_means_never_opened_whatever_the_clock():
    # clocks in these decisions are any float: a heartbeat at 1.0 is a heartbeat, 0 is none
    assert not handover.page_open(reader(page_at=0.0), 10.0, CFG)
    assert handover.page_open(reader(page_at=1.0), 10.0, CFG)


def test_a_read_is_overdue_only_past_its_limit_and_only_once_claimed():
    assert not handover.read_overdue("stat", NOW - 600, NOW, CFG)
    assert handover.read_overdue("stat", NOW - 600.5, NOW, CFG)
    assert not handover.read_overdue("stat", 0.0, 700.0, CFG)  # 0: never claimed
    assert handover.read_overdue("stat", 1.0, 700.0, CFG)


def test_shift_ended_within_asks_the_roster_each_minute_with_aware_instants():
    end = datetime(2026, 11, 30, 8, 0, tzinfo=UTC).timestamp()
    asked: list[datetime] = []

    def on(t: datetime) -> bool:
        asked.append(t)
        return t.timestamp() < end

    # 90 s after the end, with a two-minute window: samples a minute apart from now back
    # to the window's start, and the last of them falls inside the shift
    assert handover.shift_ended_within(on, end + 90, 120)
    assert [t.timestamp() - end for t in asked] == [90, 30, -30]
    assert all(t.tzinfo is UTC for t in asked)


# --- the paging policy at its edges (found unguarded by mutation testing, issue 27) ---

NAP = Person("rad-li", ("g",), quiet_start=time(12, 0), quiet_end=time(14, 0))


def test_quiet_hours_start_on_their_first_minute_and_end_before_their_last():
    def held(person, hh, mm=0):
        return paging.hold_until(person, "urgent", datetime(2026, 12, 1, hh, mm, tzinfo=TZ))

    assert held(QUIET, 22) == datetime(2026, 12, 2, 7, 0, tzinfo=TZ)  # overnight window
    assert held(QUIET, 21, 59) is None and held(QUIET, 7) is None
    assert held(QUIET, 6, 59) == datetime(2026, 12, 1, 7, 0, tzinfo=TZ)
    assert held(NAP, 12) == datetime(2026, 12, 1, 14, 0, tzinfo=TZ)  # a daytime window
    assert held(NAP, 13, 59) == datetime(2026, 12, 1, 14, 0, tzinfo=TZ)
    assert held(NAP, 14) is None and held(NAP, 11, 59) is None and held(NAP, 23) is None
    assert held(Person("x", ("g",), quiet_start=time(22, 0)), 23) is None  # half a window


def test_a_page_sent_an_hour_ago_no_longer_counts_against_the_rate():
    assert paging.rate_delay([NOW - 3600, NOW - 10], NOW, 2, "urgent") == 0
    assert paging.rate_delay([NOW - 3599, NOW - 10], NOW, 2, "urgent") == pytest.approx(1)


def test_retries_back_off_doubling_up_to_the_cap_then_stop():
    cfg = replace(parse_paging({}, "f", set()), max_attempts=6, backoff_seconds=10.0,
                  backoff_max_seconds=60.0)
    assert [paging.backoff(a, cfg) for a in range(1, 7)] == [10, 20, 40, 60, 60, None]


def test_nobody_is_paged_for_a_doctor_or_clinic_event_that_names_none():
    s = load_settings(DEMO_CONFIG, env={})
    assert paging.recipients("stat_assigned", {"specialty": "cardiology"}, s) == []
    assert paging.recipients("call_in", {"doctor": ""}, s) == []
    assert paging.recipients("critical_unacknowledged", {"doctor": "card-chen"}, s) == []


def test_every_recipient_is_paged_on_each_of_their_channels():
    s = load_settings(DEMO_CONFIG, env={})
    sup = replace(s.doctors["card-zhao"], supervisor=True)
    s = replace(s, doctors={**s.doctors, "card-zhao": sup})
    cfg = parse_paging({"channels": [{"id": "g", "kind": "wecom", "url": "http://x"},
                                     {"id": "h", "kind": "wecom", "url": "http://y"}],
                        "people": [{"id": "admin", "channels": ["g", "h"]},
                                   {"id": "card-zhao", "channels": ["h"]},
                                   {"id": "card-chen", "channels": ["g"]}]},
                       "f", {"admin", "card-zhao", "card-chen"})
    fields = {"specialty": "cardiology", "doctor": "card-chen"}
    assert [(p.id, c.id) for p, c in paging.targets("escalation", fields, s, cfg)] == [
        ("card-zhao", "h"), ("admin", "g"), ("admin", "h")]
    assert [(p.id, c.id) for p, c in paging.targets("stat_assigned", fields, s, cfg)] == [
        ("card-chen", "g")]


def test_quiet_hours_that_end_when_they_start_last_the_whole_day():
    always = Person("x", ("g",), quiet_start=time(22, 0), quiet_end=time(22, 0))
    noon = datetime(2026, 12, 1, 12, 0, tzinfo=TZ)
    assert paging.hold_until(always, "urgent", noon) == datetime(2026, 12, 1, 22, 0, tzinfo=TZ)
    assert paging.hold_until(always, "stat", noon) is None


def test_a_held_page_goes_at_the_whole_minute_the_quiet_hours_end():
    at = datetime(2026, 12, 1, 23, 30, 15, 123456, tzinfo=TZ)
    assert paging.hold_until(QUIET, "routine", at) == datetime(2026, 12, 2, 7, 0, tzinfo=TZ)


def test_the_rate_delay_is_never_negative():
    assert paging.rate_delay([NOW - 3600.5, NOW - 10], NOW, 2, "urgent") == 0
