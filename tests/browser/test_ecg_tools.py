"""The cardiologist's ECG tools in Chromium: a machine-flagged STEMI on the worklist row,
the automatic measurements beside the sheet, the report prefill marked machine-measured,
calipers dragged over known intervals, and the signed report in the reading history."""

from __future__ import annotations

from dataclasses import replace

import pytest
from browser_util import login, shot
from test_doctor_clinic_flow import push_ecg

from dicom.ecg_synth import Beat, direction, synth

pytest.importorskip("playwright.async_api")

TRACE = synth(replace(Beat(), st_vector=tuple(300 * direction(100, 0.1))), hr_bpm=75,
              fs=500, noise_uv=8, seed=3)
BODY = {"patient": {"id": "P-STEMI-1", "name": "赵建国", "sex": "M", "birth_date": "1962-02-02"},
        "sampling_rate_hz": 500, "priority": "routine",
        "leads": {k: [round(float(v)) for v in a] for k, a in TRACE.leads.items()}}

# screen point of a sheet point in millimetres (the SVG's user units)
TO_SCREEN = """([x, y]) => { const svg = document.getElementById('ecg-svg');
  const p = svg.createSVGPoint(); p.x = x; p.y = y;
  const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y]; }"""
# the first two R waves (all as tall, ±1 mm) of lead II in the 3×4 part (on screen), in mm
R_PEAKS = """() => { const line = document.querySelector('#ecg-svg polyline.lead[data-lead="II"]');
  line.scrollIntoView({block: 'center'});
  const pts = line.getAttribute('points').trim().split(/\\s+/).map(p => p.split(',').map(Number));
  const peaks = pts.filter((p, i) => i > 0 && i < pts.length - 1 && p[1] < pts[i-1][1]
    && p[1] <= pts[i+1][1]).sort((a, b) => a[1] - b[1]);
  const tall = peaks.filter(p => p[1] < peaks[0][1] + 1).sort((a, b) => a[0] - b[0]);
  return tall.slice(0, 2); }"""


async def _drag(page, a_mm, b_mm) -> tuple[float, float]:
    a = await page.evaluate(TO_SCREEN, a_mm)
    b = await page.evaluate(TO_SCREEN, b_mm)
    await page.mouse.move(*a)
    await page.mouse.down()
    await page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    await page.mouse.move(*b)
    await page.mouse.up()
    readout = page.locator("#caliper-readout")
    return (float(await readout.get_attribute("data-ms")),
            float(await readout.get_attribute("data-mv")))


async def test_stemi_flag_measurements_prefill_calipers_and_history(live_server, new_page):
    made = await push_ecg(live_server, BODY, clinic="guandu")
    doctor = await new_page()
    await login(doctor, live_server, "card-chen")
    await doctor.wait_for_url(f"{live_server}/worklist")
    row = doctor.locator(f'tr[data-case-id="{made["case_id"]}"]')
    await row.wait_for(timeout=15_000)
    assert await row.get_attribute("data-priority") == "stat"  # routine asked, STEMI flagged
    assert await row.locator(".machine-flag").inner_text() == "疑似 STEMI（机器判读，需医生确认）"

    await row.click()
    await doctor.wait_for_selector("#ecg-panel #stemi-flag")
    assert "STEMI" in await doctor.inner_text("#case-header .machine-flag")
    flag = await doctor.inner_text("#ecg-panel #stemi-flag")
    assert "第四版心肌梗死通用定义" in flag  # the criterion that fired, in Chinese
    assert "心律：窦性心律" in await doctor.inner_text("#ecg-quality")
    pr = await doctor.inner_text('#ecg-measure-table tr.ours td[data-field="pr_ms"]')
    assert abs(int(pr.split()[0]) - 160) <= 10
    await doctor.click("#use-template")
    # a function, not an expression: Playwright polls an expression with eval, which the
    # pages' CSP forbids (it failed whenever the first look came too early)
    await doctor.wait_for_function(
        "() => document.getElementById('findings').value.includes('（机器测量）')")
    findings = await doctor.input_value("#findings")
    assert "ST 段抬高，疑似 STEMI" in findings and "PR 间期：" in findings
    await doctor.click("#confirm-machine")
    assert "机器测量" not in await doctor.input_value("#findings")

    await doctor.click("#caliper-toggle")
    pulse = await doctor.eval_on_selector(
        "#ecg-svg polyline.calibration",
        "n => n.getAttribute('points').split(' ').map(p => p.split(',').map(Number))")
    ms, mv = await _drag(doctor, pulse[1], pulse[3])  # rising edge foot → falling edge top
    assert abs(ms - 200) <= 4 and abs(mv - 1.0) <= 0.02  # 5 mm at 25 mm/s, 10 mm at 10 mm/mV
    first, second = await doctor.evaluate(R_PEAKS)
    ms, _ = await _drag(doctor, first, second)
    assert abs(ms - 800) <= 10  # R–R at 75/min
    assert "/min" in await doctor.inner_text("#caliper-readout")
    await shot(doctor, "case-ecg-tools")

    await doctor.fill("#impression", "急性下壁 STEMI")
    doctor.once("dialog", lambda d: d.accept())
    await doctor.click("#sign")
    await doctor.wait_for_selector("#signed-note")
    await doctor.goto(f"{live_server}/history")
    await doctor.fill("#h-patient", "赵建国")
    await doctor.click("#history-submit")
    hit = doctor.locator(f'tr.history-row[data-case-id="{made["case_id"]}"]')
    await hit.wait_for()
    assert "急性下壁 STEMI" in await hit.inner_text()
    await doctor.fill("#h-patient", "nobody")
    await doctor.click("#history-submit")
    await doctor.wait_for_function(
        "() => document.querySelectorAll('tr.history-row').length === 0")
    assert not new_page.errors, new_page.errors
