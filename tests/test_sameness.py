"""When a re-sent instance is the one already stored (``dicom.sameness``): the rules in
words, on pydicom's OBXXXX1A (a palette-colour US image with OW lookup tables, a sequence
and private elements) and copies of it made here. No peers: files in, True or False out."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.sameness import same_instance

OB = get_testdata_file("OBXXXX1A.dcm")  # Explicit VR Little Endian, LossyImageCompression 00
OB_BE = get_testdata_file("OBXXXX1A_expb.dcm")  # the same instance, Explicit VR Big Endian
pytestmark = pytest.mark.skipif(OB is None or OB_BE is None, reason="needs pydicom-data")


def copy(tmp: Path, name: str, change=None, preamble: bool = True) -> Path:
    ds = dcmread(OB)
    if change:
        change(ds)
    if not preamble:
        ds.preamble = None
    path = tmp / name
    ds.save_as(path)
    return path


def same(a: Path | str, b: Path | str) -> bool:
    result = same_instance(Path(a), Path(b))
    assert same_instance(Path(b), Path(a)) is result  # the order never matters
    return result


def test_the_same_instance_in_big_endian_is_the_same_lookup_tables_as_numbers():
    assert same(OB, OB_BE)
    assert same(OB_BE, OB_BE)


def test_a_changed_lookup_table_word_is_a_difference_in_either_byte_order(tmp_path):
    def flip(ds):
        lut = bytearray(ds.RedPaletteColorLookupTableData)
        lut[3] ^= 1
        ds.RedPaletteColorLookupTableData = bytes(lut)
    changed = copy(tmp_path, "lut.dcm", flip)
    assert not same(OB, changed) and not same(OB_BE, changed)


def test_a_change_inside_a_sequence_item_is_a_difference(tmp_path):
    def region(ds):
        ds.SequenceOfUltrasoundRegions[0].RegionDataType += 1
    assert not same(OB, copy(tmp_path, "sq.dcm", region))


def test_lossy_compression_00_says_no_more_than_its_absence_and_only_it(tmp_path):
    assert dcmread(OB).LossyImageCompression == "00"

    def without(ds):
        del ds.LossyImageCompression
    assert same(OB, copy(tmp_path, "no-lossy.dcm", without))

    def lossy(ds):
        ds.LossyImageCompression = "01"
    assert not same(OB, copy(tmp_path, "lossy.dcm", lossy))

    def other_00(ds):  # another attribute that happens to read "00" is content
        ds.PatientID = "00"
    assert not same(copy(tmp_path, "no-id.dcm", lambda ds: delattr(ds, "PatientID")),
                    copy(tmp_path, "id-00.dcm", other_00))

    def later_change(ds):  # attributes after Lossy Image Compression still count
        ds.PerformedProcedureStepDescription = "something else"
    assert not same(OB, copy(tmp_path, "later.dcm", later_change))


@pytest.mark.parametrize("a,b,equal", [
    (b"\x01\x02", b"\x01\x02\x00", True),  # trailing NUL: padding
    (b"\x01\x02", b"\x01\x02 ", True),  # trailing space: padding
    (b"\x01\x02", b"\x00\x01\x02", False),  # a leading NUL is content
    (b"\x01\x02", b"\x01\x02X", False),  # only NUL and space are padding
])
def test_only_trailing_nuls_and_spaces_are_padding(tmp_path, a, b, equal):
    def value(v):
        return lambda ds: setattr(ds, "EncapsulatedDocument", v)  # an OB attribute
    assert same(copy(tmp_path, "a.dcm", value(a)), copy(tmp_path, "b.dcm", value(b))) is equal


def test_files_without_a_preamble_are_read_too(tmp_path):
    bare = copy(tmp_path, "bare.dcm", preamble=False)
    assert bare.read_bytes()[128:132] != b"DICM"
    assert same(OB, bare)


def test_pixels_present_on_one_side_only_is_a_difference(tmp_path):
    def no_pixels(ds):
        del ds.PixelData
    without = copy(tmp_path, "nopix.dcm", no_pixels)
    assert not same(OB, without)
    assert same(without, copy(tmp_path, "nopix2.dcm", no_pixels))  # neither: attributes


def test_a_file_that_cannot_be_read_is_never_the_same(tmp_path):
    assert not same(OB, tmp_path / "missing.dcm")
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"\x00" * 10)
    assert not same(OB, junk)


def _dcmconv(*args: str) -> None:
    done = subprocess.run(["dcmconv", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("dcmconv") is None, reason="needs DCMTK")
def test_group_lengths_written_by_dcmtk_are_bookkeeping(tmp_path):
    with_lengths = tmp_path / "gl.dcm"
    _dcmconv("+g", OB, str(with_lengths))  # every group with its (gggg,0000) length
    assert 0x00080000 in dcmread(with_lengths)
    assert same(OB, with_lengths)
    other = copy(tmp_path, "other.dcm", lambda ds: setattr(ds, "PatientID", "SOMEONE-ELSE"))
    other_with_lengths = tmp_path / "other-gl.dcm"
    _dcmconv("+g", str(other), str(other_with_lengths))
    assert not same(with_lengths, other_with_lengths)


@pytest.mark.skipif(shutil.which("dcmconv") is None, reason="needs DCMTK")
def test_words_inside_sequence_items_are_numbers_in_either_byte_order(tmp_path):
    def lut_in_item(ds):
        ds.SequenceOfUltrasoundRegions[0].RedPaletteColorLookupTableData = \
            ds.RedPaletteColorLookupTableData
    little = copy(tmp_path, "item.dcm", lut_in_item)
    big = tmp_path / "item-be.dcm"
    _dcmconv("+tb", str(little), str(big))  # DCMTK swaps the OW words
    assert dcmread(big).SequenceOfUltrasoundRegions[0].RedPaletteColorLookupTableData != \
        dcmread(little).SequenceOfUltrasoundRegions[0].RedPaletteColorLookupTableData
    assert same(little, big)
    assert not same(OB, big)
