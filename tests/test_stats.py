"""Statistics: stage times from case histories, the DuckDB store following the changes
journal, rebuilt from the files, and turnaround percentiles checked against a plain
reference computation on a known set of cases."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from teleconsult.cli import main
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from teleconsult.settings.stats import StatsConfig, parse_stats
from teleconsult.stats import db, follow, queries
from teleconsult.stats.stages import stage_times
from teleconsult.store.files import Storage

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 3, 9, 0, tzinfo=TZ).timestamp()


def _case(storage: Storage, i: int, arrived: float, *, modality: str = "CT",
          priority: str = "routine", clinic: str = "futian", doctor: str = "rad-li",
          spans: dict[str, float] | None = None, critical: bool = False,
          positive: bool | None = None) -> str:
    """A case as the service leaves it on disk; ``spans`` are minutes after arrival."""
    case_id = f"c{i:016x}"
    spans = spans or {}
    storage.write_case({"case_id": case_id, "clinic": clinic, "zone": "north",
                        "modality": modality, "specialty": "radiology", "priority": priority,
                        "patient": {"id": "P1", "name": "王小东"}, "received_at": arrived,
                        "created_at": arrived + 5, "due_at": arrived + 3600})
    storage.append_history(case_id, {"at": arrived + 5, "status": "queued", "by": "assembler"})
    if "assigned" in spans:
        storage.append_history(case_id, {"at": arrived + spans["assigned"] * 60,
                                         "status": "assigned", "by": "router", "to": doctor})
    if "opened" in spans:
        storage.append_history(case_id, {"at": arrived + spans["opened"] * 60,
                                         "status": "in_review", "by": doctor})
    if "report" in spans:
        at = arrived + spans["report"] * 60
        storage.append_history(case_id, {"at": at, "status": "reported", "by": doctor,
                                         "version": 1, "critical": critical or None})
        report = {"report_id": f"{case_id}-v1", "case_id": case_id, "version": 1,
                  "signed_by": doctor, "critical": critical}
        if positive is not None:
            report["positive"] = positive
        storage.create_report(report)
    if "delivered" in spans:
        storage.append_history(case_id, {"at": arrived + spans["delivered"] * 60,
                                         "status": "delivered", "by": "delivery"})
    if "acknowledged" in spans:
        storage.append_history(case_id, {"at": arrived + spans["acknowledged"] * 60,
                                         "status": "acknowledged", "by": clinic})
    return case_id


def reference_percentile(values: list[float], q: float) -> float:
    """The textbook linear-interpolation percentile: rank (n-1)·q between sorted values."""
    s = sorted(values)
    rank = (len(s) - 1) * q
    lo, hi = math.floor(rank), math.ceil(rank)
    return s[lo] + (s[hi] - s[lo]) * (rank - lo)


@pytest.fixture()
def stats_settings(data_dir: Path):
    base = load_settings(ROOT / "config" / "teleconsult.toml", env={})
    return replace(base, data_dir=data_dir)


def test_stage_times_from_history() -> None:
    record = {"case_id": "c0000000000000001", "clinic": "futian", "modality": "dx",
              "priority": "stat", "received_at": DAY, "created_at": DAY + 5}
    history = [
        {"at": DAY + 5, "status": "queued", "by": "assembler"},
        {"at": DAY + 60, "status": "assigned", "by": "router", "to": "rad-li"},
        {"at": DAY + 200, "status": "queued", "by": "timer", "reason": "lease_expired"},
        {"at": DAY + 260, "status": "assigned", "by": "router", "to": "rad-wang"},
        {"at": DAY + 300, "status": "in_review", "by": "rad-wang"},
        {"at": DAY + 600, "status": "reported", "by": "rad-wang", "version": 1,
         "stage": "preliminary"},
        {"at": DAY + 900, "status": "reported", "by": "rad-li", "version": 2, "critical": True},
        {"at": DAY + 960, "status": "delivered", "by": "delivery"},
        {"at": DAY + 1200, "status": "acknowledged", "by": "futian"},
    ]
    reports = [{"version": 1, "signed_by": "rad-wang", "written_by": "rad-wang"},
               {"version": 2, "signed_by": "rad-li", "written_by": "rad-wang",
                "reviewed_by": "rad-li", "critical": True, "positive": True}]
    row = stage_times(record, history, reports, TZ)
    assert row["day"] == date(2026, 11, 3)
    assert row["modality"] == "DX"
    assert row["assigned"] == DAY + 60  # the first assignment counts
    assert row["opened"] == DAY + 300
    assert row["first_report"] == DAY + 600 and row["preliminary"] == DAY + 600
    assert row["final"] == DAY + 900
    assert row["critical"] and row["critical_at"] == DAY + 900
    assert row["delivered"] == DAY + 960 and row["acknowledged"] == DAY + 1200
    assert row["doctor"] == "rad-wang" and row["reviewer"] == "rad-li"
    assert row["positive"] is True and row["amended"] is True


def test_stage_times_of_an_unread_case() -> None:
    record = {"case_id": "c0000000000000002", "clinic": "guandu", "modality": "CT",
              "priority": "routine", "received_at": DAY, "created_at": DAY + 5}
    row = stage_times(record, [{"at": DAY + 5, "status": "queued", "by": "assembler"}], [], TZ)
    assert row["assigned"] is None and row["first_report"] is None and row["final"] is None
    assert row["doctor"] is None and not row["critical"] and row["positive"] is None


def test_percentiles_match_a_reference_computation(stats_settings) -> None:
    storage = Storage(stats_settings.data_dir)
    rng = random.Random(7)
    expected: dict[tuple[str, str], list[float]] = {}
    for i in range(157):
        modality = rng.choice(["CT", "DX", "ECG"])
        priority = rng.choice(["stat", "routine"])
        assigned = round(rng.uniform(0.1, 30), 3)
        report = assigned + round(rng.lognormvariate(2.5, 1.0), 3)
        _case(storage, i, DAY + i * 97, modality=modality, priority=priority,
              spans={"assigned": assigned, "opened": assigned + 1, "report": report,
                     "delivered": report + 0.5})
        expected.setdefault((modality, "arrival_to_assigned"), []).append(assigned)
        expected.setdefault((modality, "arrival_to_report"), []).append(report)
        expected.setdefault((modality, "priority:" + priority), []).append(report)
    progress = follow.catch_up(stats_settings, wait=True)
    assert progress.cases == 157
    with db.reading(stats_settings.data_dir) as con:
        rows = queries.turnaround(con, stats_settings.stats, date(2026, 11, 1),
                                  date(2026, 11, 30), ["modality"])
    got = {(r["modality"], r["stage"]): r for r in rows}
    for (modality, stage), values in expected.items():
        if stage.startswith("priority:"):
            continue
        row = got[(modality, stage)]
        assert row["n"] == len(values)
        for q, key in ((0.5, "p50_min"), (0.9, "p90_min"), (0.99, "p99_min")):
            assert row[key] == pytest.approx(reference_percentile(values, q), abs=1e-6), key
    # on time against the 时限 table: arrival to report per priority and modality
    cfg = stats_settings.stats
    for modality in ("CT", "DX", "ECG"):
        row = got[(modality, "arrival_to_report")]
        pairs = []
        for priority in ("stat", "routine"):
            limit = cfg.limit_minutes("arrival_to_report", priority, modality)
            pairs += [(v, limit) for v in expected.get((modality, "priority:" + priority), [])]
        on_time = 100.0 * sum(v <= lim for v, lim in pairs) / len(pairs)
        assert row["on_time_pct"] == pytest.approx(on_time, abs=1e-9)
    # a group with nothing outside the range: no rows at all
    with db.reading(stats_settings.data_dir) as con:
        assert queries.turnaround(con, cfg, date(2026, 12, 1), date(2026, 12, 31), []) == []


def test_store_follows_changes_and_rebuilds_the_same(stats_settings) -> None:
    storage = Storage(stats_settings.data_dir)
    a = _case(storage, 1, DAY, spans={"assigned": 2})
    follow.catch_up(stats_settings, wait=True)
    with db.reading(stats_settings.data_dir) as con:
        assert con.execute("SELECT first_report FROM cases WHERE case_id = ?",
                           [a]).fetchone() == (None,)
    # the case is reported later: the journal names it and the next catch-up sees it
    storage.append_history(a, {"at": DAY + 600, "status": "reported", "by": "rad-li",
                               "version": 1})
    b = _case(storage, 2, DAY + 60, priority="stat", spans={"assigned": 1, "report": 9},
              critical=True, positive=True)
    assert follow.catch_up(stats_settings, wait=True).cases == 2
    with db.reading(stats_settings.data_dir) as con:
        before = con.execute("SELECT * FROM cases ORDER BY case_id").fetchall()
    assert [r[0] for r in before] == [a, b]
    assert before[0][14] == DAY + 600  # first_report
    # the store is never the truth: deleted, it is made again from the files
    db.db_path(stats_settings.data_dir).unlink()
    assert follow.rebuild(stats_settings).cases == 2
    with db.reading(stats_settings.data_dir) as con:
        assert con.execute("SELECT * FROM cases ORDER BY case_id").fetchall() == before
    # nothing new: a catch-up writes nothing
    assert follow.catch_up(stats_settings, wait=True).cases == 0


def test_stat_share_warns_on_inflation(stats_settings) -> None:
    storage = Storage(stats_settings.data_dir)
    n = 0
    for day in range(1, 31):  # November: futian 10 % STAT
        for k in range(10):
            n += 1
            _case(storage, n, DAY + (day - 3) * 86400 + k * 60, clinic="futian",
                  priority="stat" if k == 0 else "routine")
    for day in range(1, 6):  # December 1-5: futian 40 %, guandu 0 %
        for k in range(10):
            n += 1
            when = DAY + (day + 27) * 86400 + k * 60
            _case(storage, n, when, clinic="futian", priority="stat" if k < 4 else "routine")
            n += 1
            _case(storage, n, when, clinic="guandu")
    follow.catch_up(stats_settings, wait=True)
    with db.reading(stats_settings.data_dir) as con:
        rows = queries.stat_share(con, stats_settings.stats, date(2026, 12, 1),
                                  date(2026, 12, 5))
    by = {r["clinic"]: r for r in rows}
    assert by["futian"]["stat_pct"] == pytest.approx(40.0)
    assert by["futian"]["previous_stat_pct"] == pytest.approx(10.0)
    assert by["futian"]["warning"] is True
    assert by["guandu"]["warning"] is False


def test_stats_config_is_checked() -> None:
    cfg = parse_stats({"weights": {"ct": 2.5}, "limits": {
        "arrival_to_report": {"stat": {"default": 20, "dx": 15}}}}, "t.toml")
    assert cfg.weight("CT") == 2.5 and cfg.weight("XA") == 1.0
    assert cfg.limit_minutes("arrival_to_report", "stat", "DX") == 15
    assert cfg.limit_minutes("arrival_to_report", "stat", "CT") == 20
    assert cfg.limit_minutes("arrival_to_report", "routine", "CT") == \
        StatsConfig().limit_minutes("arrival_to_report", "routine", "CT")
    with pytest.raises(ConfigError) as err:
        parse_stats({"limits": {"arrival_to_lunch": {}}, "weights": {"CT": -1},
                     "colour": 1}, "t.toml")
    text = "\n".join(err.value.problems)
    assert "stats.limits.arrival_to_lunch: unknown key" in text
    assert "stats.weights.CT" in text and "stats.colour: unknown key" in text


def test_stats_rebuild_command(stats_settings, monkeypatch) -> None:
    storage = Storage(stats_settings.data_dir)
    for i in range(3):
        _case(storage, i, DAY + i * 60, spans={"assigned": 1, "report": 5})
    monkeypatch.setenv("TELECONSULT_DATA_DIR", str(stats_settings.data_dir))
    assert main(["--config", str(ROOT / "config" / "teleconsult.toml"), "stats",
                 "rebuild"]) == 0
    with db.reading(stats_settings.data_dir) as con:
        assert con.execute("SELECT count(*) FROM cases").fetchone() == (3,)


def test_two_level_reporting_as_the_service_writes_it() -> None:
    """The lines two-level reporting writes: a preliminary, a return with a grade, the
    writer's second preliminary, the reviewer's approval and final."""
    record = {"case_id": "c0000000000000003", "clinic": "futian", "modality": "CT",
              "priority": "urgent", "received_at": DAY, "created_at": DAY + 5}
    history = [
        {"at": DAY + 5, "status": "queued", "by": "assembler"},
        {"at": DAY + 30, "status": "assigned", "by": "router", "to": "rad-zhang"},
        {"at": DAY + 40, "status": "in_review", "by": "rad-zhang"},
        {"at": DAY + 600, "status": "preliminary", "by": "rad-zhang", "version": 1,
         "stage": "preliminary", "report_id": "c0000000000000003-v1"},
        {"at": DAY + 600, "status": "queued", "by": "rad-zhang", "reason": "review",
         "kind": "review"},
        {"at": DAY + 900, "status": "returned", "by": "rad-li", "to": "rad-zhang",
         "decision": "return", "grade": "major", "writer": "rad-zhang"},
        {"at": DAY + 1200, "status": "preliminary", "by": "rad-zhang", "version": 2,
         "stage": "preliminary"},
        {"at": DAY + 1500, "status": "reported", "by": "rad-li", "version": 3,
         "stage": "final", "written_by": "rad-zhang", "reviewed_by": "rad-li"},
        {"at": DAY + 1500, "status": "reviewed", "by": "rad-li", "decision": "approve",
         "grade": "agree", "writer": "rad-zhang"},
        {"at": DAY + 1560, "status": "delivered", "by": "delivery"},
        {"at": DAY + 1600, "status": "consultation_requested", "by": "rad-li"},
        {"at": DAY + 2600, "status": "consultation_answered", "by": "exp-liu"},
    ]
    reports = [{"version": 1, "signed_by": "rad-zhang", "written_by": "rad-zhang",
                "stage": "preliminary"},
               {"version": 2, "signed_by": "rad-zhang", "written_by": "rad-zhang",
                "stage": "preliminary"},
               {"version": 3, "signed_by": "rad-li", "written_by": "rad-zhang",
                "reviewed_by": "rad-li", "stage": "final"}]
    row = stage_times(record, history, reports, TZ)
    assert row["first_report"] == DAY + 600 and row["preliminary"] == DAY + 600
    assert row["final"] == DAY + 1500
    assert row["doctor"] == "rad-zhang" and row["reviewer"] == "rad-li"
    assert row["review_grade"] == "major"  # returned once: the discrepancy counts
    assert row["consult_requested"] == DAY + 1600 and row["consult_answered"] == DAY + 2600


def test_shared_results_are_counted_from_the_access_audit(stats_settings) -> None:
    from teleconsult.stats import sharing_counts
    from teleconsult.store import audit

    root = stats_settings.data_dir
    audit.record(root, {"at": DAY, "action": "access", "who": "guandu"})
    for at, viewer, facilities, cases in ((DAY, "guandu", ["futian", "shima"], ["c1", "c2"]),
                                          (DAY + 3600, "futian", ["guandu"], ["c3"]),
                                          (DAY + 40 * 86400, "futian", ["guandu"], ["c4"])):
        audit.record(root, {"at": at, "who": viewer, "kind": "clinic",
                            "action": "patient_history", "patient": {"clinic": viewer},
                            "facilities": facilities, "cases": cases})
    got = sharing_counts.count(root, date(2026, 11, 1), date(2026, 11, 30), TZ)
    assert got == {"views": 2, "cases_shown": 3,
                   "by_viewer": [{"clinic": "futian", "views": 1},
                                 {"clinic": "guandu", "views": 1}],
                   "by_source": [{"clinic": "futian", "views": 1},
                                 {"clinic": "guandu", "views": 1},
                                 {"clinic": "shima", "views": 1}]}
