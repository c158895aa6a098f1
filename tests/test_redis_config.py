"""The [redis] table and TELECONSULT_REDIS_*: exactly one deployment kind, env over file,
clear errors naming the key; and the client factory refusing what it cannot serve."""

from __future__ import annotations

from pathlib import Path

import pytest

from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from teleconsult.store.redis_target import RedisTarget, parse_addresses
from tests.conftest import DEMO_CONFIG


def _config(tmp_path: Path, redis_table: str) -> Path:
    path = tmp_path / "c.toml"
    path.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + "\n[redis]\n" + redis_table,
                    encoding="utf-8")
    return path


def test_nothing_configured_means_the_embedded_one():
    s = load_settings(DEMO_CONFIG, env={})
    assert s.redis is None
    with pytest.raises(RuntimeError, match="only `serve` starts its own"):
        s.redis_target()


def test_sentinels_from_the_environment():
    s = load_settings(DEMO_CONFIG, env={"TELECONSULT_REDIS_SENTINELS": "10.0.0.1:26379, s2:26380",
                                        "TELECONSULT_REDIS_MASTER": "county"})
    assert s.redis == RedisTarget("sentinel", nodes=(("10.0.0.1", 26379), ("s2", 26380)),
                                  master="county", replicas_to_ack=1)
    assert s.redis.env() == {"TELECONSULT_REDIS_SENTINELS": "10.0.0.1:26379,s2:26380",
                             "TELECONSULT_REDIS_MASTER": "county"}


def test_the_file_names_a_sentinel_deployment_and_its_acknowledgement(tmp_path):
    path = _config(tmp_path, 'sentinels = ["a:1", "[::1]:2"]\nmaster = "m"\n'
                             "replicas_to_ack = 2\nack_timeout_ms = 500\n")
    target = load_settings(path, env={}).redis_target()
    assert (target.kind, target.nodes, target.master) == ("sentinel", (("a", 1), ("::1", 2)),
                                                          "m")
    assert (target.replicas_to_ack, target.ack_timeout_ms) == (2, 500)


def test_passwords_come_from_the_environment_and_are_never_shown():
    s = load_settings(DEMO_CONFIG, env={"TELECONSULT_REDIS_SENTINELS": "s:1",
                                        "TELECONSULT_REDIS_MASTER": "m",
                                        "TELECONSULT_REDIS_PASSWORD": "pw1",
                                        "TELECONSULT_REDIS_SENTINEL_PASSWORD": "pw2"})
    target = s.redis_target()
    assert (target.password, target.sentinel_password) == ("pw1", "pw2")
    assert "pw" not in repr(target) + target.describe() + str(target.env())


def test_cluster_seeds_and_a_plain_url():
    s = load_settings(DEMO_CONFIG, env={"TELECONSULT_REDIS_CLUSTER": "c1:7000,c2:7001"})
    assert s.redis == RedisTarget("cluster", nodes=(("c1", 7000), ("c2", 7001)))
    s = load_settings(DEMO_CONFIG, env={"TELECONSULT_REDIS_URL": "redis://:pw@h:1/0"})
    assert s.redis == RedisTarget.from_url("redis://:pw@h:1/0")
    assert s.redis.describe() == "redis://h:1/0", "a password never reaches a log line"


def test_the_environment_wins_over_the_file_as_a_whole(tmp_path):
    path = _config(tmp_path, 'sentinels = "a:1"\nmaster = "m"\n')
    s = load_settings(path, env={"TELECONSULT_REDIS_URL": "unix:///tmp/r.sock"})
    assert s.redis_target().kind == "url"


@pytest.mark.parametrize(("env", "table", "expect"), [
    ({"TELECONSULT_REDIS_URL": "redis://h:1", "TELECONSULT_REDIS_CLUSTER": "c:1"}, "",
     "name one Redis deployment"),
    ({"TELECONSULT_REDIS_SENTINELS": "s:1"}, "", "TELECONSULT_REDIS_MASTER: missing"),
    ({"TELECONSULT_REDIS_MASTER": "m"}, "", "TELECONSULT_REDIS_SENTINELS: missing"),
    ({"TELECONSULT_REDIS_SENTINELS": "s:notaport", "TELECONSULT_REDIS_MASTER": "m"}, "",
     "TELECONSULT_REDIS_SENTINELS: must be host:port"),
    ({"TELECONSULT_REDIS_CLUSTER": "nohost"}, "", "TELECONSULT_REDIS_CLUSTER: must be"),
    ({"TELECONSULT_REDIS_URL": "http://h"}, "", "TELECONSULT_REDIS_URL: must be a redis://"),
    ({}, 'url = "redis://h"\ncluster = ["c:1"]\n', "redis.url / redis.cluster: name one"),
    ({}, 'sentinels = ["s:1"]\n', "redis.master: missing"),
    ({}, 'sentinels = ["s:1"]\nmaster = "  "\n', "redis.master: must be the master name"),
    ({}, 'url = "redis://h"\nreplicas_to_ack = -1\n', "redis.replicas_to_ack: must be 0..16"),
    ({}, 'url = "redis://h"\nack_timeout_ms = 1\n', "redis.ack_timeout_ms: must be 10..60000"),
    ({}, 'url = "redis://h"\nport = 1\n', "redis.port: unknown key"),
])
def test_conflicting_or_half_configurations_are_clear_errors(tmp_path, env, table, expect):
    with pytest.raises(ConfigError) as info:
        load_settings(_config(tmp_path, table), env=env)
    assert expect in str(info.value)


def test_addresses_name_the_bad_one():
    assert parse_addresses("h:1,[fe80::1]:2") == (("h", 1), ("fe80::1", 2))
    for bad in ("", "h", ":1", "h:0", "h:65536", "h:1,"):
        with pytest.raises(ValueError):
            parse_addresses(bad)
