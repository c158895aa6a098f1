"""The referring physician goes back into the SR and KOS in the current PN form (issue 25,
item 9): components and groups as the modality sent them (``Wang^XiaoDong=王^小东``), a
one-word name as a family name (``Smith^``), never the retired free-text form
(``Wang XiaoDong``) that dciodvfy warns about."""

from __future__ import annotations

import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from pydicom import dcmread
from pydicom.dataset import Dataset

from dicom.kos import build_kos
from dicom.sr import _patient_study
from tests.test_delivery import sign_one
from tests.test_sr import fetch_sr

pytestmark = pytest.mark.skipif(shutil.which("dciodvfy") is None, reason="needs dicom3tools")


@pytest.mark.parametrize(("sent", "expected"), [
    ("Wang^XiaoDong=王^小东", "Wang^XiaoDong=王^小东"),
    ("Smith", "Smith^"),
])
async def test_referring_physician_in_the_sr_keeps_its_pn_form(settings, store_file,
                                                               aiohttp_client, tmp_path,
                                                               sent, expected):
    client, report = await sign_one(settings, store_file, aiohttp_client,
                                    SpecificCharacterSet="ISO_IR 192",
                                    ReferringPhysicianName=sent)
    path = await fetch_sr(client, report, tmp_path)
    assert str(dcmread(path).ReferringPhysicianName) == expected
    check = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    lines = [ln for ln in (check.stdout + check.stderr).splitlines()
             if "ReferringPhysicianName" in ln]
    assert lines == [], lines


def test_kos_and_an_older_record_without_the_pn():
    case = {"study_instance_uid": "1.2.3", "patient": {"name": "王小东", "id": "P1"},
            "study": {"referring_physician": "Wang XiaoDong"}}
    report = {"report_id": "r1", "case_id": "c1", "version": 1, "signed_by": "rad-li",
              "signed_at": "2026-12-07T10:00:00Z",
              "key_images": [{"series": "1.2.3.4", "sop": "1.2.3.4.5",
                              "sop_class": "1.2.840.10008.5.1.4.1.1.2"}]}
    ds = build_kos(report, case, organisation="县医院", tz=ZoneInfo("Asia/Shanghai"))
    assert ds.ReferringPhysicianName == "Wang XiaoDong^"  # a family name, not free text
    case["study"]["referring_physician_pn"] = "Wang^XiaoDong"
    out = Dataset()
    _patient_study(out, case)
    assert out.ReferringPhysicianName == "Wang^XiaoDong"
