"""Pure parts of the ingress limits: PDU bounds, the pending and slot tables, the config
table, and the completeness walk on real samples cut at every kind of place."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

from dicom.completeness import Incomplete, check_complete
from dicom.pdu_limits import (
    PduRefused,
    ae_titles,
    check_first,
    check_length,
    encode_abort,
    encode_reject,
    parse_header,
)
from teleconsult.ingress.gate import PendingTable, SlotTable
from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError

DEMO = Path(__file__).resolve().parent.parent / "config" / "teleconsult.toml"


def test_pdu_lengths_are_bounded_by_type() -> None:
    assert parse_header(b"\x04\x00\xff\xff\xff\xff") == (4, 0xFFFFFFFF)
    check_length(4, 131072 + 6, 131072)
    with pytest.raises(PduRefused, match="P-DATA-TF claims 4294967295 bytes") as exc:
        check_length(4, 0xFFFFFFFF, 131072)
    assert exc.value.abort_reason == 6
    with pytest.raises(PduRefused, match="A-ABORT claims 1000 bytes"):
        check_length(7, 1000, 131072)
    with pytest.raises(PduRefused, match="unknown PDU type 0x09") as exc:
        check_length(9, 4, 131072)
    assert exc.value.abort_reason == 1
    with pytest.raises(PduRefused, match="before an A-ASSOCIATE-RQ") as exc:
        check_first(4, 100)
    assert exc.value.abort_reason == 2
    with pytest.raises(PduRefused, match="claims 10485760"):
        check_first(1, 10 * 2**20)
    with pytest.raises(PduRefused, match="too short"):
        check_first(1, 10)
    check_first(1, 300)


def test_ae_titles_and_encoded_answers() -> None:
    rq = (b"\x01\x00" + (200).to_bytes(4, "big") + b"\x00\x01\x00\x00"
          + b"TELECONSULT     " + b"FUTIAN_CT       " + b"\x00" * 32)
    assert ae_titles(rq) == ("FUTIAN_CT", "TELECONSULT")
    assert encode_abort(1) == b"\x07\x00\x00\x00\x00\x04\x00\x00\x02\x01"
    assert encode_reject() == b"\x03\x00\x00\x00\x00\x04\x00\x02\x03\x02"


def test_pending_table_evicts_oldest_of_the_address_then_overall() -> None:
    table = PendingTable(total=4, per_address=2)
    assert table.add(1, "a") == [] and table.add(2, "a") == []
    assert table.add(3, "a") == [1]  # the address is full: its oldest goes
    assert table.add(4, "b") == [] and table.add(5, "c") == []
    assert table.add(6, "d") == [2]  # the total is full: the oldest overall goes
    table.remove(3)
    assert len(table) == 3


def test_slot_table_per_clinic_and_total() -> None:
    slots = SlotTable(DicomLimits(max_associations=3, max_associations_per_clinic=2,
                                  associations_by_clinic={"guandu": 1}))
    assert slots.take("futian") is None and slots.take("futian") is None
    assert "clinic futian already holds 2" in slots.take("futian")
    assert slots.take("guandu") is None
    assert "guandu already holds 1" in slots.take("guandu")
    slots.give_back("guandu")
    assert slots.take("miaoyu") is None
    assert "3 associations already open" in slots.take("guandu")
    slots.give_back("futian")
    assert slots.by_clinic == {"futian": 1, "miaoyu": 1}


def test_slot_table_counts_what_the_other_ingress_processes_hold() -> None:
    """The limits bound the port: associations held by the other processes count too."""
    others = {"futian": 2, "guandu": 0}

    def elsewhere(clinic: str) -> tuple[int, int]:
        return others.get(clinic, 0), sum(others.values())
    slots = SlotTable(DicomLimits(max_associations=4, max_associations_per_clinic=3),
                      elsewhere)
    assert slots.take("futian") is None
    assert "clinic futian already holds 3" in slots.take("futian")
    assert slots.take("guandu") is None
    assert "4 associations already open" in slots.take("miaoyu")
    others["futian"] = 0  # they ended elsewhere
    assert slots.take("futian") is None
    assert slots.by_clinic == {"futian": 2, "guandu": 1}


def test_dicom_limits_config(tmp_path: Path) -> None:
    assert load_settings(DEMO, env={}).dicom_limits == DicomLimits()
    path = tmp_path / "t.toml"
    path.write_text(DEMO.read_text(encoding="utf-8") + '\n[dicom_limits]\nidle_seconds = 30\n'
                    'associations_by_clinic = { futian = 16 }\n', encoding="utf-8")
    limits = load_settings(path, env={}).dicom_limits
    assert limits.idle_seconds == 30.0 and limits.clinic_limit("futian") == 16
    assert limits.clinic_limit("guandu") == 8
    path.write_text(DEMO.read_text(encoding="utf-8") + '\n[dicom_limits]\nidle_seconds = 0\n'
                    'max_pdu_bytes = "big"\nbogus = 1\nmax_pending = 4\n'
                    'associations_by_clinic = { nowhere = 2, guandu = 0 }\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(path, env={})
    text = "\n".join(exc.value.problems)
    for key in ("dicom_limits.idle_seconds", "dicom_limits.max_pdu_bytes", "dicom_limits.bogus",
                "dicom_limits.max_pending_per_address",
                "dicom_limits.associations_by_clinic.nowhere",
                "dicom_limits.associations_by_clinic.guandu"):
        assert f"{path}: {key}" in text


@pytest.mark.parametrize("name", [
    "CT_small.dcm", "JPEG2000.dcm", "MR_small_bigendian.dcm", "waveform_ecg.dcm", "liver.dcm",
    "image_dfl.dcm", "JPEG-lossy.dcm", "MR_small_implicit.dcm", "emri_small_RLE.dcm"])
def test_complete_samples_pass_and_every_cut_is_found(name: str, tmp_path: Path) -> None:
    src = Path(get_testdata_file(name))
    check_complete(src)
    data = src.read_bytes()
    cut = tmp_path / "cut.dcm"
    # (A cut exactly between two elements leaves a shorter but well-formed dataset: the
    # walk cannot tell, identity and the readers downstream decide.)
    for keep in (len(data) - 9, len(data) - 5000, len(data) // 2 + 1, len(data) // 3 + 1):
        cut.write_bytes(data[:keep])
        with pytest.raises(Incomplete):
            check_complete(cut)
