"""Video instances (MPEG-4 AVC/H.264, HEVC/H.265) as MP4 files a browser's ``<video>`` plays.

The encapsulated pixel data of a video transfer syntax is one elementary stream cut into
fragments (PS3.5 8.2.5-8.2.8): joined, it is what the camera encoded. MP4 needs each access
unit's decode and presentation time, which a raw stream does not carry: decoding once
gives the presentation order (the decoder reorders B-frames), and H.264 packets are then
copied into MP4 with those timestamps, never re-encoded. HEVC is re-encoded as H.264
(visually lossless) because browsers without a hardware HEVC decoder cannot play it; the
stored HEVC stays as sent for WADO-RS retrieve. PyAV (FFmpeg) does all of it.
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

import av
import numpy as np
from pydicom import dcmread
from pydicom.encaps import generate_fragments
from pydicom.errors import InvalidDicomError

from dicom.frames import PixelInfo, pixel_info

# the raw-stream demuxer for each transfer syntax MP4 can carry and browsers play
STREAM_FORMATS: MappingProxyType[str, str] = MappingProxyType({
    "1.2.840.10008.1.2.4.102": "h264",  # High Profile / Level 4.1
    "1.2.840.10008.1.2.4.103": "h264",  # BD-compatible High Profile / Level 4.1
    "1.2.840.10008.1.2.4.104": "h264",  # High Profile / Level 4.2 for 2D video
    "1.2.840.10008.1.2.4.105": "h264",  # High Profile / Level 4.2 for 3D video
    "1.2.840.10008.1.2.4.106": "h264",  # Stereo High Profile / Level 4.2
    # the fragmentable forms: the same stream, cut into fragments anywhere (PS3.5 8.2.5)
    **{f"1.2.840.10008.1.2.4.10{n}.1": "h264" for n in range(2, 7)},
    "1.2.840.10008.1.2.4.107": "hevc",  # HEVC Main Profile / Level 5.1
    "1.2.840.10008.1.2.4.108": "hevc",  # HEVC Main 10 Profile / Level 5.1
})
DEFAULT_FPS = Fraction(25)
_ITEM = b"\xfe\xff\x00\xe0"


class NotVideo(ValueError):
    """The instance is not stored in a video transfer syntax MP4 can carry."""


class BadVideo(ValueError):
    """The stored stream cannot be read as the video its transfer syntax names."""


def is_video(transfer_syntax: str) -> bool:
    return transfer_syntax in STREAM_FORMATS


def recorded_rate(path: Path) -> Fraction | None:
    """Frames per second as the modality recorded them: Cine Rate, else 1000 / Frame Time."""
    try:
        ds = dcmread(path, stop_before_pixels=True, force=True,
                     specific_tags=["CineRate", "FrameTime"])
        cine = float(ds.get("CineRate") or 0)
        frame_time = float(ds.get("FrameTime") or 0)
    except (InvalidDicomError, OSError, ValueError, TypeError) as exc:
        raise BadVideo(f"cannot read the header: {exc}") from exc
    if 0 < cine <= 1000:
        return Fraction(cine).limit_denominator(1001)
    if 1 <= frame_time <= 60_000:
        return (Fraction(1000) / Fraction(frame_time)).limit_denominator(1001)
    return None


def write_stream(path: Path, info: PixelInfo, out: Path) -> None:
    """The elementary stream (all fragments, in order) into ``out``, a fragment at a time."""
    if not is_video(info.transfer_syntax):
        raise NotVideo(f"{info.transfer_syntax} is not an H.264 or HEVC video syntax")
    with out.open("wb") as dst:
        if info.offset < 0:  # deflated file: only pydicom can reach the value
            value = dcmread(path, force=True).PixelData
            for fragment in generate_fragments(value[8 + int.from_bytes(value[4:8], "little"):]):
                dst.write(fragment)
            return
        with path.open("rb") as src:
            src.seek(info.offset)
            head = src.read(8)
            if len(head) != 8 or head[:4] != _ITEM:
                raise BadVideo("the pixel data does not start with a Basic Offset Table item")
            src.seek(int.from_bytes(head[4:], "little"), os.SEEK_CUR)
            try:
                for fragment in generate_fragments(src):
                    dst.write(fragment)
            except ValueError as exc:
                raise BadVideo(f"broken fragments: {exc}") from exc


def _presentation_order(stream: Path, fmt: str) -> tuple[dict[int, int], Fraction | None]:
    """Decode index → presentation index of every access unit, and the stream's own rate."""
    with av.open(str(stream), format=fmt) as inp:
        video = inp.streams.video[0]
        rate = video.average_rate or video.guessed_rate
        shown: list[int] = []
        count = 0
        for packet in inp.demux(video):
            if packet.size:
                packet.pts = packet.dts = count
                count += 1
            shown.extend(frame.pts for frame in video.codec_context.decode(
                packet if packet.size else None) if frame.pts is not None)
    if not count:
        raise BadVideo("the stream holds no pictures")
    return {decoded: i for i, decoded in enumerate(shown)}, Fraction(rate) if rate else None


def remux(stream: Path, fmt: str, out: Path, fps: Fraction | None) -> int:
    """The raw ``stream`` copied into an MP4 file at ``out`` (moov first, so playback starts
    before the whole file is read); returns the number of pictures."""
    try:
        order, own_rate = _presentation_order(stream, fmt)
        rate = fps or own_rate or DEFAULT_FPS
        # the first picture is shown at 0 (browsers ignore an MP4 edit list that would shift
        # it); B-frames are shown after pictures decoded later, so decoding starts earlier,
        # by the deepest reordering (negative decode times, as FFmpeg writes them itself)
        delay = max([decoded - shown for decoded, shown in order.items()] + [0])
        tick = 1 / rate
        with av.open(str(stream), format=fmt) as inp, \
                av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as mp4:
            src = inp.streams.video[0]
            dst = mp4.add_stream_from_template(src)
            dst.time_base = tick
            n = 0
            for packet in inp.demux(src):
                if not packet.size:
                    continue
                packet.dts, packet.pts = n - delay, order.get(n, n)
                packet.duration, packet.time_base, packet.stream = 1, tick, dst
                mp4.mux(packet)
                n += 1
    except av.FFmpegError as exc:
        raise BadVideo(f"not a readable {fmt} stream: {exc}") from exc
    return n


def transcode(stream: Path, fmt: str, out: Path, fps: Fraction | None) -> int:
    """The raw ``stream`` decoded and encoded again as H.264 High Profile in an MP4 file
    (visually lossless, CRF 18): for HEVC, which most browsers without a hardware decoder
    cannot play (Chromium on Linux among them). Returns the number of pictures."""
    try:
        with av.open(str(stream), format=fmt) as inp, \
                av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as mp4:
            src = inp.streams.video[0]
            rate = fps or (Fraction(src.average_rate) if src.average_rate else DEFAULT_FPS)
            dst = mp4.add_stream("libx264", rate=rate)
            dst.width, dst.height = src.codec_context.width, src.codec_context.height
            dst.pix_fmt = "yuv420p"
            dst.codec_context.time_base = 1 / rate
            dst.options = {"crf": "18", "preset": "veryfast", "profile": "high"}
            n = 0
            for frame in inp.decode(src):
                frame.pts, frame.time_base = n, 1 / rate
                mp4.mux(dst.encode(frame.reformat(format="yuv420p")))
                n += 1
            mp4.mux(dst.encode())
    except av.FFmpegError as exc:
        raise BadVideo(f"not a readable {fmt} stream: {exc}") from exc
    if not n:
        raise BadVideo("the stream holds no pictures")
    return n


def to_mp4(path: Path, info: PixelInfo, out: Path) -> int:
    """The video instance at ``path`` as an MP4 file at ``out`` (written in full, then
    renamed into place: a reader never sees half a file). Runs in a worker thread."""
    if not is_video(info.transfer_syntax):
        raise NotVideo(f"{info.transfer_syntax} is not an H.264 or HEVC video syntax")
    fps = recorded_rate(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".remux-") as work:
        raw = Path(work) / "stream"
        write_stream(path, info, raw)
        part = Path(work) / "out.mp4"
        fmt = STREAM_FORMATS[info.transfer_syntax]
        # H.264 plays in every browser as stored; HEVC is made H.264 for them
        pictures = (transcode if fmt == "hevc" else remux)(raw, fmt, part, fps)
        os.replace(part, out)
    return pictures


def picture(path: Path, index: int) -> np.ndarray:
    """Picture ``index`` (0-based, in display order) of a video instance decoded to RGB: the
    still image of a video (a thumbnail, a key image in a report)."""
    info = pixel_info(path)
    fmt = STREAM_FORMATS.get(info.transfer_syntax)
    if fmt is None:
        raise NotVideo(f"{info.transfer_syntax} is not an H.264 or HEVC video syntax")
    with tempfile.TemporaryDirectory(prefix="tc-video-") as work:
        raw = Path(work) / "stream"
        write_stream(path, info, raw)
        try:
            with av.open(str(raw), format=fmt) as inp:
                for i, frame in enumerate(inp.decode(video=0)):
                    if i == index:
                        return frame.to_ndarray(format="rgb24")
        except av.FFmpegError as exc:
            raise BadVideo(f"not a readable {fmt} stream: {exc}") from exc
    raise BadVideo(f"the stream has no picture {index + 1}")
