"""Every AE title that reads is bound to its owner (issue 25, items 1-3), with real DCMTK
findscu/getscu peers against the real listeners (plain and TLS), certificates made by the
county CA code: a clinic's viewing station and a doctor's workstation need their owner's
certificate when it is required, must call from their configured host, and stop working
when the account is disabled."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
import redis
from pydicom.data import get_testdata_file
from pynetdicom import AE
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind

from teleconsult.admin import accounts, ca
from teleconsult.core.tls import PeerCert
from teleconsult.ingress.callers import Binding, refusal
from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.tls import start_listeners
from teleconsult.settings import accounts_log
from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import DicomNode
from teleconsult.settings.reader import ConfigError
from teleconsult.settings.tls import TlsConfig
from teleconsult.store import audit
from teleconsult.store.files import Storage
from tests.conftest import DEMO_CONFIG
from tests.ports import free_port
from tests.test_qr import _run

pytestmark = pytest.mark.skipif(shutil.which("findscu") is None, reason="DCMTK not installed")

CT = get_testdata_file("CT_small.dcm")  # futian's, PatientID 1CT1
STUDY = "QueryRetrieveLevel=STUDY"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A county CA with the server's, two clinics' and one doctor's certificates."""
    d = tmp_path_factory.mktemp("tls")
    ca.init_ca(d, "测试县 CA")
    ca.issue(d, "server", "server", ["127.0.0.1", "localhost"])
    for clinic in ("futian", "guandu"):
        ca.issue(d, "clinic", clinic)
    ca.issue(d, "doctor", "rad-wang")
    return d


def _community(settings, pki: Path, *, view_host: str = "127.0.0.1",
               ws_host: str = "127.0.0.1", futian_cert: bool = False,
               wang_cert: bool = False, match_address: bool = True):
    futian = replace(settings.clinics["futian"], require_client_cert=futian_cert,
                     qr_destinations=(DicomNode("FUTIAN_VIEW", view_host, 104,
                                                match_address),))
    wang = replace(settings.doctors["rad-wang"], require_client_cert=wang_cert,
                   workstations=(DicomNode("WANG_WS", ws_host, 104, match_address),))
    tls = TlsConfig(dicom_tls_port=free_port(), cert_file=pki / "server.crt",
                    key_file=pki / "server.key", client_ca_file=pki / "ca.crt")
    return replace(settings, dicom_port=free_port(), tls=tls,
                   clinics={**settings.clinics, "futian": futian},
                   doctors={**settings.doctors, "rad-wang": wang})


@pytest.fixture()
def listen(tmp_path_factory: pytest.TempPathFactory):
    """Start the real listeners (plain + TLS) of a settings; stopped after the test."""
    tmp_path_factory.getbasetemp()
    servers, clients, old_tempdir = [], [], tempfile.tempdir

    def _listen(settings):
        client = redis.Redis.from_url(settings.redis_target().url)
        clients.append(client)
        servers.extend(start_listeners(settings, Ingest(Storage(settings.data_dir), client)))
        return settings

    yield _listen
    for server in servers:
        server.shutdown()
    for client in clients:
        client.close()
    tempfile.tempdir = old_tempdir


def _find(s, aet: str, *, tls_as: str | None = None, pki: Path | None = None) -> str:
    """findscu at STUDY level; the log (rejected or the number of answers in it)."""
    extra: tuple = ()
    port = s.dicom_port
    if pki is not None:
        port = s.tls.dicom_tls_port
        who = (("+tls", str(pki / f"{tls_as}.key"), str(pki / f"{tls_as}.crt")) if tls_as
               else ("+tla",))
        extra = (*who, "+cf", str(pki / "ca.crt"))
    return _run("findscu", port, aet, STUDY, "PatientID", extra=extra)


def _rejected(log: str) -> bool:
    return "Association Rejected" in log


def _answers(log: str) -> int:
    return log.count("Pending: Matches are continuing")


def test_viewing_station_needs_the_clinics_certificate(settings, store_file, listen, pki):
    """Item 1: with require_client_cert, the viewing station is refused without a
    certificate (plain port) and with another clinic's; its own certificate reads."""
    store_file(CT, "FUTIAN_CT")
    s = listen(_community(settings, pki, futian_cert=True))
    assert _rejected(_find(s, "FUTIAN_VIEW"))  # plain port, no certificate
    assert _rejected(_find(s, "FUTIAN_VIEW", pki=pki))  # TLS, anonymous
    assert _rejected(_find(s, "FUTIAN_VIEW", tls_as="clinics/guandu", pki=pki))
    assert _rejected(_find(s, "FUTIAN_VIEW", tls_as="doctors/rad-wang", pki=pki))
    log = _find(s, "FUTIAN_VIEW", tls_as="clinics/futian", pki=pki)
    assert not _rejected(log) and _answers(log) == 1, log


def test_viewing_station_must_call_from_its_host(settings, store_file, listen, pki):
    """Item 1: with no certificate required, the configured host binds the station."""
    store_file(CT, "FUTIAN_CT")
    s = listen(_community(settings, pki, view_host="192.0.2.7"))  # TEST-NET: not us
    assert _rejected(_find(s, "FUTIAN_VIEW"))
    # another clinic's certificate does not speak for futian's station either
    assert _rejected(_find(s, "FUTIAN_VIEW", tls_as="clinics/guandu", pki=pki))


def test_workstation_bound_by_host_and_doctor_certificate(settings, store_file, listen, pki):
    """Item 2: a doctor's workstation is refused from another host, without the doctor's
    certificate when required, and with a clinic's; the doctor's own reads (audited)."""
    store_file(CT, "FUTIAN_CT")
    s = listen(_community(settings, pki, ws_host="192.0.2.7"))
    assert _rejected(_find(s, "WANG_WS"))
    s = listen(_community(settings, pki, wang_cert=True))
    assert _rejected(_find(s, "WANG_WS"))
    assert _rejected(_find(s, "WANG_WS", tls_as="clinics/futian", pki=pki))
    log = _find(s, "WANG_WS", tls_as="doctors/rad-wang", pki=pki)
    assert not _rejected(log), log  # accepted; nothing routed to rad-wang yet, so no answers
    assert _answers(log) == 0
    s = listen(_community(settings, pki, wang_cert=True, match_address=False,
                          ws_host="192.0.2.7"))  # certificate only: any address
    assert not _rejected(_find(s, "WANG_WS", tls_as="doctors/rad-wang", pki=pki))
    assert _rejected(_find(s, "WANG_WS", pki=pki))
    lines = [e for e in audit.query(s.data_dir) if e.get("calling_ae") == "WANG_WS"]
    assert lines == []  # nothing handed out, nothing to audit; reads are (test_qr)


def test_disabled_accounts_stations_stop_reading(settings, store_file, listen, pki, tmp_path):
    """Item 3: disabling the clinic and the doctor takes their reading AE titles away."""
    store_file(CT, "FUTIAN_CT")
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    text = text.replace('id = "futian"\n', 'id = "futian"\nqr_destinations = [{ae = '
                        '"FUTIAN_VIEW", host = "127.0.0.1", port = 104}]\n', 1)
    text = text.replace('id = "rad-wang"\n', 'id = "rad-wang"\nworkstations = [{ae = '
                        '"WANG_WS", host = "127.0.0.1", port = 104}]\n', 1)
    config = tmp_path / "tc.toml"
    config.write_text(text, encoding="utf-8")
    env = {"TELECONSULT_DATA_DIR": str(settings.data_dir),
           "TELECONSULT_REDIS_URL": settings.redis_target().url,
           "TELECONSULT_DICOM_PORT": str(free_port())}
    s = listen(load_settings(config, env=env, with_accounts=True))
    log = _find(s, "FUTIAN_VIEW")
    assert not _rejected(log) and _answers(log) == 1, log
    assert not _rejected(_find(s, "WANG_WS"))
    for kind, who in (("clinic", "futian"), ("doctor", "rad-wang")):
        accounts_log.append(settings.data_dir, accounts.change("disable", kind, who, "admin"))
    s = listen(load_settings(config, env={**env, "TELECONSULT_DICOM_PORT": str(free_port())},
                             with_accounts=True))
    assert _rejected(_find(s, "FUTIAN_VIEW"))
    assert _rejected(_find(s, "WANG_WS"))
    assert [e["who"] for e in audit.query(s.data_dir) if e.get("via") == "dicom"] == ["futian"]


def test_refusal_rules():
    own = PeerCert(("doctor:d1",), "a" * 64)
    clinic_cert = PeerCert(("d1",), "b" * 64)
    node = DicomNode("D1_WS", "ws.example", 104)
    ws = Binding("doctor", "d1", False, ("doctor:d1",), (), node)
    at = {"ws.example": {"10.0.0.5", "::1"}}.get

    def resolve(host: str) -> set[str]:
        return at(host, set())
    assert refusal(ws, None, "10.0.0.5", resolve) is None
    assert refusal(ws, None, "::ffff:10.0.0.5", resolve) is None  # dual-stack socket
    assert "must call from its configured host" in refusal(ws, None, "10.0.0.6", resolve)
    assert refusal(ws, own, "10.0.0.5", resolve) is None
    assert "does not speak for d1" in refusal(ws, clinic_cert, "10.0.0.5", resolve)
    gone = replace(ws, node=replace(node, host="gone.example"))
    assert refusal(gone, None, "10.0.0.5", resolve) is not None  # unresolvable: refused
    cert_only = replace(ws, require_cert=True, node=replace(node, match_address=False))
    assert refusal(cert_only, own, "203.0.113.9", resolve) is None
    assert refusal(cert_only, None, "203.0.113.9", resolve) == "client certificate required"
    assert refusal(None, None, "10.0.0.5", resolve) is None  # unknown AE: rejected elsewhere


def test_reading_stations_take_association_slots(settings, listen, pki):
    """A workstation's (and a viewing station's) associations count against the limits like
    a clinic's pushing AEs: one slot each here, the second association is turned away."""
    s = _community(settings, pki)
    s = listen(replace(s, dicom_limits=DicomLimits(max_associations_per_clinic=1)))
    for ae_title in ("WANG_WS", "FUTIAN_VIEW"):
        ae = AE(ae_title=ae_title)
        ae.add_requested_context(StudyRootQueryRetrieveInformationModelFind)
        first = ae.associate("127.0.0.1", s.dicom_port, ae_title="TELECONSULT")
        assert first.is_established
        second = ae.associate("127.0.0.1", s.dicom_port, ae_title="TELECONSULT")
        assert second.is_rejected, ae_title
        first.release()
        deadline = time.monotonic() + 10
        while True:  # the slot comes back once the first association's thread has ended
            third = ae.associate("127.0.0.1", s.dicom_port, ae_title="TELECONSULT")
            if third.is_established or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert third.is_established, ae_title
        third.release()


def test_configuration_rules(tmp_path):
    """check-config: a station unbound by address needs a required certificate, and a
    doctor requiring one needs the TLS port that asks for it."""
    text = DEMO_CONFIG.read_text(encoding="utf-8")
    loose = text.replace('id = "rad-wang"\n', 'id = "rad-wang"\nworkstations = [{ae = "WANG_WS",'
                         ' host = "10.0.0.9", port = 104, match_address = false}]\n', 1)
    (tmp_path / "loose.toml").write_text(loose, encoding="utf-8")
    with pytest.raises(ConfigError, match="match_address: false needs require_client_cert"):
        load_settings(tmp_path / "loose.toml", env={})
    strict = loose.replace('id = "rad-wang"\n', 'id = "rad-wang"\nrequire_client_cert = true\n',
                           1)
    (tmp_path / "strict.toml").write_text(strict, encoding="utf-8")
    with pytest.raises(ConfigError, match="rad-wang require_client_cert: set"):
        load_settings(tmp_path / "strict.toml", env={})
