"""Send DICOM files and folders to a storage SCP by C-STORE (``teleconsult push``).

Files are streamed from disk as they are (no decoding, no re-encoding): each file's own
SOP class and transfer syntax become the proposed presentation contexts. One association
carries up to 128 contexts; more distinct (SOP class, transfer syntax) pairs open another.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import dcmread
from pydicom.errors import InvalidDicomError
from pynetdicom import AE, _config
from pynetdicom.presentation import build_context
from tqdm import tqdm

from dicom.sop_classes import register_retired_storage
from dicom.status import is_success

log = logging.getLogger(__name__)

MAX_CONTEXTS = 128  # PS3.8: presentation context IDs are odd numbers 1..255
MAX_PDU = 128 * 1024


@dataclass
class PushResult:
    """What happened to each file: counts plus the reason for every failure and skip."""

    sent: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)
    skips: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def skipped(self) -> int:
        return len(self.skips)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class _Item:
    path: Path
    sop_class: str
    transfer_syntax: str

    @property
    def context(self) -> tuple[str, str]:
        return self.sop_class, self.transfer_syntax


def _walk(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file())
        else:
            yield p


def _inspect(path: Path) -> _Item | str:
    """The file's SOP class and transfer syntax from its file meta, or why it cannot be sent."""
    try:
        ds = dcmread(path, stop_before_pixels=True, specific_tags=["SOPClassUID"])
    except (InvalidDicomError, EOFError, ValueError, OSError, KeyError, TypeError) as exc:
        return f"not a DICOM file: {exc}"
    meta = getattr(ds, "file_meta", None)
    sop_class = str(getattr(meta, "MediaStorageSOPClassUID", "") or "").strip("\x00 ")
    syntax = str(getattr(meta, "TransferSyntaxUID", "") or "").strip("\x00 ")
    if not (sop_class and syntax and getattr(meta, "MediaStorageSOPInstanceUID", None)):
        return "no DICOM file meta (SOP class, SOP instance or transfer syntax missing)"
    return _Item(path, sop_class, syntax)


def _batches(items: list[_Item]) -> Iterator[list[_Item]]:
    """Consecutive groups of items whose distinct contexts fit one association."""
    batch: list[_Item] = []
    contexts: set[tuple[str, str]] = set()
    for item in items:
        if item.context not in contexts and len(contexts) == MAX_CONTEXTS:
            yield batch
            batch, contexts = [], set()
        batch.append(item)
        contexts.add(item.context)
    if batch:
        yield batch


def _send_batch(ae: AE, host: str, port: int, called_ae: str, batch: list[_Item],
                result: PushResult, bar: tqdm, tls_args: tuple | None = None) -> None:
    contexts = sorted({item.context for item in batch})
    ae.requested_contexts = [build_context(sop, [ts]) for sop, ts in contexts]
    assoc = ae.associate(host, port, ae_title=called_ae, max_pdu=MAX_PDU, tls_args=tls_args)
    try:
        for item in batch:
            if not assoc.is_established:
                reason = "association rejected or aborted" if item is batch[0] else "aborted"
                result.failures.append((item.path, f"{reason} by {host}:{port}"))
            else:
                _send_one(assoc, item, result)
            bar.update(1)
    finally:
        if assoc.is_established:
            assoc.release()


def _send_one(assoc, item: _Item, result: PushResult) -> None:  # type: ignore[no-untyped-def]
    try:
        status = assoc.send_c_store(item.path)
    except (ValueError, AttributeError, OSError) as exc:  # e.g. context not accepted
        result.failures.append((item.path, str(exc)))
        return
    code = getattr(status, "Status", None)
    if code is None:
        result.failures.append((item.path, "no response (timeout or connection lost)"))
    elif is_success(code):
        result.sent += 1
    else:
        result.failures.append((item.path, f"peer answered status 0x{code:04X}"))


def push(host: str, port: int, paths: list[Path], calling_ae: str,
         called_ae: str = "TELECONSULT", progress: bool = True,
         tls_args: tuple | None = None) -> PushResult:
    """C-STORE every DICOM file under ``paths`` to ``host:port``; never raises for bad files.

    ``tls_args``: ``(ssl.SSLContext, server_hostname)`` to send over TLS.
    """
    # Stream each file from disk by offset instead of decoding it into memory; this also
    # guarantees the bytes go out in the file's own transfer syntax, unchanged.
    _config.STORE_SEND_CHUNKED_DATASET = True
    register_retired_storage()  # old ultrasound files go out like any other
    result = PushResult()
    items: list[_Item] = []
    for path in _walk(paths):
        found = _inspect(path)
        if isinstance(found, str):
            log.info("skipping %s: %s", path, found)
            result.skips.append((path, found))
        else:
            items.append(found)
    ae = AE(ae_title=calling_ae)
    ae.maximum_pdu_size = MAX_PDU
    with tqdm(total=len(items), unit="file", disable=not progress) as bar:
        for batch in _batches(items):
            _send_batch(ae, host, port, called_ae, batch, result, bar, tls_args)
    for path, reason in result.failures:
        log.warning("failed to send %s: %s", path, reason)
    return result
