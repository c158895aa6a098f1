"""Chinese text in every way township machines send it, and the declared charsets of
other machines (Korean, Japanese) kept when they fit the bytes."""

import warnings

import pydicom
import pytest
from pydicom.charset import convert_encodings, decode_bytes
from pydicom.data import get_charset_files

from dicom.charset import TextPolicy, _is_cjk, decode_text, display_name
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



# --- the decoder's rules at their edges (found unguarded by mutation testing, issue 27) ---

KOREAN = ["", "ISO 2022 IR 149"]
HONG = b"\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf"  # 홍^길동, each component re-designated


@pytest.mark.parametrize("byte", [b"\x80", b"\x9f"])
def test_every_c1_control_from_0x80_to_0x9f_unmasks_a_wrong_latin1_label(byte):
    # 0x80 and 0x9F, the C1 range's ends, as GB18030 trail bytes (B0 80, B0 9F): the only
    # C1 control in the Latin-1 reading
    raw = "王^".encode("gb18030") + b"\xb0" + byte
    declared = raw.decode("latin-1")
    assert decode_text(raw, "ISO_IR 100", None) == declared
    assert decode_text(raw, "ISO_IR 100", "GB18030") == raw.decode("gb18030")


def test_a_korean_escape_under_a_japanese_declaration_is_not_believed():
    # the escape sequence names a set that was not declared: GB18030 may read the bytes
    text = decode_text(HONG, ["", "ISO 2022 IR 87"], "GB18030")
    assert text == HONG.decode("gb18030") and "홍" not in text
    assert decode_text(HONG, KOREAN, "GB18030") == "홍^길동"


def test_after_a_delimiter_the_first_declared_set_is_active_again():
    # PS3.5 6.1.2.5.3: 8-bit bytes after ^ with no new escape sequence are not Korean; the
    # strict reading is refused and the text is what pydicom makes of it
    raw = b"\x1b$)C\xc8\xab^\xb1\xe6\xb5\xbf"
    expected = decode_bytes(raw, convert_encodings(KOREAN), {0x5E, 0x3D})
    assert decode_text(raw, KOREAN, None) == expected != "홍^길동"
    # ASCII after the delimiter is the first set's: fine
    assert decode_text(b"\x1b$)C\xc8\xab^Gildong", KOREAN, "GB18030") == "홍^Gildong"


def test_ascii_designated_again_after_korean_reads_as_ascii():
    raw = b"\x1b$)C\xc8\xab\x1b(B^Gildong"
    assert decode_text(raw, KOREAN, "GB18030") == "홍^Gildong"
    assert decode_text(b"\x1b$)C\xc8\xab\x1b(B^\xb1\xe6", KOREAN, None) != "홍^길"


def test_a_latin1_set_designated_by_a_three_byte_escape_wins_over_the_fallback():
    raw = b"\x1b-AM\xfcller^\x1b-AJ\xfcrgen"  # ISO 2022 IR 100 into G1 by ESC - A
    assert decode_text(raw, ["", "ISO 2022 IR 100"], "GB18030") == "Müller^Jürgen"


def test_jis_x_0212_designated_by_a_four_byte_escape_is_read():
    raw = "丂".encode("iso2022_jp_2")  # ESC $ ( D … ESC ( B
    assert raw.startswith(b"\x1b$(D")
    assert decode_text(raw, ["", "ISO 2022 IR 159"], "GB18030") == "丂"
    # with 8-bit Latin-1 beside it, GB18030 would read the bytes: the declaration must win
    mixed = b"\x1b-AM\xfcller=" + raw
    assert decode_text(mixed, ["", "ISO 2022 IR 100", "ISO 2022 IR 159"], "GB18030") \
        == "Müller=丂"


@pytest.mark.parametrize("ch,cjk", [
    ("\u2fff", False), ("\u3000", True), ("\u9fff", True), ("\ua000", False),
    ("\uf8ff", False), ("\uf900", True), ("\ufaff", True), ("\ufb00", False),
])
def test_chinese_text_is_u3000_to_u9fff_and_the_compatibility_ideographs(ch, cjk):
    assert _is_cjk("A" + ch) is cjk


def test_iso_ir_58_with_a_broken_byte_gets_a_replacement_character():
    raw = b"\x1b$)A" + "王".encode("gb18030") + b"\xff"
    assert decode_text(raw, ["", "ISO 2022 IR 58"], None) == "王\ufffd"


@pytest.mark.parametrize("raw,expect", [
    (b"ALEX ", "ALEX"), (b"XU^XI\x00", "XU^XI"), (b"Wang \x00\x00", "Wang"),
    (b" \x00", ""), (b"", ""),
])
def test_trailing_spaces_and_nuls_are_padding_and_nothing_else(raw, expect):
    assert decode_text(raw, None, "GB18030") == expect


def test_bad_utf8_is_read_with_replacement_characters_quietly():
    raw = "Núñez".encode("latin-1")  # declared UTF-8, but Latin-1; no Chinese in GB18030
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode_text(raw, "ISO_IR 192", "GB18030") == "N\ufffd\ufffdez"
        assert decode_text(raw, None, None) == "Núñez"  # no charset: the default, quietly


def test_when_pydicom_is_set_to_raise_a_value_is_still_read(monkeypatch):
    monkeypatch.setattr(pydicom.config.settings, "reading_validation_mode",
                        pydicom.config.RAISE)
    # an escape sequence nobody knows: pydicom raises, the value is read as Latin-1
    assert decode_text(b"\x1b$)Z\xc8\xab", KOREAN, None) == "\x1b$)ZÈ«"


def test_a_fallback_given_by_its_python_codec_name_works():
    assert decode_text(GB, None, "gbk") == "王^小东"


@pytest.mark.parametrize("pn,shown", [
    ("Wang^XiaoDong=王^小东", ("王小东", "Wang XiaoDong")),  # two groups, no phonetic
    ("Wang^XiaoDong=^", ("Wang XiaoDong", "Wang XiaoDong")),  # an empty ideographic group
    ("Doe^John=Doe^Johnny", ("Doe Johnny", "Doe John")),  # a non-CJK group keeps spaces
    ("王^小东", ("王小东", "王 小东")),
])
def test_display_name_from_each_shape_of_person_name(pn, shown):
    assert display_name(pn) == shown
