"""The completeness header walk on small crafted streams (pure and fast, for mutation
testing): a whole stream is whole in every encoding, a stream cut anywhere but between two
top-level elements is incomplete with words that say where, and both implementations (the
one-loop ``_flat`` and the recursive ``_Walk``) say the same. The slow corpus test
(tests/test_completeness.py) checks the same agreement on every pydicom sample."""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pydicom
import pytest
from pydicom import Dataset, FileMetaDataset, Sequence
from pydicom.encaps import encapsulate
from pydicom.filebase import DicomBytesIO

from dicom import completeness
from dicom.completeness import Incomplete, Malformed, check_complete

EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE = ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2",
                                         "1.2.840.10008.1.2.2")
DEFLATED, JPEG = "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.50"
SYNTAX = {(False, False): EXPLICIT_LE, (True, False): IMPLICIT_LE, (False, True): EXPLICIT_BE}
ENCODINGS = [(False, False), (True, False), (False, True)]  # (implicit, big)


def encode(ds: Dataset, implicit: bool = False, big: bool = False) -> bytes:
    """The dataset alone, as pydicom writes it."""
    out = DicomBytesIO()
    pydicom.dcmwrite(out, ds, implicit_vr=implicit, little_endian=not big)
    return out.getvalue()


def part10(ds: Dataset, syntax: str) -> bytes:
    """Preamble, DICM, file meta (explicit VR little endian) and the dataset."""
    ds = ds.copy()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = "1.2.3.4.5"
    ds.preamble = b"\0" * 128
    out = DicomBytesIO()
    pydicom.dcmwrite(out, ds, enforce_file_format=True)
    return out.getvalue()


def with_meta(data: bytes, syntax: str) -> bytes:
    """Preamble and file meta before an already encoded dataset."""
    meta = part10(Dataset(), syntax)
    return meta + data


def item(undefined: bool = False, **values) -> Dataset:
    ds = Dataset()
    for k, v in values.items():
        setattr(ds, k, v)
    ds.is_undefined_length_sequence_item = undefined
    return ds


def study() -> Dataset:
    """Short and long VRs, a defined-length sequence, an undefined-length sequence with a
    defined-length and an undefined-length item, text after it."""
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4.5"
    ds.ReferencedStudySequence = Sequence([item(CodeValue="1", CodeMeaning="one"),
                                           item(True, CodeValue="22", CodeMeaning="two")])
    ds["ReferencedStudySequence"].is_undefined_length = True
    ds.ReferencedImageSequence = Sequence([item(ReferencedSOPInstanceUID="1.2.3")])
    ds.PatientName = "Zhang^San"
    ds.PatientID = "P0001"
    ds.add_new(0x00111010, "OB", b"\x01\x02\x03\x04")  # a long VR, no sequence
    ds.TextValue = "a finding"  # UT, a 4-byte length
    return ds


def image(fragments: tuple[bytes, ...] = (b"\xff\xd8" * 5, b"\xff\xd9" * 3),
          raw: bytes | None = None) -> Dataset:
    """An encapsulated image: these fragments after an offset table, or ``raw`` items."""
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4.6"
    ds.SamplesPerPixel = 1
    ds.Rows, ds.Columns, ds.BitsAllocated = 2, 2, 8
    ds.PixelData = encapsulate(list(fragments)) if raw is None else raw
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    return ds


def native(rows: int = 2, columns: int = 3, pixels: bytes | None = None) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4.7"
    ds.SamplesPerPixel = 1
    ds.Rows, ds.Columns, ds.BitsAllocated = rows, columns, 16
    ds.PixelData = bytes(range(rows * columns * 2)) if pixels is None else pixels
    ds["PixelData"].VR = "OW"
    return ds


def top_boundaries(ds: Dataset, implicit: bool = False, big: bool = False) -> set[int]:
    """Offsets (in the dataset alone) between two top-level elements, from pydicom."""
    cuts, part = {0}, Dataset()
    for elem in ds:
        part.add(elem)
        cuts.add(len(encode(part, implicit, big)))
    return cuts


def _verdict(path: Path) -> str | None:
    try:
        check_complete(path)
    except Malformed as exc:
        return f"malformed: {exc}"
    except Incomplete as exc:
        return str(exc)
    return None


@contextmanager
def _recursive_only() -> Iterator[None]:
    def fall_back(*_args: object) -> None:
        raise completeness._Fallback()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(completeness, "_flat", fall_back)
        yield


def verdicts(data: bytes, tmp_path: Path) -> tuple[str | None, str | None]:
    """What check_complete says of these bytes, and what the recursive walk alone says."""
    path = tmp_path / "f.dcm"
    path.write_bytes(data)
    first = _verdict(path)
    with _recursive_only():
        return first, _verdict(path)


def verdict(data: bytes, tmp_path: Path) -> str | None:
    """One verdict, after checking that both walks give it."""
    first, second = verdicts(data, tmp_path)
    assert first == second, (first, second)
    return first


def flat(data: bytes, implicit: bool = False) -> str | dict:
    """``_flat`` on a raw dataset: its top-level pixel values, or its words."""
    try:
        return completeness._flat(data, 0, len(data), implicit)
    except completeness._Fallback:
        return "fallback"
    except Incomplete as exc:
        return str(exc)


def walk(data: bytes, tmp_path: Path, implicit: bool = False, big: bool = False):
    """The recursive walk on a raw dataset: (end, top) or its words."""
    path = tmp_path / "raw"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        w = completeness._Walk(fd, len(data), implicit, big)
        return w.dataset(0, implicit, 0, None), w.top
    except completeness._Unsure:
        return "unsure"
    except Incomplete as exc:
        return str(exc)
    finally:
        os.close(fd)


def at(data: bytes, tag: int, big: bool = False, start: int = 0) -> int:
    """Offset of the element header with this tag (first match from ``start``)."""
    return data.index(struct.pack(">HH" if big else "<HH", tag >> 16, tag & 0xFFFF), start)


# --- whole streams ----------------------------------------------------------------------


@pytest.mark.parametrize("implicit,big", ENCODINGS)
def test_a_whole_file_is_whole_in_every_encoding(implicit, big, tmp_path):
    for ds in (study(), native()):
        assert verdict(part10(ds, SYNTAX[implicit, big]), tmp_path) is None


def test_whole_encapsulated_pixel_data_with_fragments_is_whole(tmp_path):
    assert verdict(part10(image(), JPEG), tmp_path) is None


def test_a_whole_raw_dataset_is_walked_to_its_end_by_both_walks(tmp_path):
    for implicit, big in ENCODINGS:
        data = encode(study(), implicit, big)
        end, top = walk(data, tmp_path, implicit, big)
        assert end == len(data) and top == {}
        if not big:
            assert flat(data, implicit) == {}


def test_both_walks_hand_back_the_top_level_pixel_values_where_they_are(tmp_path):
    for implicit in (False, True):
        data = encode(native(), implicit)
        rows = at(data, 0x00280010) + 8
        pixels = at(data, 0x7FE00010) + (8 if implicit else 12)
        expected = {0x00280002: (rows - 10, 2), 0x00280010: (rows, 2),
                    0x00280011: (rows + 10, 2), 0x00280100: (rows + 20, 2),
                    0x7FE00010: (pixels, 12)}
        assert flat(data, implicit) == expected
        assert walk(data, tmp_path, implicit) == (len(data), expected)


def test_pixel_values_inside_an_item_are_not_the_images(tmp_path):
    inner = item(True, Rows=4, Columns=4, BitsAllocated=8)
    ds = Dataset()
    ds.ReferencedStudySequence = Sequence([inner])
    ds["ReferencedStudySequence"].is_undefined_length = True
    for implicit in (False, True):
        data = encode(ds, implicit)
        assert flat(data, implicit) == {}
        assert walk(data, tmp_path, implicit) == (len(data), {})
        assert verdict(with_meta(data, SYNTAX[implicit, False]), tmp_path) is None


def test_a_big_endian_image_reads_its_numbers_big_endian(tmp_path):
    assert verdict(part10(native(), EXPLICIT_BE), tmp_path) is None
    short = native(pixels=bytes(10))
    assert verdict(part10(short, EXPLICIT_BE), tmp_path) == (
        "malformed: the Pixel Data holds 10 bytes, 2x3x1x16 bits x 1 frame(s) need 12")


# --- cuts -------------------------------------------------------------------------------


@pytest.mark.parametrize("implicit,big", ENCODINGS)
def test_a_cut_anywhere_but_between_top_level_elements_is_incomplete(implicit, big,
                                                                     tmp_path):
    ds = study()
    data = part10(ds, SYNTAX[implicit, big])
    start = len(data) - len(encode(ds, implicit, big))
    whole = {start + b for b in top_boundaries(ds, implicit, big)}
    for keep in range(start, len(data)):
        said = verdict(data[:keep], tmp_path)
        if keep in whole:
            assert said is None, keep
        else:
            assert said is not None and not said.startswith("malformed"), keep


def test_a_cut_image_is_incomplete_or_missing_its_pixels(tmp_path):
    ds = image()
    data = part10(ds, JPEG)
    start = len(data) - len(encode(ds))
    whole = {start + b for b in top_boundaries(ds)}
    pixels = at(data, 0x7FE00010)
    for keep in range(start, len(data)):
        said = verdict(data[:keep], tmp_path)
        if keep in whole and keep <= at(data, 0x00280100):
            assert said is None, keep  # not an image yet: no Bits Allocated
        elif keep in whole:
            assert said == "malformed: the image (Rows, Columns) has no Pixel Data", keep
        else:
            assert said is not None and not said.startswith("malformed"), keep
    assert keep > pixels


def test_a_cut_header_says_where_the_header_starts(tmp_path):
    for implicit, big in ENCODINGS:
        data = part10(study(), SYNTAX[implicit, big])
        name = at(data, 0x00100010, big)
        for keep in range(name + 1, name + 8):
            assert verdict(data[:keep], tmp_path) == (
                f"an element header at byte {name} is cut off")


def test_a_cut_in_a_4_byte_length_says_where_the_length_starts(tmp_path):
    for big in (False, True):
        data = part10(study(), SYNTAX[False, big])
        text = at(data, 0x0040A160, big)
        for keep in range(text + 8, text + 12):
            assert verdict(data[:keep], tmp_path) == (
                f"an element header at byte {text + 8} is cut off")


def test_a_cut_value_says_how_many_bytes_were_claimed_and_arrived(tmp_path):
    for implicit, big in ENCODINGS:
        data = part10(study(), SYNTAX[implicit, big])
        name = at(data, 0x00100010, big)
        for arrived in range(10):  # "Zhang^San " is 10 bytes
            keep = name + 8 + arrived
            assert verdict(data[:keep], tmp_path) == (
                f"element (0010,0010) claims 10 bytes, {arrived} arrived")
        text = at(data, 0x0040A160, big) + (8 if implicit else 12)
        assert verdict(data[:text + 3], tmp_path) == "element (0040,A160) claims 10 bytes, " \
            "3 arrived"
        seq = at(data, 0x00081140, big)
        head = 8 if implicit else 12
        length = struct.unpack(">L" if big else "<L", data[seq + head - 4:seq + head])[0]
        assert verdict(data[:seq + head + 5], tmp_path) == (
            f"element (0008,1140) claims {length} bytes, 5 arrived")


def test_a_cut_between_items_of_an_undefined_length_sequence(tmp_path):
    for implicit, big in ENCODINGS:
        data = part10(study(), SYNTAX[implicit, big])
        seq = at(data, 0x00081110, big)
        first = seq + (8 if implicit else 12)  # the first item's header
        assert verdict(data[:first], tmp_path) == f"an element header at byte {first} is cut off"
        for keep in range(first + 1, first + 8):
            assert verdict(data[:keep], tmp_path) == (
                f"an element header at byte {first} is cut off")
        length = struct.unpack(">L" if big else "<L", data[first + 4:first + 8])[0]
        for keep in (first + 8, first + 9, first + 8 + length - 1):
            assert verdict(data[:keep], tmp_path) == (
                f"an item claims {length} bytes beyond the end of the file")
        second = first + 8 + length
        assert verdict(data[:second], tmp_path) == (
            f"an element header at byte {second} is cut off")


def test_a_cut_inside_an_undefined_length_item(tmp_path):
    for implicit, big in ENCODINGS:
        data = part10(study(), SYNTAX[implicit, big])
        seq = at(data, 0x00081110, big)
        second = at(data, 0xFFFEE000, big, seq + 20)  # the undefined-length item
        code = second + 8
        assert verdict(data[:code], tmp_path) == (
            "the file ends inside an undefined-length sequence or item")
        assert verdict(data[:code + 3], tmp_path) == (
            f"an element header at byte {code} is cut off")
        assert verdict(data[:code + 9], tmp_path) == (
            "element (0008,0100) claims 2 bytes, 1 arrived")
        meaning = at(data, 0x00080104, big, code)
        assert verdict(data[:meaning], tmp_path) == (
            "the file ends inside an undefined-length sequence or item")
        end = at(data, 0xFFFEE00D, big, code)
        assert verdict(data[:end], tmp_path) == (
            "the file ends inside an undefined-length sequence or item")
        assert verdict(data[:end + 5], tmp_path) == f"an element header at byte {end} is cut off"
        # after the item's end the sequence still wants its delimiter
        assert verdict(data[:end + 8], tmp_path) == (
            f"an element header at byte {end + 8} is cut off")
        seq_end = at(data, 0xFFFEE0DD, big, end)
        assert seq_end == end + 8
        assert verdict(data[:seq_end + 7], tmp_path) == (
            f"an element header at byte {seq_end} is cut off")
        assert verdict(data[:seq_end + 8], tmp_path) is None  # the sequence is whole


def test_a_cut_inside_encapsulated_pixel_data(tmp_path):
    data = part10(image(), JPEG)
    pixels = at(data, 0x7FE00010)
    table = pixels + 12
    assert verdict(data[:table], tmp_path) == f"an element header at byte {table} is cut off"
    assert verdict(data[:table + 4], tmp_path) == f"an element header at byte {table} is cut off"
    offsets = struct.unpack("<L", data[table + 4:table + 8])[0]
    assert offsets == 8  # two frames: two offsets
    assert verdict(data[:table + 10], tmp_path) == (
        "an item claims 8 bytes beyond the end of the file")
    fragment = table + 16
    assert verdict(data[:fragment], tmp_path) == (
        f"an element header at byte {fragment} is cut off")
    for keep in range(fragment + 8, fragment + 18):
        assert verdict(data[:keep], tmp_path) == (
            "an item claims 10 bytes beyond the end of the file")
    last = fragment + 18
    assert verdict(data[:last + 8 + 5], tmp_path) == (
        "an item claims 6 bytes beyond the end of the file")
    end = last + 14
    assert verdict(data[:end], tmp_path) == f"an element header at byte {end} is cut off"
    assert verdict(data[:end + 8], tmp_path) is None


def test_encapsulated_pixel_data_without_a_fragment_is_malformed(tmp_path):
    said = "malformed: the encapsulated Pixel Data holds no fragment"
    empty_item = b"\xfe\xff\x00\xe0\0\0\0\0"
    assert verdict(part10(image(raw=empty_item), JPEG), tmp_path) == said
    assert verdict(part10(image(raw=empty_item * 3), JPEG), tmp_path) == said
    one = empty_item * 2 + b"\xfe\xff\x00\xe0\2\0\0\0\xff\xd8"
    assert verdict(part10(image(raw=one), JPEG), tmp_path) is None
    table = b"\xfe\xff\x00\xe0\4\0\0\0\0\0\0\0"  # an offset table with one entry
    assert verdict(part10(image(raw=table + empty_item), JPEG), tmp_path) == said
    assert verdict(part10(image(raw=table + one[8:]), JPEG), tmp_path) is None


def test_a_cut_file_meta(tmp_path):
    data = part10(study(), EXPLICIT_LE)
    syntax = at(data, 0x00020010)
    for keep in range(syntax + 1, syntax + 8):
        assert verdict(data[:keep], tmp_path) == (
            f"an element header at byte {syntax} is cut off")
    for keep in range(syntax + 8, syntax + 8 + 20):
        assert verdict(data[:keep], tmp_path) == "the file meta information is cut off"
    version = at(data, 0x00020001)  # OB: a 4-byte length, value at +12
    assert verdict(data[:version + 12], tmp_path) == "the file meta information is cut off"
    assert verdict(data[:version + 13], tmp_path) == "the file meta information is cut off"


def test_the_transfer_syntax_decides_the_walk(tmp_path):
    # the same explicit VR bytes read as implicit VR make no sense: the meta must be read
    raw = encode(study(), implicit=True)
    assert verdict(with_meta(raw, IMPLICIT_LE), tmp_path) is None
    raw = encode(study(), big=True)
    assert verdict(with_meta(raw, EXPLICIT_BE), tmp_path) is None
    cut = with_meta(raw, EXPLICIT_BE)[:-3]
    assert verdict(cut, tmp_path) == "element (0040,A160) claims 10 bytes, 7 arrived"


def test_without_preamble_and_meta_the_readers_decide(tmp_path):
    raw = encode(study())
    for data in (raw, raw[:-3], b"", b"\0" * 131, b"\0" * 128 + b"DICX" + raw[:-3]):
        assert verdict(data, tmp_path) is None


def test_a_preamble_and_meta_with_nothing_after_is_whole(tmp_path):
    assert verdict(part10(Dataset(), EXPLICIT_LE), tmp_path) is None
    assert verdict(b"\0" * 128 + b"DICM", tmp_path) is None


# --- raw datasets, each walk alone --------------------------------------------------------


def test_each_walk_alone_on_a_cut_raw_dataset(tmp_path):
    for implicit in (False, True):
        data = encode(study(), implicit)
        name = at(data, 0x00100010)
        assert flat(data[:name + 3], implicit) == f"an element header at byte {name} is cut off"
        assert walk(data[:name + 3], tmp_path, implicit) == (
            f"an element header at byte {name} is cut off")
        assert flat(data[:name + 12], implicit) == "element (0010,0010) claims 10 bytes, 4 " \
            "arrived"
        assert walk(data[:name + 12], tmp_path, implicit) == (
            "element (0010,0010) claims 10 bytes, 4 arrived")
    data = encode(study(), big=True)
    name = at(data, 0x00100010, big=True)
    assert walk(data[:name + 12], tmp_path, big=True) == (
        "element (0010,0010) claims 10 bytes, 4 arrived")


def test_flat_leaves_to_the_recursive_walk_what_it_does_not_follow(tmp_path):
    bad_vr = struct.pack("<HH2sH", 0x0010, 0x0010, b"XX", 2) + b"AB"
    assert flat(bad_vr) == "fallback"
    assert walk(bad_vr, tmp_path) == "unsure"
    delimiter = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
    assert flat(delimiter) == "fallback"
    seq = struct.pack("<HH2sHL", 0x0008, 0x1110, b"SQ", 0, 0xFFFFFFFF)
    not_an_item = seq + struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 2) + b"AB"
    assert flat(not_an_item) == "fallback"
    assert walk(not_an_item, tmp_path) == "unsure"
    odd_in_seq = seq + struct.pack("<HHL", 0xFFFE, 0xE00D, 0)  # an item end, no item
    assert flat(odd_in_seq) == "fallback"
    assert walk(odd_in_seq, tmp_path) == "unsure"
    in_item = seq + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF)
    stray = in_item + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)  # a sequence end in an item
    assert flat(stray) == "fallback"


def test_a_top_level_delimiter_is_an_element_to_the_recursive_walk(tmp_path):
    data = struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 2) + b"AB" + struct.pack(
        "<HHL", 0xFFFE, 0xE0DD, 0)
    assert flat(data) == "fallback"
    assert walk(data, tmp_path) == (len(data), {})
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None


def test_an_unknown_vr_leaves_the_file_to_the_readers_even_if_cut(tmp_path):
    data = struct.pack("<HH2sH", 0x0010, 0x0010, b"XX", 2) + b"AB"
    data += struct.pack("<HH2sH", 0x0010, 0x0020, b"LO", 8) + b"AB"
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None


def test_undefined_length_un_holds_an_implicit_vr_sequence(tmp_path):
    inner = struct.pack("<HHL", 0x0008, 0x0100, 2) + b"AB"  # implicit VR inside
    data = (struct.pack("<HH2sHL", 0x0011, 0x1010, b"UN", 0, 0xFFFFFFFF)
            + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + inner
            + struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)
            + struct.pack("<HH2sH", 0x0011, 0x1020, b"LO", 2) + b"CD")
    assert flat(data) == "fallback"
    assert walk(data, tmp_path) == (len(data), {})
    whole = with_meta(data, EXPLICIT_LE)
    assert verdict(whole, tmp_path) is None
    start = len(whole) - len(data)
    assert verdict(whole[:start + 20 + 9], tmp_path) == (
        "element (0008,0100) claims 2 bytes, 1 arrived")
    assert verdict(whole[:start + 20 + 10], tmp_path) == (
        "the file ends inside an undefined-length sequence or item")
    assert verdict(whole[:start + 20 + 18], tmp_path) == (
        f"an element header at byte {start + 38} is cut off")
    assert verdict(whole[:-1], tmp_path) == "element (0011,1020) claims 2 bytes, 1 arrived"


def test_undefined_length_un_in_implicit_vr_is_walked_by_both(tmp_path):
    seq = Dataset()
    seq.ReferencedStudySequence = Sequence([item(True, CodeValue="1")])
    seq["ReferencedStudySequence"].is_undefined_length = True
    data = encode(seq, implicit=True)
    assert flat(data, implicit=True) == {}
    assert flat(data[:-1], implicit=True) == f"an element header at byte {len(data) - 8} is " \
        "cut off"


# --- lengths, odd lengths, order ----------------------------------------------------------


def _elem(tag: int, vr: bytes, value: bytes, length: int | None = None) -> bytes:
    n = len(value) if length is None else length
    if vr in (b"OB", b"OW", b"UN", b"UT", b"SQ"):
        return struct.pack("<HH2sHL", tag >> 16, tag & 0xFFFF, vr, 0, n) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr, n) + value


def test_a_length_past_the_end_of_a_whole_looking_file_is_incomplete(tmp_path):
    data = _elem(0x00100010, b"PN", b"AB") + _elem(0x00100020, b"LO", b"12", length=40)
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) == (
        "element (0010,0020) claims 40 bytes, 2 arrived")
    data = _elem(0x00111010, b"OB", b"1234", length=0xFFFFFFF0)
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) == (
        f"element (0011,1010) claims {0xFFFFFFF0} bytes, 4 arrived")
    seq = (_elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
           + struct.pack("<HHL", 0xFFFE, 0xE000, 100) + b"\0" * 8)
    assert verdict(with_meta(seq, EXPLICIT_LE), tmp_path) == (
        "an item claims 100 bytes beyond the end of the file")


def test_a_length_that_ends_exactly_at_the_end_is_whole(tmp_path):
    data = _elem(0x00100010, b"PN", b"AB") + _elem(0x00111010, b"OB", b"12345678")
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None
    assert flat(data) == {}
    assert flat(data + b"\0") == "an element header at byte 30 is cut off"


def test_odd_lengths_are_accepted_as_sent(tmp_path):
    data = (_elem(0x00100010, b"PN", b"ABC") + _elem(0x00100020, b"LO", b"1")
            + _elem(0x00111010, b"OB", b"12345"))
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None
    assert verdict(with_meta(data[:-1], EXPLICIT_LE), tmp_path) == (
        "element (0011,1010) claims 5 bytes, 4 arrived")


def test_zero_lengths_are_whole(tmp_path):
    data = _elem(0x00100010, b"PN", b"") + _elem(0x00111010, b"OB", b"")
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None


@pytest.mark.parametrize("implicit,big", ENCODINGS)
def test_a_top_level_element_repeated_or_out_of_order_is_malformed(implicit, big, tmp_path):
    ds = study()
    data = encode(ds, implicit, big)
    name, pid, nxt = (at(data, t, big) for t in (0x00100010, 0x00100020, 0x00111010))
    swapped = data[:name] + data[pid:nxt] + data[name:pid] + data[nxt:]
    assert verdict(with_meta(swapped, SYNTAX[implicit, big]), tmp_path) == (
        "malformed: element (0010,0010) is out of order")
    repeated = data[:pid] + data[name:pid] + data[pid:]
    assert verdict(with_meta(repeated, SYNTAX[implicit, big]), tmp_path) == (
        "malformed: element (0010,0010) is repeated")


def _plain(tag: int, value: bytes, implicit: bool, big: bool) -> bytes:
    """A top-level LO element, as the encoding writes it."""
    e = ">" if big else "<"
    if implicit:
        return struct.pack(e + "HHL", tag >> 16, tag & 0xFFFF, len(value)) + value
    return struct.pack(e + "HH2sH", tag >> 16, tag & 0xFFFF, b"LO", len(value)) + value


@pytest.mark.parametrize("implicit,big", ENCODINGS)
def test_order_is_kept_per_item_and_resumes_after_the_sequence(implicit, big, tmp_path):
    ds = Dataset()
    ds.ReferencedStudySequence = Sequence([item(True, CodeValue="1", CodeMeaning="x"),
                                           item(True, CodeValue="2")])
    ds["ReferencedStudySequence"].is_undefined_length = True
    data = encode(ds, implicit, big)
    syntax = SYNTAX[implicit, big]

    def after(tag: int) -> str | None:
        return verdict(with_meta(data + _plain(tag, b"vv", implicit, big), syntax), tmp_path)

    # every item starts its own order; after the sequence the top level's order goes on
    # from the sequence's tag, not from the items' last tag (0008,0104)
    assert verdict(with_meta(data, syntax), tmp_path) is None
    assert after(0x00081111) is None
    assert after(0x00081110) == "malformed: element (0008,1110) is repeated"
    assert after(0x00080105) == "malformed: element (0008,0105) is out of order"
    # CodeValue and CodeMeaning swapped inside the first item
    value, meaning = at(data, 0x00080100, big), at(data, 0x00080104, big)
    end = at(data, 0xFFFEE00D, big, meaning)
    swapped = data[:value] + data[meaning:end] + data[value:meaning] + data[end:]
    assert verdict(with_meta(swapped, syntax), tmp_path) == (
        "malformed: element (0008,0100) is out of order")
    repeated = data[:meaning] + data[value:meaning] + data[meaning:]
    assert verdict(with_meta(repeated, syntax), tmp_path) == (
        "malformed: element (0008,0100) is repeated")


def test_an_item_of_defined_length_is_not_looked_into(tmp_path):
    # out of order inside a defined-length item: left to the readers (not walked)
    inner = _elem(0x00080104, b"LO", b"xx") + _elem(0x00080100, b"SH", b"11")
    seq = (_elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
           + struct.pack("<HHL", 0xFFFE, 0xE000, len(inner)) + inner
           + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    assert verdict(with_meta(seq, EXPLICIT_LE), tmp_path) is None
    # the same inside an undefined-length item is refused
    undefined = (_elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
                 + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + inner
                 + struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
                 + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    assert verdict(with_meta(undefined, EXPLICIT_LE), tmp_path) == (
        "malformed: element (0008,0100) is out of order")


# --- nesting, windows, deflate --------------------------------------------------------------


def _nested(depth: int, implicit: bool = False) -> bytes:
    inner = _elem(0x00100010, b"PN", b"AB") if not implicit else struct.pack(
        "<HHL", 0x0010, 0x0010, 2) + b"AB"
    for _ in range(depth):
        head = (struct.pack("<HHL", 0x0008, 0x1110, 0xFFFFFFFF) if implicit
                else _elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF))
        inner = (head + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + inner
                 + struct.pack("<HHL", 0xFFFE, 0xE00D, 0)
                 + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    return inner


def test_nesting_to_32_levels_is_walked_deeper_is_left_to_the_readers(tmp_path):
    for implicit in (False, True):
        syntax = SYNTAX[implicit, False]
        deep = _nested(32, implicit)
        assert verdict(with_meta(deep, syntax), tmp_path) is None
        assert verdict(with_meta(deep[:-1], syntax), tmp_path) is not None
        cut = deep[:deep.index(b"AB") + 1]
        assert verdict(with_meta(cut, syntax), tmp_path) == (
            "element (0010,0010) claims 2 bytes, 1 arrived")
        assert flat(deep, implicit) == {}
        deeper = _nested(33, implicit)
        assert flat(deeper, implicit) == "fallback"
        assert walk(deeper, tmp_path, implicit) == "unsure"
        cut = deeper[:deeper.index(b"AB") + 1]
        assert verdict(with_meta(cut, syntax), tmp_path) is None


@pytest.mark.parametrize("implicit,big", ENCODINGS)
def test_files_larger_than_one_read_window(implicit, big, tmp_path):
    # many items (more than one 16 KiB window of headers) and a large value
    ds = Dataset()
    ds.SOPInstanceUID = "1.2.3"
    ds.ReferencedStudySequence = Sequence(
        [item(True, CodeValue=str(i), CodeMeaning="m" * 20) for i in range(400)])
    ds["ReferencedStudySequence"].is_undefined_length = True
    ds.add_new(0x00111010, "OB", bytes(40000))
    ds.PatientComments = "c" * 20
    ds.add_new(0x00111011, "LO", "after")
    data = part10(ds, SYNTAX[implicit, big])
    assert len(data) > 3 * 16384
    assert verdict(data, tmp_path) is None
    start = len(data) - len(encode(ds, implicit, big))
    whole = {start + b for b in top_boundaries(ds, implicit, big)}
    for keep in [*range(start, len(data), 1009), *range(len(data) - 60, len(data))]:
        said = verdict(data[:keep], tmp_path)
        assert (said is None) == (keep in whole), keep
    last = at(data, 0x00111011, big, len(data) - 40)
    assert verdict(data[:last + 2], tmp_path) == f"an element header at byte {last} is cut off"
    seq_end = at(data, 0xFFFEE0DD, big)
    assert verdict(data[:seq_end], tmp_path) == f"an element header at byte {seq_end} is cut off"
    mid = at(data, 0xFFFEE000, big, 20000)  # an item past the first window
    assert verdict(data[:mid + 8], tmp_path) == (
        "the file ends inside an undefined-length sequence or item")
    code = mid + 8
    assert verdict(data[:code + 9], tmp_path) == "element (0008,0100) claims " + (
        f"{struct.unpack('>H' if big else '<H', data[code + 6:code + 8])[0]}" if not implicit
        else f"{struct.unpack('<L', data[code + 4:code + 8])[0]}") + " bytes, 1 arrived"


def test_deflated_files_end_with_their_deflate_stream(tmp_path):
    data = part10(study(), DEFLATED)
    assert verdict(data, tmp_path) is None
    meta = len(part10(Dataset(), DEFLATED))
    for keep in range(meta, len(data), 7):
        assert verdict(data[:keep], tmp_path) == (
            "the deflated dataset ends before its deflate stream does"), keep
    big = Dataset()
    big.add_new(0x00111010, "OB", os.urandom(3 << 20))  # over one 1 MiB read, incompressible
    data = part10(big, DEFLATED)
    assert verdict(data, tmp_path) is None
    assert verdict(data[:-1], tmp_path) == (
        "the deflated dataset ends before its deflate stream does")
    assert verdict(data[:len(data) // 2], tmp_path) == (
        "the deflated dataset ends before its deflate stream does")


# --- rules the mutation run found unstated ---------------------------------------------------


def test_a_command_group_element_first_is_in_order(tmp_path):
    # (0000,0000) is the lowest tag there is: first at the top level or in an item, it is
    # in order (the walks start every dataset below every tag)
    group_length = _elem(0x00000000, b"UL", b"\0\0\0\0")
    assert verdict(with_meta(group_length + _elem(0x00100010, b"PN", b"AB"), EXPLICIT_LE),
                   tmp_path) is None
    first = struct.pack("<HHL", 0x0000, 0x0001, 2) + b"AB"  # (0000,0001), implicit
    assert verdict(with_meta(first, IMPLICIT_LE), tmp_path) is None
    seq = (_elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
           + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + group_length
           + struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))
    assert verdict(with_meta(seq, EXPLICIT_LE), tmp_path) is None


def test_a_transfer_syntax_that_is_not_ascii_is_not_an_error(tmp_path):
    data = with_meta(encode(study()), EXPLICIT_LE)
    ts = at(data, 0x00020010) + 8
    odd = data[:ts] + b"1.2.840.10008.1.2.\xff" + data[ts + 19:]  # same length (20)
    assert verdict(odd, tmp_path) is None


def test_pixel_data_not_starting_with_an_item_is_left_to_the_readers():
    data = b"\x10\x00\x10\x00\x02\x00\x00\x00AB"  # not (FFFE,E000)
    top = {0x00280010: (0, 2), 0x00280011: (0, 2), 0x00280100: (0, 2),
           0x7FE00010: (0, 0xFFFFFFFF)}
    def read(at: int, n: int) -> bytes:
        return data[at:at + n]
    assert completeness.pixel_shortfall(read, top, native=False) is None


def test_empty_fragments_followed_by_more_elements_still_hold_no_fragment(tmp_path):
    empty_item = b"\xfe\xff\x00\xe0\0\0\0\0"
    ds = image(raw=empty_item * 2)
    ds.add_new(0x7FE10010, "LO", "after the pixels")
    assert verdict(part10(ds, JPEG), tmp_path) == (
        "malformed: the encapsulated Pixel Data holds no fragment")


def test_short_native_pixels_are_malformed_in_explicit_and_implicit_le(tmp_path):
    short = native(pixels=bytes(10))
    for syntax in (EXPLICIT_LE, IMPLICIT_LE):
        assert verdict(part10(short, syntax), tmp_path) == (
            "malformed: the Pixel Data holds 10 bytes, 2x3x1x16 bits x 1 frame(s) need 12")
    # encapsulated (JPEG) pixel data is not counted against Rows x Columns
    assert verdict(part10(image(), JPEG), tmp_path) is None


def test_implicit_vr_lengths_that_look_like_a_vr_are_lengths(tmp_path):
    # an implicit VR length whose low bytes read "OB": 16975 bytes, not a VR
    value = bytes(0x424F)
    data = struct.pack("<HHL", 0x0010, 0x0010, len(value)) + value
    whole = with_meta(data, IMPLICIT_LE)
    assert verdict(whole, tmp_path) is None
    assert verdict(whole[:-100], tmp_path) == (
        f"element (0010,0010) claims {len(value)} bytes, {len(value) - 100} arrived")


@pytest.mark.parametrize("big", [False, True])
def test_a_2_byte_length_above_32767_is_unsigned(big, tmp_path):
    e = ">" if big else "<"
    data = (struct.pack(e + "HH2sH", 0x0010, 0x0010, b"LO", 40000) + b"a" * 40000
            + struct.pack(e + "HH2sH", 0x0010, 0x0020, b"LO", 2) + b"12")
    whole = with_meta(data, SYNTAX[False, big])
    assert verdict(whole, tmp_path) is None
    assert verdict(whole[:-1], tmp_path) == "element (0010,0020) claims 2 bytes, 1 arrived"


def test_an_element_where_an_item_belongs_is_left_to_the_readers_even_if_cut(tmp_path):
    seq = _elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
    not_an_item = seq + struct.pack("<HH2sH", 0x0011, 0x1010, b"OB", 0)  # its length cut
    assert verdict(with_meta(not_an_item, EXPLICIT_LE), tmp_path) is None


def test_an_unknown_vr_inside_an_item_leaves_the_file_to_the_readers(tmp_path):
    inner = (struct.pack("<HH2sHL", 0x0008, 0x0100, b"XX", 0, 2) + b"AB"
             + _elem(0x00080104, b"LO", b"xx", length=8))  # cut: 8 claimed, 2 there
    data = (_elem(0x00081110, b"SQ", b"", length=0xFFFFFFFF)
            + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + inner)
    assert verdict(with_meta(data, EXPLICIT_LE), tmp_path) is None


def _undefined_item(*elements: bytes, implicit: bool = False, vr: bytes = b"SQ") -> bytes:
    head = (struct.pack("<HHL", 0x0011, 0x1000, 0xFFFFFFFF) if implicit
            else struct.pack("<HH2sHL", 0x0011, 0x1000, vr, 0, 0xFFFFFFFF))
    return (head + struct.pack("<HHL", 0xFFFE, 0xE000, 0xFFFFFFFF) + b"".join(elements)
            + struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0))


def test_binary_values_of_zeros_inside_items_are_values_not_headers(tmp_path):
    # zero bytes next to a length (the command group length first, OB values of zeros)
    # would read as a length of 0 if a length were taken from the wrong bytes
    group_length = struct.pack("<HH", 0, 0)
    explicit = (group_length + b"UL\x04\x00" + bytes(4) + _undefined_item(
        _elem(0x00111010, b"OB", bytes(4)), _elem(0x00111011, b"OB", bytes(8)),
        _elem(0x00111012, b"OB", bytes(8))))
    assert verdict(with_meta(explicit, EXPLICIT_LE), tmp_path) is None
    assert verdict(with_meta(explicit[:-20], EXPLICIT_LE), tmp_path) == (
        "element (0011,1012) claims 8 bytes, 4 arrived")

    def implicit_elem(tag: int, value: bytes) -> bytes:
        return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value)) + value

    implicit = (group_length + b"\x04\0\0\0" + bytes(4) + _undefined_item(
        implicit_elem(0x00111010, bytes(4)), implicit_elem(0x00111011, bytes(4)),
        implicit_elem(0x00111012, bytes(0x424F)), implicit=True))  # a length reading "OB"
    assert verdict(with_meta(implicit, IMPLICIT_LE), tmp_path) is None
    assert verdict(with_meta(implicit[:-40], IMPLICIT_LE), tmp_path) == (
        f"element (0011,1012) claims {0x424F} bytes, {0x424F - 24} arrived")
    # undefined-length UN in explicit VR: the items inside are implicit VR
    un = _undefined_item(implicit_elem(0x00111010, bytes(0x424F)), vr=b"UN")
    assert verdict(with_meta(un, EXPLICIT_LE), tmp_path) is None
