"""The printable report: pdftotext (poppler) finds the Chinese findings, names and doctor."""

from __future__ import annotations

import subprocess

from pydicom.data import get_testdata_file
from reportlab.lib.units import mm

from teleconsult.reporting.pdf import _patient_table, _styles, cjk_font
from tests.test_delivery import FINDINGS, sign_one
from tests.test_pipeline import auth

ECG = get_testdata_file("waveform_ecg.dcm")


async def pdf_text(client, report, tmp_path, who="futian") -> str:
    r = await client.get(f"/api/v1/reports/{report['report_id']}.pdf", headers=auth(who))
    assert r.status == 200 and r.content_type == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(await r.read())
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                            text=True, check=True).stdout
    return out + images


async def test_ct_report_pdf(settings, store_file, aiohttp_client, tmp_path):
    client, report = await sign_one(settings, store_file, aiohttp_client, critical=True)
    text = await pdf_text(client, report, tmp_path)
    for expected in (FINDINGS, "建议随访", "福田镇卫生院", "示范县人民医院", "危急值",
                     report["signed_by_name"], report["report_id"]):
        assert expected in text, expected
    assert "image" in text  # the key image is embedded
    r = await client.get(f"/api/v1/reports/{report['report_id']}.pdf", headers=auth("guandu"))
    assert r.status == 403


async def test_ecg_report_pdf_has_the_tracing(settings, store_file, aiohttp_client, tmp_path):
    client, report = await sign_one(settings, store_file, aiohttp_client, "FUTIAN_ECG", path=ECG)
    text = await pdf_text(client, report, tmp_path, who=report["signed_by"])
    assert FINDINGS in text and "心电图" in text and "image" in text


def test_the_report_number_stays_on_one_line():
    """Issue 25 item 19: a report number in a quarter of the table's width broke across lines
    (CJK wrapping breaks anywhere); its row now spans the table."""
    report = {"report_id": "c2966c9f9fbae278d-v12", "patient": {"name": "张三", "sex": "M"},
              "modality": "ECG"}
    table = _patient_table(report, {"study": {"study_description": "十二导联心电图"}},
                           "福田镇卫生院", _styles(cjk_font()))
    table.wrap(170 * mm, 200 * mm)
    flowables = [f for row in table._cellvalues for c in row
                 for f in (c if isinstance(c, (list, tuple)) else [c])]
    cell = next(f for f in flowables if getattr(f, "text", "") == report["report_id"])
    assert len(cell.blPara.lines) == 1
