"""A realistic year of a 30-clinic county written as the service writes it (case.json,
history.jsonl, reports/v<N>.json), for the statistics benchmark and for trying the big
screen and the statistics page on a full store:

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
import os
import random
from dataclasses import dataclass
from pathlib import Path

import orjson

from teleconsult.store import changes

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


def _case(rng: random.Random, root: Path, n: int, arrived: float, clinic: Clinic) -> None:
    case_id = f"c{n:016x}"
    d = root / "cases" / case_id
    (d / "reports").mkdir(parents=True, exist_ok=True)
    modality = _pick(rng, MODALITIES)
    r = rng.random()
    priority = "stat" if r < clinic.stat_share else "urgent" if r < clinic.stat_share + 0.15 \
        else "routine"
    night = not 8 <= ((arrived / 3600 + 8) % 24) < 20  # Asia/Shanghai
    slow = 1.8 if night else 1.0
    specialty = SPECIALTY[modality]
    pool = CARDIOLOGISTS if specialty == "cardiology" else RADIOLOGISTS
    resident = specialty == "radiology" and modality == "CT" and rng.random() < 0.33
    doctor = rng.choice(RESIDENTS) if resident else rng.choice(pool)
    record = {"case_id": case_id, "study_instance_uid": f"1.2.826.0.1.3680043.10.1.{n}",
              "clinic": clinic.id, "zone": clinic.zone, "modality": modality,
              "specialty": specialty, "priority": priority,
              "patient": {"id": f"P{n}", "name": "测试^患者"}, "received_at": arrived,
              "created_at": arrived + (0 if modality == "ECG" else 5)}
    _write(d / "case.json", orjson.dumps(record))
    t = record["created_at"]
    lines = [{"at": t, "status": "queued", "by": "assembler", "priority": priority}]
    t_assign = t + 60 * rng.lognormvariate(math.log(1.5 if priority == "stat" else 6), 0.8) * slow
    lines.append({"at": t_assign, "status": "assigned", "by": "router", "to": doctor})
    t_open = t_assign + 60 * rng.lognormvariate(math.log(2 if priority == "stat" else 15), 0.9)
    lines.append({"at": t_open, "status": "in_review", "by": doctor})
    t_report = max(t_open + 60, arrived + 60 * rng.lognormvariate(
        math.log(REPORT_MEDIAN[priority]), 0.7) * slow)
    critical = rng.random() < 0.03
    positive = rng.random() < 0.34 or critical
    reports = []
    if resident:
        lines.append({"at": t_report, "status": "preliminary", "by": doctor, "version": 1,
                      "stage": "preliminary", "critical": critical or None})
        reviewer = rng.choice(RADIOLOGISTS)
        grade = _pick(rng, (("agree", 0.8), ("minor", 0.15), ("major", 0.05)))
        t_final = t_report + 60 * rng.lognormvariate(math.log(40), 0.8) * slow
        lines.append({"at": t_final, "status": "reported", "by": reviewer, "version": 2,
                      "stage": "final", "written_by": doctor, "reviewed_by": reviewer,
                      "critical": critical or None})
        lines.append({"at": t_final, "status": "reviewed", "by": reviewer,
                      "decision": "approve" if grade == "agree" else "revise", "grade": grade,
                      "writer": doctor})
        reports = [{"version": 1, "signed_by": doctor, "written_by": doctor,
                    "stage": "preliminary", "critical": critical, "positive": positive},
                   {"version": 2, "signed_by": reviewer, "written_by": doctor,
                    "reviewed_by": reviewer, "stage": "final", "critical": critical,
                    "positive": positive}]
        t_signed = t_final
    else:
        lines.append({"at": t_report, "status": "reported", "by": doctor, "version": 1,
                      "critical": critical or None})
        reports = [{"version": 1, "signed_by": doctor, "critical": critical,
                    "positive": positive}]
        t_signed = t_report
    lines.append({"at": t_signed + 60 * rng.uniform(0.1, 3), "status": "delivered",
                  "by": "delivery"})
    if critical and rng.random() < 0.95:
        lines.append({"at": t_signed + 60 * rng.lognormvariate(math.log(6), 0.7),
                      "status": "acknowledged", "by": clinic.id})
    _write(d / "history.jsonl", b"".join(orjson.dumps(x) + b"\n" for x in lines))
    for rep in reports:
        rep.update(report_id=f"{case_id}-v{rep['version']}", case_id=case_id,
                   clinic=clinic.id, modality=modality)
        _write(d / "reports" / f"v{rep['version']}.json", orjson.dumps(rep))


def generate(root: Path, cases: int, start: float, days: int, seed: int = 7,
             first: int = 1) -> int:
    """``cases`` cases arriving over ``days`` days from ``start`` (Unix time), numbered from
    ``first``; each noted in the changes journal. Returns the next free number."""
    rng = random.Random(seed)
    sites = clinics()
    total_w = sum(c.weight for c in sites)
    hours = _hour_weights()
    day_w = [1.6 if day % 5 == 0 else 1.0 for day in range(days)]
    per_day = [cases * w / sum(day_w) for w in day_w]
    n = first
    for day in range(days):
        count = int(per_day[day]) + (1 if rng.random() < per_day[day] % 1 else 0)
        for _ in range(count):
            hour = rng.choices(range(24), hours)[0]
            # Asia/Shanghai hour → UTC seconds of the day
            at = start + day * 86400 + ((hour - 8) % 24) * 3600 + rng.random() * 3600
            clinic = rng.choices(sites, [c.weight / total_w for c in sites])[0]
            _case(rng, root, n, at, clinic)
            changes.note(root, f"c{n:016x}")  # as the service: today's journal file
            n += 1
    return n


def ensure_dirs(root: Path) -> None:
    for sub in ("cases", "tmp"):
        os.makedirs(root / sub, exist_ok=True)
