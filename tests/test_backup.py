"""`teleconsult backup` while studies keep arriving, `restore --reindex` onto a fresh data dir."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path

import orjson
import pytest
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid

from teleconsult.admin.backup import MANIFEST, BackupError, backup, restore
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.conftest import DEMO_CONFIG, ROOT
from tests.test_pipeline import auth, store_mixed_studies, worklists

CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_CONFIG=str(DEMO_CONFIG), TELECONSULT_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "teleconsult.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture()
def fresh_dir():
    # short: the embedded Redis's unix socket lives under it
    d = Path(tempfile.mkdtemp(prefix="tc-rs-"))
    shutil.rmtree(d)
    yield d
    shutil.rmtree(d, ignore_errors=True)


async def test_backup_while_storing_restores_and_reindexes(settings, store_file, aiohttp_client,
                                                           fresh_dir, tmp_path):
    await store_mixed_studies(settings, store_file)
    client = await aiohttp_client(create_app(settings))
    case = next(i for items in (await worklists(client, *settings.doctors)).values()
                for i in items if i["modality"] == "ECG")
    r = await client.post(f"/api/v1/cases/{case['case_id']}/report",
                          headers=auth(case["assigned_to"]), json={"impression": "窦性心律"})
    assert r.status == 201
    cases_before = set(Storage(settings.data_dir).iter_case_ids())

    stop, stored = threading.Event(), []

    def keep_storing() -> None:  # a clinic still pushing while the backup runs
        while not stop.is_set() and len(stored) < 200:
            store_file(CT, "MIAOYU_CT", StudyInstanceUID=generate_uid(),
                       SOPInstanceUID=generate_uid())
            stored.append(1)

    pusher = threading.Thread(target=keep_storing)
    pusher.start()
    try:
        archive = tmp_path / "backup.tar.gz"
        done = cli("backup", str(archive), data_dir=settings.data_dir)
    finally:
        stop.set()
        pusher.join()
    assert done.returncode == 0, done.stderr
    assert stored, "nothing was stored while the backup ran"

    done = cli("restore", str(archive), "--reindex", data_dir=fresh_dir)
    assert done.returncode == 0, done.stderr
    assert f"reindexed {len(cases_before)} cases" in done.stdout
    assert ", 1 reports," in done.stdout
    restored = Storage(fresh_dir)
    assert set(restored.iter_case_ids()) == cases_before
    for cid in cases_before:  # every case finds every instance it was made from
        record = restored.read_case(cid)
        assert restored.study_files(record["study_instance_uid"])
    originals = {p.relative_to(settings.data_dir): p
                 for p in (settings.data_dir / "instances").rglob("*.dcm")}
    copies = list((fresh_dir / "instances").rglob("*.dcm"))
    assert len(copies) >= 6
    for copy in copies:
        assert copy.read_bytes() == originals[copy.relative_to(fresh_dir)].read_bytes()
    for log in fresh_dir.rglob("*.jsonl"):  # append-only logs are never torn
        for line in log.read_bytes().splitlines():
            orjson.loads(line)


def test_restore_refuses_a_data_dir_in_use(settings, store_file, tmp_path):
    store_file(CT, "FUTIAN_CT")
    buf = io.BytesIO()
    backup(settings.data_dir, buf)
    buf.seek(0)
    with pytest.raises(BackupError, match="not empty"):
        restore(buf, settings.data_dir)


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.addfile(tarfile.TarInfo("cases/x.json"), io.BytesIO(b""))
    buf.seek(0)
    with pytest.raises(BackupError, match="not a Teleconsult backup"):
        restore(buf, tmp_path / "new")
    with pytest.raises(BackupError, match="unreadable"):
        restore(io.BytesIO(b"\x1f\x8b garbage"), tmp_path / "new2")


def test_restore_refuses_paths_out_of_the_data_dir(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        manifest = orjson.dumps({"format": 1})
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        evil = tarfile.TarInfo("../escaped.txt")
        evil.size = 4
        tar.addfile(evil, io.BytesIO(b"evil"))
    buf.seek(0)
    with pytest.raises(BackupError):
        restore(buf, tmp_path / "target")
    assert not (tmp_path / "escaped.txt").exists()


def test_backup_refuses_what_is_not_a_data_dir(tmp_path):
    with pytest.raises(BackupError, match="not a Teleconsult data dir"):
        backup(tmp_path, io.BytesIO())


def test_backup_leaves_out_the_ca_key_and_run_time_files(settings, store_file):
    """Issue 25 item 20: the CA's private key belongs offline, and heartbeats, locks, the
    supervisor's status and rendered images are the running service's, not data."""
    store_file(CT, "FUTIAN_CT")
    root = settings.data_dir
    r = cli("ca", "init", "--name", "测试 CA", data_dir=root)
    assert r.returncode == 0, r.stderr
    assert (root / "tls" / "ca.key").exists() and (root / "tls" / "ca.crt").exists()
    for name in ("run/api.beat", "run/supervisor.json", "cache/rendered/x.png"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    out = io.BytesIO()
    backup(root, out)
    with tarfile.open(fileobj=io.BytesIO(out.getvalue()), mode="r:gz") as tar:
        names = set(tar.getnames())
    assert "tls/ca.crt" in names and any(n.startswith("instances/") for n in names)
    assert "tls/ca.key" not in names
    assert not [n for n in names if n.startswith(("run/", "cache/"))], names
