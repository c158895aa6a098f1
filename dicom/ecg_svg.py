"""The paper ECG a cardiologist expects, as SVG (mm units) or PNG (Pillow, no cairo).

Standard 3×4 layout (2.5 s per lead, all four columns from the same 10 s) plus a 10 s
lead II rhythm strip, 25 mm/s and 10 mm/mV on a 1 mm / 5 mm pink grid, a 1 mV calibration
pulse at the start of each row. Both renderers draw the same ``_Sheet`` of primitives.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset

from dicom.ecg import device_measurements, heart_rate, waveform_leads

MM_PER_S = 25.0
MM_PER_MV = 10.0
ROWS = (("I", "aVR", "V1", "V4"), ("II", "aVL", "V2", "V5"), ("III", "aVF", "V3", "V6"))
COLUMN_S = 2.5
MARGIN, HEADER, CAL_W, ROW_H = 5.0, 20.0, 10.0, 35.0
TRACE_W = 4 * COLUMN_S * MM_PER_S
WIDTH = 2 * MARGIN + CAL_W + TRACE_W
HEIGHT = HEADER + 4 * ROW_H + MARGIN
MINOR, MAJOR, INK = "#f6c9c9", "#e38b8b", "#000000"
_MEASURES = (("Ventricular Heart Rate", "Device HR"), ("PR Interval", "PR"),
             ("QRS Duration", "QRS"), ("QT Interval", "QT"), ("QTc Interval", "QTc"),
             ("RR Interval", "RR"), ("P Axis", "P axis"), ("QRS Axis", "QRS axis"),
             ("T Axis", "T axis"))
_UNITS = {"deg": "°", "/min": "/min", "{beats}/min": "/min"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FONTS = {True: ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
          False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")}
_CJK_RUNS = re.compile("([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+)")

Point = tuple[float, float]


@dataclass
class _Sheet:
    traces: list[tuple[str, str, list[Point]]] = field(default_factory=list)  # kind, lead, pts
    pulses: list[list[Point]] = field(default_factory=list)
    ticks: list[tuple[Point, Point]] = field(default_factory=list)
    texts: list[tuple[Point, float, str, str]] = field(default_factory=list)  # at, size, kind


def _grid(step: float) -> list[tuple[Point, Point]]:
    x0, x1, y0, y1 = MARGIN, WIDTH - MARGIN, HEADER, HEIGHT - MARGIN
    xs = np.arange(x0, x1 + 1e-6, step)
    ys = np.arange(y0, y1 + 1e-6, step)
    return ([((x, y0), (x, y1)) for x in xs] + [((x0, y), (x1, y)) for y in ys])


def _points(trace: np.ndarray, fs: float, x0: float, baseline: float) -> list[Point]:
    """Min/max per 0.2 mm column: keeps every QRS peak with a fraction of the points."""
    k = max(1, int(fs * 0.2 / MM_PER_S))
    m = len(trace) // k
    index = np.arange(m * k).reshape(m, k)
    rows = trace[: m * k].reshape(m, k)
    lo = index[np.arange(m), rows.argmin(axis=1)]
    hi = index[np.arange(m), rows.argmax(axis=1)]
    keep = np.unique(np.concatenate([lo, hi, np.arange(m * k, len(trace))]))
    xs = x0 + keep / fs * MM_PER_S
    ys = baseline - trace[keep] / 1000.0 * MM_PER_MV
    return list(zip(xs.round(2).tolist(), ys.round(2).tolist(), strict=True))


def _row(sheet: _Sheet, baseline: float) -> None:
    x = MARGIN + 1
    sheet.pulses.append([(x, baseline), (x + 1, baseline), (x + 1, baseline - MM_PER_MV),
                         (x + 6, baseline - MM_PER_MV), (x + 6, baseline), (x + 8, baseline)])


def _header(sheet: _Sheet, title: str, measurements: Mapping | None,
            heart_rate: float | None) -> None:
    parts = [f"HR {heart_rate:.0f} /min" if heart_rate else "HR —"]
    for name, short in _MEASURES:
        item = (measurements or {}).get(name)
        if item and float(item.get("value", 0)):
            unit = str(item.get("unit", ""))
            parts.append(f"{short} {float(item['value']):g}{_UNITS.get(unit, ' ' + unit)}")
    parts.append(f"{MM_PER_S:g} mm/s  {MM_PER_MV:g} mm/mV")
    sheet.texts.append(((MARGIN, 8.0), 5.0, title, "title"))
    sheet.texts.append(((MARGIN, 15.0), 3.2, "   ".join(parts), "measurements"))


def _layout(leads: Mapping[str, np.ndarray], fs: float, title: str,
            measurements: Mapping | None, heart_rate: float | None) -> _Sheet:
    sheet = _Sheet()
    _header(sheet, title, measurements, heart_rate)
    x0, span = MARGIN + CAL_W, int(round(COLUMN_S * fs))
    for r, row in enumerate(ROWS):
        baseline = HEADER + ROW_H * r + 20
        _row(sheet, baseline)
        for c, lead in enumerate(row):
            x = x0 + c * COLUMN_S * MM_PER_S
            sheet.texts.append(((x + 1, baseline - 12), 3.5, lead, "label"))
            if c:
                sheet.ticks.append(((x, baseline - 4), (x, baseline + 4)))
            segment = leads.get(lead, np.empty(0))[c * span:(c + 1) * span]
            if len(segment):
                sheet.traces.append(("lead", lead, _points(segment, fs, x, baseline)))
    baseline = HEADER + ROW_H * 3 + 20
    _row(sheet, baseline)
    rhythm = "II" if "II" in leads else next(iter(leads), "II")
    # the rhythm strip, in Chinese (the sheet is shown and printed for county doctors)
    sheet.texts.append(((x0 + 1, baseline - 12), 3.5, f"{rhythm} 节律", "label"))
    strip = leads.get(rhythm, np.empty(0))[: 4 * span]
    if len(strip):
        sheet.traces.append(("rhythm", rhythm, _points(strip, fs, x0, baseline)))
    return sheet


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _path(segments: list[tuple[Point, Point]]) -> str:
    return "".join(f"M{a[0]:g} {a[1]:g}L{b[0]:g} {b[1]:g}" for a, b in segments)


def _pts(points: list[Point]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def render_svg(leads: Mapping[str, np.ndarray], fs: float, *, title: str = "",
               measurements: Mapping | None = None, heart_rate: float | None = None) -> str:
    """A standalone SVG document of the 12-lead ECG (viewBox in millimetres)."""
    sheet = _layout(leads, fs, title, measurements, heart_rate)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:g}mm" height="{HEIGHT:g}mm" '
           f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" font-family="sans-serif">',
           f'<rect width="{WIDTH:g}" height="{HEIGHT:g}" fill="#fff"/>',
           '<g id="grid" fill="none">',
           f'<path class="minor" stroke="{MINOR}" stroke-width="0.1" d="{_path(_grid(1))}"/>',
           f'<path class="major" stroke="{MAJOR}" stroke-width="0.25" d="{_path(_grid(5))}"/>',
           "</g>",
           f'<g id="calibration" fill="none" stroke="{INK}" stroke-width="0.3">']
    out += [f'<polyline class="calibration" points="{_pts(p)}"/>' for p in sheet.pulses]
    out.append(f'<path class="separators" d="{_path(sheet.ticks)}"/></g>')
    out.append(f'<g id="traces" fill="none" stroke="{INK}" stroke-width="0.3" '
               'stroke-linejoin="round">')
    out += [f'<polyline class="{kind}" data-lead={quoteattr(lead)} points="{_pts(pts)}"/>'
            for kind, lead, pts in sheet.traces]
    out.append(f'</g><g id="text" fill="{INK}">')
    out += [f'<text class="{kind}" x="{x:g}" y="{y:g}" font-size="{size:g}">{_xml(text)}</text>'
            for (x, y), size, text, kind in sheet.texts]
    out.append("</g></svg>")
    return "\n".join(out)


@lru_cache(maxsize=16)
def _font(size_px: int, cjk: bool) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    for path in _FONTS[cjk]:
        if Path(path).exists():
            return ImageFont.truetype(path, size_px)
    return ImageFont.load_default(size_px)


def _draw_text(draw: ImageDraw.ImageDraw, at: Point, text: str, size_px: int) -> None:
    """CJK fonts here lack Latin glyphs and vice versa: draw each run with its own font."""
    x, y = at
    for i, run in enumerate(_CJK_RUNS.split(text)):
        if run:
            font = _font(size_px, cjk=i % 2 == 1)
            draw.text((x, y), run, fill=INK, font=font, anchor="ls")
            x += draw.textlength(run, font=font)


def render_png(leads: Mapping[str, np.ndarray], fs: float, *, title: str = "",
               measurements: Mapping | None = None, heart_rate: float | None = None,
               px_per_mm: float = 10.0) -> bytes:
    """The same sheet as ``render_svg``, drawn straight onto a Pillow image; PNG bytes."""
    sheet = _layout(leads, fs, title, measurements, heart_rate)
    image = Image.new("RGB", (round(WIDTH * px_per_mm), round(HEIGHT * px_per_mm)), "white")
    draw = ImageDraw.Draw(image)

    def px(points: list[Point]) -> list[Point]:
        return [(x * px_per_mm, y * px_per_mm) for x, y in points]

    for step, colour, width in ((1, MINOR, 0.1), (5, MAJOR, 0.25)):
        for a, b in _grid(step):
            draw.line(px([a, b]), fill=colour, width=max(1, round(width * px_per_mm)))
    ink = max(1, round(0.3 * px_per_mm))
    for points in [*sheet.pulses, *(pts for _, _, pts in sheet.traces)]:
        draw.line(px(points), fill=INK, width=ink, joint="curve")
    for a, b in sheet.ticks:
        draw.line(px([a, b]), fill=INK, width=ink)
    for (x, y), size, text, _ in sheet.texts:
        _draw_text(draw, (x * px_per_mm, y * px_per_mm), text, round(size * px_per_mm))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def draw_dataset(ds: Dataset, *, fmt: str = "svg", title: str = "",
                 px_per_mm: float = 10.0) -> str | bytes:
    """The sheet of an ECG dataset with its device measurements and the computed heart rate:
    one drawing for the case page (ecg.svg / ecg.png) and the report PDF alike."""
    fs, leads = waveform_leads(ds)
    measured = {"measurements": device_measurements(ds), "heart_rate": heart_rate(leads, fs)}
    if fmt == "svg":
        return render_svg(leads, fs, title=title, **measured)
    return render_png(leads, fs, title=title, px_per_mm=px_per_mm, **measured)
