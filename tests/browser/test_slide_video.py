"""Pathology slides, ultrasound cine and ultrasound video in the case page, in Chromium.

- A generated 4-level whole-slide image (VL WSI, TILED_FULL, JPEG tiles) in the OpenLayers
  slide viewer: the slide shows, each zoom or pan fetches exactly the WADO-RS frames whose
  tiles are in view (counted from the browser's own network requests, each at most once),
  the pyramid level follows the zoom; at 1366x768 and 1920x1080.
- A US multi-frame cine loop plays at its recorded Cine Rate (frames shown per second,
  measured from the viewer's own timestamps of each new frame on screen).
- An H.264 instance plays as video: Chromium decodes the MP4, seeks with byte ranges, and
  the picture at a time is the frame of that time.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import time

import numpy as np
import pytest
from browser_util import login, shot
from PIL import Image
from pydicom import dcmread
from test_pipeline import drain

from teleconsult.settings.model import Shift
from teleconsult.store.files import case_id_for_study
from tests.ultrasound import make_cine, make_video
from tests.wsi import make_slide

pytest.importorskip("playwright.async_api")

FRAMES = re.compile(r"/instances/([0-9.]+)/frames/(\d+)$")


@pytest.fixture()
def web_settings(web_settings):
    """As the browser tests' community, with the pathologist path-sun on duty too."""
    always = (Shift(days=tuple(range(7)), start=time(0), end=time(0)),)
    doctors = dict(web_settings.doctors)
    doctors["path-sun"] = replace(doctors["path-sun"], shifts=always, overrides=())
    return replace(web_settings, doctors=doctors)


async def _open(settings, store_file, base, new_page, files, doctor: str, selector: str):
    for f in files:
        store_file(f, "FUTIAN_CT")
    await drain(settings)
    study = dcmread(files[0], stop_before_pixels=True).StudyInstanceUID
    page = await new_page()
    requests: list[str] = []
    ranges: list[str] = []  # the Range header of each request for a rendered video

    def seen(r) -> None:  # noqa: ANN001 - a playwright Request
        requests.append(r.url)
        if "/rendered" in r.url and "video" in r.url:
            ranges.append(r.headers.get("range", ""))

    page.on("request", seen)
    page.ranges = ranges
    await login(page, base, doctor)
    await page.wait_for_url("**/worklist")
    await page.goto(f"{base}/cases/{case_id_for_study(study)}")
    await page.wait_for_selector(f"{selector}[data-ready=yes]")
    return page, requests


def _stained(png: bytes) -> float:
    """The share of pixels that are stain (pink or purple), not background or blank."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return float(((r - g > 40) & (b - g > 20)).mean())


async def _settled(page) -> dict:
    """Wait until every tile in view is drawn; the frames in view then."""
    await page.wait_for_selector("#viewer.slide-viewer[data-ready=yes]")
    return await page.evaluate("() => window.tcSlide.visibleFrames()")


def _fetched(requests: list[str], since: int) -> list[tuple[str, int]]:
    return [(m[1], int(m[2])) for u in requests[since:] if (m := FRAMES.search(u))]


async def test_slide_zoom_fetches_only_the_tiles_in_view(web_settings, store_file, live_server,
                                                         new_page, tmp_path):
    paths = make_slide(tmp_path, base=4096, levels=4)
    sops = [dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in paths]
    page, requests = await _open(web_settings, store_file, live_server, new_page, paths,
                                 "path-sun", "#viewer.slide-viewer")
    first = await _settled(page)
    # the whole slide fits: a coarse level, never the 256 tiles of the base level
    assert first["sop"] in sops[2:]
    fetched = _fetched(requests, 0)
    assert set(fetched) >= {(first["sop"], f) for f in first["frames"]}
    assert not any(sop == sops[0] for sop, _ in fetched)
    png = await shot(page.locator("#slide-map"), "slide-1366")
    assert _stained(png) > 0.05
    assert "层级" in await page.inner_text("#slide-info")

    # native resolution (1:1): only the base level's frames in view, each once
    mark = len(requests)
    await page.click("#slide-full")
    view = await _settled(page)
    assert view["sop"] == sops[0]
    got = _fetched(requests, mark)
    assert sorted(got) == sorted((sops[0], f) for f in view["frames"])
    assert 4 <= len(got) < 40  # a screenful of 256-pixel tiles out of 256
    assert await page.get_attribute("#slide-info", "data-level") == "0"
    assert _stained(await page.locator("#slide-map").screenshot()) > 0.02

    # pan by dragging: the new column/row of tiles only, nothing fetched twice
    box = await page.locator("#slide-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = await page.evaluate("() => window.tcSlide.map.getView().getCenter()")
    mark = len(requests)
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    await page.mouse.move(cx - 200, cy - 150, steps=20)
    await page.mouse.up()
    panned = await _settled(page)
    after = await page.evaluate("() => window.tcSlide.map.getView().getCenter()")
    # 1 screen pixel = 1 base pixel (OpenLayers starts the drag after the first step of
    # 10 x 7.5 px); map y grows upwards
    assert after[0] - before[0] == pytest.approx(190, abs=12)
    assert before[1] - after[1] == pytest.approx(142, abs=12)
    new = _fetched(requests, mark)
    assert new and {f for _, f in new} <= set(panned["frames"])
    all_base = [x for x in _fetched(requests, 0) if x[0] == sops[0]]
    assert len(all_base) == len(set(all_base))  # cached tiles are not asked for again

    # zoom out step by step: the level follows (2, then 4 base pixels per screen pixel)
    for level in (1, 2):
        mark = len(requests)
        await page.click("#slide-out")
        out = await _settled(page)
        assert out["sop"] == sops[level]
        assert set(_fetched(requests, mark)) <= {(sops[level], f) for f in out["frames"]}
        assert await page.get_attribute("#slide-info", "data-level") == str(level)

    # a larger screen: still drawn, still only what is in view
    await page.set_viewport_size({"width": 1920, "height": 1080})
    await page.click("#slide-fit")
    await _settled(page)
    assert _stained(await shot(page.locator("#slide-map"), "slide-1920")) > 0.05
    assert not new_page.errors


async def test_slide_with_jpeg2000_tiles_is_drawn_from_rendered_frames(
        web_settings, store_file, live_server, new_page, tmp_path):
    """Tiles the browser cannot decode (JPEG 2000) come rendered as JPEG by the server; of a
    Z-stack, the first focal plane is shown (frames 1 … across × down)."""
    paths = make_slide(tmp_path, base=1024, levels=2, j2k=True, planes=2)
    coarse = dcmread(paths[1], stop_before_pixels=True).SOPInstanceUID
    page, requests = await _open(web_settings, store_file, live_server, new_page, paths,
                                 "path-sun", "#viewer.slide-viewer")
    view = await _settled(page)
    assert view["sop"] == coarse
    rendered = {(m[1], int(m[2])) for u in requests
                if (m := re.search(r"/instances/([0-9.]+)/frames/(\d+)/rendered\?", u))}
    assert rendered == {(coarse, f) for f in view["frames"]}
    assert max(f for _, f in rendered) <= 4  # the 2×2 tiles of the first plane
    assert _stained(await page.locator("#slide-map").screenshot()) > 0.05
    assert not new_page.errors


async def test_cine_plays_at_its_recorded_rate(web_settings, store_file, live_server, new_page,
                                               tmp_path):
    path = make_cine(tmp_path, frames=30, fps=15)
    page, _ = await _open(web_settings, store_file, live_server, new_page, [path], "rad-li",
                          "#viewer.viewer3d")
    assert "帧率 15" in await page.inner_text("#viewer-info")
    assert await page.evaluate("() => window.tcViewer.main.imageIds.length") == 30
    await page.click("#cine")
    # play a little over two loops (2 s each), waiting on the viewer's own log of frames
    # reaching the screen; the second loop (every frame fetched by then) is measured
    await page.wait_for_function("""() => {
        const log = window.tcViewer.cineLog || [];
        return log.length > 2 && log[log.length - 1].t - log[0].t > 4200;
    }""", polling=200, timeout=30_000)
    log = await page.evaluate("() => window.tcViewer.cineLog")
    await page.click("#cine")
    tail = [e for e in log if e["t"] >= log[-1]["t"] - 2000]
    seconds = (tail[-1]["t"] - tail[0]["t"]) / 1000
    shown = (len(tail) - 1) / seconds
    advanced = sum((b["i"] - a["i"]) % 30 for a, b in zip(tail, tail[1:], strict=False)) / seconds
    assert advanced == pytest.approx(15, rel=0.1), (advanced, shown)  # the recorded rate
    assert shown == pytest.approx(15, rel=0.2), (advanced, shown)  # (nearly) every frame drawn
    await shot(page, "us-cine-1366")
    assert not new_page.errors


async def test_h264_instance_plays_as_video(web_settings, store_file, live_server, new_page,
                                            tmp_path):
    path = make_video(tmp_path, frames=50, fps=25)
    page, requests = await _open(web_settings, store_file, live_server, new_page, [path],
                                 "rad-li", "#viewer.video-viewer")
    # the series list shows a still of the video (a frame decoded by the server)
    await page.wait_for_function(
        "() => document.querySelector('#series-list img.thumb')?.naturalWidth > 0")
    assert await page.evaluate("""() => document.createElement('video')
        .canPlayType('video/mp4; codecs="avc1.64001e"')""") == "probably"
    size = await page.evaluate("""async () => {
        const v = document.getElementById('us-video');
        await v.play();
        return [v.videoWidth, v.videoHeight, v.duration];
    }""")
    assert size[:2] == [320, 240] and size[2] == pytest.approx(2.0, abs=0.1)
    await page.wait_for_function("""() => {
        const v = document.getElementById('us-video');
        return v.currentTime > 0.5 && v.getVideoPlaybackQuality().totalVideoFrames > 10;
    }""", polling=100)
    # seek to 1.2 s (frame 30 of 50 at 25 fps) and read the square's place off the picture
    x = await page.evaluate("""async () => {
        const v = document.getElementById('us-video');
        v.pause();
        await new Promise((done) => { v.addEventListener('seeked', done, { once: true });
                                      v.currentTime = 1.22; });
        const c = document.createElement('canvas');
        c.width = v.videoWidth; c.height = v.videoHeight;
        const g = c.getContext('2d');
        g.drawImage(v, 0, 0);
        const row = g.getImageData(0, v.videoHeight / 2, v.videoWidth, 1).data;
        for (let i = 0; i < v.videoWidth; i++) {
            const [r, gr, b] = [row[4 * i], row[4 * i + 1], row[4 * i + 2]];
            if (r > 180 && gr > 160 && b < 120) return i;
        }
        return -1;
    }""")
    assert x == pytest.approx(30 * (320 - 40) / 49, abs=4)
    # frame stepping: ▶ moves one recorded frame (1/25 s) on, ◀ back
    assert "帧率 25" in await page.inner_text("#video-info")
    before = await page.evaluate("() => document.getElementById('us-video').currentTime")
    await page.click("#video-next")
    await page.wait_for_function("""(t) => {
        const v = document.getElementById('us-video');
        return !v.seeking && Math.abs(v.currentTime - t - 0.04) < 0.021; }""", arg=before)
    await page.click("#video-prev")
    await page.click("#video-prev")
    await page.wait_for_function("""(t) => {
        const v = document.getElementById('us-video');
        return !v.seeking && Math.abs(v.currentTime - t + 0.04) < 0.021; }""", arg=before)
    # Chromium's media loader reads the MP4 by byte ranges (the server answers 206)
    assert any(r.startswith("bytes=") for r in page.ranges), page.ranges
    await shot(page, "us-video-1366")
    assert not new_page.errors
