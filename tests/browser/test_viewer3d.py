"""The Cornerstone3D viewer on generated phantoms: a known distance and a uniform 100 HU ROI
measured with the mouse, comparison with a prior scrolled in step, key images that reach
the PDF and a KOS, and the calibration notice for Imager Pixel Spacing / no spacing."""

from __future__ import annotations

import pytest
from browser_util import login, shot
from phantoms import INSIDE, SPACING, write_ct
from test_pipeline import drain

from teleconsult.storage import case_id_for_study

expect = pytest.importorskip("playwright.async_api").expect


def store_all(store_file, files) -> None:
    for f in files:
        store_file(f, "FUTIAN_CT")


async def open_case(page, base: str, study: str) -> None:
    await page.goto(f"{base}/cases/{case_id_for_study(study)}")
    await page.wait_for_selector("#viewer.viewer3d")
    await page.wait_for_function("() => window.tcViewer && document.querySelector('#viewer-info')"
                                 ".textContent.includes('/')")


async def drag(page, a, b) -> None:
    await page.mouse.move(*a)
    await page.mouse.down()
    await page.mouse.move((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, steps=4)
    await page.mouse.move(*b, steps=4)
    await page.mouse.up()


async def point(page, col: float, row: float):
    """Page coordinates of an image pixel, once the layout has settled (same answer over
    several animation frames: the case page may still be filling its side panels)."""
    await page.wait_for_function(f"""() => new Promise((done) => {{
        const v = window.tcViewer, seen = [];
        const look = () => {{
            seen.push(JSON.stringify(v.pagePoint({col}, {row})));
            if (seen.length < 10) requestAnimationFrame(look);
            else done(new Set(seen).size === 1);
        }};
        look();
    }})""", polling=100)
    return await page.evaluate(f"() => window.tcViewer.pagePoint({col}, {row})")


async def records(page) -> list[dict]:
    """The viewer's measurements once drawing has settled and they are saved."""
    await page.wait_for_function("() => window.tcViewer.idle()", polling=100)
    await page.wait_for_function("() => { const v = window.tcViewer; return new Promise((done) =>"
                                 " setTimeout(() => done(v.idle()), 300)); }", polling=100)
    return await page.evaluate("() => [...window.tcViewer.records.values()]")


async def test_length_and_roi_on_a_phantom_are_exact_and_saved(web_settings, store_file,
                                                               live_server, new_page, tmp_path):
    study, files = write_ct(tmp_path / "ct", 5)
    store_all(store_file, files)
    await drain(web_settings)
    page = await new_page()
    await login(page, live_server, "rad-li")
    await page.wait_for_url("**/worklist")
    await open_case(page, live_server, study)
    assert await page.get_attribute("#calibration-note", "data-calibration") == "pixel_spacing"
    await page.focus("#viewer-stage")
    await page.keyboard.press("l")  # length tool
    await drag(page, await point(page, 40, 230), await point(page, 220, 230))
    await expect(page.locator("#measurement-list li[data-kind=length]")).to_have_count(1)
    (length,) = [r for r in await records(page) if r["kind"] == "length"]
    truth = (220 - 40) * SPACING
    assert abs(length["length"] - truth) / truth < 0.01, length
    assert length["unit"] == "mm"

    await page.keyboard.press("e")  # elliptical ROI inside the uniform square
    lo, hi = INSIDE
    mid = (lo + hi) / 2  # the ellipse is drawn from its centre to a corner of its box
    await drag(page, await point(page, mid, mid), await point(page, mid + 40, mid + 40))
    await expect(page.locator("#measurement-list li[data-kind=ellipse]")).to_have_count(1)
    (roi,) = [r for r in await records(page) if r["kind"] == "ellipse"]
    assert abs(roi["mean"] - 100) <= 1 and roi["sd"] <= 1 and roi["value_unit"] == "HU", roi
    # an 80 px circle of 0.5 mm pixels: π·20² mm²
    assert roi["area_unit"] == "mm²" and abs(roi["area"] - 3.1416 * 20 ** 2) < 0.05 * 1257, roi
    await page.keyboard.press("r")
    await drag(page, await point(page, lo + 8, lo + 8), await point(page, lo + 40, lo + 60))
    await expect(page.locator("#measurement-list li[data-kind=rectangle]")).to_have_count(1)
    (rect,) = [r for r in await records(page) if r["kind"] == "rectangle"]
    assert abs(rect["mean"] - 100) <= 1 and rect["min"] == rect["max"] == 100, rect
    # ~32 × 52 px of 0.5 mm: the area is in mm² and about 416
    assert abs(rect["area"] - 32 * 52 * SPACING ** 2) / (32 * 52 * SPACING ** 2) < 0.1, rect

    await page.wait_for_function("() => document.querySelector('#viewer').dataset.saved === 'yes'")
    saved = await page.evaluate(f"() => fetch('/api/v1/cases/{case_id_for_study(study)}"
                                "/annotations').then(r => r.json())")
    assert sorted(m["kind"] for m in saved["measurements"]) == ["ellipse", "length", "rectangle"]
    await shot(page, "viewer3d-measure-zh")
    await page.click("#lang-toggle")
    await expect(page.locator("#calibration-note")).to_contain_text("Pixel Spacing")
    await expect(page.locator("#viewer-info")).to_contain_text("Slice")
    await shot(page, "viewer3d-measure-en")
    # a reload draws the saved measurements again
    await page.reload()
    await page.wait_for_function("() => window.tcViewer && window.tcViewer.records.size === 3")
    assert not new_page.errors, new_page.errors
