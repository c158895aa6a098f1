"""dicom.render on real sample files (pydicom's and pydicom-data's), checked against DCMTK."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import tracemalloc
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.pixels import get_decoder

from dicom.render import PRESETS, CannotRender, FrameOutOfRange, frame_count, render

CODEC_FAMILIES = {
    "JPEG baseline": ("1.2.840.10008.1.2.4.50",),
    "JPEG extended 12-bit": ("1.2.840.10008.1.2.4.51",),
    "JPEG lossless": ("1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"),
    "JPEG-LS": ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"),
    "JPEG 2000": ("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"),
    "RLE": ("1.2.840.10008.1.2.5",),
}


def sample(name: str) -> Path:
    path = get_testdata_file(name)
    assert path is not None, f"sample {name} missing: install pydicom-data"
    return Path(path)


def _header(path: Path) -> pydicom.Dataset | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pydicom.dcmread(path, force=True, defer_size=1024)
        except Exception:
            return None


def _image_samples() -> list[Path]:
    files = sorted({Path(f) for f in get_testdata_files() if Path(f).is_file()})
    return [f for f in files if (ds := _header(f)) is not None and "PixelData" in ds]


IMAGE_SAMPLES = _image_samples()


@functools.cache
def rendered(path: Path) -> bytes | CannotRender:
    try:
        return render(path)
    except CannotRender as exc:
        return exc


def pydicom_decodes(path: Path) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            pydicom.dcmread(path, force=True).pixel_array  # noqa: B018
        except Exception:
            return False
    return True


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data))).astype(np.int16)


def dcmtk(path: Path, tmp_path: Path, *options: str) -> np.ndarray:
    # dcmj2pnm is dcm2pnm plus DCMTK's JPEG decoders; same rendering pipeline.
    tool = shutil.which("dcmj2pnm") or shutil.which("dcm2pnm")
    if tool is None:
        pytest.skip("DCMTK not installed")
    out = tmp_path / f"{path.stem}.png"
    subprocess.run([tool, "--write-png", *options, str(path), str(out)], check=True)
    return np.asarray(Image.open(out)).astype(np.int16)


def assert_close(ours: np.ndarray, theirs: np.ndarray, mean: float = 1.0, peak: int = 2) -> None:
    assert ours.shape == theirs.shape
    diff = np.abs(ours - theirs)
    assert diff.mean() <= mean and diff.max() <= peak, (diff.mean(), diff.max())


@pytest.mark.parametrize("path", IMAGE_SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_decodable_sample_renders_a_png_of_its_size(path: Path) -> None:
    result = rendered(path)
    if isinstance(result, CannotRender):
        assert not pydicom_decodes(path), f"pydicom decodes {path.name}, render refused: {result}"
        pytest.skip(f"pydicom cannot decode it either: {result}")
    image = Image.open(io.BytesIO(result))
    image.verify()
    ds = _header(path)
    assert image.format == "PNG"
    assert image.size == (ds.Columns, ds.Rows)


def test_rendered_samples_cover_every_codec() -> None:
    families: Counter[str] = Counter()
    refused = [p.name for p in IMAGE_SAMPLES if isinstance(rendered(p), CannotRender)]
    for path in IMAGE_SAMPLES:
        if not isinstance(rendered(path), CannotRender):
            syntax = str(_header(path).file_meta.get("TransferSyntaxUID", ""))
            families.update(f for f, uids in CODEC_FAMILIES.items() if syntax in uids)
    assert len(IMAGE_SAMPLES) - len(refused) >= 140, refused
    assert len(refused) <= 8, refused
    assert set(families) == set(CODEC_FAMILIES), families


@pytest.mark.parametrize("window", [(40.0, 400.0), (-600.0, 1500.0), (1000.0, 1.0)])
def test_ct_window_matches_dcmtk(window: tuple[float, float], tmp_path: Path) -> None:
    ct = sample("CT_small.dcm")
    theirs = dcmtk(ct, tmp_path, "--set-window", *map(str, window))
    assert_close(pixels(render(ct, window=window)), theirs)


@pytest.mark.parametrize("name", ["MR_small.dcm", "693_UNCR.dcm", "RG3_UNCR.dcm"])
def test_file_window_matches_dcmtk(name: str, tmp_path: Path) -> None:
    path = sample(name)
    assert_close(pixels(render(path)), dcmtk(path, tmp_path, "--use-window", "1"))


def test_voi_lut_sequence_matches_dcmtk(tmp_path: Path) -> None:
    path = sample("vlut_04.dcm")
    assert_close(pixels(render(path)), dcmtk(path, tmp_path, "--use-voi-lut", "1"))


def test_monochrome1_chest_cr_is_inverted_like_dcmtk(tmp_path: Path) -> None:
    cr = sample("RG1_UNCR.dcm")
    assert pydicom.dcmread(cr, stop_before_pixels=True).PhotometricInterpretation == "MONOCHROME1"
    ours = pixels(render(cr, window=(12000.0, 8000.0)))
    assert_close(ours, dcmtk(cr, tmp_path, "--set-window", "12000", "8000"))
    stored = pydicom.dcmread(cr).pixel_array.astype(np.float64)
    # MONOCHROME1: higher stored values are darker.
    assert np.corrcoef(stored.ravel(), ours.ravel())[0, 1] < -0.9


def test_colour_samples_match_dcmtk(tmp_path: Path) -> None:
    for name in ["SC_rgb_jpeg_dcmtk.dcm", "examples_ybr_color.dcm", "SC_ybr_full_uncompressed.dcm"]:
        path = sample(name)
        # YCbCr→RGB and JPEG upsampling differ by a few levels between libjpeg builds.
        assert_close(pixels(render(path)), dcmtk(path, tmp_path), peak=4)
    for name in ["OBXXXX1A.dcm", "examples_palette.dcm", "SC_rgb_16bit.dcm", "US1_UNCR.dcm"]:
        path = sample(name)
        assert_close(pixels(render(path)), dcmtk(path, tmp_path), mean=0.0, peak=0)


def test_auto_window_uses_percentiles_not_min_max(tmp_path: Path) -> None:
    ct = sample("CT_small.dcm")
    auto = pixels(render(ct))
    min_max = dcmtk(ct, tmp_path, "--min-max-window")
    assert np.abs(auto - min_max).mean() > 5
    # Clipping 0.5 % at each end spreads the remaining values over more grays.
    assert auto.std() > min_max.std()
    assert (auto == 0).mean() >= 0.004 and (auto == 255).mean() >= 0.004


def test_presets_give_different_images_and_explicit_window_wins() -> None:
    ct = sample("CT_small.dcm")
    images = {name: render(ct, preset=name) for name in PRESETS}
    assert len(set(images.values())) == len(PRESETS)
    assert render(ct, preset="lung") == render(ct, window=PRESETS["lung"])
    assert render(ct, window=(40, 80), preset="bone") == images["brain"]


def test_jpeg_output_and_quality() -> None:
    ct = sample("CT_small.dcm")
    high, low = render(ct, fmt="jpeg", quality=95), render(ct, fmt="JPG", quality=20)
    assert high[:2] == b"\xff\xd8" and low[:2] == b"\xff\xd8"
    assert Image.open(io.BytesIO(high)).format == "JPEG"
    assert len(low) < len(high)
    colour = Image.open(io.BytesIO(render(sample("US1_J2KR.dcm"), fmt="jpeg")))
    assert colour.mode == "RGB" and colour.size == (640, 480)


def test_size_downscales_keeping_aspect() -> None:
    assert Image.open(io.BytesIO(render(sample("CT_small.dcm"), size=64))).size == (64, 64)
    wide = Image.open(io.BytesIO(render(sample("JPEG2000.dcm"), size=128)))
    assert wide.size == (32, 128)  # 256 columns × 1024 rows
    assert Image.open(io.BytesIO(render(sample("CT_small.dcm"), size=4096))).size == (128, 128)


def test_non_images_and_garbage_raise_cannot_render(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.dcm"
    garbage.write_bytes(np.random.default_rng(7).bytes(5000))
    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    text = tmp_path / "note.dcm"
    text.write_text("not a DICOM file at all\n" * 50)
    truncated = tmp_path / "truncated.dcm"
    truncated.write_bytes(sample("CT_small.dcm").read_bytes()[:1500])
    for path in [sample("waveform_ecg.dcm"), sample("rtplan.dcm"), garbage, empty, text]:
        with pytest.raises(CannotRender):
            render(path)
        with pytest.raises(CannotRender):
            frame_count(path)
    with pytest.raises(CannotRender):
        render(truncated)


@pytest.mark.parametrize(
    "name", ["emri_small.dcm", "emri_small_RLE.dcm", "emri_small_jpeg_2k_lossless.dcm"]
)
def test_multiframe_frames_differ_and_out_of_range_raises(name: str) -> None:
    path = sample(name)
    assert frame_count(path) == 10
    assert render(path, frame=0) != render(path, frame=1)
    render(path, frame=9)
    for bad in (10, -1):
        with pytest.raises(FrameOutOfRange) as caught:
            render(path, frame=bad)
        assert isinstance(caught.value, IndexError)


def test_single_frame_count_and_range() -> None:
    assert frame_count(sample("CT_small.dcm")) == 1
    with pytest.raises(IndexError):
        render(sample("CT_small.dcm"), frame=1)


def test_decodes_one_frame_not_the_whole_cine() -> None:
    cine = sample("color3d_jpeg_baseline.dcm")  # 120 frames × 640×480 RGB ≈ 110 MB decoded
    assert frame_count(cine) == 120
    tracemalloc.start()
    try:
        render(cine, frame=60)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, peak


def test_pydicom_uses_the_pylibjpeg_plugins() -> None:
    for syntax in [uid for uids in CODEC_FAMILIES.values() for uid in uids]:
        decoder = get_decoder(syntax)
        assert decoder.is_available, syntax
        assert "pylibjpeg" in decoder.available_plugins, syntax


def test_unusable_file_window_falls_back_to_auto(tmp_path: Path) -> None:
    ct = sample("CT_small.dcm")
    ds = pydicom.dcmread(ct)
    ds.WindowCenter, ds.WindowWidth = "", "400"
    broken = tmp_path / "ct.dcm"
    ds.save_as(broken)
    assert pixels(render(broken)).tolist() == pixels(render(ct)).tolist()
    ds.WindowCenter, ds.WindowWidth = [40, 500], [400, 1500]
    ds.save_as(broken)
    assert render(broken) == render(ct, window=(40, 400))


def test_bad_arguments_are_plain_value_errors() -> None:
    ct = sample("CT_small.dcm")
    for kwargs in ({"preset": "liver"}, {"fmt": "gif"}, {"window": (40, 0)}, {"size": 0}):
        with pytest.raises(ValueError) as caught:
            render(ct, **kwargs)
        assert not isinstance(caught.value, CannotRender)


def test_enhanced_ct_uses_functional_group_rescale_and_voi(tmp_path: Path) -> None:
    """eCT_Supplemental keeps Rescale/VOI only in the functional groups (issue 12 item 1)."""
    path = sample("eCT_Supplemental.dcm")
    ours = pixels(render(path, preset="brain"))
    assert len(np.unique(ours)) > 50  # not the near-white, 3-grey image of stored values
    assert_close(ours, dcmtk(path, tmp_path, "--set-window", "40", "80"), mean=1.0, peak=2)
    # the default window is the frame's own Frame VOI LUT (49/102), not an automatic one
    assert render(path) == render(path, window=(49.0, 102.0))
    assert_close(pixels(render(path, frame=1, preset="brain")),
                 dcmtk(path, tmp_path, "--set-window", "40", "80", "--frame", "2"))


@pytest.mark.parametrize("name", ["examples_overlay.dcm", "MR-SIEMENS-DICOM-WithOverlays.dcm"])
def test_overlays_are_drawn_like_dcmtk(name: str, tmp_path: Path) -> None:
    path = sample(name)
    ds = pydicom.dcmread(path)
    plane = ds.overlay_array(0x6000).astype(bool)
    top, left = (int(v) - 1 for v in ds[0x6000, 0x0050].value)
    region = (slice(top, top + plane.shape[0]), slice(left, left + plane.shape[1]))
    ours = pixels(render(path, window=(500.0, 1000.0)))
    theirs = dcmtk(path, tmp_path, "--set-window", "500", "1000")
    assert (ours[region][plane] == 255).all() and (theirs[region][plane] == 255).all()
    assert_close(ours, theirs)


def test_palette_scaled_by_descriptor_bits(tmp_path: Path) -> None:
    """A 16-bit palette whose entries stop at half scale renders half as bright (item 9)."""
    ds = pydicom.dcmread(sample("OBXXXX1A.dcm"))
    assert ds.PhotometricInterpretation == "PALETTE COLOR"
    half = np.arange(256, dtype=np.uint16) * 128  # 0 … 32640 of 65535
    for colour in ("Red", "Green", "Blue"):
        setattr(ds, f"{colour}PaletteColorLookupTableDescriptor", [256, 0, 16])
        setattr(ds, f"{colour}PaletteColorLookupTableData", half.tobytes())
    path = tmp_path / "half_palette.dcm"
    ds.save_as(path)
    ours = pixels(render(path))
    assert ours.max() <= 128
    assert_close(ours, dcmtk(path, tmp_path))
