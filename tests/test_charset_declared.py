"""Korean (ISO 2022 IR 149) and Japanese (ISO 2022 IR 87) names from pydicom's charset files,
sent by a clinic whose fallback is GB18030: through C-STORE (DCMTK storescu) and C-FIND
(findscu), and through STOW-RS, QIDO-RS and /metadata, the declared charset wins and the
patient is found by name (issue 25 item 6)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_charset_files

from tests.test_dicom_ingress import dcmtk, start  # noqa: F401 - the SCP fixture
from tests.test_dicomweb import base, client  # noqa: F401 - the running app fixture
from tests.test_qr import find

# file → (PatientID, the name as declared, names a user types to find it)
FILES = {
    "chrI2.dcm": ("I2EXAMPLE", "Hong^Gildong=洪^吉洞=홍^길동",
                  ("Hong^Gildong=洪^吉洞=홍^길동", "홍^길동", "洪吉洞", "hong^gildong")),
    "chrH31.dcm": ("H31EXAMPLE", "Yamada^Tarou=山田^太郎=やまだ^たろう",
                   ("Yamada^Tarou=山田^太郎=やまだ^たろう", "やまだ^たろう", "山田*")),
    "chrKoreanMulti.dcm": ("2008-3", "김희중", ("김희중", "김*")),
    "chrJapMulti.dcm": ("2008-4", "やまだ^たろう", ("やまだ^たろう",)),
}


def _complete(name: str, tmp: Path) -> Path:
    """The file as an image the ingress accepts: pydicom's two *Multi files carry no pixel
    data, so a 4×4 one is added; the text elements are written back as they were read."""
    path = get_charset_files(name)[0]
    ds = pydicom.dcmread(path)
    if "PixelData" in ds:
        return Path(path)
    ds.Rows = ds.Columns = 4
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = bytes(range(16))
    ds["PixelData"].VR = "OB"
    out = tmp / name
    ds.save_as(out)
    return out


@pytest.fixture()
def files(settings, tmp_path) -> dict[str, Path]:
    # what makes this a test of the rule: the sending clinic reads undeclared text as GB18030
    assert settings.clinics["futian"].fallback_charset == "GB18030"
    return {name: _complete(name, tmp_path) for name in FILES}


def test_names_in_declared_charsets_over_c_store_and_c_find(files, start, tmp_path):  # noqa: F811
    scp = start()
    for path in files.values():
        result = dcmtk("storescu", scp.port, "-R", str(path))
        assert result.returncode == 0, result.stderr
    assert len(scp.stored()) == len(FILES)
    study = "QueryRetrieveLevel=STUDY"
    got = find(scp.port, "FUTIAN_CT", tmp_path, study, "PatientName", "PatientID")
    assert {(d.PatientID, str(d.PatientName)) for d in got} \
        == {(pid, name) for pid, name, _ in FILES.values()}
    for pid, _, typed in FILES.values():
        for name in typed:
            got = find(scp.port, "FUTIAN_CT", tmp_path, study,
                       "SpecificCharacterSet=ISO_IR 192", f"PatientName={name}", "PatientID")
            assert pid in [d.PatientID for d in got], name
    got = find(scp.port, "FUTIAN_CT", tmp_path, study, "SpecificCharacterSet=ISO_IR 192",
               "PatientName=홍^길동", "PatientID")
    assert [d.PatientID for d in got] == ["I2EXAMPLE"]


async def test_names_in_declared_charsets_over_stow_qido_and_metadata(files, base):  # noqa: F811
    futian = client(base, "futian")
    datasets = {name: pydicom.dcmread(path) for name, path in files.items()}
    result = await asyncio.to_thread(futian.store_instances, list(datasets.values()))
    assert "FailedSOPSequence" not in result
    for file, (pid, declared, typed) in FILES.items():
        for name in typed:
            found = await asyncio.to_thread(futian.search_for_studies,
                                            search_filters={"PatientName": name})
            assert pid in [s["00100020"]["Value"][0] for s in found], name
            pn = next(s for s in found if s["00100020"]["Value"][0] == pid)["00100010"]
            groups = pn["Value"][0]
            assert "=".join(groups.get(g, "") for g in ("Alphabetic", "Ideographic",
                                                        "Phonetic")).rstrip("=") == declared
        study = datasets[file].StudyInstanceUID
        meta = await asyncio.to_thread(futian.retrieve_study_metadata, study)
        assert meta[0]["00100010"]["Value"] == [groups]
