"""SOP classes beyond pynetdicom's current list that the field still sends."""

from __future__ import annotations

from pynetdicom.service_class import StorageServiceClass
from pynetdicom.sop_class import register_uid, uid_to_service_class

# Retired in 1993 but still sent by older township ultrasound machines (PS3.6 Annex A).
RETIRED_STORAGE = {
    "1.2.840.10008.5.1.4.1.1.6": "UltrasoundImageStorageRetired",
    "1.2.840.10008.5.1.4.1.1.3": "UltrasoundMultiFrameImageStorageRetired",
}


def register_retired_storage() -> None:
    """Make pynetdicom treat the retired storage classes as storage (idempotent).

    pynetdicom keeps this registry per process; without it an accepted C-STORE of these
    classes has no service class to answer it, on either side of the association.
    """
    for uid, keyword in RETIRED_STORAGE.items():
        if uid_to_service_class(uid) is not StorageServiceClass:
            register_uid(uid, keyword, StorageServiceClass)
