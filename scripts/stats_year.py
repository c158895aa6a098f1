"""A realistic year of a 30-clinic county written as the service writes it (case.json,
history.jsonl, reports/v<N>.json), for the statistics benchmark and for trying the big
screen and the statistics page on a full store. The files have the service's keys and
serialisation: the case record as ``build_case`` makes it (the case id from the study UID,
every series with its instances' SOP UIDs — a CT's record is ~15 KiB), history lines from
``transition`` and ``signing.history_entry``, report versions with the fields ``sign``
writes, one journal line per history line:

    scripts/bench/stats --generate-only var --cases 200000     # then: teleconsult stats rebuild

Clinics differ in size (a few large township hospitals, many small ones) and in how often
they call a case STAT (two inflate); arrivals follow the day (08–18 busy, nights quiet) and
market days (every fifth day, +60 %); CT/DR/ECG/US in county proportions; assignment,
opening and reporting delays by priority (lognormal, with a long tail at night); a third of
CTs written by residents and reviewed (agree/minor/major); 3 % critical, acknowledged by the
clinic minutes later (some never); 阳性 about a third. Files are written without fsync (a
benchmark, not the service) and each case is noted in the changes journal, as the service's
history writes do.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from teleconsult.cases.record import transition
from teleconsult.core.times import iso
from teleconsult.reporting.reports import report_id
from teleconsult.reporting.signing import history_entry
from teleconsult.store import changes
from teleconsult.store.files import case_id_for_study

MODALITIES = (("DX", 0.42), ("CT", 0.26), ("ECG", 0.26), ("US", 0.06))
SPECIALTY = {"DX": "radiology", "CT": "radiology", "US": "radiology", "ECG": "cardiology"}
RADIOLOGISTS = ("rad-li", "rad-wang", "rad-zhou", "rad-sun", "rad-wu", "rad-zheng")
RESIDENTS = ("rad-zhang", "rad-qian")
CARDIOLOGISTS = ("card-chen", "card-zhao", "card-huang", "card-lin")
# minutes from arrival to the first report (median) per priority
REPORT_MEDIAN = {"stat": 14.0, "urgent": 55.0, "routine": 240.0}


@dataclass(frozen=True)
class Clinic:
    id: str
    zone: str
    weight: float
    stat_share: float


def clinics(n: int = 30, seed: int = 1) -> list[Clinic]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        weight = 1.0 / (1 + i) ** 0.7  # a few large, many small
        share = 0.06 + rng.random() * 0.05
        if i in (7, 19):  # two clinics call too many cases STAT
            share = 0.3
        out.append(Clinic(f"tc{i + 1:02d}", f"zone{i % 4 + 1}", weight, share))
    return out


def _pick(rng: random.Random, table) -> str:  # noqa: ANN001
    x, acc = rng.random(), 0.0
    for value, p in table:
        acc += p
        if x < acc:
            return value
    return table[-1][0]


def _hour_weights() -> list[float]:
    return [0.15 if h < 7 or h >= 21 else 1.0 if 8 <= h < 18 else 0.5 for h in range(24)]


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


# what a county sends: series per study and images per series (CT thin slices, one DR view
# or two, one ECG, a few dozen ultrasound frames)
SERIES = {"CT": ((2, 4), (40, 300)), "DX": ((1, 2), (1, 1)), "ECG": ((1, 1), (1, 1)),
          "US": ((1, 1), (8, 40))}
SOP_CLASS = {"CT": "1.2.840.10008.5.1.4.1.1.2", "DX": "1.2.840.10008.5.1.4.1.1.1.1",
             "ECG": "1.2.840.10008.5.1.4.1.1.9.1.1", "US": "1.2.840.10008.5.1.4.1.1.6.1"}
DESCRIPTION = {"CT": ("头颅平扫", "胸部平扫", "腹部平扫"), "DX": ("胸部正位", "腰椎正侧位"),
               "ECG": ("十二导联心电图",), "US": ("腹部超声", "甲状腺超声")}
UID_ROOT = "1.2.826.0.1.3680043.8.498"
DOCTOR_NAMES = {d: f"医生{d[-4:]}" for d in RADIOLOGISTS + RESIDENTS + CARDIOLOGISTS}
FINDINGS = ("双肺纹理清晰，未见明显实质性病变。心影大小形态正常。纵隔居中。双侧膈面光整，"
            "肋膈角锐利。所见骨骼未见明显骨质异常。")


def _series(rng: random.Random, study_uid: str, modality: str) -> list[dict]:
    """The case record's series as the assembler lists them: every instance's SOP UID."""
    (lo, hi), (ilo, ihi) = SERIES[modality]
    out = []
    for s in range(rng.randint(lo, hi)):
        uid = f"{study_uid}.{s + 1}"
        count = rng.randint(ilo, ihi)
        out.append({"series_instance_uid": uid,
                    "instances": [f"{uid}.{i + 1}" for i in range(count)],
                    "modality": modality, "description": rng.choice(DESCRIPTION[modality]),
                    "number": str(s + 1), "sop_class_uid": SOP_CLASS[modality],
                    "instance_count": count})
    return out


def _record(rng: random.Random, n: int, arrived: float, clinic: Clinic, modality: str,
            priority: str) -> dict:
    """A case record with the keys and shapes ``teleconsult.cases.record.build_case`` gives."""
    study_uid = f"{UID_ROOT}.{n}.{rng.randrange(10**9)}"
    series = _series(rng, study_uid, modality)
    description = series[0]["description"]
    day = time.strftime("%Y%m%d", time.gmtime(arrived + 8 * 3600))
    return {
        "case_id": case_id_for_study(study_uid), "study_instance_uid": study_uid,
        "clinic": clinic.id, "modality": modality, "specialty": SPECIALTY[modality],
        "subspecialty": None, "zone": clinic.zone, "priority": priority,
        "patient": {"id": f"P{n:08d}", "name": "测试^患者", "name_alphabetic": "CE SHI^HUAN ZHE",
                    "sex": rng.choice("MF"), "birth_date": f"{rng.randint(1930, 2020)}-01-01",
                    "issuer": clinic.id, "other_ids": []},
        "study": {"study_date": f"{day[:4]}-{day[4:6]}-{day[6:]}", "study_time": "083000",
                  "accession_number": f"A{n}", "study_description": description,
                  "body_part": "", "reason": "", "institution": f"{clinic.id} 卫生院",
                  "referring_physician": "", "referring_physician_pn": ""},
        "clinical_note": "", "machine_flags": [], "series": series,
        "instance_count": sum(x["instance_count"] for x in series),
        "received_at": arrived, "created_at": arrived + (0 if modality == "ECG" else 5),
        "due_at": arrived + 60 * REPORT_MEDIAN[priority] * 2,
    }


def _report(record: dict, version: int, seq: int, signer: str, at: float, critical: bool,
            positive: bool, stage: str = "final", writer: str | None = None,
            review: dict | None = None) -> dict:
    """A signed version with the fields ``teleconsult.reporting.signing.sign`` writes."""
    case_id = record["case_id"]
    reviewed = writer is not None and writer != signer
    report = {
        "report_id": report_id(case_id, version), "case_id": case_id,
        "study_instance_uid": record["study_instance_uid"], "version": version,
        "findings": FINDINGS, "impression": "未见明显异常" if not positive else "建议进一步检查",
        "critical": critical, "signed_by": signer, "signed_by_name": DOCTOR_NAMES[signer],
        "signed_at": iso(at), "clinic": record["clinic"], "modality": record["modality"],
        "patient": record["patient"], "seq": seq,
        "amends": report_id(case_id, version - 1) if version > 1 else None,
        "stage": stage, "written_by": writer or signer,
        "written_by_name": DOCTOR_NAMES[writer or signer],
        "reviewed_by": signer if reviewed else None,
        "reviewed_by_name": DOCTOR_NAMES[signer] if reviewed else None,
        "reviewed_at": iso(at) if reviewed else None, "positive": positive,
    }
    if stage == "preliminary":
        report["released"] = False
    if review:
        report["review"] = review
    return report


def _case(rng: random.Random, root: Path, n: int, arrived: float, clinic: Clinic
          ) -> tuple[str, int]:
    """One case's files as the service leaves them once it is done: case.json, history.jsonl
    and reports/v<N>.json (same keys, same serialisation); returns its case id."""
    modality = _pick(rng, MODALITIES)
    r = rng.random()
    priority = "stat" if r < clinic.stat_share else "urgent" if r < clinic.stat_share + 0.15 \
        else "routine"
    record = _record(rng, n, arrived, clinic, modality, priority)
    case_id = record["case_id"]
    d = root / "cases" / case_id
    (d / "reports").mkdir(parents=True, exist_ok=True)
    night = not 8 <= ((arrived / 3600 + 8) % 24) < 20  # Asia/Shanghai
    slow = 1.8 if night else 1.0
    specialty = SPECIALTY[modality]
    pool = CARDIOLOGISTS if specialty == "cardiology" else RADIOLOGISTS
    resident = specialty == "radiology" and modality == "CT" and rng.random() < 0.33
    doctor = rng.choice(RESIDENTS) if resident else rng.choice(pool)
    _write(d / "case.json", orjson.dumps(record, option=orjson.OPT_INDENT_2))
    t = record["created_at"]
    lines = [transition("queued", t, "assembler", priority=priority)]
    t_assign = t + 60 * rng.lognormvariate(math.log(1.5 if priority == "stat" else 6), 0.8) * slow
    lines.append(transition("assigned", t_assign, "router", to=doctor, fence=1))
    t_open = t_assign + 60 * rng.lognormvariate(math.log(2 if priority == "stat" else 15), 0.9)
    lines.append(transition("in_review", t_open, doctor, fence=1))
    t_report = max(t_open + 60, arrived + 60 * rng.lognormvariate(
        math.log(REPORT_MEDIAN[priority]), 0.7) * slow)
    critical = rng.random() < 0.03
    positive = rng.random() < 0.34 or critical
    if resident:
        prelim = _report(record, 1, 2 * n, doctor, t_report, critical, positive,
                         stage="preliminary")
        lines.append(history_entry(prelim, t_report))
        lines.append(transition("queued", t_report, doctor, reason="review", kind="review"))
        reviewer = rng.choice(RADIOLOGISTS)
        t_take = t_report + 60 * rng.lognormvariate(math.log(10), 0.8) * slow
        lines.append(transition("assigned", t_take, "router", to=reviewer, fence=2,
                                kind="review"))
        grade = _pick(rng, (("agree", 0.8), ("minor", 0.15), ("major", 0.05)))
        decision = "approve" if grade == "agree" else "revise"
        t_final = max(t_take + 60, t_report + 60 * rng.lognormvariate(math.log(40), 0.8) * slow)
        final = _report(record, 2, 2 * n + 1, reviewer, t_final, critical, positive,
                        writer=doctor, review={"decision": decision, "grade": grade})
        lines.append(history_entry(final, t_final))
        lines.append(transition("reviewed", t_final, reviewer, report_id=final["report_id"],
                                decision=decision, grade=grade))
        reports = [prelim, final]
    else:
        final = _report(record, 1, 2 * n, doctor, t_report, critical, positive)
        lines.append(history_entry(final, t_report))
        reports = [final]
    t_signed = t_final if resident else t_report
    t_sent = t_signed + 60 * rng.uniform(0.1, 3)
    lines.append(transition("delivery", t_sent, "delivery", report_id=final["report_id"],
                            channel="portal", state="sent"))
    lines.append(transition("delivered", t_sent, "delivery", report_id=final["report_id"]))
    if critical and rng.random() < 0.95:
        lines.append(transition("acknowledged",
                                t_signed + 60 * rng.lognormvariate(math.log(6), 0.7),
                                clinic.id, report_id=final["report_id"],
                                acknowledged_by=f"{clinic.id}-nurse"))
    _write(d / "history.jsonl", b"".join(orjson.dumps(x) + b"\n" for x in lines))
    for rep in reports:
        _write(d / "reports" / f"v{rep['version']}.json",
               orjson.dumps(rep, option=orjson.OPT_INDENT_2))
    return case_id, len(lines)


PART = 1_000  # cases per unit of work (each unit has its own random stream)


@dataclass(frozen=True)
class _Part:
    root: Path
    start: float  # the day's midnight, Unix time
    count: int
    first: int  # the part's first case number
    seed: int


def generate(root: Path, cases: int, start: float, days: int, seed: int = 7,
             first: int = 1, jobs: int = 1) -> int:
    """``cases`` cases arriving over ``days`` days from ``start`` (Unix time), numbered from
    ``first``; each noted in the changes journal. Returns the next free number.

    The work is cut into parts of up to ``PART`` cases of one day, each with a random stream
    of its own, so ``jobs`` processes write the same files as one (creating files is most of
    the time: ~2 ms a case on this VM, half of it in the kernel)."""
    rng = random.Random(seed)
    day_w = [1.6 if day % 5 == 0 else 1.0 for day in range(days)]
    per_day = [cases * w / sum(day_w) for w in day_w]
    parts, n = [], first
    for day in range(days):
        count = int(per_day[day]) + (1 if rng.random() < per_day[day] % 1 else 0)
        for k in range(0, count, PART):
            size = min(PART, count - k)
            parts.append(_Part(root, start + day * 86400, size, n, seed * 1_000_003 + n))
            n += size
    if jobs > 1 and len(parts) > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_write_part, parts, chunksize=1)
    else:
        for part in parts:
            _write_part(part)
    return n


def _write_part(part: _Part) -> None:
    rng = random.Random(part.seed)
    sites = clinics()
    weights = [c.weight for c in sites]
    hours = _hour_weights()
    for n in range(part.first, part.first + part.count):
        hour = rng.choices(range(24), hours)[0]
        # Asia/Shanghai hour → UTC seconds of the day
        at = part.start + ((hour - 8) % 24) * 3600 + rng.random() * 3600
        clinic = rng.choices(sites, weights)[0]
        case_id, lines = _case(rng, part.root, n, at, clinic)
        # as the service: one journal line per history line, in today's journal file
        changes.note_many(part.root, [case_id] * lines)


def ensure_dirs(root: Path) -> None:
    for sub in ("cases", "tmp"):
        os.makedirs(root / sub, exist_ok=True)
