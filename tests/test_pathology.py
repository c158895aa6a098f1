"""Pathology: a generated multi-level whole-slide image (VL Whole Slide Microscopy Image
Storage, TILED_FULL, JPEG tiles) sent by DCMTK's storescu and by STOW-RS, kept as sent,
routed to the ``pathology`` specialty (a frozen section STAT), and its tiles served one by
one by WADO-RS frames as the scanner encoded them."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.encaps import get_frame

from tests.test_dicom_ingress import dcmtk, scp, start  # noqa: F401 - the running SCP
from tests.test_dicomweb import base, client  # noqa: F401 - the running app
from tests.test_pipeline import drain, worklists
from tests.wsi import make_slide

pytestmark = pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK not installed")


def _same_tiles(sent: Path, stored: Path) -> None:
    a, b = dcmread(sent), dcmread(stored)
    assert b.file_meta.TransferSyntaxUID == a.file_meta.TransferSyntaxUID
    n = int(a.NumberOfFrames)
    for i in range(n):
        assert get_frame(b.PixelData, i, number_of_frames=n) == \
            get_frame(a.PixelData, i, number_of_frames=n)


async def test_slide_by_c_store_is_kept_and_routed_to_pathology(
        scp, settings, tmp_path, aiohttp_client) -> None:  # noqa: ANN001, F811
    from teleconsult.web.app import create_app

    paths = make_slide(tmp_path)
    # -R -xy: the slide's class with its JPEG syntax (storescu's default list has no WSI)
    done = dcmtk("storescu", scp.port, "-R", "-xy", *map(str, paths))
    assert done.returncode == 0, done.stderr
    stored = scp.stored()
    assert len(stored) == 3
    by_sop = {dcmread(p, stop_before_pixels=True).SOPInstanceUID: p for p in stored}
    for path in paths:
        _same_tiles(path, by_sop[dcmread(path, stop_before_pixels=True).SOPInstanceUID])
    await drain(settings)
    http = await aiohttp_client(create_app(settings))
    lists = await worklists(http, "path-sun", "rad-li")
    (item,) = lists["path-sun"]
    assert item["specialty"] == "pathology" and item["modality"] == "SM"
    assert item["priority"] == "routine"
    assert lists["rad-li"] == []  # a slide never lands on a radiologist


async def test_frozen_section_is_stat(scp, settings, tmp_path, aiohttp_client) -> None:  # noqa: ANN001, F811
    from teleconsult.web.app import create_app

    paths = make_slide(tmp_path, base=512, levels=2, description="术中冰冻 乳腺肿物")
    assert dcmtk("storescu", scp.port, "-R", "-xy", *map(str, paths)).returncode == 0
    await drain(settings)
    http = await aiohttp_client(create_app(settings))
    (item,) = (await worklists(http, "path-sun"))["path-sun"]
    assert item["priority"] == "stat"


async def test_slide_by_stow_and_tiles_by_wado_frames(base, tmp_path) -> None:  # noqa: ANN001, F811
    paths = make_slide(tmp_path)
    datasets = [dcmread(p) for p in paths]
    result = await asyncio.to_thread(client(base, "futian").store_instances, datasets)
    assert "FailedSOPSequence" not in result
    level0 = datasets[0]
    # a viewer asks for the tiles in view only: frames 6 and 7 of the 4×4 base level
    got = await asyncio.to_thread(
        client(base, "futian").retrieve_instance_frames, level0.StudyInstanceUID,
        level0.SeriesInstanceUID, level0.SOPInstanceUID, [6, 7], media_types=("image/jpeg",))
    assert got == [get_frame(level0.PixelData, i, number_of_frames=16) for i in (5, 6)]
    assert got[0][:2] == b"\xff\xd8"  # the JPEG as the scanner made it, not re-encoded
