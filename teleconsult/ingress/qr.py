"""Query/Retrieve SCP handlers: Study Root C-FIND, C-MOVE and C-GET on the ingress AE.

Matching is the one QIDO uses (``teleconsult.ingress.matching``); who sees what is
``qr_access``. Handlers are pynetdicom generators: C-FIND yields (status, identifier)
pairs, C-MOVE the destination then the number of sub-operations then one (status, dataset)
per instance, C-GET the same without a destination. One dataset is in memory at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import redis
from pydicom import dcmread
from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.errors import InvalidDicomError
from pydicom.sequence import Sequence
from pynetdicom import build_context, evt

from dicom.fields import text_of
from dicom.frames import NATIVE_SYNTAXES, transfer_syntax_of
from dicom.identity import read_ids
from dicom.status import QrStatus
from dicom.transcode import decode_in_place
from teleconsult.ingress.dicomjson import InstanceInfo, SeriesInfo, StudyInfo, instance_info
from teleconsult.ingress.matching import (
    BadQuery,
    instance_matches,
    series_matches,
    study_matches,
    values,
)
from teleconsult.ingress.negotiation import retrieval_plan
from teleconsult.ingress.qr_access import Caller, NotVisible, Scope, caller_for_ae, destination
from teleconsult.settings.model import Settings
from teleconsult.store.files import Storage

log = logging.getLogger(__name__)
LEVELS = ("STUDY", "SERIES", "IMAGE")
_MATCH_KEYS = ("PatientID", "PatientName", "StudyDate", "ModalitiesInStudy", "StudyInstanceUID",
               "AccessionNumber", "PatientBirthDate", "PatientSex", "StudyDescription",
               "Modality", "SeriesInstanceUID", "SeriesNumber", "SOPInstanceUID", "SOPClassUID",
               "InstanceNumber")
_TEXT = {"PatientName": 0x00100010, "StudyDescription": 0x00081030}
MAX_MATCHES = 5000


class QrRefused(Exception):
    """A request answered with a failure status (the status and a reason safe to log)."""

    def __init__(self, status: QrStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def query_of(ident: Dataset) -> tuple[str, dict[str, str]]:
    """(level, {keyword: matching value}) from a C-FIND/MOVE/GET identifier."""
    level = str(ident.get("QueryRetrieveLevel", "")).strip().upper()
    if level not in LEVELS:
        raise QrRefused(QrStatus.IDENTIFIER_DOES_NOT_MATCH,
                        f"QueryRetrieveLevel must be one of {', '.join(LEVELS)}")
    q = {}
    for key in _MATCH_KEYS:
        if key not in ident:
            continue
        if key in _TEXT:
            # a query typed into findscu without a charset is UTF-8 on any modern desktop
            q[key] = text_of(ident, _TEXT[key], "ISO_IR 192")
            continue
        value = ident[key].value
        if isinstance(value, list | tuple) or type(value).__name__ == "MultiValue":
            value = "\\".join(str(v) for v in value)
        q[key] = "" if value is None else str(value).strip()
    return level, q


def _caller(event: evt.Event, settings: Settings) -> Caller:
    caller = caller_for_ae(settings, event.assoc.requestor.ae_title)
    if caller is None:  # normally refused at association already
        raise QrRefused(QrStatus.NOT_AUTHORISED, "calling AE title not configured for Q/R")
    return caller


def matches(scope: Scope, level: str, q: dict[str, str]
            ) -> Iterator[tuple[StudyInfo, SeriesInfo | None, InstanceInfo | None]]:
    """Every visible (study, series, instance) the query names at its level."""
    for study in scope.studies(values(q.get("StudyInstanceUID", ""))):
        if not study_matches(study, q):
            continue
        if level == "STUDY":
            yield study, None, None
            continue
        for series in study.series:
            if not series_matches(series, q):
                continue
            if level == "SERIES":
                yield study, series, None
                continue
            for path in series.files:
                inst = instance_info(path)
                if inst is not None and instance_matches(inst, q):
                    yield study, series, inst


def _known(study: StudyInfo, series: SeriesInfo | None, inst: InstanceInfo | None) -> dict:
    out = {"PatientName": study.patient_name, "PatientID": study.patient_id,
           "PatientBirthDate": study.birth_date, "PatientSex": study.sex,
           "StudyDate": study.date, "StudyTime": study.time, "AccessionNumber": study.accession,
           "StudyDescription": study.description, "StudyInstanceUID": study.uid,
           "ModalitiesInStudy": study.modalities, "NumberOfStudyRelatedSeries": len(study.series),
           "NumberOfStudyRelatedInstances": study.instance_count}
    if series is not None:
        out.update({"Modality": series.modality, "SeriesNumber": series.number,
                    "SeriesDescription": series.description, "SeriesInstanceUID": series.uid,
                    "NumberOfSeriesRelatedInstances": len(series.files)})
    if inst is not None:
        out.update({"SOPInstanceUID": inst.sop_uid, "SOPClassUID": inst.sop_class_uid,
                    "InstanceNumber": inst.instance_number, "Rows": inst.rows,
                    "Columns": inst.columns, "NumberOfFrames": inst.frames})
    return out


def response(ident: Dataset, level: str, ae_title: str, study: StudyInfo,
             series: SeriesInfo | None, inst: InstanceInfo | None) -> Dataset:
    """The C-FIND answer: each requested key with our value (or empty), plus unique keys."""
    known = _known(study, series, inst)
    rsp = Dataset()
    rsp.SpecificCharacterSet = "ISO_IR 192"
    rsp.QueryRetrieveLevel = level
    for elem in ident:
        kw = elem.keyword
        if not kw or kw in ("SpecificCharacterSet", "QueryRetrieveLevel"):
            continue
        value = known.get(kw)
        if value in (None, "", []):
            rsp.add(DataElement(elem.tag, elem.VR, Sequence() if elem.VR == "SQ" else None))
        else:
            setattr(rsp, kw, value)
    unique = ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID")[:LEVELS.index(level) + 1]
    for kw in unique:
        setattr(rsp, kw, known[kw])
    rsp.RetrieveAETitle = ae_title
    return rsp


def handle_find(event: evt.Event, settings: Settings, storage: Storage,
                client: redis.Redis) -> Iterator[tuple[int, Dataset | None]]:
    """EVT_C_FIND: pending answers one by one; cancel is honoured between them."""
    try:
        caller = _caller(event, settings)
        level, q = query_of(event.identifier)
        scope = Scope(settings, storage, client, caller)
        found = []
        for match in matches(scope, level, q):
            found.append(match)
            if len(found) > MAX_MATCHES:
                raise QrRefused(QrStatus.UNABLE_TO_PROCESS,
                                f"more than {MAX_MATCHES} matches; narrow the query")
        scope.audit("qr_find", list({m[0].uid: m[0] for m in found}.values()))
    except (QrRefused, BadQuery) as exc:
        yield _refusal(event, "C-FIND", exc)
        return
    log.info("C-FIND %s from %s: %d match(es)", level, caller.ae, len(found))
    for study, series, inst in found:
        if event.is_cancelled:
            yield int(QrStatus.CANCELLED), None
            return
        yield int(QrStatus.PENDING), response(event.identifier, level, settings.ae_title,
                                              study, series, inst)


def _refusal(event: evt.Event, what: str, exc: Exception) -> tuple[int, Dataset | None]:
    status = exc.status if isinstance(exc, QrRefused) else QrStatus.UNABLE_TO_PROCESS
    log.warning("%s from %s refused with 0x%04X: %s", what, event.assoc.requestor.ae_title,
                status, exc)
    rsp = Dataset()
    rsp.ErrorComment = str(exc)[:64]
    return int(status), rsp


def retrieve_files(event: evt.Event, settings: Settings, storage: Storage,
                   client: redis.Redis, action: str) -> list[Path]:
    """The files a C-MOVE/C-GET names; QrRefused when a named study is not the caller's."""
    caller = _caller(event, settings)
    level, q = query_of(event.identifier)
    scope = Scope(settings, storage, client, caller)
    uids = values(q.get("StudyInstanceUID", ""))
    if not uids:
        raise QrRefused(QrStatus.IDENTIFIER_DOES_NOT_MATCH, "StudyInstanceUID is required")
    for uid in uids:
        try:
            scope.study(uid)
        except NotVisible:
            raise QrRefused(QrStatus.NOT_AUTHORISED, f"study {uid} is not yours") from None
    studies: dict[str, StudyInfo] = {}
    files = []
    for study, series, inst in matches(scope, level, q):
        studies[study.uid] = study
        if inst is not None:
            files.append(inst.path)
        else:
            files.extend(f for s in ([series] if series else study.series) for f in s.files)
    scope.audit(action, list(studies.values()))
    return files


def _datasets(event: evt.Event, files: list[Path], accepted: Callable[[], list]
              ) -> Iterator[tuple[int, Dataset | None]]:
    """One dataset per file, read as it is needed, in a syntax the receiving association
    accepted for its SOP class (``accepted()``: its presentation contexts); one that cannot
    be is a failed sub-operation (pynetdicom ends with 0xB000, or 0xA702 when all failed)."""
    for path in files:
        if event.is_cancelled:
            yield int(QrStatus.CANCELLED), None
            return
        try:
            ds = dcmread(path, force=True)
        except (InvalidDicomError, OSError, ValueError, EOFError, AttributeError) as exc:
            log.warning("Q/R: %s not sent, counted as failed: unreadable: %s", path.name, exc)
            yield int(QrStatus.PENDING), _unsendable(Dataset(), "")
            continue
        yield int(QrStatus.PENDING), _fit(ds, accepted(), path)


def _fit(ds: Dataset, contexts: list, path: Path) -> Dataset:
    """``ds`` as the peer can take it: as stored, decoded, or a stand-in that fails."""
    stored = transfer_syntax_of(ds)
    sop_class = str(ds.get("SOPClassUID", ""))
    taken = [str(cx.transfer_syntax[0]) for cx in contexts
             if str(cx.abstract_syntax) == sop_class]
    plan = retrieval_plan(stored, taken)
    if plan == "as_stored":
        return ds
    reason = f"the peer accepted only {', '.join(sorted(taken)) or 'nothing'} for it"
    if plan == "decode":
        try:
            decode_in_place(ds)  # same SOP Instance UID: the instance, uncompressed
            return ds
        except (ValueError, RuntimeError, NotImplementedError, AttributeError, KeyError,
                TypeError, EOFError) as exc:
            reason = f"cannot decode it ({type(exc).__name__}: {str(exc)[:120]})"
    log.warning("Q/R: instance %s (%s, stored in %s) not sent, counted as failed: %s",
                ds.get("SOPInstanceUID", "?"), path.name, stored, reason)
    return _unsendable(ds, stored)


def _unsendable(ds: Dataset, stored: str) -> Dataset:
    """Only the instance's UIDs (empty when unreadable), in its stored syntax that the peer
    did not accept: pynetdicom finds no presentation context for it, sends nothing, and
    counts a failed sub-operation naming the instance in Failed SOP Instance UID List (an
    empty dataset would be skipped uncounted, and a bare failure would lose the UID)."""
    stub = Dataset()
    stub.SOPClassUID = ds.get("SOPClassUID", "")
    stub.SOPInstanceUID = ds.get("SOPInstanceUID", "")
    stub.file_meta = FileMetaDataset()
    stub.file_meta.TransferSyntaxUID = stored
    return stub


def handle_move(event: evt.Event, settings: Settings, storage: Storage,
                client: redis.Redis) -> Iterator:
    """EVT_C_MOVE: to one of the caller's own configured stations only."""
    move_ae = event.move_destination
    move_ae = move_ae.decode() if isinstance(move_ae, bytes) else str(move_ae)
    try:
        node = destination(settings, _caller(event, settings), move_ae)
    except QrRefused:
        node = None
    if node is None:
        log.warning("C-MOVE from %s to unknown destination %r", event.assoc.requestor.ae_title,
                    move_ae.strip())
        yield None, None
        return
    try:
        files = retrieve_files(event, settings, storage, client, "qr_move")
    except (QrRefused, BadQuery) as exc:
        yield node.host, node.port, {"contexts": [build_context("1.2.840.10008.1.1")]}
        yield 1
        yield _refusal(event, "C-MOVE", exc)
        return
    # pynetdicom opens the sub-association between our yields and keeps it to itself; its
    # EVT_ACCEPTED (fired before associate() returns) hands it over, for its contexts
    sub: list = []
    yield node.host, node.port, {"contexts": contexts_for(files), "evt_handlers": [
        (evt.EVT_ACCEPTED, lambda accepted: sub.append(accepted.assoc))]}
    yield len(files)
    yield from _datasets(event, files, lambda: sub[-1].accepted_contexts if sub else [])


def handle_get(event: evt.Event, settings: Settings, storage: Storage,
               client: redis.Redis) -> Iterator:
    """EVT_C_GET: the instances go back on the caller's own association."""
    try:
        files = retrieve_files(event, settings, storage, client, "qr_get")
    except (QrRefused, BadQuery) as exc:
        yield 1
        yield _refusal(event, "C-GET", exc)
        return
    yield len(files)
    yield from _datasets(event, files, lambda: event.assoc.accepted_contexts)


def contexts_for(files: list[Path]) -> list:
    """Presentation contexts for a C-MOVE sub-association: each SOP class in its stored
    compressed syntaxes, and in the two uncompressed ones (at most 128 contexts)."""
    wanted: dict[str, set[str]] = {}
    for path in files:
        try:
            ids = read_ids(path)
        except ValueError:
            continue
        sop_class = ids.sop_class_uid or ids.media_sop_class_uid
        if not sop_class:  # unreadable: it will be a failed sub-operation, not a context
            continue
        wanted.setdefault(sop_class, set()).add(ids.transfer_syntax_uid or "1.2.840.10008.1.2")
    out = []
    for sop_class, syntaxes in sorted(wanted.items()):
        out.append(build_context(sop_class, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]))
        out += [build_context(sop_class, ts) for ts in sorted(syntaxes - NATIVE_SYNTAXES)]
    return out[:128]
