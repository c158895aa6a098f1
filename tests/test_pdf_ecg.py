"""The report PDF's ECG picture is the case page's sheet: heart rate and the device's
measurements included (issue 12 item 11). Pixels pulled out of the PDF with pdfimages."""

from __future__ import annotations

import io
import subprocess

import numpy as np
from PIL import Image
from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.ecg import waveform_leads
from dicom.ecg_svg import draw_dataset, render_png
from tests.test_delivery import sign_one
from tests.test_pipeline import auth

ECG = get_testdata_file("waveform_ecg.dcm")  # Mortara, with device measurements


async def test_pdf_ecg_shows_heart_rate_and_measurements(settings, store_file,
                                                         aiohttp_client, tmp_path):
    client, report = await sign_one(settings, store_file, aiohttp_client, "FUTIAN_ECG",
                                    path=ECG)
    r = await client.get(f"/api/v1/reports/{report['report_id']}.pdf",
                         headers=auth(report["signed_by"]))
    assert r.status == 200
    (tmp_path / "r.pdf").write_bytes(await r.read())
    subprocess.run(["pdfimages", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "img")],
                   check=True)
    (picture,) = sorted(tmp_path.glob("img-*.png"))
    in_pdf = np.asarray(Image.open(picture).convert("RGB"))
    ds = dcmread(ECG)
    sheet = np.asarray(Image.open(io.BytesIO(draw_dataset(ds, fmt="png", px_per_mm=4.0)))
                       .convert("RGB"))
    assert in_pdf.shape == sheet.shape and np.array_equal(in_pdf, sheet)
    fs, leads = waveform_leads(ds)
    bare = np.asarray(Image.open(io.BytesIO(render_png(leads, fs, px_per_mm=4.0)))
                      .convert("RGB"))
    assert not np.array_equal(sheet, bare)  # the HR and measurement lines are drawn
