"""Which transfer syntax the ingress accepts in each presentation context it is offered.

pynetdicom's acceptor takes, per context, the first syntax of *its own* list that the
requester proposed. Ours puts Explicit VR Little Endian first (it keeps every element's VR
on the wire; Implicit VR is the fallback every peer has), then Implicit VR, then the rest.

A C-GET caller proposes the storage contexts it will receive on with the SCP role. There
the caller's order wins (it says what it prefers, often the compressed syntax it stores),
except that Explicit VR goes before Implicit VR: a caller that proposes the syntax an
instance is stored in gets it as stored, one that proposes only native syntaxes gets it
decoded (``teleconsult.ingress.qr``), in Explicit VR whenever it accepts that. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydicom.uid import (
    UID,
    AllTransferSyntaxes,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

# Not encapsulated: pynetdicom sends these in any accepted uncompressed context
UNCOMPRESSED = frozenset({ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                          DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian})
# The acceptor's own order: Explicit VR before Implicit VR, then every other syntax.
ACCEPTOR_ORDER: tuple[str, ...] = (ExplicitVRLittleEndian, ImplicitVRLittleEndian, *(
    ts for ts in AllTransferSyntaxes if ts not in (ExplicitVRLittleEndian,
                                                   ImplicitVRLittleEndian)))


def requester_first(proposed: Iterable[str], supported: Iterable[str]) -> list[str]:
    """``supported`` reordered: the requester's ``proposed`` order first (Explicit VR Little
    Endian moved ahead of Implicit VR when it proposed both), then the rest as they were."""
    known = list(supported)
    order = [ts for ts in dict.fromkeys(str(t) for t in proposed) if ts in known]
    if (ExplicitVRLittleEndian in order and ImplicitVRLittleEndian in order
            and order.index(ExplicitVRLittleEndian) > order.index(ImplicitVRLittleEndian)):
        order.remove(ExplicitVRLittleEndian)
        order.insert(order.index(ImplicitVRLittleEndian), ExplicitVRLittleEndian)
    return order + [ts for ts in known if ts not in order]


def prefer_for_retrieval(requested: Iterable, supported: Iterable, scp_role: set[str]) -> None:
    """Reorder, in place, the syntaxes of the association's own ``supported`` contexts
    whose SOP class the requester wants to receive (``scp_role``) to its order."""
    proposed: dict[str, list[str]] = {}
    for cx in requested:
        if str(cx.abstract_syntax) in scp_role:
            proposed.setdefault(str(cx.abstract_syntax), []).extend(
                str(ts) for ts in cx.transfer_syntax)
    for cx in supported:
        wanted = proposed.get(str(cx.abstract_syntax))
        if wanted:
            cx._transfer_syntax = [UID(ts) for ts in requester_first(
                wanted, (str(ts) for ts in cx.transfer_syntax))]


def retrieval_plan(stored: str, accepted: Iterable[str]) -> str:
    """How a retrieve sends an instance stored in ``stored`` to a peer that accepted
    ``accepted`` for its SOP class (PS3.4 C.4.2.3/C.4.3.3, PS3.7 9.1.1): ``"as_stored"``
    (in that syntax; an uncompressed one may go in another uncompressed syntax, which the
    network layer writes losslessly), ``"decode"`` (compressed, and the peer took only
    uncompressed) or ``"refuse"`` (nothing the peer accepted can carry it: a failed
    sub-operation, never a syntax it did not accept)."""
    taken = {str(ts) for ts in accepted}
    if stored in taken:
        return "as_stored"
    if not taken & UNCOMPRESSED:
        return "refuse"
    return "as_stored" if stored in UNCOMPRESSED else "decode"
