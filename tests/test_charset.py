"""Chinese text in every way township machines send it, and the declared charsets of
other machines (Korean, Japanese) kept when they fit the bytes."""

import pydicom
import pytest
from pydicom.data import get_charset_files

from dicom.charset import TextPolicy, decode_text, display_name
from dicom.fields import summarize

GB = "王^小东".encode("gb18030")


@pytest.mark.parametrize("raw,charset,fallback,expect", [
    ("王^小東".encode(), "ISO_IR 192", None, "王^小東"),
    (GB, "GB18030", None, "王^小东"),
    ("王^小东".encode("gbk"), "GBK", None, "王^小东"),
    # ISO 2022 IR 58: GB2312 designated into G1 by ESC $ ) A; pydicom 3.0 leaves the escapes
    (b"Wang^XiaoDong=\x1b$)A" + GB + b"\x1b(B=", ["", "ISO 2022 IR 58"], None,
     "Wang^XiaoDong=王^小东="),
    # GB18030 bytes with no charset, or from a clinic known to mislabel: its fallback
    (GB, "ISO_IR 100", TextPolicy("GB18030", mislabelled=True), "王^小东"),
    (GB, None, "GB18030", "王^小东"),
    (GB, "ISO_IR 6", "GB18030", "王^小东"),  # ASCII declared: the bytes do not fit it
    # a declared Latin-1 that decodes cleanly wins over a fallback (issue 12 item 6)
    ("Müller^Jürgen".encode("latin-1"), "ISO_IR 100", "GB18030", "Müller^Jürgen"),
    ("Müller^Jürgen".encode("latin-1"), "ISO_IR 100", TextPolicy("GB18030"), "Müller^Jürgen"),
    # without a fallback, a real Latin-1 name stays Latin-1
    ("Müller^Jörg".encode("latin-1"), "ISO_IR 100", None, "Müller^Jörg"),
    (b"Plain^Name", None, None, "Plain^Name"),
])
def test_decode(raw, charset, fallback, expect):
    assert decode_text(raw, charset, fallback) == expect


def test_display_name_prefers_ideographic_group():
    assert display_name("Wang^XiaoDong=王^小东=") == ("王小东", "Wang XiaoDong")
    assert display_name("李^小明") == ("李小明", "李 小明")
    assert display_name("Doe^John") == ("Doe John", "Doe John")


# Names as pydicom's own charset test files give them (PS3.5 Annex H, I, J examples).
DECLARED = {
    "chrI2.dcm": "Hong^Gildong=洪^吉洞=홍^길동",  # ISO 2022 IR 149, Korean
    "chrKoreanMulti.dcm": "김희중",
    "chrJapMulti.dcm": "やまだ^たろう",  # ISO 2022 IR 87, Japanese
    "chrH31.dcm": "Yamada^Tarou=山田^太郎=やまだ^たろう",
    "chrH32.dcm": "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",  # IR 13 half-width katakana first
}


@pytest.mark.parametrize("name", sorted(DECLARED))
@pytest.mark.parametrize("fallback", [None, "GB18030", TextPolicy("GB18030", True)])
def test_declared_iso2022_charset_that_fits_wins_over_the_gb18030_fallback(name, fallback):
    ds = pydicom.dcmread(get_charset_files(name)[0])
    raw = ds.get_item("PatientName").value
    assert decode_text(raw, ds.SpecificCharacterSet, fallback) == DECLARED[name]
    shown = summarize(ds, fallback)["patient"]
    assert (shown["name"], shown["name_alphabetic"]) == display_name(DECLARED[name])


def test_a_clinic_that_mislabels_still_keeps_a_name_that_does_not_read_as_chinese():
    # Latin-1 "Núñez" is valid GB18030 too, but reads as a private-use character, not Chinese:
    # the fallback is believed only when it finds Chinese in the bytes
    raw = "Núñez^Ana".encode("latin-1")
    assert raw.decode("gb18030") == "N\ue340ez^Ana"
    assert decode_text(raw, "ISO_IR 100", TextPolicy("GB18030", mislabelled=True)) \
        == "Núñez^Ana"
    assert decode_text(raw, None, "GB18030") == "Núñez^Ana"  # undeclared: Latin-1 default


def test_latin1_declaration_with_c1_controls_is_not_believed():
    # GBK bytes of a traditional name contain 0x80-0x9F: controls in Latin-1, never a name
    raw = "陳^東".encode("gb18030")
    assert any(0x80 <= b <= 0x9F for b in raw)
    assert decode_text(raw, "ISO_IR 100", "GB18030") == "陳^東"
    assert decode_text(raw, "ISO_IR 100", None) != "陳^東"  # no fallback: Latin-1 as sent


@pytest.mark.parametrize("charset", [["", "ISO 2022 IR 149"], ["ISO 2022 IR 6", "ISO 2022 IR 87"]])
def test_8bit_bytes_outside_any_escape_sequence_are_not_the_declared_iso2022(charset):
    # the first set of these declarations is ASCII: GB18030 bytes with no escape do not fit
    assert decode_text(GB, charset, "GB18030") == "王^小东"

