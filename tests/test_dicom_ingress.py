"""DICOM ingress end to end: real DCMTK / pynetdicom peers, real SCP, real private Redis."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from pynetdicom import AE, _config
from pynetdicom.dsutils import split_dataset
from pynetdicom.service_class import StorageServiceClass
from pynetdicom.sop_class import CTImageStorage, Verification

from dicom.push import MAX_CONTEXTS, _batches, _Item, push
from dicom.status import Status
from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.scp import start_scp
from teleconsult.settings.model import Settings
from teleconsult.store import keys
from teleconsult.store.files import Storage

pytestmark = pytest.mark.skipif(shutil.which("storescu") is None, reason="DCMTK not installed")

DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}  # Debian's DCMTK leaves Nagle on otherwise
CT = get_testdata_file("CT_small.dcm")
ECG = get_testdata_file("waveform_ecg.dcm")


@dataclass
class Running:
    port: int
    storage: Storage
    redis: redis.Redis

    def stored(self) -> list[Path]:
        return sorted(self.storage.instances.glob("*/*/*.dcm"))

    def arrivals(self) -> list[dict]:
        return [{k.decode(): v.decode() for k, v in fields.items()}
                for _, fields in self.redis.xrange(keys.ARRIVALS)]


@pytest.fixture()
def start(settings: Settings, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[Callable[..., Running]]:
    """Start the SCP on a free port; ``redis_url`` overrides where arrivals are recorded."""
    tmp_path_factory.getbasetemp()  # fix pytest's base temp dir before start_scp moves tempdir
    servers, clients, old_tempdir = [], [], tempfile.tempdir

    def _start(redis_url: str | None = None) -> Running:
        storage = Storage(settings.data_dir)
        client = redis.Redis.from_url(redis_url or settings.redis_target().url, socket_timeout=5)
        clients.append(client)
        server = start_scp(settings, Ingest(storage, client), host="127.0.0.1", port=0)
        servers.append(server)
        return Running(server.server_address[1], storage,
                       redis.Redis.from_url(settings.redis_target().url))

    yield _start
    for server in servers:
        server.shutdown()
    for client in clients:
        client.close()
    tempfile.tempdir = old_tempdir  # start_scp points it at the (now deleted) data dir


@pytest.fixture()
def scp(start: Callable[..., Running]) -> Running:
    return start()


def dcmtk(tool: str, port: int, *args: str, aet: str = "FUTIAN_CT",
          aec: str = "TELECONSULT") -> subprocess.CompletedProcess:
    return subprocess.run([tool, "-aet", aet, "-aec", aec, "127.0.0.1", str(port), *args],
                          env=DCMTK_ENV, capture_output=True, text=True, timeout=60)


def send_with_pynetdicom(port: int, path: Path, aet: str = "FUTIAN_CT") -> int | None:
    """C-STORE one file as its bytes stand (no re-encoding); the status, or None."""
    _config.STORE_SEND_CHUNKED_DATASET = True
    meta = dcmread(path, stop_before_pixels=True).file_meta
    ae = AE(ae_title=aet)
    ae.add_requested_context(meta.MediaStorageSOPClassUID, meta.TransferSyntaxUID)
    assoc = ae.associate("127.0.0.1", port, ae_title="TELECONSULT")
    assert assoc.is_established
    try:
        status = assoc.send_c_store(path)
        return getattr(status, "Status", None)
    finally:
        assoc.release()


def assert_same_elements(stored: Path, sent: Path) -> None:
    """Element by element (DCMTK's storescu drops trailing padding, so not byte by byte)."""
    a, b = dcmread(stored), dcmread(sent)
    padding = 0xFFFCFFFC
    assert [e.tag for e in a if e.tag != padding] == [e.tag for e in b if e.tag != padding]
    for elem in a:
        if elem.tag == 0x7FE00010:  # DCMTK corrects OW to OB for encapsulated pixel data
            assert elem.value == b[elem.tag].value
        elif elem.tag != padding:
            assert (elem.VR, elem.value) == (b[elem.tag].VR, b[elem.tag].value), elem.tag


def dataset_bytes(path: Path) -> bytes:
    _, offset = split_dataset(path)
    return path.read_bytes()[offset:]


def hostile_file(directory: Path, study_uid: str) -> Path:
    """A small CT instance whose Study UID would escape the data dir if used as a path."""
    ds = Dataset()
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = generate_uid()
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "CT"
    ds.PatientName = "Test^Hostile"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    path = directory / "hostile.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path


def truncated_file(directory: Path) -> Path:
    """Valid file meta, then a dataset cut off inside an element's value."""
    ds = dcmread(CT)
    path = directory / "truncated.dcm"
    ds.save_as(path, enforce_file_format=True)
    data = path.read_bytes()
    cut = data.index(b"\x08\x00\x18\x00")  # SOP Instance UID element header
    path.write_bytes(data[: cut + 10])
    return path


def test_echo(scp: Running) -> None:
    result = dcmtk("echoscu", scp.port)
    assert result.returncode == 0, result.stderr


def test_ct_stored_byte_identical_with_one_arrival(scp: Running) -> None:
    result = dcmtk("storescu", scp.port, "-R", CT)
    assert result.returncode == 0, result.stderr
    sent = dcmread(CT)
    expected = scp.storage.instance_path(sent.StudyInstanceUID, sent.SeriesInstanceUID,
                                         sent.SOPInstanceUID)
    assert scp.stored() == [expected]
    assert dcmread(expected).PixelData == sent.PixelData
    assert_same_elements(expected, Path(CT))
    (arrival,) = scp.arrivals()
    assert arrival["clinic"] == "futian"
    assert arrival["sop_uid"] == sent.SOPInstanceUID
    assert arrival["modality"] == "CT"
    assert not list(scp.storage.tmp.iterdir())  # no temp files left behind


def test_ecg_waveform_stored(scp: Running) -> None:
    result = dcmtk("storescu", scp.port, "-R", ECG, aet="FUTIAN_ECG")
    assert result.returncode == 0, result.stderr
    (path,) = scp.stored()
    stored, sent = dcmread(path), dcmread(ECG)
    assert stored.SOPClassUID == "1.2.840.10008.5.1.4.1.1.9.1.1"  # 12-lead ECG
    assert stored.WaveformSequence[0].WaveformData == sent.WaveformSequence[0].WaveformData
    assert [a["modality"] for a in scp.arrivals()] == ["ECG"]


@pytest.mark.parametrize(("name", "propose"), [
    ("MR_small_jp2klossless.dcm", "-xv"),
    ("MR_small_RLE.dcm", "-xr"),
    ("JPEG-LL.dcm", "-xs"),
])
def test_compressed_stored_as_received(scp: Running, name: str, propose: str) -> None:
    source = get_testdata_file(name)
    result = dcmtk("storescu", scp.port, "-R", propose, source)
    assert result.returncode == 0, result.stderr
    (path,) = scp.stored()
    stored, sent = dcmread(path), dcmread(source)
    assert stored.file_meta.TransferSyntaxUID == sent.file_meta.TransferSyntaxUID
    assert stored.PixelData == sent.PixelData
    assert_same_elements(path, Path(source))


def test_unknown_calling_ae_rejected(scp: Running) -> None:
    result = dcmtk("storescu", scp.port, "-R", CT, aet="STRANGER")
    assert result.returncode != 0
    assert "Calling AE Title Not Recognized" in result.stdout + result.stderr
    assert scp.stored() == [] and scp.arrivals() == []


def test_wrong_called_ae_rejected(scp: Running) -> None:
    result = dcmtk("storescu", scp.port, "-R", CT, aec="ORTHANC")
    assert result.returncode != 0
    assert scp.stored() == []


def test_hostile_uid_refused_and_next_association_works(scp: Running, tmp_path: Path) -> None:
    status = send_with_pynetdicom(scp.port, hostile_file(tmp_path, "../../etc"))
    assert status == Status.CANNOT_UNDERSTAND_UID
    status = send_with_pynetdicom(scp.port, hostile_file(tmp_path, "1.2.abc"))
    assert status == Status.CANNOT_UNDERSTAND_UID
    assert scp.stored() == [] and scp.arrivals() == []
    assert not (scp.storage.root.parent / "etc").exists()
    result = dcmtk("storescu", scp.port, "-R", CT)
    assert result.returncode == 0, result.stderr
    assert len(scp.stored()) == 1


def test_truncated_dataset_refused_and_next_association_works(scp: Running,
                                                              tmp_path: Path) -> None:
    status = send_with_pynetdicom(scp.port, truncated_file(tmp_path))
    assert status is not None and status != Status.SUCCESS
    assert scp.stored() == [] and scp.arrivals() == []
    assert dcmtk("storescu", scp.port, "-R", ECG, aet="FUTIAN_ECG").returncode == 0
    assert len(scp.stored()) == 1


def test_identical_resend_stored_once(scp: Running) -> None:
    for _ in range(2):
        result = dcmtk("storescu", scp.port, "-R", CT)
        assert result.returncode == 0, result.stderr
    assert len(scp.stored()) == 1
    assert len(scp.arrivals()) == 1


def test_redis_unavailable_is_a_failure_not_success(start: Callable[..., Running],
                                                    tmp_path: Path) -> None:
    down = start(redis_url=f"unix://{tmp_path}/no-redis.sock")
    status = send_with_pynetdicom(down.port, Path(CT))
    assert status == Status.OUT_OF_RESOURCES
    assert down.arrivals() == []


def test_retry_after_redis_outage_records_the_arrival(start: Callable[..., Running],
                                                      tmp_path: Path) -> None:
    down = start(redis_url=f"unix://{tmp_path}/no-redis.sock")
    assert send_with_pynetdicom(down.port, Path(CT)) == Status.OUT_OF_RESOURCES
    up = start()
    assert send_with_pynetdicom(up.port, Path(CT)) == Status.SUCCESS
    assert len(up.arrivals()) == 1


def test_push_folder(scp: Running, tmp_path: Path) -> None:
    folder = tmp_path / "study"
    (folder / "nested").mkdir(parents=True)
    names = ["CT_small.dcm", "MR_small_RLE.dcm", "waveform_ecg.dcm", "OBXXXX1A.dcm",
             "SC_rgb_rle.dcm"]
    for i, name in enumerate(names):
        shutil.copy(get_testdata_file(name), (folder if i % 2 else folder / "nested") / name)
    (folder / "notes.txt").write_text("not DICOM")
    result = push("127.0.0.1", scp.port, [folder], calling_ae="FUTIAN_CT", progress=False)
    assert (result.sent, result.failed, result.skipped) == (5, 0, 1), result.failures
    assert result.skips[0][0].name == "notes.txt"
    assert len(scp.stored()) == 5
    syntaxes = {str(dcmread(p, stop_before_pixels=True).file_meta.TransferSyntaxUID)
                for p in scp.stored()}
    assert "1.2.840.10008.1.2.5" in syntaxes  # RLE kept as received
    sent = {p.name: dataset_bytes(p) for p in folder.rglob("*.dcm")}
    stored = sorted(dataset_bytes(p) for p in scp.stored())
    assert stored == sorted(sent.values())  # push streams files byte for byte


def test_push_to_rejecting_peer_reports_every_file(scp: Running) -> None:
    result = push("127.0.0.1", scp.port, [Path(CT), Path(ECG)], calling_ae="STRANGER",
                  progress=False)
    assert (result.sent, result.failed) == (0, 2)
    assert scp.stored() == []


def test_push_batches_at_most_128_contexts() -> None:
    items = [_Item(Path(f"{i}.dcm"), f"1.2.3.{i}", "1.2.840.10008.1.2.1") for i in range(300)]
    batches = list(_batches(items))
    assert [len(b) for b in batches] == [MAX_CONTEXTS, MAX_CONTEXTS, 300 - 2 * MAX_CONTEXTS]


def test_adopt_instance_links_once_and_syncs_the_directory_on_a_resend(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teleconsult.store import files as storage_module
    storage = Storage(tmp_path / "data")
    synced: list[Path] = []
    real_fsync_dir = storage_module._fsync_dir
    monkeypatch.setattr(storage_module, "_fsync_dir",
                        lambda path: (synced.append(path), real_fsync_dir(path)))
    uids = ("1.2.3", "1.2.3.4", "1.2.3.4.5")
    first, again, other = (tmp_path / n for n in ("first", "again", "other"))
    first.write_bytes(b"same bytes")
    again.write_bytes(b"same bytes")
    other.write_bytes(b"other bytes")
    dest = storage.instance_path(*uids)

    assert storage.adopt_instance(first, *uids) is True  # series directory made on demand
    assert storage.adopt_instance(again, *uids) is False  # identical re-send: stored once
    # New series (and study) directory: every entry on the path is synced, series first;
    # the re-send's answer is durable too.
    assert synced == [dest.parent, dest.parent.parent, storage.instances, dest.parent]
    with pytest.raises(FileExistsError):
        storage.adopt_instance(other, *uids)
    assert dest.read_bytes() == b"same bytes" and dest.stat().st_nlink == 2  # `first` + dest


def test_new_study_sidecar_and_instance_synced_once_each(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teleconsult.store import files as storage_module
    storage = Storage(tmp_path / "data")
    synced: list[Path] = []
    real_fsync_dir = storage_module._fsync_dir
    monkeypatch.setattr(storage_module, "_fsync_dir",
                        lambda path: (synced.append(path), real_fsync_dir(path)))
    uids = ("1.2.3", "1.2.3.4", "1.2.3.4.5")
    src = tmp_path / "src"
    src.write_bytes(b"bytes")
    dest = storage.instance_path(*uids)
    owed: list[Path] = []
    storage.claim_study(uids[0], "futian", 1.0, defer_sync=owed)
    assert synced == []  # the sidecar's directory fsync is left to adopt_instance
    assert storage.adopt_instance(src, *uids, sync_also=owed) is True
    # series directory first, then the study directory (sidecar + series entries) and
    # instances/ (study entry), each once
    assert synced == [dest.parent, dest.parent.parent, storage.instances]
    assert storage.study_sidecar(uids[0])["clinic"] == "futian"


def test_bulk_recv_socket_reads_exactly_or_what_is_left() -> None:
    import socket

    from teleconsult.ingress.association import BulkRecvSocket
    a, b = socket.socketpair()
    wrapper = object.__new__(BulkRecvSocket)  # only .socket is used by recv
    wrapper.socket = a
    payload = os.urandom(300_000)
    import threading
    sender = threading.Thread(target=lambda: (b.sendall(payload), b.close()))
    sender.start()
    assert wrapper.recv(6) == payload[:6]
    assert wrapper.recv(len(payload) - 6 - 10) == payload[6:-10]
    sender.join(10)
    assert wrapper.recv(50) == payload[-10:]  # peer gone: what was read so far
    a.close()


def test_pdv_items_are_views_and_bad_items_are_refused() -> None:
    from dicom.pdu_limits import pdv_items

    body = bytearray(b"\x00\x00\x00\x04\x01\x03AB" + b"\x00\x00\x00\x03\x03\x02C")
    items = pdv_items(memoryview(body))
    assert [(cid, bytes(v)) for cid, v in items] == [(1, b"\x03AB"), (3, b"\x02C")]
    body[6] = ord("Z")  # views, not copies
    assert bytes(items[0][1]) == b"\x03ZB"
    for bad in (b"\x00\x00\x00\x09\x01\x03AB", b"\x00\x00\x00\x01\x01", b"\x00\x00\x00"):
        with pytest.raises(ValueError):
            pdv_items(memoryview(bad))


def test_command_and_data_set_in_one_p_data_pdu(scp: Running) -> None:
    """A sender may put several PDVs in one P-DATA-TF (PS3.8 9.3.5): here the whole C-STORE,
    command and data set, in a single PDU; it is stored and answered like any other."""
    from io import BytesIO

    from pynetdicom.dimse_messages import C_STORE_RQ
    from pynetdicom.dimse_primitives import C_STORE
    from pynetdicom.dsutils import encode
    from pynetdicom.pdu_primitives import P_DATA

    ds = dcmread(CT)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.99.77"
    primitive = C_STORE()
    primitive.MessageID = 7
    primitive.AffectedSOPClassUID = ds.SOPClassUID
    primitive.AffectedSOPInstanceUID = ds.SOPInstanceUID
    primitive.Priority = 0
    primitive.DataSet = BytesIO(encode(ds, False, True))  # explicit VR LE, as CT_small is
    ae = AE(ae_title="FUTIAN_CT")
    ae.add_requested_context(CTImageStorage, ds.file_meta.TransferSyntaxUID)
    assoc = ae.associate("127.0.0.1", scp.port, ae_title="TELECONSULT")
    assert assoc.is_established
    try:
        cx = assoc.accepted_contexts[0].context_id
        msg = C_STORE_RQ()
        msg.primitive_to_message(primitive)
        pdvs = [list(p.presentation_data_value_list[0])
                for p in msg.encode_msg(cx, 1 << 20)]
        assert len(pdvs) == 2  # the command, then the whole data set
        together = P_DATA()
        together.presentation_data_value_list = pdvs
        # As pynetdicom's own send_c_store: pause the requestor's reactor, or it may take
        # the response off the queue first.
        assoc._reactor_checkpoint.clear()
        deadline = time.monotonic() + 10
        while not assoc._is_paused and time.monotonic() < deadline:
            time.sleep(0.001)
        assert assoc._is_paused
        try:
            assoc.dul.send_pdu(together)
            _, rsp = assoc.dimse.get_msg(block=True)
        finally:
            assoc._reactor_checkpoint.set()
        assert rsp is not None and rsp.Status == Status.SUCCESS
    finally:
        assoc.release()
    stored = scp.storage.instance_path(ds.StudyInstanceUID, ds.SeriesInstanceUID,
                                       ds.SOPInstanceUID)
    assert dcmread(stored).PixelData == ds.PixelData


def test_echo_and_stores_interleaved_on_one_association(scp: Running) -> None:
    """A C-STORE is served on the association's receiving thread, everything else on its
    reactor thread: both kinds on one association are each answered, in order."""
    ae = AE(ae_title="FUTIAN_CT")
    ae.add_requested_context(Verification)
    ae.add_requested_context(CTImageStorage, dcmread(CT).file_meta.TransferSyntaxUID)
    assoc = ae.associate("127.0.0.1", scp.port, ae_title="TELECONSULT")
    assert assoc.is_established
    uids = [generate_uid() for _ in range(3)]
    try:
        statuses = [assoc.send_c_echo().Status]
        for uid in uids:
            ds = dcmread(CT)
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = uid
            statuses += [assoc.send_c_store(ds).Status, assoc.send_c_echo().Status]
    finally:
        assoc.release()
    assert statuses == [Status.SUCCESS] * 7
    assert sorted(a["sop_uid"] for a in scp.arrivals()) == sorted(uids)


def test_a_failure_serving_a_c_store_aborts_only_its_association(
        scp: Running, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """An error outside the C-STORE handler (which answers every failure itself) cannot
    take the receiving thread down silently: that association is aborted with a log line,
    nothing is acknowledged, and the next association is served."""
    real, failed = StorageServiceClass.SCP, []

    def fails_once(self, req, context):  # noqa: ANN001, ANN202 - pynetdicom's signature
        if not failed:
            failed.append(req.AffectedSOPInstanceUID)
            raise RuntimeError("broken service class")
        return real(self, req, context)
    monkeypatch.setattr(StorageServiceClass, "SCP", fails_once)
    first = dcmtk("storescu", scp.port, "-R", CT)
    assert first.returncode != 0 and failed
    assert scp.arrivals() == [] and not list(scp.storage.tmp.iterdir())
    assert "failed outside its handler" in caplog.text
    second = dcmtk("storescu", scp.port, "-R", CT)
    assert second.returncode == 0, second.stderr
    assert len(scp.stored()) == 1 and len(scp.arrivals()) == 1
