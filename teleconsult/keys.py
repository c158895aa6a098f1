"""Every Redis key in one place.

Keys that one Lua script touches together share a hash tag (``{route}``, ``{ingest}``,
``{reports}``) so the scripts stay valid on Redis Cluster.
"""

from __future__ import annotations

PREFIX = "tc"

# ingest: arrivals of instances, and the studies waiting to become stable
ARRIVALS = f"{PREFIX}:{{ingest}}:arrivals"  # stream
ASSEMBLER_GROUP = "assembler"
PENDING_STUDIES = f"{PREFIX}:{{ingest}}:pending"  # zset study_uid -> due (epoch s)


def study_info(study_uid: str) -> str:
    return f"{PREFIX}:{{ingest}}:study:{study_uid}"  # hash: clinic, modality, count, last


def study_sops(study_uid: str) -> str:
    return f"{PREFIX}:{{ingest}}:sops:{study_uid}"  # set of SOP UIDs already recorded


# routing: queues, assignments, leases
def queue(specialty: str) -> str:
    return f"{PREFIX}:{{route}}:queue:{specialty}"  # zset case_id -> rank


def case(case_id: str) -> str:
    return f"{PREFIX}:{{route}}:case:{case_id}"  # hash: summary + owner/status/fence


def doctor_cases(doctor_id: str) -> str:
    return f"{PREFIX}:{{route}}:doctor:{doctor_id}"  # zset case_id -> rank


LEASES = f"{PREFIX}:{{route}}:leases"  # zset case_id -> lease deadline (epoch s)
FENCE = f"{PREFIX}:{{route}}:fence"  # counter: fencing tokens
CASES_BY_STUDY = f"{PREFIX}:{{route}}:by-study"  # hash study_uid -> case_id
ROUTE_WAKE = f"{PREFIX}:{{route}}:wake"  # list: a nudge for idle routers


def online(doctor_id: str) -> str:
    return f"{PREFIX}:presence:{doctor_id}"  # string with TTL: doctor polled recently


# reports: per-clinic ordered feed with a numeric cursor
REPORT_SEQ = f"{PREFIX}:{{reports}}:seq"


def clinic_reports(clinic_id: str) -> str:
    return f"{PREFIX}:{{reports}}:clinic:{clinic_id}"  # zset report_id -> seq


def patient_cases(patient_key: str) -> str:
    return f"{PREFIX}:patient:{patient_key}"  # set of case ids


EVENTS = f"{PREFIX}:events"  # stream: case/report events for the event stream
