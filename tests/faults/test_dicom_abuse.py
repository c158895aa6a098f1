"""The DICOM ingress under abuse: a real `teleconsult dicom` process, hostile raw sockets,
real DCMTK and pynetdicom peers. Memory stays flat, junk never holds a slot, clinics go on."""

from __future__ import annotations

import itertools
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.uid import generate_uid
from pynetdicom import AE
from pynetdicom.dimse_messages import C_STORE_RQ
from pynetdicom.dimse_primitives import C_STORE
from pynetdicom.dsutils import encode
from pynetdicom.pdu import P_DATA_TF
from pynetdicom.sop_class import CTImageStorage, Verification
from test_dicom_ingress import send_with_pynetdicom

from dicom.pdu_limits import encode_abort
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.conftest import arrival_count, stored_files
from tests.faults.ingress_peer import (
    DCMTK_ENV,
    DicomProcess,
    config_with,
    connect,
    poll,
    read_until_closed,
    start_dicom,
    storescu,
)

pytestmark = pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK not installed")

CT = get_testdata_file("CT_small.dcm")
FOUR_GIB_PDATA = b"\x04\x00\xff\xff\xff\xff"
JUNK = b"\x09\x00\x00\x00\x00\x04" + b"junk"  # an unknown PDU type, 10 bytes


SHORT = {"artim_seconds": 1.5, "idle_seconds": 1.5, "max_pending_per_address": 8,
         "max_pending": 16}


@pytest.fixture(scope="module")
def shared(redis_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DicomProcess]:
    """One `teleconsult dicom` with short timeouts for the tests that need no other limits
    (a process start costs seconds on a loaded machine)."""
    data_dir = tmp_path_factory.mktemp("abuse-data")
    running = start_dicom(data_dir, redis_server.url, config_with(data_dir, SHORT))
    assert storescu(running.port, CT).returncode == 0  # warm: pynetdicom's lazy imports
    yield running
    running.stop()


@pytest.fixture()
def dicom(data_dir: Path, redis_url: str, tmp_path: Path
          ) -> Iterator[Callable[..., DicomProcess]]:
    started: list[DicomProcess] = []

    def _start(**limits: object) -> DicomProcess:
        running = start_dicom(data_dir, redis_url, config_with(tmp_path, limits))
        started.append(running)
        return running

    yield _start
    for running in started:
        running.stop()


def stored(scp: DicomProcess) -> int:
    return len(list((scp.log.parent / "instances").rglob("*.dcm")))


def new_ct(directory: Path, study_uid: str | None = None) -> str:
    """CT_small under new UIDs (the study's if given): a store that is certainly new."""
    ds = dcmread(CT)
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid or generate_uid(), generate_uid()
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    path = directory / f"{ds.SOPInstanceUID}.dcm"
    ds.save_as(path, enforce_file_format=True)
    return str(path)


def associate(port: int, aet: str):
    ae = AE(ae_title=aet)
    ae.add_requested_context(Verification)
    ae.add_requested_context(CTImageStorage)
    ae.acse_timeout = 30
    return ae.associate("127.0.0.1", port, ae_title="TELECONSULT")


def test_six_bytes_claiming_4_gib_allocate_nothing(shared: DicomProcess, tmp_path: Path) -> None:
    scp = shared
    before, n = scp.rss_mib(), stored(scp)
    socks = [connect(scp.port, FOUR_GIB_PDATA) for _ in range(2)]
    for sock in socks:  # refused at once: an A-ABORT (unexpected PDU) and the close
        assert read_until_closed(sock, 30) == encode_abort(2)
        sock.close()
    # The same claim inside an established association: A-ABORT, association over.
    assoc = associate(scp.port, "FUTIAN_CT")
    assert assoc.is_established
    assoc.dul.socket.socket.sendall(FOUR_GIB_PDATA)
    poll(lambda: assoc.is_aborted or not assoc.is_established, 30, "the association to end")
    growth = scp.rss_mib() - before
    print(f"RSS {before:.0f} MiB before, grew by {growth:.1f} MiB")
    assert growth < 50, f"RSS grew by {growth:.0f} MiB"
    log = poll(lambda: "P-DATA-TF claims 4294967295 bytes" in scp.log_text() and
               scp.log_text(), 10, "the abort's log line")
    assert "P-DATA-TF before an A-ASSOCIATE-RQ" in log and "127.0.0.1:" in log
    assert storescu(scp.port, new_ct(tmp_path)).returncode == 0 and stored(scp) == n + 1


def test_200_junk_connections_then_a_store_within_2_s(shared: DicomProcess,
                                                      tmp_path: Path) -> None:
    scp, ct, n = shared, new_ct(tmp_path), stored(shared)
    start = time.monotonic()
    assert storescu(scp.port, new_ct(tmp_path)).returncode == 0
    alone = time.monotonic() - start
    before = scp.rss_mib()
    junk = [connect(scp.port, JUNK) for _ in range(200)]  # left open by us
    try:
        start = time.monotonic()
        result = storescu(scp.port, ct)
        elapsed = time.monotonic() - start
        print(f"storescu alone {alone:.2f} s, behind 200 junk connections {elapsed:.2f} s")
        assert result.returncode == 0, result.stderr
        assert elapsed < 2.0, f"C-STORE took {elapsed:.2f} s behind 200 junk connections"
        assert stored(scp) == n + 2
        # Each was closed: with an A-ABORT (unrecognised PDU), or unread when newer
        # connections from the same address pushed it out of the pending table.
        answers = {read_until_closed(sock, 30) for sock in junk}
        assert answers <= {encode_abort(1), b""} and encode_abort(1) in answers
        assert scp.rss_mib() - before < 50
        assert "unknown PDU type 0x09" in scp.log_text()
    finally:
        for sock in junk:
            sock.close()


def test_silent_connections_never_lock_out_a_modality(shared: DicomProcess,
                                                      tmp_path: Path) -> None:
    scp, ct, n = shared, new_ct(tmp_path), stored(shared)
    silent = [connect(scp.port) for _ in range(40)]  # connect, say nothing
    try:
        result = storescu(scp.port, ct)  # still gets in: the oldest silent ones make room
        assert result.returncode == 0, result.stderr
        assert stored(scp) == n + 1
        assert read_until_closed(silent[0], 30) == b""
    finally:
        for sock in silent:
            sock.close()
    assert "closed to make room" in scp.log_text()


def test_silent_associations_of_one_clinic_do_not_block_another(dicom) -> None:
    scp = dicom(max_associations_per_clinic=8, max_associations=20, idle_seconds=120)
    hogs = [associate(scp.port, "FUTIAN_CT") for _ in range(32)]
    try:
        assert sum(a.is_established for a in hogs) == 8
        refused = [a for a in hogs if not a.is_established]
        # A-ASSOCIATE-RJ (transient, local limit exceeded): the modality retries later.
        # (pynetdicom's requestor now and then reports the RJ-then-close as a lost
        # connection instead of a rejection, so not every one is counted as rejected.)
        assert len(refused) == 24 and sum(a.is_rejected for a in refused) >= 20
        result = storescu(scp.port, CT, aet="GUANDU_DR")
        assert result.returncode == 0, result.stderr
        assert stored(scp) == 1
        assert "clinic futian already holds 8 associations" in scp.log_text()
    finally:
        for a in hogs:
            if a.is_established:
                a.release()
    # Slots come back when associations end.
    again = poll(lambda: (a := associate(scp.port, "FUTIAN_CT")).is_established and a, 30,
                 "futian's slots back")
    again.release()


def test_artim_closes_a_connection_that_never_associates(shared: DicomProcess) -> None:
    scp = shared
    silent = connect(scp.port)
    half = connect(scp.port, b"\x01\x00\x00\x00\x01\x00" + b"\x00" * 40)  # 40 of 256 bytes
    try:
        start = time.monotonic()
        assert read_until_closed(silent, 30) == b""
        assert read_until_closed(half, 30) == b""
        assert time.monotonic() - start < 20
    finally:
        silent.close()
        half.close()
    assert "no complete A-ASSOCIATE-RQ within 1.5 s" in scp.log_text()


def test_idle_association_is_aborted(shared: DicomProcess) -> None:
    scp = shared
    assoc = associate(scp.port, "FUTIAN_CT")
    assert assoc.is_established
    start = time.monotonic()
    poll(lambda: assoc.is_aborted, 30, "the idle association to be aborted")
    assert time.monotonic() - start < 20
    assert "network timeout on association from FUTIAN_CT" in scp.log_text()


def test_oversized_associate_request_is_aborted(shared: DicomProcess) -> None:
    scp = shared
    sock = connect(scp.port, b"\x01\x00" + (10 * 2**20).to_bytes(4, "big") + b"\x00" * 100)
    try:
        assert read_until_closed(sock, 30) == encode_abort(6)
    finally:
        sock.close()
    assert "A-ASSOCIATE-RQ claims 10485760 bytes" in scp.log_text()


def cut_inside_pixel_data(src: str, directory: Path) -> Path:
    """A real sample under new UIDs, cut 5000 bytes before the end of its pixel data."""
    path = Path(new_ct(directory) if src == CT else src)
    cut = directory / f"cut-{path.name}"
    cut.write_bytes(path.read_bytes()[:-5000])
    return cut


def test_cut_inside_pixel_data_is_c000_and_not_stored(shared: DicomProcess,
                                                       tmp_path: Path) -> None:
    n = stored(shared)
    # DCMTK refuses to read a cut file, so pynetdicom sends the bytes as they stand.
    assert send_with_pynetdicom(shared.port, cut_inside_pixel_data(CT, tmp_path)) == 0xC000
    assert stored(shared) == n
    assert "element (7FE0,0010) claims 32768 bytes" in shared.log_text()


async def test_cut_inside_pixel_data_by_stow_is_400(settings, aiohttp_client,
                                                    tmp_path: Path) -> None:
    http = await aiohttp_client(create_app(settings))
    cut = cut_inside_pixel_data(CT, tmp_path).read_bytes()
    body = b"--XYZ\r\nContent-Type: application/dicom\r\n\r\n" + cut + b"\r\n--XYZ--\r\n"
    r = await http.post("/dicomweb/studies", data=body, headers={
        "Authorization": "Bearer demo-futian",
        "Content-Type": 'multipart/related; type="application/dicom"; boundary=XYZ'})
    assert r.status == 400, await r.text()
    error = (await r.json())["error"]
    assert error["code"] == "malformed_dataset" and "7FE0,0010" in error["message"]
    assert stored_files(settings) == [] and arrival_count(settings) == 0


def test_two_clinics_one_new_study_uid_exactly_one_owner(shared: DicomProcess,
                                                         tmp_path: Path) -> None:
    """Issue 11.1: the same new Study UID from two clinics at the same moment, 15 rounds."""
    storage = Storage(shared.log.parent)
    for _ in range(15):
        study = generate_uid()
        files = {aet: new_ct(tmp_path, study) for aet in ("FUTIAN_CT", "GUANDU_DR")}
        senders = {aet: subprocess.Popen(
            ["storescu", "-v", "-aet", aet, "-aec", "TELECONSULT", "127.0.0.1",
             str(shared.port), path], env=DCMTK_ENV, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True) for aet, path in files.items()}
        answers = {aet: re.findall(r"Received Store Response \((.*)\)", p.communicate(60)[0])
                   for aet, p in senders.items()}
        winners = [aet for aet, a in answers.items() if a == ["Success"]]
        assert len(winners) == 1, answers
        loser = next(aet for aet in answers if aet not in winners)
        assert answers[loser] != ["Success"] and len(answers[loser]) == 1, answers
        owner = storage.study_sidecar(study)["clinic"]
        assert owner == {"FUTIAN_CT": "futian", "GUANDU_DR": "guandu"}[winners[0]]
        assert len(storage.study_files(study)) == 1


def first_pdus_of_a_store(assoc, ds, count: int) -> list[bytes]:
    """The first ``count`` P-DATA-TF PDUs of a C-STORE of ``ds`` on ``assoc``, encoded."""
    cx = next(c for c in assoc.accepted_contexts if c.abstract_syntax == CTImageStorage)
    ts = cx.transfer_syntax[0]
    req = C_STORE()
    req.MessageID, req.Priority = 1, 2
    req.AffectedSOPClassUID, req.AffectedSOPInstanceUID = CTImageStorage, ds.SOPInstanceUID
    req.DataSet = BytesIO(encode(ds, ts.is_implicit_VR, ts.is_little_endian))
    msg = C_STORE_RQ()
    msg.primitive_to_message(req)
    out = []
    for primitive in itertools.islice(msg.encode_msg(cx.context_id, 16384), count):
        pdu = P_DATA_TF()
        pdu.from_primitive(primitive)
        out.append(pdu.encode())
    return out


# Our own pynetdicom requestor's reactor may raise as we cut its socket under it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_connection_lost_mid_instance_leaves_no_temp_file(shared: DicomProcess) -> None:
    ds = dcmread(CT)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    tmp = shared.log.parent / "tmp"
    assoc = associate(shared.port, "FUTIAN_CT")
    assert assoc.is_established
    raw = assoc.dul.socket.socket
    for pdu in first_pdus_of_a_store(assoc, ds, 2):  # the command and 16 KiB of data
        raw.sendall(pdu)
    poll(lambda: any(p.stat().st_size > 0 for p in tmp.iterdir()), 30,
         "the instance to start arriving")
    raw.shutdown(socket.SHUT_RDWR)  # the modality is switched off half-way
    poll(lambda: not list(tmp.iterdir()), 30, "the partial temp file to be removed")
    assert not list((shared.log.parent / "instances").rglob(f"{ds.SOPInstanceUID}.dcm"))
