"""Measurements as words, for the report's PDF and SR (bilingual, like the rest of both)."""

from __future__ import annotations

NAMES = {"length": "长度 Length", "angle": "角度 Angle", "ellipse": "椭圆 ROI Ellipse ROI",
         "rectangle": "矩形 ROI Rectangle ROI", "probe": "CT 值 Probe"}
CALIBRATION_NOTES = {
    "imager_pixel_spacing": "（探测器平面，未校正放大 at the detector, not corrected for "
                            "magnification）",
    "none": "（无像素间距，单位为像素 no pixel spacing: pixels）",
}


def _num(value: object, unit: str = "") -> str:
    if not isinstance(value, int | float):
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def describe(m: dict) -> str:
    """One line, e.g. ``长度 Length 23.4 mm — 图像 Image 15``."""
    kind = m.get("kind", "")
    if kind == "length":
        value = _num(m.get("length"), m.get("unit", "mm"))
    elif kind == "angle":
        value = _num(m.get("angle_deg"), "°")
    elif kind == "probe":
        value = _num(m.get("value"), m.get("value_unit", ""))
    else:
        unit = m.get("value_unit", "")
        value = (f"面积 Area {_num(m.get('area'), m.get('area_unit', 'mm²'))}, "
                 f"均值 Mean {_num(m.get('mean'), unit)}, SD {_num(m.get('sd'), unit)}, "
                 f"min {_num(m.get('min'), unit)}, max {_num(m.get('max'), unit)}")
    where = f"图像 Image {m.get('image_number') or m.get('frame', '')}"
    label = f" «{m['label']}»" if m.get("label") else ""
    note = CALIBRATION_NOTES.get(m.get("calibration", ""), "")
    return f"{NAMES.get(kind, kind)}{label} {value}{note} — {where}"
