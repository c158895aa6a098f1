"""The Cornerstone3D viewer on generated phantoms: a known distance and a uniform 100 HU ROI
measured with the mouse, comparison with a prior scrolled in step, key images that reach
the PDF and a KOS, and the calibration notice for Imager Pixel Spacing / no spacing."""

from __future__ import annotations

import asyncio
import subprocess
import time

import pytest
from browser_util import login, shot
from phantoms import INSIDE, SPACING, write_ct, write_dx
from pydicom import dcmread
from test_pipeline import drain

from teleconsult.reporting import key_images
from teleconsult.store.files import Storage, case_id_for_study

expect = pytest.importorskip("playwright.async_api").expect


def store_all(store_file, files) -> None:
    for f in files:
        store_file(f, "FUTIAN_CT")


async def stored_and_opened(settings, store_file, base: str, new_page, study: str, files):
    """The files stored and routed (to rad-li), the case open in rad-li's viewer: the page."""
    store_all(store_file, files)
    await drain(settings)
    page = await new_page()
    await login(page, base, "rad-li")
    await page.wait_for_url("**/worklist")
    await open_case(page, base, study)
    return page


async def open_case(page, base: str, study: str) -> None:
    await page.goto(f"{base}/cases/{case_id_for_study(study)}")
    await page.wait_for_selector("#viewer.viewer3d")
    await page.wait_for_selector("#viewer[data-ready=yes]")  # the whole stack is there


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
    page = await stored_and_opened(web_settings, store_file, live_server, new_page, study, files)
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
    # cine: Space plays the stack (it moves on by itself) and stops it again
    await page.focus("#viewer-stage")
    start = await page.get_attribute("#viewer-info", "data-index")
    await page.keyboard.press(" ")
    await expect(page.locator("#viewer-info")).not_to_have_attribute("data-index", start)
    await page.keyboard.press(" ")
    assert await page.evaluate("() => window.tcViewer.cine === null")
    # a reload draws the saved measurements again
    await page.reload()
    await page.wait_for_function("() => window.tcViewer && window.tcViewer.records.size === 3")
    assert not new_page.errors, new_page.errors


async def positions(page) -> tuple[float, float]:
    """(z of the main image, z of the prior image) as the viewer shows them."""
    return tuple(await page.evaluate(
        "() => { const v = window.tcViewer;"
        " const m = v.viewportOf('main').getCurrentImageIdIndex();"
        " const p = v.viewportOf('prior').getCurrentImageIdIndex();"
        " return [v.main.positions[m], v.prior.positions[p]]; }"))


async def in_step(page) -> tuple[float, float]:
    await page.wait_for_function(
        "() => { const v = window.tcViewer; if (!v.prior) return false;"
        " const m = v.viewportOf('main').getCurrentImageIdIndex();"
        " const p = v.viewportOf('prior').getCurrentImageIdIndex();"
        " return document.querySelector('#prior-info').dataset.index === String(p)"
        " && v.main.positions[m] === v.prior.positions[p]; }", polling=100)
    return await positions(page)


async def test_prior_beside_the_study_scrolls_in_step_by_slice_position(
        web_settings, store_file, live_server, new_page, tmp_path):
    study, files = write_ct(tmp_path / "now", 10, z0=0.0)
    prior, old = write_ct(tmp_path / "then", 16, z0=-20.0, date="20261001")
    store_all(store_file, files + old)
    await drain(web_settings)
    page = await new_page()
    await login(page, live_server, "rad-li")
    await page.wait_for_url("**/worklist")
    await open_case(page, live_server, study)
    await page.select_option("#compare-select", prior)
    assert await in_step(page) == (25.0, 25.0)  # the middle of 0…45 mm, head first
    await page.focus("#viewer-stage")
    for _ in range(3):
        await page.keyboard.press("ArrowDown")
    await expect(page.locator("#viewer-info")).to_contain_text("8/10")
    assert await in_step(page) == (10.0, 10.0)
    await page.locator("#vp-main").hover()
    await page.mouse.wheel(0, -120)
    await expect(page.locator("#viewer-info")).to_contain_text("7/10")
    assert await in_step(page) == (15.0, 15.0)
    await page.click('button[data-preset="bone"]')
    await expect(page.locator("#prior-info")).to_contain_text("W 1800")
    await shot(page, "viewer3d-prior-zh")
    await page.click("#lang-toggle")
    await expect(page.locator("#prior-info")).to_contain_text("Prior")
    await shot(page, "viewer3d-prior-en")
    # without sync the prior stays where it is
    await page.uncheck("#sync")
    await page.focus("#viewer-stage")
    await page.keyboard.press("ArrowUp")
    await expect(page.locator("#viewer-info")).to_contain_text("6/10")
    main_z, prior_z = await positions(page)
    assert (main_z, prior_z) == (20.0, 15.0)
    assert not new_page.errors, new_page.errors


async def test_key_images_reach_the_pdf_and_a_kos_that_dciodvfy_accepts(
        web_settings, store_file, live_server, new_page, tmp_path):
    study, files = write_ct(tmp_path / "ct", 5)
    page = await stored_and_opened(web_settings, store_file, live_server, new_page, study, files)
    await page.click("#claim")
    await page.wait_for_selector("#claim", state="hidden")
    await page.wait_for_function("() => window.tcViewer && window.tcViewer.main")
    await page.focus("#viewer-stage")
    await page.keyboard.press("k")
    await expect(page.locator("#key-mark")).to_be_visible()
    await page.keyboard.press("ArrowDown")
    await expect(page.locator("#key-mark")).to_be_hidden()
    await page.keyboard.press("k")
    await page.keyboard.press("l")
    await drag(page, await point(page, 40, 230), await point(page, 140, 230))
    await expect(page.locator("#key-image-list li")).to_have_count(2)
    assert [r["kind"] for r in await records(page)] == ["length"]
    await page.click("#insert-measurements")
    assert "长度 49.9" in await page.input_value("#findings")  # 100 px of 0.5 mm
    await page.fill("#impression", "体模，未见异常。")
    await page.click("#sign")
    await page.wait_for_selector("#signed-note")
    cid = case_id_for_study(study)
    case = await page.evaluate(f"() => fetch('/api/v1/cases/{cid}').then(r => r.json())")
    report = case["reports"][-1]
    assert len(report["key_images"]) == 2 and abs(report["measurements"][0]["length"] - 50) < 0.5
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(await (await page.request.get(
        f"{live_server}/api/v1/reports/{report['report_id']}.pdf")).body())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "测量 Measurements" in text and "长度 Length 49.9" in text
    assert text.count("关键图像") == 2
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    assert len(listed.stdout.splitlines()[2:]) == 2, listed.stdout
    # the worker archives the KOS with the study: it is a DICOM instance of that study
    kos = key_images.kos_path(Storage(web_settings.data_dir), report)
    await page.wait_for_function(
        f"() => fetch('/dicomweb/studies/{study}/series?Modality=KO').then(r => r.ok"
        " ? r.json() : []).then(items => items.length === 1)", polling=250, timeout=30_000)
    deadline = time.monotonic() + 30  # the KO series is listed from the file: same instance
    while not kos.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert kos.exists(), sorted(p.relative_to(kos.parents[1]).as_posix()
                                for p in kos.parents[1].rglob("*.dcm"))
    check = subprocess.run(["dciodvfy", str(kos)], capture_output=True, text=True)
    assert "Error" not in check.stdout + check.stderr, check.stdout + check.stderr
    keys = {k["sop"] for k in report["key_images"]}
    ko = dcmread(kos)
    assert {i.ReferencedSOPSequence[0].ReferencedSOPInstanceUID for i in ko.ContentSequence
            if i.ValueType == "IMAGE"} == keys
    assert not new_page.errors, new_page.errors


@pytest.mark.parametrize(("imager", "calibration", "words"), [
    (True, "imager_pixel_spacing", "Imager Pixel Spacing"), (False, "none", "px")])
async def test_the_viewer_says_how_lengths_are_calibrated(web_settings, store_file, live_server,
                                                          new_page, tmp_path, imager,
                                                          calibration, words):
    dx = write_dx(tmp_path / "dx", imager_spacing=imager)
    store_file(dx, "GUANDU_DR")
    await drain(web_settings)
    page = await new_page()
    await login(page, live_server, "rad-li")
    await page.wait_for_url("**/worklist")
    await open_case(page, live_server, dcmread(dx).StudyInstanceUID)
    note = page.locator("#calibration-note")
    assert await note.get_attribute("data-calibration") == calibration
    await page.click("#lang-toggle")
    await expect(note).to_contain_text(words)
    await page.focus("#viewer-stage")
    await page.keyboard.press("l")
    await drag(page, await point(page, 20, 20), await point(page, 120, 20))
    (length,) = await records(page)
    assert length["calibration"] == calibration
    if imager:  # at the detector: 100 px of 0.2 mm
        assert length["unit"] == "mm" and abs(length["length"] - 20) < 0.2
    else:
        assert length["unit"] == "px" and abs(length["length"] - 100) < 1
