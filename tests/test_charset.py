"""Chinese text in every way township machines send it."""

import pytest

from dicom.charset import TextPolicy, decode_text, display_name

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
