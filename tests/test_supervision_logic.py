"""Restart/backoff/budget decisions, the readiness and liveness verdicts, their config keys;
and the worker's take-over of a dead worker's arrivals (real Redis)."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from teleconsult.api.health_checks import Facts, all_ok, liveness, readiness
from teleconsult.run.supervision import PartHistory, part_state, wedged
from teleconsult.settings.health import HealthConfig
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from teleconsult.settings.supervision import SupervisionConfig
from teleconsult.store import keys
from tests.conftest import DEMO_CONFIG, stored_files

CFG = SupervisionConfig(dicom_processes=2, restart_budget=3, restart_window_seconds=60,
                        backoff_initial_seconds=0.5, backoff_max_seconds=4,
                        heartbeat_timeout_seconds=10)


def test_backoff_doubles_per_recent_exit_and_is_capped():
    h = PartHistory()
    assert h.restart_delay(0, CFG) == 0
    delays = []
    for t in range(5):
        h = h.after_exit(t, CFG)
        delays.append(h.restart_delay(t, CFG))
    assert delays == [0.5, 1, 2, 4, 4]


def test_budget_fails_a_part_and_old_exits_age_out():
    h = PartHistory()
    for t in (0, 1, 2):
        h = h.after_exit(t, CFG)
    assert not h.failed(2, CFG) and part_state(True, h, 2, CFG) == "running"
    h = h.after_exit(3, CFG)
    assert h.failed(3, CFG) and part_state(True, h, 3, CFG) == "failed"
    # a part that stayed up for a whole window is healthy again, with a fresh backoff
    assert not h.failed(64, CFG) and part_state(True, h, 64, CFG) == "running"
    assert h.after_exit(64, CFG).restart_delay(64, CFG) == 0.5
    assert part_state(False, PartHistory((1.0,)), 2, CFG) == "restarting"


def test_wedged_after_the_startup_allowance_or_a_silent_heartbeat():
    cfg = SupervisionConfig(heartbeat_timeout_seconds=10, startup_timeout_seconds=60)
    assert not wedged(started_at=100, last_beat=None, now=150, cfg=cfg)
    assert wedged(started_at=100, last_beat=None, now=161, cfg=cfg)
    # a beat file left from the previous life (older than the start) does not count
    assert wedged(started_at=100, last_beat=50, now=161, cfg=cfg)
    assert not wedged(started_at=100, last_beat=108, now=111, cfg=cfg)
    assert wedged(started_at=100, last_beat=108, now=119, cfg=cfg)


def test_readiness_names_every_failing_check():
    cfg = HealthConfig(min_free_disk_mb=100, worker_heartbeat_max_seconds=30,
                       arrival_lag_max_seconds=60)
    good = readiness(Facts(None, 500, 1.0, 2.0), cfg)
    assert all_ok(good) and set(good) == {"redis", "disk", "worker", "arrivals"}
    bad = readiness(Facts(None, 50, 31.0, 61.0), cfg)
    assert "below the floor" in bad["disk"] and "31 s" in bad["worker"]
    assert "61 s" in bad["arrivals"] and not all_ok(bad)
    assert readiness(Facts(None, 500, None, None), cfg)["worker"] == "no worker heartbeat"
    down = readiness(Facts("ConnectionError", 500, None, None), cfg)
    assert down["redis"] == "unreachable: ConnectionError" and not all_ok(down)
    assert down["worker"].startswith("unknown") and down["disk"] == "ok"
    assert readiness(Facts(None, None, 1.0, None), cfg)["disk"] == "data dir not writable"
    parts = {"api": {"up": True}, "dicom-0": {"up": False}, "dicom-1": {"up": False}}
    assert readiness(Facts(None, 500, 1.0, None, parts), cfg)["parts"] == \
        "not up: dicom-0, dicom-1"
    parts["dicom-0"]["up"] = parts["dicom-1"]["up"] = True
    assert all_ok(readiness(Facts(None, 500, 1.0, None, parts), cfg))


def test_liveness_fails_only_for_a_failed_part():
    assert all_ok(liveness(None))
    parts = {"api": {"state": "running"}, "redis": {"state": "restarting", "restarts": 1}}
    assert all_ok(liveness(parts))
    parts["worker"] = {"state": "failed", "restarts": 6}
    checks = liveness(parts)
    assert not all_ok(checks) and checks["worker"] == "failed after 6 restarts"


def _config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_supervision_and_health_keys(tmp_path):
    s = load_settings(DEMO_CONFIG, env={})
    assert 1 <= s.supervision.dicom_processes <= 4 and s.health.min_free_disk_mb == 512
    s = load_settings(_config(tmp_path, "\n[supervision]\ndicom_processes = 3\n"
                                        "restart_budget = 0\n[health]\nmin_free_disk_mb = 0\n"
                                        "arrival_lag_max_seconds = 5.5\n"), env={})
    assert s.supervision.dicom_processes == 3 and s.supervision.restart_budget == 0
    assert s.health.min_free_disk_mb == 0 and s.health.arrival_lag_max_seconds == 5.5
    with pytest.raises(ConfigError) as err:
        load_settings(_config(tmp_path, "\n[supervision]\ndicom_processes = 0\nbogus = 1\n"
                                        "backoff_initial_seconds = 60\n[health]\n"
                                        "worker_heartbeat_max_seconds = 0\n"), env={})
    text = "\n".join(err.value.problems)
    assert "c.toml: supervision.dicom_processes: must be ≥ 1" in text
    assert "supervision.bogus: unknown key" in text
    assert "supervision.backoff_initial_seconds: must not exceed" in text
    assert "health.worker_heartbeat_max_seconds: must be > 0" in text
    assert load_settings(_config(tmp_path, "\n[supervision]\nworker_nice = 0\n"),
                         env={}).supervision.worker_nice == 0
    with pytest.raises(ConfigError) as err:
        load_settings(_config(tmp_path, "\n[supervision]\nworker_nice = 20\n"), env={})
    assert "supervision.worker_nice: must be between 0 and 19, got 20" in str(err.value.problems)


async def test_a_dead_workers_unacknowledged_arrivals_are_taken_over(settings, store_file):
    """A worker that read arrivals and died before acknowledging them: another worker
    claims them (XAUTOCLAIM) and every study still becomes its case."""
    from pydicom.data import get_testdata_file

    from workers import assembler
    from workers.context import WorkerContext
    from workers.runner import Worker

    store_file(get_testdata_file("waveform_ecg.dcm"), ae="FUTIAN_ECG")
    assert stored_files(settings)
    client = aioredis.Redis.from_url(settings.redis_target().url)
    try:
        await assembler.ensure_group(client)
        # the dead worker: read, never acknowledged
        await client.xreadgroup(keys.ASSEMBLER_GROUP, "dead", {keys.ARRIVALS: ">"}, count=10)
        alive = Worker(WorkerContext.create(settings, client, name="alive"))
        await alive.run(burst=True)
        assert await client.hlen(keys.CASES_BY_STUDY) == 0, "nothing to read without a claim"
        assert await assembler.reclaim_orphans(alive.ctx, min_idle_ms=0) == 1
        await alive.run(burst=True)
        assert await client.hlen(keys.CASES_BY_STUDY) == 1
        pending = await client.xpending(keys.ARRIVALS, keys.ASSEMBLER_GROUP)
        assert pending["pending"] == 0
        beats = await client.zrange(keys.WORKER_HEARTBEATS, 0, -1)
        assert beats == [b"alive"]
    finally:
        await client.aclose()


def test_reindex_refuses_while_a_worker_beats(settings, store_file, capsys, monkeypatch):
    """A part elsewhere (another host, same Redis): its heartbeat stops reindex."""
    import time

    from teleconsult.cli import main

    r = redis.Redis.from_url(settings.redis_target().url)
    r.zadd(keys.WORKER_HEARTBEATS, {"elsewhere-1-w0": time.time()})
    monkeypatch.setenv("TELECONSULT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TELECONSULT_REDIS_URL", settings.redis_target().url)
    assert main(["--config", str(DEMO_CONFIG), "reindex"]) == 3
    assert "worker elsewhere-1-w0 is live" in capsys.readouterr().err
    assert r.zcard(keys.WORKER_HEARTBEATS) == 1, "refused before touching Redis"
    r.zadd(keys.WORKER_HEARTBEATS, {"elsewhere-1-w0": time.time() - 3600})
    assert main(["--config", str(DEMO_CONFIG), "reindex"]) == 0
    r.close()
