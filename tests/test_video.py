"""Ultrasound video: an H.264 instance (encoded here by PyAV's libx264) stored by STOW-RS is
rendered by WADO-RS as ``video/mp4``: the stream copied into MP4 unchanged (same pictures
decoded), at the recorded frame rate, with byte ranges for seeking."""

from __future__ import annotations

import asyncio
import io
from fractions import Fraction

import av
import numpy as np
import pytest
import requests
from PIL import Image
from pydicom import dcmread
from pydicom.encaps import encapsulate, generate_frames

from dicom.frames import pixel_info
from dicom.video import BadVideo, NotVideo, to_mp4
from tests.test_dicomweb import base, client  # noqa: F401 - the running-app fixture
from tests.ultrasound import make_cine, make_video, square_x


def _decoded(data: bytes, fmt: str | None = None) -> list[np.ndarray]:
    with av.open(io.BytesIO(data), format=fmt) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(c.streams.video[0])]


def _url(base: str, ds, accept: str | None = "video/mp4") -> str:  # noqa: F811
    query = f"?accept={accept}" if accept else ""
    return (f"{base}/dicomweb/studies/{ds.StudyInstanceUID}/series/{ds.SeriesInstanceUID}"
            f"/instances/{ds.SOPInstanceUID}/rendered{query}")


def _get(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers={"Authorization": "Bearer demo-futian", **headers},
                        timeout=60)


async def test_h264_instance_rendered_as_mp4_with_ranges(base, tmp_path):  # noqa: F811
    ds = dcmread(make_video(tmp_path, frames=50, fps=25))
    stream = next(generate_frames(ds.PixelData, number_of_frames=1))
    await asyncio.to_thread(client(base, "futian").store_instances, [ds])

    got = await asyncio.to_thread(_get, _url(base, ds))
    assert got.status_code == 200, got.text
    assert got.headers["Content-Type"] == "video/mp4"
    assert got.headers.get("Accept-Ranges") == "bytes"
    mp4 = got.content
    assert mp4[4:8] == b"ftyp"
    with av.open(io.BytesIO(mp4)) as c:
        video = c.streams.video[0]
        assert c.format.name.startswith("mov,mp4")
        assert video.codec_context.name == "h264" and video.codec_context.profile == "High"
        assert video.average_rate == Fraction(25)
        assert not video.start_time  # the first picture at 0: a browser seeks to the frame
        assert float(video.duration * video.time_base) == pytest.approx(2.0, abs=0.05)
    # copied, not re-encoded: the MP4 decodes to exactly the pictures of the stored stream,
    # in presentation order (the square moves right frame after frame, B-frames reordered)
    original, remuxed = _decoded(stream, "h264"), _decoded(mp4)
    assert len(remuxed) == len(original) == 50
    assert all(np.array_equal(a, b) for a, b in zip(original, remuxed, strict=True))
    xs = [square_x(f) for f in remuxed]
    assert xs == sorted(xs) and xs[0] < 10 < xs[-1] and len(set(xs)) > 40

    # a <video> seeks with byte ranges: 206 with exactly those bytes
    part = await asyncio.to_thread(_get, _url(base, ds), Range="bytes=100-1099")
    assert part.status_code == 206
    assert part.content == mp4[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(mp4)}"
    tail = await asyncio.to_thread(_get, _url(base, ds), Range=f"bytes={len(mp4) - 10}-")
    assert tail.status_code == 206 and tail.content == mp4[-10:]
    # a still picture of the video (thumbnails, key images): frame 30 as PNG
    still = await asyncio.to_thread(
        _get, _url(base, ds, "image/png").replace("/rendered", "/frames/30/rendered"))
    assert still.status_code == 200 and still.headers["Content-Type"] == "image/png"
    shown = np.asarray(Image.open(io.BytesIO(still.content)).convert("RGB"))
    assert square_x(shown) == pytest.approx(29 * (320 - 40) / 49, abs=3)
    # the Accept header works like the query; made once, the same bytes again from the cache
    again = await asyncio.to_thread(_get, _url(base, ds, None), Accept="video/mp4")
    assert again.status_code == 200 and again.content == mp4


async def test_video_refusals(base, tmp_path):  # noqa: F811
    cine = dcmread(make_cine(tmp_path))
    video = dcmread(make_video(tmp_path, frames=10))
    await asyncio.to_thread(client(base, "futian").store_instances, [cine, video])
    # not a video: 406 with the reason; the same instance still renders as an image
    no = await asyncio.to_thread(_get, _url(base, cine))
    assert no.status_code == 406 and "not an H.264 or HEVC video" in no.json()["error"]["message"]
    png = await asyncio.to_thread(_get, _url(base, cine, "image/png"))
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    # one frame of a video is not a video
    url = _url(base, video).replace("/rendered", "/frames/1/rendered")
    one = await asyncio.to_thread(_get, url)
    assert one.status_code == 406
    # another clinic cannot read it
    other = await asyncio.to_thread(requests.get, _url(base, video), timeout=30,
                                    headers={"Authorization": "Bearer demo-guandu"})
    assert other.status_code in (403, 404)


def test_frame_rate_from_frame_time_and_broken_streams(tmp_path) -> None:
    path = make_video(tmp_path, frames=12, fps=25)
    ds = dcmread(path)
    del ds.CineRate
    ds.FrameTime = "83.3333"  # 12 frames per second, as Frame Time alone says it
    ds.save_as(path)
    out = tmp_path / "v.mp4"
    assert to_mp4(path, pixel_info(path), out) == 12
    with av.open(str(out)) as c:
        assert c.streams.video[0].average_rate == Fraction(12)
    # pixel data that is not H.264: a clear error, no file left behind
    ds.PixelData = encapsulate([bytes(range(256)) * 64])
    ds.save_as(path)
    broken = tmp_path / "broken.mp4"
    with pytest.raises(BadVideo):
        to_mp4(path, pixel_info(path), broken)
    assert not broken.exists() and not list(tmp_path.glob(".remux-*"))
    cine = make_cine(tmp_path)
    with pytest.raises(NotVideo):
        to_mp4(cine, pixel_info(cine), tmp_path / "c.mp4")


def test_hevc_and_fragmentable_h264(tmp_path) -> None:
    """HEVC (made here by libx265 in PyAV's wheel) becomes an H.264 MP4 a browser plays
    (Chromium on Linux has no HEVC decoder); an H.264 stream cut into many fragments (the
    fragmentable syntax) is joined before it is copied."""
    hevc = make_video(tmp_path, frames=20, fps=20, hevc=True)
    out = tmp_path / "hevc.mp4"
    assert to_mp4(hevc, pixel_info(hevc), out) == 20
    with av.open(str(out)) as c:
        assert c.streams.video[0].codec_context.name == "h264"
        assert c.streams.video[0].average_rate == Fraction(20)
        xs = [square_x(f.to_ndarray(format="rgb24")) for f in c.decode(video=0)]
    assert len(xs) == 20 and xs == sorted(xs) and xs[0] < xs[-1]

    ds = dcmread(make_video(tmp_path, frames=20, fps=25))
    stream = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.102.1"
    ds.PixelData = encapsulate([stream], fragments_per_frame=7)
    cut = tmp_path / "fragmentable.dcm"
    ds.save_as(cut, enforce_file_format=True)
    assert to_mp4(cut, pixel_info(cut), tmp_path / "f.mp4") == 20
    assert len(_decoded((tmp_path / "f.mp4").read_bytes())) == 20
