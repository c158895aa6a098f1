"""The rules the completeness walk applies once it has the top-level values (pure, no
files but two): are an image's pixels all there, and is an element repeated or out of
order. ``pixel_shortfall`` is given the values as (offset, length) and a read function."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from dicom.completeness import Malformed, check_complete, pixel_shortfall
from tests.test_ingress_malformed import _duplicated_patient_id, _out_of_order

ROWS, COLUMNS, BITS, SAMPLES, FRAMES, PHOTOMETRIC = (0x00280010, 0x00280011, 0x00280100,
                                                     0x00280002, 0x00280008, 0x00280004)
PIXELS, FLOAT_PIXELS, DOUBLE_PIXELS = 0x7FE00010, 0x7FE00008, 0x7FE00009
UNDEFINED = 0xFFFFFFFF


def image(big: bool = False, pixels: tuple[int, int] | None = None, **values):
    """(read, top) for an image with these top-level values: ints are US, str are text
    (IS, CS), bytes as they are; ``pixels`` = (tag, length) of its pixel element."""
    tags = {"rows": ROWS, "columns": COLUMNS, "bits": BITS, "samples": SAMPLES,
            "frames": FRAMES, "photometric": PHOTOMETRIC}
    data, top = b"", {}
    for key, value in values.items():
        if isinstance(value, int):
            raw = struct.pack(">H" if big else "<H", value)
        else:
            raw = value.encode() if isinstance(value, str) else value
        top[tags[key]] = (len(data), len(raw))
        data += raw
    if pixels:
        top[pixels[0]] = (len(data), pixels[1])
    return (lambda at, n: data[at:at + n]), top


def short(*args, native: bool = True, big: bool = False, **kw) -> str | None:
    read, top = image(*args, big=big, **kw)
    return pixel_shortfall(read, top, native, big)


def test_pixels_exactly_as_many_as_rows_columns_samples_bits_frames_need():
    assert short(rows=4, columns=3, bits=16, pixels=(PIXELS, 24)) is None
    assert short(rows=4, columns=3, bits=16, pixels=(PIXELS, 23)) == (
        "the Pixel Data holds 23 bytes, 4x3x1x16 bits x 1 frame(s) need 24")
    assert short(rows=4, columns=3, bits=16, samples=3, frames="2",
                 pixels=(PIXELS, 143)).endswith("4x3x3x16 bits x 2 frame(s) need 144")
    assert short(rows=4, columns=3, bits=16, samples=3, frames="2",
                 pixels=(PIXELS, 144)) is None


def test_bits_round_up_to_whole_bytes():
    assert short(rows=3, columns=3, bits=1, pixels=(PIXELS, 2)) is None  # 9 bits: 2 bytes
    assert short(rows=3, columns=3, bits=1, pixels=(PIXELS, 1)).endswith("need 2")
    assert short(rows=2, columns=4, bits=1, pixels=(PIXELS, 1)) is None  # 8 bits: 1 byte


def test_numbers_are_read_in_the_files_byte_order():
    # 0x0100 big-endian is 256 rows: 256 x 1 x 8 bits need 256 bytes
    assert short(big=True, rows=256, columns=1, bits=8, pixels=(PIXELS, 255)).endswith(
        "need 256")
    assert short(big=True, rows=256, columns=1, bits=8, pixels=(PIXELS, 256)) is None


@pytest.mark.parametrize("frames,need", [("3", 36), ("3 ", 36), ("3\x00", 36), (" 2", 24),
                                         ("x", 12), ("", 12), ("1.5", 12)])
def test_number_of_frames_is_a_padded_integer_string_else_one(frames, need):
    got = short(rows=2, columns=3, bits=16, frames=frames, pixels=(PIXELS, 1))
    assert got.endswith(f"need {need}")


def test_a_value_too_long_to_be_one_number_is_not_believed():
    # Rows given 17 bytes of text: not a single US: not an image as far as the check goes
    assert short(rows=b"\x02\x00" + b" " * 15, columns=2, bits=8, pixels=(PIXELS, 1)) is None
    assert short(rows=b"\x02\x00" + b" " * 14, columns=2, bits=8,
                 pixels=(PIXELS, 1)).endswith("need 4")  # 16 bytes: the first two count
    assert short(rows=b"\x02", columns=2, bits=8, pixels=(PIXELS, 1)) is None  # 1 byte


def test_a_number_of_undefined_length_is_not_believed():
    read, top = image(columns=2, bits=8, pixels=(PIXELS, 1))
    top[ROWS] = (0, UNDEFINED)
    assert pixel_shortfall(read, top, True) is None


@pytest.mark.parametrize("missing", ["rows", "columns", "bits"])
def test_without_rows_columns_or_bits_it_is_not_an_image(missing):
    values = {"rows": 2, "columns": 2, "bits": 8}
    assert short(pixels=(PIXELS, 1), **{k: v for k, v in values.items() if k != missing}) \
        is None
    assert short(pixels=(PIXELS, 1), **dict(values, **{missing: 0})) is None


def test_an_image_needs_its_pixel_data_and_not_an_empty_one():
    assert short(rows=2, columns=2, bits=8) == "the image (Rows, Columns) has no Pixel Data"
    assert short(rows=2, columns=2, bits=8, pixels=(PIXELS, 0)) == "the Pixel Data is empty"
    assert short(rows=2, columns=2, bits=8, pixels=(PIXELS, 0), native=False) \
        == "the Pixel Data is empty"


@pytest.mark.parametrize("tag", [FLOAT_PIXELS, DOUBLE_PIXELS])
def test_float_pixel_data_counts_as_pixel_data(tag):
    assert short(rows=2, columns=2, bits=32, pixels=(tag, 16)) is None
    assert short(rows=2, columns=2, bits=32, pixels=(tag, 15)).endswith("need 16")


def test_encapsulated_pixels_are_not_counted_here():
    assert short(rows=2, columns=2, bits=8, pixels=(PIXELS, 1), native=False) is None
    assert short(rows=2, columns=2, bits=8, pixels=(PIXELS, UNDEFINED)) is None


def test_ybr_full_422_holds_two_samples_a_pixel():
    ybr = dict(rows=2, columns=2, bits=8, samples=3)
    assert short(photometric="YBR_FULL_422", pixels=(PIXELS, 8), **ybr) is None
    assert short(photometric="YBR_FULL_422", pixels=(PIXELS, 7), **ybr).endswith("need 8")
    assert short(photometric="YBR_FULL", pixels=(PIXELS, 8), **ybr).endswith("need 12")
    assert short(photometric="RGB", pixels=(PIXELS, 12), **ybr) is None
    # one sample with that photometric is not halved; a value too long is not read
    assert short(photometric="YBR_FULL_422", pixels=(PIXELS, 3), rows=2, columns=2, bits=8
                 ).endswith("need 4")
    assert short(photometric="YBR_FULL_422" + " " * 5, pixels=(PIXELS, 8), **ybr).endswith(
        "need 12")


def test_a_repeated_or_out_of_order_element_is_named(tmp_path: Path):
    with pytest.raises(Malformed, match=r"^element \(0010,0020\) is repeated$"):
        check_complete(_duplicated_patient_id(tmp_path))
    with pytest.raises(Malformed, match=r"^element \(0010,0010\) is out of order$"):
        check_complete(_out_of_order(tmp_path))


@pytest.mark.parametrize("frames", [b"2\xff", "2X", "X2"])
def test_number_of_frames_with_other_characters_is_one_frame(frames):
    assert short(rows=2, columns=3, bits=16, frames=frames, pixels=(PIXELS, 1)).endswith(
        "x 1 frame(s) need 12")


def test_samples_per_pixel_is_read_in_the_files_byte_order_too():
    assert short(big=True, rows=2, columns=2, bits=8, samples=3, pixels=(PIXELS, 11)) \
        .endswith("2x2x3x8 bits x 1 frame(s) need 12")


def test_a_photometric_value_of_sixteen_bytes_is_read():
    ybr = dict(rows=2, columns=2, bits=8, samples=3)
    padded = "YBR_FULL_422" + " " * 4  # 16 bytes: the longest CS value
    assert short(photometric=padded, pixels=(PIXELS, 8), **ybr) is None
