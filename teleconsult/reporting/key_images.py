"""A report's key images: the KOS archived with the study, the pictures in the PDF."""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from dicom import kos
from dicom.render import render
from teleconsult.reporting.reports import archived_or_built
from teleconsult.store.files import Storage

log = logging.getLogger(__name__)
MAX_PDF_PICTURES = 6


def kos_path(storage: Storage, report: dict) -> Path:
    """Where the report's KOS lives once archived with its study."""
    series_uid, sop_uid = kos.kos_uids(report)
    return storage.instance_path(report["study_instance_uid"], series_uid, sop_uid)


def kos_bytes(storage: Storage, report: dict, organisation: str, tz: ZoneInfo) -> bytes:
    """The archived KOS if there is one, else built now (the report must have key images)."""
    return archived_or_built(storage, report, kos_path(storage, report), lambda record: (
        kos.kos_bytes(report, record, organisation=organisation, tz=tz)))


def pictures(storage: Storage, report: dict) -> list[tuple[bytes, str]]:
    """PNG and caption of each key image (at most ``MAX_PDF_PICTURES``) for the PDF."""
    out = []
    for key in report.get("key_images", [])[:MAX_PDF_PICTURES]:
        path = storage.instance_path(report["study_instance_uid"], key["series"], key["sop"])
        try:
            png = render(path, frame=key.get("frame", 1) - 1, size=900)
        except Exception as exc:  # noqa: BLE001 - the report prints without that picture
            log.info("no key image %s for report %s: %s", key["sop"], report["report_id"],
                     type(exc).__name__)
            continue
        out.append((png, f"关键图像 Key image — 图像 Image {key.get('image_number') or ''}"))
    return out
