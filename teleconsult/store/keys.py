"""Every Redis key in one place.

Keys that one Lua script or one MULTI touches together share a hash tag (``{route}`` or a
community's ``{route:<id>}`` (``communities.route_tag``),
``{ingest}``, ``{reports}``, ``{presence}``, …) so they stay valid on Redis Cluster, where a
script or transaction may only touch keys of one slot. A key without a tag is only ever used
alone (or in a non-transactional pipeline, which the cluster client splits by node).
"""

from __future__ import annotations

import hashlib

from teleconsult.store.communities import DEFAULT_COMMUNITY, case_community, route_tag

PREFIX = "tc"

# ingest: arrivals of instances, and the studies waiting to become stable
ARRIVALS = f"{PREFIX}:{{ingest}}:arrivals"  # stream
ASSEMBLER_GROUP = "assembler"
PENDING_STUDIES = f"{PREFIX}:{{ingest}}:pending"  # zset study_uid -> due (epoch s)
UNREADABLE_STUDIES = f"{PREFIX}:{{ingest}}:unreadable"  # set: parked after repeated failures


def study_info(study_uid: str) -> str:
    return f"{PREFIX}:{{ingest}}:study:{study_uid}"  # hash: clinic, modality, count, last


def study_sops(study_uid: str) -> str:
    return f"{PREFIX}:{{ingest}}:sops:{study_uid}"  # set of SOP UIDs already recorded


# routing: queues, assignments, leases. Every key a routing script touches carries its
# community's tag; a case's community is part of its id (``case_community``), so a case's
# keys are found from its id alone.


def queue(specialty: str, community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:queue:{specialty}"  # zset case_id -> rank


def case(case_id: str) -> str:
    # hash: summary + owner/status/fence
    return f"{PREFIX}:{route_tag(case_community(case_id))}:case:{case_id}"


def doctor_cases(doctor_id: str, community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:doctor:{doctor_id}"  # zset case_id -> rank


def leases(community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:leases"  # zset case_id -> lease deadline (epoch s)


def fence(community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:fence"  # counter: fencing tokens


def cases_by_study(community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:by-study"  # hash study_uid -> case_id


def deadlines(community: str = DEFAULT_COMMUNITY) -> str:
    return f"{PREFIX}:{route_tag(community)}:deadlines"  # zset open case -> SLA due (epoch s)


# the default community's (what a single-community deployment uses)
LEASES = leases()
FENCE = fence()
CASES_BY_STUDY = cases_by_study()
DEADLINES = deadlines()
# a nudge for idle routers of every community (no script uses it with other keys)
ROUTE_WAKE = f"{PREFIX}:{{route}}:wake"  # list


def online(doctor_id: str) -> str:
    return f"{PREFIX}:{{presence}}:online:{doctor_id}"  # string with TTL: polled recently


def lease_renewed(doctor_id: str, community: str = DEFAULT_COMMUNITY) -> str:
    # read with the doctor's worklist in one script (CaseQueue.poll): the community's tag
    return f"{PREFIX}:{route_tag(community)}:renewed:{doctor_id}"  # set 30 s after renewal


def checked_out(doctor_id: str) -> str:
    return f"{PREFIX}:{{presence}}:checked-out:{doctor_id}"  # set while checked out


def roster_overrides(doctor_id: str) -> str:
    return f"{PREFIX}:roster:overrides:{doctor_id}"  # list of JSON overrides from the admin API


ESCALATIONS = f"{PREFIX}:escalations"  # stream of escalation records
METRICS = f"{PREFIX}:metrics"  # hash of counters shared by every process


def metric_histogram(name: str) -> str:
    return f"{PREFIX}:metrics:hist:{name}"  # hash: bucket upper bound -> count, sum, count


CONFIG_VERSION = f"{PREFIX}:config:version"  # bumped by a validated reload
# written (INCR) just before a WAIT: its replication covers every write made before it
REPLICATION_PROBE = f"{PREFIX}:replication:probe"


# reports: per-clinic ordered feed with a numeric cursor
REPORT_SEQ = f"{PREFIX}:{{reports}}:seq"


def clinic_reports(clinic_id: str) -> str:
    return f"{PREFIX}:{{reports}}:clinic:{clinic_id}"  # zset report_id -> seq


def patient_cases(patient_key: str) -> str:
    return f"{PREFIX}:patient:{patient_key}"  # set of case ids


def clinic_cases(clinic_id: str) -> str:
    return f"{PREFIX}:clinic-cases:{clinic_id}"  # zset case_id -> received_at


def turnaround(day: str) -> str:
    return f"{PREFIX}:turnaround:{day}"  # list of JSON {case_id, priority, received, signed}


EVENTS = f"{PREFIX}:events"  # stream: case/report events for the event stream

# reports flow back: delivery jobs, dead letters, critical-result timers, sharing index
DELIVERY_DUE = f"{PREFIX}:{{delivery}}:due"  # zset "<report_id>|<channel>" -> next try (epoch s)
DELIVERY_ATTEMPTS = f"{PREFIX}:{{delivery}}:attempts"  # hash job -> failed attempts so far
DEAD_LETTERS = f"{PREFIX}:{{delivery}}:dead"  # hash job -> JSON: report, channel, error, at
CRITICAL_DUE = f"{PREFIX}:{{critical}}:due"  # zset report_id -> next escalation (epoch s)
SHARE_INDEXED = f"{PREFIX}:{{share}}:indexed"  # set of case ids already in the sharing index


def share_person(community_id: str) -> str:
    return f"{PREFIX}:{{share}}:id:{community_id}"  # set of case ids of one community-wide id


def share_name_dob(name_dob: str) -> str:
    return f"{PREFIX}:{{share}}:name-dob:{name_dob}"  # set of case ids: possible matches


# laboratory results: the same indexes as cases', holding result ids
LAB_INDEXED = f"{PREFIX}:{{share}}:lab-indexed"  # set of result ids in the sharing index
LAB_CRITICAL_PREFIX = "lab:"  # a CRITICAL_DUE member "lab:<result_id>" is a critical lab value


def patient_labs(patient_key: str) -> str:
    return f"{PREFIX}:patient-lab:{patient_key}"  # set of result ids of "<clinic>:<local id>"


def share_person_labs(community_id: str) -> str:
    return f"{PREFIX}:{{share}}:lab-id:{community_id}"  # set of result ids of a community id


def share_name_dob_labs(name_dob: str) -> str:
    return f"{PREFIX}:{{share}}:lab-name-dob:{name_dob}"  # set of result ids: possible matches


# web pages: server-side sessions and the login lockout
def session(token_digest: str) -> str:
    return f"{PREFIX}:session:{token_digest}"  # hash: kind, id, name, csrf (TTL = idle limit)


def login_guard(user: str) -> str:
    """Hash tag of one account's login counters (all under one slot for the Lua script);
    the name is hashed so any typed text makes a well-formed key."""
    return f"{PREFIX}:{{login:{hashlib.sha256(user.encode()).hexdigest()[:20]}}}"


def login_pair(user: str, address: str) -> str:
    return f"{login_guard(user)}:from:{address}"  # counter with TTL: attempts from one address


def login_account(user: str) -> str:
    return f"{login_guard(user)}:all"  # counter with TTL: failures from every address


def login_slot(user: str, kind: str) -> str:
    return f"{login_guard(user)}:slot:{kind}"  # short-lived: one check per turn when slowed


def share_granted(clinic: str, patient_id: str) -> str:
    """Set of facilities whose records of this patient (``clinic``'s local id) were already
    shown to ``clinic`` with a stated reason; later looks need no new reason."""
    return f"{PREFIX}:{{share}}:granted:{clinic}:{patient_id}"

# supervision: the newest beat of every worker (readiness, metrics, reindex's live check)
WORKER_HEARTBEATS = f"{PREFIX}:workers:heartbeat"  # zset worker name -> last beat (epoch s)
# the node registry (teleconsult.store.nodes): ingress and API processes beat here, workers
# in WORKER_HEARTBEATS; members are "<node id>/<process>"
NODE_BEATS = f"{PREFIX}:nodes:heartbeat"  # zset member -> last beat (epoch s)
NODE_INFO = f"{PREFIX}:nodes:info"  # hash member -> JSON: host, pid, parts, started


# people in the chain: open reads, read timers, on-call pages
READ_TIMERS = f"{PREFIX}:{{route}}:read-timers"  # zset case in review -> read limit (epoch s)
CALL_INS = f"{PREFIX}:{{route}}:call-ins"  # zset case waiting for a doctor called in -> call
PAGE_REQUESTS = f"{PREFIX}:{{paging}}:requests"  # zset JSON request -> due (epoch s)
PAGES_DUE = f"{PREFIX}:{{paging}}:due"  # zset page job id -> next try (epoch s)
PAGE_JOBS = f"{PREFIX}:{{paging}}:jobs"  # hash page job id -> JSON (recipient, channel, text)
PAGE_ATTEMPTS = f"{PREFIX}:{{paging}}:attempts"  # hash page job id -> failed attempts


def page_sent(recipient: str) -> str:
    return f"{PREFIX}:{{paging}}:sent:{recipient}"  # zset page id -> sent at (rate limit)


def watching(doctor_id: str) -> str:
    # set (short TTL) while a worklist or case page is open
    return f"{PREFIX}:{{presence}}:watching:{doctor_id}"


# upward consultation (teleconsult.reporting.consultations): all under one hash tag
def consultation(consultation_id: str) -> str:
    return f"{PREFIX}:{{consult}}:c:{consultation_id}"  # hash: case, pool, status, owner, …


def consult_pool(pool_id: str) -> str:
    return f"{PREFIX}:{{consult}}:pool:{pool_id}"  # zset open consultation -> urgency rank


CONSULT_LEASES = f"{PREFIX}:{{consult}}:leases"  # zset claimed consultation -> lease end
CONSULT_DUE = f"{PREFIX}:{{consult}}:due"  # zset open consultation -> SLA due (epoch s)
