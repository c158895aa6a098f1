"""A node's id and the parts `serve --parts` runs (pure), and what `serve` refuses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from teleconsult.run import instance_lock
from teleconsult.settings.load import load_settings
from teleconsult.settings.node import PART_NAMES, default_node_id, parse_parts
from teleconsult.settings.reader import ConfigError
from teleconsult.store import keys, nodes
from teleconsult.store.run_files import heartbeat_path, status_path
from tests.conftest import DEMO_CONFIG, ROOT


def test_the_node_id_defaults_to_the_host_name_and_is_checked() -> None:
    assert load_settings(DEMO_CONFIG, env={}).node_id == default_node_id()
    assert load_settings(DEMO_CONFIG, env={"TELECONSULT_NODE_ID": "county-a.1"}
                         ).node_id == "county-a.1"
    for bad in ("../x", "a/b", "-a", "x" * 65, "a b"):
        with pytest.raises(ConfigError, match="TELECONSULT_NODE_ID"):
            load_settings(DEMO_CONFIG, env={"TELECONSULT_NODE_ID": bad})


def test_parts_are_a_comma_list_in_a_fixed_order() -> None:
    assert parse_parts("workers,ingress") == ("ingress", "workers")
    assert parse_parts(" api ") == ("api",)
    assert parse_parts("ingress,api,workers") == PART_NAMES
    for bad in ("", "api,web", "worker", "ingress,,api"):
        with pytest.raises(ValueError, match="unknown part"):
            parse_parts(bad)


def test_each_node_has_its_own_run_files(tmp_path: Path) -> None:
    assert status_path(tmp_path, "a") != status_path(tmp_path, "b")
    assert heartbeat_path(tmp_path, "a", "api").parent == tmp_path / "run" / "nodes" / "a"


def test_a_bad_part_name_is_a_usage_error() -> None:
    out = subprocess.run([sys.executable, "-m", "teleconsult", "serve", "--parts", "api,web"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert "unknown part 'web'" in out.stderr and "usage:" in out.stderr


def test_only_one_serve_runs_the_embedded_redis_of_a_data_dir(tmp_path: Path) -> None:
    first = instance_lock.hold_embedded(tmp_path)
    assert first is not None
    try:
        assert instance_lock.hold_embedded(tmp_path) is None
    finally:
        first.close()
    again = instance_lock.hold_embedded(tmp_path)
    assert again is not None
    again.close()


def test_the_cluster_view_groups_processes_by_node_and_part() -> None:
    now = 1000.0
    beats = {"a/api": 999.0, "a/dicom-0": 999.5, "a/dicom-1": 990.0, "a/31/w0": 998.0,
             "b/hl7": 900.0, "b/77/w0": 994.0, "loose-worker": 999.0}
    info = {"a/api": {"host": "h1", "pid": 30, "parts": ["ingress", "api", "workers"],
                      "started": 500.0},
            "b/hl7": {"host": "h2", "pid": 76, "parts": ["ingress", "workers"],
                      "started": 400.0}}
    a, b = nodes.summarise(beats, info, now)
    assert a["id"] == "a" and a["alive"] and a["host"] == "h1" and a["started"] == 500.0
    assert {p: v["alive"] for p, v in a["parts"].items()} == {
        "api": True, "ingress": True, "workers": True}
    # one of two ingress processes is gone: the part is still held
    assert [(p["name"], p["alive"]) for p in a["parts"]["ingress"]["processes"]] == [
        ("dicom-0", True), ("dicom-1", False)]
    assert a["age"] == 0.5
    # b's newest beat is 6 s old: past DEAD_AFTER_SECONDS (5), so b is dead
    assert not b["alive"] and b["age"] == 6.0 and b["configured"] == ["ingress", "workers"]
    assert nodes.part_of("b/hl7") == "ingress" and nodes.part_of("b/77/w12") == "workers"
    assert nodes.part_of("x/api-4242") == "api"


async def test_processes_beat_into_the_registry_and_leave_it_on_a_clean_stop(
        redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    try:
        await nodes.beat(client, "n1/api", ["api"], 10.0)
        await client.zadd(keys.WORKER_HEARTBEATS, {nodes.worker_name("n1", 0, 55): time.time()})
        await client.hset(keys.NODE_INFO, "n9/gone", b"{}")  # its beat long pruned
        [n1] = await nodes.cluster(client)
        assert n1["alive"] and set(n1["parts"]) == {"api", "workers"}
        assert n1["parts"]["workers"]["processes"][0]["name"] == "55/w0"
        assert not await client.hexists(keys.NODE_INFO, "n9/gone")
        await nodes.farewell(client, "n1/api")
        assert not await client.hexists(keys.NODE_INFO, "n1/api")
        assert set((await nodes.cluster(client))[0]["parts"]) == {"workers"}
    finally:
        await client.aclose()


def test_a_second_serve_on_a_data_dir_whose_embedded_redis_runs_refuses(tmp_path: Path
                                                                        ) -> None:
    """Several nodes on one data dir must share an external Redis: a second embedded one
    on the same AOF and socket would corrupt both."""
    held = instance_lock.hold_embedded(tmp_path)  # as the first serve holds it
    assert held is not None
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
        env.update(TELECONSULT_DATA_DIR=str(tmp_path), TELECONSULT_CONFIG=str(DEMO_CONFIG))
        out = subprocess.run([sys.executable, "-m", "teleconsult", "serve"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=60)
    finally:
        held.close()
    assert out.returncode == 1
    assert "another teleconsult serve runs the embedded Redis" in out.stderr + out.stdout
