"""Shared fixtures: a private real Redis per test session, settings on a temp data dir."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from pydicom.data import data_manager

from teleconsult.run.redis_server import EmbeddedRedis, start_redis
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import Settings
from teleconsult.store.redis_target import RedisTarget
from tests.ports import free_port as free_port  # re-exported: older tests import it here

ROOT = Path(__file__).resolve().parent.parent

# pynetdicom installs its own storescu/echoscu/storescp into the venv's bin; the tests mean
# DCMTK's, so the venv's bin must not come first on PATH for the peers we start.
_VENV_BIN = str(Path(sys.prefix) / "bin")
os.environ["PATH"] = os.pathsep.join(
    p for p in os.environ.get("PATH", "").split(os.pathsep) if p != _VENV_BIN)
DEMO_CONFIG = ROOT / "config" / "teleconsult.toml"


def _refuse_download(filename: str, *args: object, **kwargs: object) -> Path:
    raise RuntimeError(f"the tests use only installed data; {filename} would be downloaded")


# The suite uses only installed data (pydicom's own files and the pydicom-data package).
# pydicom's get_testdata_files() also lists — and downloads from GitHub — every file of its
# urls.json that is not installed, and get_testdata_file() downloads a missing one. Set here,
# at import, because test modules list their samples when they are collected.
data_manager.online_test_file_dummy_paths = dict
data_manager.data_path_with_download = _refuse_download


@pytest.fixture(scope="session")
def redis_server() -> Iterator[EmbeddedRedis]:
    """One real redis-server for the whole run, started by the same launcher as `serve`."""
    # Short path: unix socket paths are limited to ~100 bytes.
    directory = Path(tempfile.mkdtemp(prefix="tc-redis-"))
    server = start_redis(directory, persistent=False)
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture()
def redis_url(redis_server: EmbeddedRedis) -> Iterator[str]:
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    yield redis_server.url


@pytest.fixture()
def data_dir() -> Iterator[Path]:
    d = Path(tempfile.mkdtemp(prefix="tc-data-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture()
def settings(data_dir: Path, redis_url: str) -> Settings:
    base = load_settings(DEMO_CONFIG, env={})
    return replace(base, data_dir=data_dir, redis=RedisTarget.from_url(redis_url))


@pytest.fixture()
def store_file(settings: Settings):
    """Store a DICOM file through the real ingest path, as if it came from ``ae``."""
    from teleconsult.ingress.ingest import Ingest
    from teleconsult.store.files import Storage

    client = redis.Redis.from_url(settings.redis_target().url)
    ingest = Ingest(Storage(settings.data_dir), client)

    def store(path: str | Path, ae: str = "FUTIAN_CT", **changes: object):
        from pydicom import dcmread

        tmp = ingest.storage.new_temp_path()
        if changes:
            ds = dcmread(path)
            for k, v in changes.items():
                setattr(ds, k, v)
            ds.save_as(tmp)
        else:
            shutil.copyfile(path, tmp)
        clinic = settings.clinic_for_ae(ae)
        assert clinic is not None
        return ingest.accept_file(tmp, clinic)

    yield store
    client.close()


def stored_files(settings: Settings) -> list[Path]:
    """Every instance file under the data dir."""
    return sorted((settings.data_dir / "instances").rglob("*.dcm"))


def arrival_count(settings: Settings) -> int:
    """How many arrivals the ingest path has recorded in Redis."""
    from teleconsult.store import keys

    r = redis.Redis.from_url(settings.redis_target().url)
    try:
        return r.xlen(keys.ARRIVALS)
    finally:
        r.close()
