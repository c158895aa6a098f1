"""Pure routing decisions for STAT and urgent cases: who is free for a STAT, whom to call
in, when to call the next, when the case moves to the doctor called, where an urgent goes;
and the configuration key."""

from __future__ import annotations

from dataclasses import replace

import pytest

from teleconsult.routing import callin, paging, placement
from teleconsult.routing.callin import Doc
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from tests.conftest import DEMO_CONFIG

NOW = 1_800_000_000.0


def doc(did: str, **kw) -> Doc:
    base = dict(id=did, online=False, on_shift=True, covers=True, load=0, pageable=True)
    base.update(kw)
    return Doc(**base)


def test_a_stat_is_free_for_whoever_holds_no_other_stat():
    pool = ["r1", "r2", "r3"]
    assert callin.free_for_stat(pool, {"r1": 1}) == ["r2", "r3"]
    assert callin.free_for_stat(pool, {"r1": 1, "r2": 2, "r3": 1}) == []
    # the doctor whose lease on this case just ran out is not free for it
    assert callin.free_for_stat(pool, {"r2": 1}, not_to="r1") == ["r3"]
    assert callin.free_for_stat(["r1"], {}, not_to="r1") == []


def test_a_stat_calls_someone_in_once_its_first_lease_ran_out_with_nobody_free():
    assert not callin.stuck([], ["r1"], offered_before=False)  # r1 may finish first
    assert callin.stuck([], ["r1"], offered_before=True)  # the lease ran out unopened
    assert not callin.stuck(["r2"], ["r1", "r2"], offered_before=True)  # r2 is free
    assert not callin.stuck([], [], offered_before=True)  # nobody at all: no_one_eligible


def test_whom_away_on_shift_first_then_covering_then_least_loaded():
    docs = [doc("off", on_shift=False), doc("far", covers=False), doc("busy", load=5),
            doc("near", load=1), doc("here", online=True)]
    assert callin.whom(docs, called=()) == "near"
    assert callin.whom(docs, called=("near",)) == "busy"
    assert callin.whom(docs, called=("near", "busy")) == "far"
    assert callin.whom(docs, called=("near", "busy", "far")) == "off"  # off shift: last
    assert callin.whom(docs, called=("near", "busy", "far", "off")) is None  # online: no


def test_whom_leaves_out_the_unreachable_and_those_coming_for_another_case():
    docs = [doc("a", pageable=False), doc("b"), doc("c", load=3)]
    assert callin.whom(docs, called=()) == "b"
    assert callin.whom(docs, called=(), coming=("b",)) == "c"  # b is coming for another
    assert callin.whom(docs, called=(), coming=("b", "c")) is None


def test_call_next_after_the_wait():
    assert callin.call_next(None, NOW, 300)
    assert not callin.call_next(NOW - 299, NOW, 300)
    assert callin.call_next(NOW - 300, NOW, 300)


@pytest.mark.parametrize(("args", "moves"), [
    (("assigned", "r1", "r2", True, True), True),  # waiting with the busy doctor: moves
    (("queued", "", "r2", True, True), True),
    (("assigned", "r1", "r2", False, True), False),  # not here yet
    (("assigned", "r1", "r2", True, False), False),  # here, but took another STAT
    (("in_review", "r1", "r2", True, True), False),  # opened meanwhile: the reader keeps it
    (("assigned", "r2", "r2", True, True), False),  # theirs already
    (("reported", "r1", "r2", True, True), False),
])
def test_the_called_doctor_takes_it_only_unopened(args, moves):
    assert callin.takes_it(*args) is moves


def test_call_in_is_a_page_for_the_doctor_called():
    s = load_settings(DEMO_CONFIG, env={})
    sup = replace(s.doctors["card-zhao"], supervisor=True)
    s = replace(s, doctors={**s.doctors, "card-zhao": sup})
    fields = {"specialty": "cardiology", "doctor": "card-chen", "clinic": "futian"}
    assert paging.recipients("call_in", fields, s) == ["card-chen"]
    text = paging.message("call_in", {"reason": "busy"}, {
        "case_id": "c1", "priority": "stat", "modality": "ECG", "received_at": NOW - 120},
        "福田镇卫生院", NOW, "https://x", False)
    assert "STAT" in text and "请您上线阅片" in text and text.endswith("https://x/cases/c1")


def test_call_in_wait_is_configurable_and_checked(tmp_path):
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    assert load_settings(DEMO_CONFIG, env={}).routing.call_in_wait_seconds == 300
    cfg = tmp_path / "t.toml"
    assert "call_in_wait_minutes = 5" in text
    cfg.write_text(text.replace("call_in_wait_minutes = 5", "call_in_wait_minutes = 3"),
                   encoding="utf-8")
    assert load_settings(cfg, env={}).routing.call_in_wait_seconds == 180
    cfg.write_text(text.replace("call_in_wait_minutes = 5", "call_in_wait_minutes = 0"),
                   encoding="utf-8")
    with pytest.raises(ConfigError, match="call_in_wait_minutes"):
        load_settings(cfg, env={})


def reader(rid: str, **kw) -> placement.Reader:
    base = dict(id=rid, covers=True, ahead=0, load=0, capacity=8)
    base.update(kw)
    return placement.Reader(**base)


def test_an_urgent_goes_to_whoever_reads_it_first():
    # its own zone on a tie, then the fewest open cases
    assert placement.for_urgent([reader("far", covers=False), reader("near", load=5)]) == "near"
    assert placement.for_urgent([reader("a", load=3), reader("b", load=1)]) == "b"
    # the zone's doctor has two urgent cases to read first; the other zone's none
    assert placement.for_urgent([reader("near", ahead=2, load=2),
                                 reader("far", covers=False, load=8)]) == "far"
    # a worklist full of routine cases still has room for an urgent; STAT and urgent count
    assert placement.for_urgent([reader("full", load=8)]) == "full"
    assert placement.for_urgent([reader("full", ahead=8, load=8)]) is None
    assert placement.for_urgent([]) is None
