"""The door of the DICOM ingress: what a connection must do before it may hold anything.

A new connection is *pending* until its A-ASSOCIATE-RQ has arrived complete (within ARTIM).
Pending connections are read by one selector thread (``teleconsult.ingress.door``): they
hold no thread and no association slot; they are bounded per peer address and in total
(the oldest is closed to make room, so a flood cannot lock the door on a real modality);
the first PDU is length-checked before its body is read. Only then does the calling clinic
take one of its association slots; a clinic at its limit, or a full house, gets
A-ASSOCIATE-RJ (transient, local limit exceeded) and can retry.

``PendingTable`` and ``SlotTable`` are the pure decisions here.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from teleconsult.settings.dicom_limits import DicomLimits


class PendingTable:
    """Connections still waiting for their A-ASSOCIATE-RQ, oldest first (no I/O)."""

    def __init__(self, total: int, per_address: int) -> None:
        self.total, self.per_address = total, per_address
        self._entries: OrderedDict[int, str] = OrderedDict()  # key → address

    def add(self, key: int, address: str) -> list[int]:
        """Register ``key``; return the keys to close (oldest of the address, then overall)."""
        evict: list[int] = []
        same = [k for k, a in self._entries.items() if a == address]
        while len(same) >= self.per_address:
            evict.append(same.pop(0))
            del self._entries[evict[-1]]
        while len(self._entries) >= self.total:
            oldest = next(iter(self._entries))
            evict.append(oldest)
            del self._entries[oldest]
        self._entries[key] = address
        return evict

    def remove(self, key: int) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


class SlotTable:
    """Established associations per clinic and in total (no I/O). ``elsewhere(clinic)``
    tells (that clinic's, all) associations the other ingress processes on the same port
    hold, so that the limits bound the port; without it they bound this process."""

    def __init__(self, limits: DicomLimits,
                 elsewhere: Callable[[str], tuple[int, int]] | None = None) -> None:
        self.limits = limits
        self.by_clinic: dict[str, int] = {}
        self._elsewhere = elsewhere

    def take(self, clinic_id: str) -> str | None:
        """Take a slot for ``clinic_id``; None if taken, else why not (safe to log)."""
        mine = self.by_clinic.get(clinic_id, 0)
        theirs, theirs_total = self._elsewhere(clinic_id) if self._elsewhere else (0, 0)
        held = mine + theirs
        if held >= self.limits.clinic_limit(clinic_id):
            return (f"clinic {clinic_id} already holds {held} associations "
                    "(dicom_limits.max_associations_per_clinic)")
        if sum(self.by_clinic.values()) + theirs_total >= self.limits.max_associations:
            return (f"{self.limits.max_associations} associations already open "
                    "(dicom_limits.max_associations)")
        self.by_clinic[clinic_id] = mine + 1
        return None

    def give_back(self, clinic_id: str) -> None:
        held = self.by_clinic.get(clinic_id, 0)
        if held <= 1:
            self.by_clinic.pop(clinic_id, None)
        else:
            self.by_clinic[clinic_id] = held - 1
