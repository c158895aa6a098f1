"""Disk full on a real small file system: C-STORE gets A700 (the association lives on), STOW
and ECG upload get 507 JSON, no temp file is left, and the same send works once space is
back and becomes a case."""

from __future__ import annotations

import errno
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from test_ecg_api import body as ecg_body
from test_pipeline import drain

from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.scp import start_scp
from teleconsult.settings.model import Settings
from teleconsult.store.files import Storage, case_id_for_study
from teleconsult.web.app import create_app
from tests.conftest import arrival_count, stored_files
from tests.faults.ingress_peer import storescu

CT = get_testdata_file("CT_small.dcm")
BIG_CT = get_testdata_file("MR2_UNCR.dcm")  # 2 MiB: cut off mid-data by a nearly full disk
STOW_TYPE = 'multipart/related; type="application/dicom"; boundary=XYZ'


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MiB tmpfs mounted for this test (we run as root in CI)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture()
def full_settings(settings: Settings, small_disk: Path) -> Settings:
    Storage(small_disk)  # its directories exist before the disk fills
    return replace(settings, data_dir=small_disk)


def fill(directory: Path, leave: int = 0) -> Path:
    """Fill the file system of ``directory``, then free ``leave`` bytes again."""
    filler = directory / "filler"
    with filler.open("wb") as f:
        try:
            while True:
                f.write(b"\xff" * 65536)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        size = f.tell()
    with filler.open("r+b") as f:
        f.truncate(max(0, size - leave))
    return filler


def leftovers(data_dir: Path) -> list[Path]:
    """Temp files anywhere in the data dir (pynetdicom's, ingest's, durable writes')."""
    return [p for p in data_dir.rglob("*") if p.is_file() and p.name != "filler"
            and (p.parent.name == "tmp" or p.name.endswith((".tmp", ".part")))]


def new_file(src: str, directory: Path, study_uid: str | None = None) -> str:
    ds = dcmread(src)
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    path = directory / f"{ds.SOPInstanceUID}.dcm"
    ds.save_as(path, enforce_file_format=True)
    return str(path)


@pytest.fixture()
def scp_port(full_settings: Settings, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[int]:
    tmp_path_factory.getbasetemp()  # fix pytest's base temp dir before start_scp moves tempdir
    old_tempdir = tempfile.tempdir
    client = redis.Redis.from_url(full_settings.redis_target().url, socket_timeout=5)
    server = start_scp(full_settings, Ingest(Storage(full_settings.data_dir), client),
                       host="127.0.0.1", port=0)
    yield server.server_address[1]
    server.shutdown()
    client.close()
    tempfile.tempdir = old_tempdir


@pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK not installed")
async def test_cstore_on_a_full_disk_is_a700_then_stored_once_space_is_back(
        full_settings: Settings, scp_port: int, tmp_path: Path) -> None:
    data_dir = full_settings.data_dir
    files = [new_file(CT, tmp_path), new_file(BIG_CT, tmp_path)]
    filler = fill(data_dir)
    result = storescu(scp_port, "--no-halt", *files)  # one association: it must go on
    answers = re.findall(r"Received Store Response \((.*)\)", result.stdout + result.stderr)
    assert answers == ["Refused: OutOfResources"] * 2, result.stdout + result.stderr
    assert stored_files(full_settings) == [] and arrival_count(full_settings) == 0
    assert leftovers(data_dir) == []
    filler.unlink()
    fill(data_dir, leave=300 * 1024)  # room for the small one, not for 2 MiB
    result = storescu(scp_port, files[1])
    answers = re.findall(r"Received Store Response \((.*)\)", result.stdout + result.stderr)
    assert answers == ["Refused: OutOfResources"], result.stdout + result.stderr
    assert stored_files(full_settings) == [] and leftovers(data_dir) == []
    filler.unlink()  # space is back: the same sends succeed, nothing to restart
    result = storescu(scp_port, *files)
    answers = re.findall(r"Received Store Response \((.*)\)", result.stdout + result.stderr)
    assert result.returncode == 0 and answers == ["Success"] * 2, result.stdout + result.stderr
    assert len(stored_files(full_settings)) == 2 and arrival_count(full_settings) == 2
    await drain(full_settings)
    storage = Storage(data_dir)
    for path in files:
        study = str(dcmread(path, stop_before_pixels=True).StudyInstanceUID)
        assert storage.read_case(case_id_for_study(study)) is not None


async def test_stow_and_ecg_on_a_full_disk_are_507_then_stored(
        full_settings: Settings, aiohttp_client, tmp_path: Path) -> None:
    http = await aiohttp_client(create_app(full_settings))
    clinic = {"Authorization": "Bearer demo-futian"}
    ct = Path(new_file(BIG_CT, tmp_path))
    stow = (b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + ct.read_bytes()
            + b"\r\n--XYZ--\r\n")
    filler = fill(full_settings.data_dir)
    for leave in (0, 300 * 1024):  # nothing left; or too little for the whole part
        filler.unlink()
        filler = fill(full_settings.data_dir, leave)
        r = await http.post("/dicomweb/studies", data=stow,
                            headers={**clinic, "Content-Type": STOW_TYPE})
        assert r.status == 507, await r.text()
        assert (await r.json())["error"]["code"] == "insufficient_storage"
        if leave == 0:  # (a 12-lead ECG fits in 300 KiB)
            r = await http.post("/api/v1/ecg", json=ecg_body(), headers=clinic)
            assert r.status == 507, await r.text()
            assert (await r.json())["error"]["code"] == "insufficient_storage"
        assert stored_files(full_settings) == [] and arrival_count(full_settings) == 0
        assert leftovers(full_settings.data_dir) == []
    filler.unlink()
    r = await http.post("/dicomweb/studies", data=stow,
                        headers={**clinic, "Content-Type": STOW_TYPE})
    assert r.status == 200, await r.text()
    r = await http.post("/api/v1/ecg", json=ecg_body(), headers=clinic)
    assert r.status == 201, await r.text()
    ecg_case = (await r.json())["case_id"]
    await drain(full_settings)
    storage = Storage(full_settings.data_dir)
    study = str(dcmread(ct, stop_before_pixels=True).StudyInstanceUID)
    assert storage.read_case(case_id_for_study(study)) is not None
    assert storage.read_case(ecg_case) is not None
