"""A radiologist opens a 5-slice CT in the server-rendered viewer (?viewer=classic), scrolls it
and changes the window: the image changes."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest
from browser_util import login, shot
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from test_pipeline import drain

CT = get_testdata_file("CT_small.dcm")


def store_ct_series(store_file, slices: int = 5) -> str:
    """One study, one series, ``slices`` instances whose pixels differ (shifted copies)."""
    base = dcmread(CT)
    study, series = generate_uid(), generate_uid()
    pixels = base.pixel_array
    for i in range(slices):
        shifted = np.roll(pixels, i * 12, axis=1).astype(pixels.dtype)
        store_file(CT, "FUTIAN_CT", StudyInstanceUID=study, SeriesInstanceUID=series,
                   SOPInstanceUID=generate_uid(), InstanceNumber=i + 1,
                   PatientName="李^建国", PatientID="FT-0042", SpecificCharacterSet="ISO_IR 192",
                   PixelData=shifted.tobytes())
    return study


async def image_state(page) -> tuple[str, str]:
    """(src, sha of the viewer's pixels) once the current image has loaded."""
    await page.wait_for_function("() => { const i = document.querySelector('#viewer-image');"
                                 " return i && i.complete && i.naturalWidth > 0; }")
    src = await page.get_attribute("#viewer-image", "src")
    png = await page.locator("#viewer-stage").screenshot()
    return src, hashlib.sha256(png).hexdigest()


async def test_scroll_slices_and_window_presets_change_the_image(web_settings, store_file,
                                                                 live_server, new_page):
    store_ct_series(store_file)
    await drain(web_settings)
    page = await new_page()
    await login(page, live_server, "rad-li")
    row = page.locator("#worklist tbody tr").first
    await row.wait_for()
    assert "李建国" in (await row.inner_text()).replace(" ", "").replace("^", "")
    await row.click()
    await page.wait_for_url("**/cases/*")
    # the server-rendered viewer, kept as the fallback of the Cornerstone3D one
    await page.goto(page.url + "?viewer=classic")
    await page.wait_for_selector("#viewer-image")
    await page.wait_for_selector("#series-list img.thumb")
    info = page.locator("#viewer-info")
    # the caption is written once the series' instances have loaded, after the thumbnails
    await pytest.importorskip("playwright.async_api").expect(info).to_have_text(
        re.compile(r"^(层面 3/5|Slice 3/5)"))
    first = await image_state(page)

    await page.focus("#viewer-stage")
    await page.keyboard.press("ArrowDown")
    await pytest.importorskip("playwright.async_api").expect(info).to_contain_text("4/5")
    second = await image_state(page)
    assert second[0] != first[0] and second[1] != first[1]

    await page.locator("#viewer-stage").hover()
    await page.mouse.wheel(0, 120)
    await pytest.importorskip("playwright.async_api").expect(info).to_contain_text("5/5")
    third = await image_state(page)
    assert third[1] != second[1]

    await page.click('button[data-preset="lung"]')
    lung = await image_state(page)
    assert "window=-600,1500" in lung[0] and lung[1] != third[1]
    await page.click('button[data-preset="bone"]')
    bone = await image_state(page)
    assert "window=400,1800" in bone[0] and bone[1] != lung[1]

    # drag to window: a new window is asked of the server
    box = await page.locator("#viewer-stage").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    await page.mouse.move(cx + 80, cy + 40, steps=5)
    await page.mouse.up()
    dragged = await image_state(page)
    assert "window=" in dragged[0] and dragged[0] != bone[0]
    await page.click('button[data-preset="lung"]')
    await image_state(page)
    await shot(page, "case-ct")
    assert not new_page.errors, new_page.errors
