"""A STAT preliminary reaches the clinic at once on every path and is unmistakable there:
a real DCMTK storescp (the clinic's own return AE) receives the SR with Preliminary Flag
PRELIMINARY / Verification Flag UNVERIFIED, then the reviewed final FINAL / VERIFIED with the
reviewer as Verifying Observer naming its predecessor; both pass dciodvfy; the PDF carries
the banner until the final replaces it."""

from __future__ import annotations

import subprocess
import time

from pydicom import dcmread

from dicom.sr import sr_uids
from tests.test_delivery import storescp, with_return_ae  # noqa: F401 - fixture
from tests.test_pdf import pdf_text
from tests.test_pipeline import auth, drain
from tests.test_review import resident_case, sign, to_reviewer


def dciodvfy_errors(path) -> str:
    out = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True)
    return "\n".join(line for line in (out.stdout + out.stderr).splitlines()
                     if line.startswith("Error"))


async def received_within(peer, count: int, settings, seconds: float = 20.0):
    """Run the delivery worker until the clinic's storescp holds ``count`` files."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await drain(settings, 0, online=False)
        files = peer.received()
        if len(files) >= count:
            return files
    raise AssertionError(f"storescp got {len(peer.received())} of {count} SRs")


async def test_stat_preliminary_then_final_reach_the_clinics_storescp(
        settings, store_file, aiohttp_client, storescp, tmp_path):  # noqa: F811
    settings = with_return_ae(settings, storescp.port)
    storescp.start()
    client, case_id = await resident_case(settings, store_file, aiohttp_client,
                                          StudyDescription="STAT HEAD CT")
    r = await sign(client, case_id, "rad-zhang", "preliminary")
    assert r.status == 201
    prelim = await r.json()
    files = await received_within(storescp, 1, settings)
    sent = dcmread(files[0])
    assert sent.SOPInstanceUID == sr_uids(prelim)[1]
    assert (sent.PreliminaryFlag, sent.VerificationFlag) == ("PRELIMINARY", "UNVERIFIED")
    assert "VerifyingObserverSequence" not in sent
    assert dciodvfy_errors(files[0]) == ""
    text = await pdf_text(client, prelim, tmp_path)
    assert "急诊初步报告，以正式报告为准" in text
    # the attending approves: the final replaces it at the clinic
    reviewer, _ = await to_reviewer(settings, client, case_id)
    r = await client.post(f"/api/v1/cases/{case_id}/review", headers=auth(reviewer),
                          json={"decision": "approve", "grade": "agree"})
    assert r.status == 201
    final = await r.json()
    files = await received_within(storescp, 2, settings)
    final_sr = next(dcmread(f) for f in files
                    if dcmread(f).SOPInstanceUID == sr_uids(final)[1])
    assert (final_sr.PreliminaryFlag, final_sr.VerificationFlag) == ("FINAL", "VERIFIED")
    observer = final_sr.VerifyingObserverSequence[0]
    assert str(observer.VerifyingObserverName) == f"{settings.doctors[reviewer].name}^"
    assert observer.VerifyingOrganization == settings.county_hospital
    assert observer.VerificationDateTime
    pred = final_sr.PredecessorDocumentsSequence[0].ReferencedSeriesSequence[0]
    assert pred.ReferencedSOPSequence[0].ReferencedSOPInstanceUID == sr_uids(prelim)[1]
    path = next(f for f in files if dcmread(f).SOPInstanceUID == sr_uids(final)[1])
    assert dciodvfy_errors(path) == ""
    text = await pdf_text(client, final, tmp_path)
    assert "急诊初步报告" not in text
    assert "审核医师" in text and settings.doctors[reviewer].name in text
    assert settings.doctors["rad-zhang"].name in text
