"""A reader's measurements and key images on a case: checked, stored, and snapshotted into
the report that doctor signs.

One JSON file per case and reader (``cases/<id>/annotations/<reader>.json``), written
durably; the viewer replaces it whole (PUT), so there is no merge logic here.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from teleconsult.reporting.measurement_text import describe
from teleconsult.store.files import InvalidUID, Storage, check_uid

MAX_MEASUREMENTS = 200
MAX_KEY_IMAGES = 100
MAX_BODY_BYTES = 512 * 1024
KINDS = ("length", "angle", "ellipse", "rectangle", "probe")
_NUMBERS = ("length", "angle_deg", "value", "area", "mean", "sd", "min", "max")
_TEXTS = {"unit": 16, "area_unit": 16, "value_unit": 16, "label": 200, "id": 80,
          "calibration": 32, "image_number": 32}
_CALIBRATIONS = ("pixel_spacing", "imager_pixel_spacing", "none")
_READER_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}\Z")


class InvalidAnnotations(ValueError):
    """The body is not a measurement document we keep; the message names the field."""


def _where(item: dict, at: str) -> dict:
    out: dict[str, Any] = {}
    for name in ("study", "series", "sop"):
        try:
            out[name] = check_uid(item.get(name), f"{at}.{name}")
        except InvalidUID as exc:
            raise InvalidAnnotations(str(exc)) from None
    frame = item.get("frame", 1)
    if isinstance(frame, bool) or not isinstance(frame, int) or not 1 <= frame <= 100_000:
        raise InvalidAnnotations(f"{at}.frame must be a frame number from 1")
    out["frame"] = frame
    number = item.get("image_number")
    if number is not None:
        out["image_number"] = str(number)[:_TEXTS["image_number"]]
    return out


def _measurement(item: Any, at: str) -> dict:
    if not isinstance(item, dict):
        raise InvalidAnnotations(f"{at} must be an object")
    if item.get("kind") not in KINDS:
        raise InvalidAnnotations(f"{at}.kind must be one of {', '.join(KINDS)}")
    out = {"kind": item["kind"], **_where(item, at)}
    for name, limit in _TEXTS.items():
        value = item.get(name)
        if value is not None and name != "image_number":
            if not isinstance(value, str) or len(value) > limit:
                raise InvalidAnnotations(f"{at}.{name} must be text of at most {limit} chars")
            out[name] = value
    if not out.get("id"):
        raise InvalidAnnotations(f"{at}.id is missing")
    if out.get("calibration", "none") not in _CALIBRATIONS:
        raise InvalidAnnotations(f"{at}.calibration must be one of {', '.join(_CALIBRATIONS)}")
    for name in _NUMBERS:
        value = item.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise InvalidAnnotations(f"{at}.{name} must be a finite number")
        out[name] = value
    if item.get("cs") is not None:
        if not isinstance(item["cs"], dict):
            raise InvalidAnnotations(f"{at}.cs must be an object")
        out["cs"] = item["cs"]  # the viewer's drawing state: opaque, bounded by the body size
    return out


def parse(body: Any) -> dict:
    """Check a PUT body; the clean document (``measurements``, ``key_images``)."""
    if not isinstance(body, dict):
        raise InvalidAnnotations("the body must be a JSON object")
    items, keys = body.get("measurements", []), body.get("key_images", [])
    if not isinstance(items, list) or len(items) > MAX_MEASUREMENTS:
        raise InvalidAnnotations(f"measurements must be a list of at most {MAX_MEASUREMENTS}")
    if not isinstance(keys, list) or len(keys) > MAX_KEY_IMAGES:
        raise InvalidAnnotations(f"key_images must be a list of at most {MAX_KEY_IMAGES}")
    measurements = [_measurement(m, f"measurements[{i}]") for i, m in enumerate(items)]
    key_images, seen = [], set()
    for i, k in enumerate(keys):
        if not isinstance(k, dict):
            raise InvalidAnnotations(f"key_images[{i}] must be an object")
        ref = _where(k, f"key_images[{i}]")
        if (ref["sop"], ref["frame"]) not in seen:
            seen.add((ref["sop"], ref["frame"]))
            key_images.append(ref)
    return {"measurements": measurements, "key_images": key_images}


def check_reader(reader: str) -> str:
    if not _READER_RE.match(reader):
        raise InvalidAnnotations(f"not a reader id: {reader[:40]!r}")
    return reader


def path(storage: Storage, case_id: str, reader: str) -> Path:
    return storage.case_dir(case_id) / "annotations" / f"{check_reader(reader)}.json"


def load(storage: Storage, case_id: str, reader: str) -> dict:
    """The reader's document, or an empty one."""
    p = path(storage, case_id, reader)
    doc = storage.read_json(p) if p.exists() else {}
    return {"measurements": doc.get("measurements", []), "key_images": doc.get("key_images", []),
            "updated_at": doc.get("updated_at")}


def save(storage: Storage, case_id: str, reader: str, doc: dict, now: str) -> dict:
    """Write the reader's document durably (temp, fsync, rename); returns what was stored."""
    stored = {**doc, "case_id": case_id, "reader": reader, "updated_at": now}
    storage.write_json(path(storage, case_id, reader), stored)
    return stored


def snapshot(storage: Storage, record: dict, reader: str) -> dict:
    """What a report signed by ``reader`` carries: measurements (numbers only, no drawing
    state) and key images with their SOP class, restricted to this case's own study."""
    doc = load(storage, record["case_id"], reader)
    study = record["study_instance_uid"]
    classes = {s["series_instance_uid"]: s.get("sop_class_uid", "")
               for s in record.get("series", [])}
    measurements = [{**{k: v for k, v in m.items() if k != "cs"}, "text": describe(m)}
                    for m in doc["measurements"] if m.get("study") == study]
    keys = [{**k, "sop_class": classes.get(k["series"], "")} for k in doc["key_images"]
            if k.get("study") == study and classes.get(k["series"])]
    return {"measurements": measurements, "key_images": keys}
