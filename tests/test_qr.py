"""Query/Retrieve SCP with real DCMTK peers: findscu, movescu (to a storescp the test
starts), getscu; per-caller visibility (clinic, doctor's workstation) and the audit log."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from teleconsult.settings.model import DicomNode
from teleconsult.store import audit
from tests.ports import free_port
from tests.test_dicom_ingress import DCMTK_ENV, start  # noqa: F401 - the SCP fixture
from tests.test_pipeline import one_assigned_case

pytestmark = pytest.mark.skipif(shutil.which("findscu") is None, reason="DCMTK not installed")

CT = get_testdata_file("CT_small.dcm")  # futian, PatientID 1CT1, 2004-01-19
MR = get_testdata_file("MR_small.dcm")  # guandu, PatientID 4MR1
CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"
VIEW_PORT, WS_LI, WS_WANG = free_port(), free_port(), free_port()


@pytest.fixture()
def settings(settings):
    """The demo community plus a viewing station for futian and a workstation per
    radiologist (overrides conftest's ``settings`` for every fixture in this module)."""
    futian = replace(settings.clinics["futian"],
                     qr_destinations=(DicomNode("FUTIAN_VIEW", "127.0.0.1", VIEW_PORT),))
    doctors = dict(settings.doctors)
    doctors["rad-li"] = replace(doctors["rad-li"], workstations=(
        DicomNode("RADLI_WS", "127.0.0.1", WS_LI),))
    doctors["rad-wang"] = replace(doctors["rad-wang"], workstations=(
        DicomNode("RADWANG_WS", "127.0.0.1", WS_WANG),))
    return replace(settings, clinics={**settings.clinics, "futian": futian}, doctors=doctors)


@pytest.fixture()
def storescp(tmp_path):
    """A real DCMTK storescp as C-MOVE destination; yields (port → received dir)."""
    procs = []

    def _start(ae: str, port: int, syntaxes: str = "+xa") -> Path:
        """``syntaxes``: storescp's accept option (+xa all, +x= uncompressed only)."""
        out = tmp_path / ae
        out.mkdir()
        procs.append(subprocess.Popen(["storescp", syntaxes, "-aet", ae, "-od", str(out),
                                       str(port)], env=DCMTK_ENV, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return out
            time.sleep(0.05)
        raise AssertionError("storescp did not start")

    yield _start
    for p in procs:
        p.terminate()
        p.wait(timeout=10)


def _run(tool: str, port: int, aet: str, *keys: str, extra: tuple = ()) -> str:
    args = [tool, "-d", "-S", "-aet", aet, "-aec", "TELECONSULT", *extra]
    for k in keys:
        args += ["-k", k]
    done = subprocess.run([*args, "127.0.0.1", str(port)], env=DCMTK_ENV, capture_output=True,
                          text=True, timeout=60)
    return done.stdout + done.stderr


def find(port: int, aet: str, tmp: Path, *keys: str) -> list:
    """findscu; the responses as datasets (extracted with -X)."""
    out = tmp / f"find-{time.monotonic_ns()}"
    out.mkdir()
    log = _run("findscu", port, aet, *keys, extra=("-X", "-od", str(out)))
    assert "Association Rejected" not in log, log
    return [dcmread(p) for p in sorted(out.glob("rsp*.dcm"))]


@pytest.fixture()
def stored(settings, store_file, tmp_path):
    store_file(CT, "FUTIAN_CT")
    store_file(MR, "GUANDU_DR")
    names = tmp_path / "pn.dcm"
    ds = dcmread(CT)
    ds.StudyInstanceUID += ".7"
    ds.SeriesInstanceUID += ".7"
    ds.SOPInstanceUID += ".7"
    ds.PatientID, ds.StudyDate = "PN1", "20261128"
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.PatientName = "Wang^XiaoDong=王^小东"
    ds.save_as(names)
    store_file(names, "FUTIAN_CT")
    return settings


def test_find_study_series_image_with_qido_matching(stored, start, tmp_path):  # noqa: F811
    scp = start()
    study = "QueryRetrieveLevel=STUDY"
    got = find(scp.port, "FUTIAN_CT", tmp_path, study, "PatientID", "StudyInstanceUID",
               "PatientName", "ModalitiesInStudy", "NumberOfStudyRelatedInstances")
    assert sorted(d.PatientID for d in got) == ["1CT1", "PN1"]  # not guandu's 4MR1
    assert all(d.RetrieveAETitle == "TELECONSULT" for d in got)
    ct = next(d for d in got if d.PatientID == "1CT1")
    assert ct.ModalitiesInStudy == "CT" and ct.NumberOfStudyRelatedInstances == 1
    for name in ("王^小东", "Wang^XiaoDong", "wang^xiaodong", "王小东", "王*", "Wang*",
                 "Wang^XiaoDong=王^小东"):
        got = find(scp.port, "FUTIAN_CT", tmp_path, study, f"PatientName={name}", "PatientID")
        assert [d.PatientID for d in got] == ["PN1"], name
    got = find(scp.port, "FUTIAN_CT", tmp_path, study, "StudyDate=20040101-20040131",
               "PatientID")
    assert [d.PatientID for d in got] == ["1CT1"]
    got = find(scp.port, "FUTIAN_CT", tmp_path, study, "StudyDate=20050101-", "PatientID")
    assert [d.PatientID for d in got] == ["PN1"]
    got = find(scp.port, "FUTIAN_CT", tmp_path, "QueryRetrieveLevel=SERIES",
               f"StudyInstanceUID={CT_STUDY}", "SeriesInstanceUID", "Modality")
    assert [d.Modality for d in got] == ["CT"]
    series = got[0].SeriesInstanceUID
    got = find(scp.port, "FUTIAN_CT", tmp_path, "QueryRetrieveLevel=IMAGE",
               f"StudyInstanceUID={CT_STUDY}", f"SeriesInstanceUID={series}", "SOPInstanceUID",
               "SOPClassUID")
    assert [d.SOPInstanceUID for d in got] == [dcmread(CT).SOPInstanceUID]
    assert find(scp.port, "GUANDU_DR", tmp_path, study, "PatientID=1CT1") == []
    entries = [e for e in audit.query(stored.data_dir) if e.get("via") == "dicom"]
    assert {e["action"] for e in entries} == {"qr_find"}
    assert {e["who"] for e in entries} == {"futian"}  # guandu's empty search saw nothing


def test_find_refuses_a_bad_level_and_a_bad_date(stored, start, tmp_path):  # noqa: F811
    scp = start()
    log = _run("findscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=PATIENT", "PatientID")
    assert "status                  : 0xa900" in log.lower(), log
    log = _run("findscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               "StudyDate=2004-xx")
    assert "status                  : 0xc000" in log.lower(), log


def test_move_to_own_station_and_refusal(stored, start, storescp, tmp_path):  # noqa: F811
    scp = start()
    received = storescp("FUTIAN_VIEW", VIEW_PORT)
    log = _run("movescu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={CT_STUDY}", extra=("-aem", "FUTIAN_VIEW"))
    files = list(received.iterdir())
    assert len(files) == 1, log
    assert dcmread(files[0]).PixelData == dcmread(CT).PixelData
    mr_study = dcmread(MR).StudyInstanceUID
    log = _run("movescu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={mr_study}", extra=("-aem", "FUTIAN_VIEW"))
    assert "status                  : 0xc124" in log.lower(), log
    assert len(list(received.iterdir())) == 1  # guandu's MR never left
    log = _run("movescu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={CT_STUDY}", extra=("-aem", "SOMEWHERE"))
    assert "status                  : 0xa801" in log.lower(), log
    actions = [e["action"] for e in audit.query(stored.data_dir) if e.get("via") == "dicom"]
    assert actions == ["qr_move"]


def test_get_and_refusal(stored, start, tmp_path):  # noqa: F811
    scp = start()
    out = tmp_path / "got"
    out.mkdir()
    log = _run("getscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={CT_STUDY}", extra=("-od", str(out)))
    files = list(out.iterdir())
    assert len(files) == 1, log
    assert dcmread(files[0]).SOPInstanceUID == dcmread(CT).SOPInstanceUID
    mr_study = dcmread(MR).StudyInstanceUID
    log = _run("getscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={mr_study}", extra=("-od", str(out)))
    assert "status                  : 0xc124" in log.lower(), log
    assert len(list(out.iterdir())) == 1


async def test_doctor_workstation_sees_routed_cases_only(settings, store_file, start,  # noqa: F811
                                                         tmp_path, storescp):
    client, _, _, _, owner, _ = await one_assigned_case(settings, store_file, "FUTIAN_CT")
    await client.aclose()
    store_file(MR, "GUANDU_DR")  # not routed to anyone yet
    prior = tmp_path / "prior.dcm"  # the same patient's earlier study at the same clinic
    ds = dcmread(CT)
    ds.StudyInstanceUID, ds.SOPInstanceUID = CT_STUDY + ".1", ds.SOPInstanceUID + ".1"
    ds.StudyDate = "20030101"
    ds.save_as(prior)
    store_file(prior, "FUTIAN_CT")
    scp = start()
    mine, other = ("RADLI_WS", "RADWANG_WS") if owner == "rad-li" else ("RADWANG_WS",
                                                                         "RADLI_WS")
    got = find(scp.port, mine, tmp_path, "QueryRetrieveLevel=STUDY", "StudyInstanceUID")
    assert sorted(d.StudyInstanceUID for d in got) == [CT_STUDY, CT_STUDY + ".1"]
    assert find(scp.port, other, tmp_path, "QueryRetrieveLevel=STUDY", "PatientID") == []
    received = storescp(mine, WS_LI if mine == "RADLI_WS" else WS_WANG)
    elsewhere = storescp(other, WS_WANG if mine == "RADLI_WS" else WS_LI)
    _run("movescu", scp.port, mine, "QueryRetrieveLevel=STUDY", f"StudyInstanceUID={CT_STUDY}",
         extra=("-aem", mine))
    assert len(list(received.iterdir())) == 1
    log = _run("movescu", scp.port, other, "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={CT_STUDY}", extra=("-aem", other))
    assert "status                  : 0xc124" in log.lower(), log
    assert list(elsewhere.iterdir()) == []
    # a workstation may not push studies in
    done = subprocess.run(["storescu", "-aet", mine, "-aec", "TELECONSULT", "127.0.0.1",
                           str(scp.port), CT], env=DCMTK_ENV, capture_output=True, text=True,
                          timeout=60)
    assert "0124" in (done.stdout + done.stderr).lower() or done.returncode != 0
    assert os.path.exists(settings.data_dir / "audit" / "access.jsonl")


def test_get_decompresses_for_a_caller_that_takes_only_native(settings, store_file, start,  # noqa: F811
                                                              tmp_path):
    j2k = get_testdata_file("MR_small_jp2klossless.dcm")
    store_file(j2k, "FUTIAN_CT")
    scp = start()
    out = tmp_path / "got"
    out.mkdir()
    study = dcmread(j2k).StudyInstanceUID
    log = _run("getscu", scp.port, "FUTIAN_CT", "QueryRetrieveLevel=STUDY",
               f"StudyInstanceUID={study}", extra=("-od", str(out)))  # proposes native only
    got = list(out.iterdir())
    assert len(got) == 1, log
    ds = dcmread(got[0])
    assert ds.file_meta.TransferSyntaxUID in ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1")
    assert (ds.pixel_array == dcmread(j2k).pixel_array).all()
