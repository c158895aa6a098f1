"""The DICOM ingress: a pynetdicom SCP for C-ECHO and C-STORE of every storage SOP class,
and Study Root Query/Retrieve (handlers in ``teleconsult.ingress.qr``): the handlers,
registered as data, and the one place an exception becomes a DIMSE status.

Policy (documented in README by the CLI owner):
- Calling AE titles must belong to a configured clinic (or be a clinic's viewing station or
  a doctor's workstation, which may only query and retrieve); others are rejected at
  association, and so is a caller that is not its AE title's owner by certificate or
  address (``teleconsult.ingress.callers``).
- The called AE title must equal ``settings.ae_title`` (default ``TELECONSULT``): a modality
  pointed at the wrong AE is told so at association instead of being silently accepted.
- Every transfer syntax pydicom knows is accepted and the bytes are stored as received.
- A C-STORE is written to disk in chunks while it arrives (memory stays flat), then handed to
  ``Ingest.accept_file``; success is sent only after that returns (fsync + arrival recorded).
- Every connection passes ``teleconsult.ingress.door`` (ARTIM, pending and association
  limits) before pynetdicom sees it; ``teleconsult.ingress.transport`` bounds PDU lengths
  and ``teleconsult.ingress.dimse`` turns a full disk into 0xA700 (the ``[dicom_limits]``
  table, docs/ingress-limits.md).
"""

from __future__ import annotations

import logging
import ssl
import tempfile
import threading
from pathlib import Path

from pynetdicom import (
    AE,
    AllStoragePresentationContexts,
    VerificationPresentationContexts,
    _config,
    evt,
)
from pynetdicom.transport import RequestHandler, ThreadedAssociationServer

from dicom.sop_classes import RETIRED_STORAGE, register_retired_storage
from dicom.status import Status
from teleconsult.ingress import qr
from teleconsult.ingress.association import CheaplyCopiedContexts, NoDelayServer, guard
from teleconsult.ingress.callers import CallerCheckingHandler, peer_check
from teleconsult.ingress.dimse import spool_error
from teleconsult.ingress.ingest import (
    ConflictingInstance,
    HostileUID,
    Ingest,
    IngestError,
    MalformedInstance,
    NotDurable,
    OutOfSpace,
)
from teleconsult.ingress.negotiation import ACCEPTOR_ORDER
from teleconsult.ingress.qr_access import qr_only_aes
from teleconsult.settings.dicom_limits import DicomLimits
from teleconsult.settings.model import Settings

log = logging.getLogger(__name__)

STUDY_ROOT_QR = ("1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.2.2.2",
                 "1.2.840.10008.5.1.4.1.2.2.3")  # FIND, MOVE, GET


class UnknownCaller(Exception):
    """A C-STORE from an AE title no clinic owns (normally stopped at association)."""

    dimse_status = Status.NOT_AUTHORISED
    reason = "unknown_calling_ae"


# Most specific class first: the first isinstance match wins.
_BY_EXCEPTION: tuple[tuple[type[BaseException], Status], ...] = (
    (OutOfSpace, Status.OUT_OF_RESOURCES),  # disk full: the sender retries once space is back
    (NotDurable, Status.OUT_OF_RESOURCES),
    (HostileUID, Status.CANNOT_UNDERSTAND_UID),
    (MalformedInstance, Status.CANNOT_UNDERSTAND),
    (ConflictingInstance, Status.DUPLICATE_SOP_INSTANCE),
    (IngestError, Status.PROCESSING_FAILURE),
    (OSError, Status.OUT_OF_RESOURCES),  # disk full, permissions: retry once fixed
)


def status_for(exc: BaseException) -> tuple[Status, str]:
    """Map an exception to ``(status, reason)``; the reason is safe to log (no patient data).

    An exception may carry its own ``dimse_status`` (edge-local refusals such as an unknown
    calling AE); ``IngestError`` subclasses and ``OSError`` use the table; anything else is
    a processing failure, never success.
    """
    own = getattr(exc, "dimse_status", None)
    if isinstance(own, int) and own != Status.SUCCESS:
        status = Status(own) if own in Status._value2member_map_ else Status.PROCESSING_FAILURE
        return status, getattr(exc, "reason", None) or type(exc).__name__
    for kind, status in _BY_EXCEPTION:
        if isinstance(exc, kind):
            return status, getattr(exc, "reason", None) or type(exc).__name__
    return Status.PROCESSING_FAILURE, f"internal_error ({type(exc).__name__})"


def _peer(event: evt.Event) -> str:
    req = event.assoc.requestor
    return f"{req.ae_title}@{req.address}:{req.port}"


def handle_store(event: evt.Event, settings: Settings, ingest: Ingest) -> int:
    """EVT_C_STORE: hand the received file to ingest; answer success only once it is durable."""
    try:
        clinic = settings.clinic_for_ae(event.assoc.requestor.ae_title)
        if clinic is None:
            raise UnknownCaller()
        unwritten = spool_error(event.assoc.dimse, event.dataset_path)
        if unwritten is not None:
            raise OutOfSpace(f"cannot receive the data set: {unwritten.strerror or unwritten}")
        # accept_file consumes (unlinks) pynetdicom's temp file; pynetdicom's own unlink
        # after us is best-effort and ignores that it is gone.
        arrival = ingest.accept_file(Path(event.dataset_path), clinic,
                                     str(event.request.AffectedSOPInstanceUID))
    except Exception as exc:  # every failure is answered, never fatal
        status, reason = status_for(exc)
        log.warning("C-STORE from %s refused with 0x%04X: %s: %s",
                    _peer(event), status, reason, exc)
        return int(status)
    log.debug("C-STORE from %s stored %s (new=%s)", _peer(event), arrival.sop_uid, arrival.new)
    return int(Status.SUCCESS)


def handle_echo(event: evt.Event) -> int:
    """EVT_C_ECHO: verification always succeeds for an accepted association."""
    return int(Status.SUCCESS)


def handle_rejected(event: evt.Event) -> None:
    """EVT_REJECTED: one log line naming who was turned away."""
    log.warning("association from %s rejected (calling AE not configured or called AE not %s)",
                _peer(event), event.assoc.acceptor.ae_title)


def make_ae(settings: Settings) -> AE:
    """The acceptor AE: all storage SOP classes × all transfer syntaxes, plus verification."""
    ae = AE(ae_title=settings.ae_title)
    limits = settings.dicom_limits or DicomLimits()
    ae.maximum_pdu_size = limits.max_pdu_bytes
    # The door (teleconsult.ingress.door) bounds associations per clinic and in total;
    # pynetdicom's own count includes threads still winding down, so it only backs it up.
    ae.maximum_associations = 2 * (limits.max_associations + limits.max_pending)
    ae.acse_timeout = limits.artim_seconds  # e.g. waiting for the peer's A-RELEASE-RP
    ae.network_timeout = limits.idle_seconds  # an association with no PDU is aborted
    syntaxes = list(ACCEPTOR_ORDER)  # Explicit VR first (teleconsult.ingress.negotiation)
    register_retired_storage()
    storage = [cx.abstract_syntax for cx in AllStoragePresentationContexts]
    for uid in [*storage, *RETIRED_STORAGE]:
        # either role: a C-GET caller proposes to be the storage SCP on its association
        ae.add_supported_context(uid, syntaxes, scu_role=True, scp_role=True)
    for cx in VerificationPresentationContexts:
        ae.add_supported_context(cx.abstract_syntax, syntaxes)
    for uid in STUDY_ROOT_QR:
        ae.add_supported_context(uid, syntaxes)
    ae.require_calling_aet = sorted({ae_title for clinic in settings.clinics.values()
                                     for ae_title in clinic.ae_titles} | qr_only_aes(settings))
    ae.require_called_aet = True
    return ae


def start_scp(settings: Settings, ingest: Ingest, host: str = "0.0.0.0",
              port: int | None = None, *, ssl_context: ssl.SSLContext | None = None,
              server_class: type[ThreadedAssociationServer] = NoDelayServer,
              request_handler: type[RequestHandler] = CallerCheckingHandler,
              listen_fd: int | None = None,
              slot: tuple[int, int] | None = None) -> ThreadedAssociationServer:
    """Start the ingress SCP in background threads; call ``.shutdown()`` on the result to stop.

    ``ssl_context``, ``server_class`` and ``request_handler``: the TLS listener's hook
    (``teleconsult.ingress.tls``); subclasses of this module's server and handler.
    ``listen_fd``: accept from this inherited listening socket instead of binding one;
    ``slot``: this process's place among the ones sharing it (``listeners.slot``).
    """
    if listen_fd is not None:
        server_class = type(server_class.__name__, (server_class,), {"listen_fd": listen_fd})
    # Receive each C-STORE dataset straight into a file instead of memory (invariant 5).
    _config.STORE_RECV_CHUNKED_DATASET = True
    # pynetdicom's standard handlers format a debug line for every PDU and DIMSE message
    # (its logger is at WARNING, so nobody reads them) and, bound to EVT_DIMSE_SENT, would
    # keep C-STORE-RSPs off their fast path (SpoolingDIMSE.send_msg).
    _config.LOG_HANDLER_LEVEL = "none"
    # That file is made in tempfile's directory (teleconsult.ingress.spool); putting tempfile's
    # directory on the data dir's filesystem lets ingest hard-link it into storage
    # instead of copying every byte a second time.
    tempfile.tempdir = str(ingest.storage.tmp)
    ae = make_ae(settings)
    handlers = [
        (evt.EVT_C_STORE, handle_store, [settings, ingest]),
        (evt.EVT_C_ECHO, handle_echo),
        (evt.EVT_REJECTED, handle_rejected),
        (evt.EVT_C_FIND, qr.handle_find, [settings, ingest.storage, ingest.redis]),
        (evt.EVT_C_MOVE, qr.handle_move, [settings, ingest.storage, ingest.redis]),
        (evt.EVT_C_GET, qr.handle_get, [settings, ingest.storage, ingest.redis]),
    ]
    server = ae.make_server((host, settings.dicom_port if port is None else port),
                            evt_handlers=handlers, server_class=server_class,
                            request_handler=request_handler, ssl_context=ssl_context)
    server.contexts = CheaplyCopiedContexts(server.contexts)
    server.tc_peer_check = peer_check(settings)  # every caller bound to its owner
    guard(server, settings, slot)
    ae._servers.append(server)  # as AE.start_server does: server.shutdown() expects it there
    thread = threading.Thread(target=server.serve_forever, name="dicom-ingress", daemon=True)
    thread.start()
    log.info("DICOM ingress %s listening on %s:%d%s", settings.ae_title,
             *server.server_address[:2], " (TLS)" if ssl_context else "")
    return server
