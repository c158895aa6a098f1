"""A day in a county: a seeded, discrete-event simulation on the real routing parts.

Real Redis (a private redis-server), real storage, the real assembler-free path of the
workers (router, lease/SLA/absence/handover/read timers, paging) with an injected clock,
and simulated people (simpeople.py): 30 township clinics sending studies with market-day
bursts, 12 doctors on rotating shifts who poll, claim, read and sign — and sometimes vanish
mid-read, leave at the end of a shift with a read open, forget to open a case, or answer a
page after a few minutes. Run it with ``scripts/simulate_day``; ``run_day`` is importable.
"""

from __future__ import annotations

import asyncio
import heapq
import os
import random
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import redis.asyncio as aioredis

sys.path.insert(0, str(Path(__file__).resolve().parent))

import simreview  # noqa: E402
from simpeople import PAGE_SECRET, PAGE_SECRET_ENV, People, Phones, Reader, people_step  # noqa: E402

from teleconsult.cases.priority import queue_score  # noqa: E402
from teleconsult.cases.record import at_risk_time, build_case, transition  # noqa: E402
from teleconsult.core.digest import hash_secret
from teleconsult.routing.queue import CaseQueue  # noqa: E402
from teleconsult.run.redis_server import start_redis  # noqa: E402
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import Settings  # noqa: E402
from teleconsult.store import keys  # noqa: E402
from teleconsult.store.files import Storage  # noqa: E402
from workers.context import WorkerContext  # noqa: E402
from workers.runner import Worker  # noqa: E402

DAY = 24 * 3600
# (modality, share, read minutes, stat share, urgent share)
MIX = [("DX", 0.45, 4, 0.02, 0.10), ("CT", 0.25, 12, 0.08, 0.20), ("ECG", 0.25, 3, 0.25, 0.15),
       ("US", 0.05, 8, 0.02, 0.10)]
# arrivals per clinic per hour, by hour of day (township clinics are busy in the morning)
HOURLY = [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.6, 2.0, 2.0, 1.6, 0.9, 0.8, 1.2, 1.4,
          1.2, 0.9, 0.6, 0.5, 0.4, 0.3, 0.2, 0.15]
SHIFTS = {"day": ("08:00", "16:00"), "evening": ("16:00", "00:00"), "night": ("00:00", "08:00")}
RESIDENTS = (0, 4, 6)  # a resident in zone z0 on each shift: their CT and DX reports are reviewed


def community_toml(n_clinics: int = 30, page_url: str = "http://127.0.0.1:9/page") -> str:
    """The simulated community: 30 clinics in 3 zones, 8 radiologists, 4 cardiologists,
    every doctor paged through a signed webhook (their phones, ``simpeople.Phones``)."""
    lines = ['[community]', 'name = "模拟县医共体"', 'county_hospital = "模拟县人民医院"', '']
    for i in range(n_clinics):
        lines += ['[[clinics]]', f'id = "c{i:02d}"', f'name = "第{i}乡镇卫生院"',
                  f'ae_titles = ["C{i:02d}_CT"]', f'token_sha256 = "{hash_secret(f"c{i}")}"',
                  f'zone = "z{i % 3}"', f'emergency = {"true" if i % 10 == 0 else "false"}', '']
    # every zone has a radiologist at every hour; one day-shift floater covers all zones
    roster = [("rad", "day", ["z0"]), ("rad", "day", ["z1"]), ("rad", "day", ["z2"]),
              ("rad", "day", ["z0", "z1", "z2"]), ("rad", "evening", ["z0"]),
              ("rad", "evening", ["z1", "z2"]), ("rad", "night", ["z0", "z1"]),
              ("rad", "night", ["z2"])] + [("card", s, None) for s in SHIFTS] + \
        [("card", "day", None)]
    for i, (kind, shift, zone) in enumerate(roster):
        start, end = SHIFTS[shift]
        lines += ['[[doctors]]', f'id = "{kind}-{i:02d}"', f'name = "{kind} {i}"',
                  f'title = "{"resident" if i in RESIDENTS else "attending"}"',
                  f'specialties = ["{"radiology" if kind == "rad" else "cardiology"}"]',
                  f"zones = {zone!r}".replace("'", '"') if zone else 'clinics = ["*"]',
                  'capacity = 8',
                  f'token_sha256 = "{hash_secret(f"d{i}")}"',
                  f'shifts = [{{ days = "daily", start = "{start}", end = "{end}" }}]', '']
    for i in range(2):  # the provincial hospital's experts, on call round the clock
        lines += ['[[doctors]]', f'id = "exp-{i:02d}"', f'name = "expert {i}"', 'title = "chief"',
                  'expert = true', 'specialties = ["radiology"]',
                  f'token_sha256 = "{hash_secret(f"e{i}")}"',
                  'shifts = [{ days = "daily", start = "00:00", end = "24:00" }]', '']
    lines += ['[review]', 'release_preliminary = ["stat", "urgent"]',
              'sla_minutes = { stat = 30, urgent = 120, routine = 1440 }',
              '[[review.rules]]', 'titles = ["resident"]', 'modalities = ["CT", "DX"]',
              'min_reviewer_title = "attending"', '',
              '[[consult_pools]]', 'id = "provincial"', 'name = "省级影像专家组"',
              'organisation = "省人民医院"', 'specialties = ["radiology"]',
              'members = ["exp-00", "exp-01"]',
              'sla_minutes = { stat = 30, urgent = 120, routine = 1440 }', 'lease_minutes = 15',
              '']
    lines += ['[routing]', 'escalation_contacts = []', 'presence_seconds = 300',
              '[routing.specialty_by_modality]', 'CT = "radiology"', 'DX = "radiology"',
              'US = "radiology"', 'ECG = "cardiology"',
              '[routing.priorities.stat]', 'sla_minutes = 30', 'lease_minutes = 2',
              '[routing.priorities.urgent]', 'sla_minutes = 120', 'lease_minutes = 10',
              '[routing.priorities.routine]', 'sla_minutes = 1440', 'lease_minutes = 30',
              '[paging]', '[[paging.channels]]', 'id = "phone"', 'kind = "webhook"',
              f'url = "{page_url}"', f'secret_env = "{PAGE_SECRET_ENV}"']
    for i, (kind, _shift, _zone) in enumerate(roster):
        lines += ['[[paging.people]]', f'id = "{kind}-{i:02d}"', 'channels = ["phone"]']
    return "\n".join(lines) + "\n"


@dataclass
class Result:
    cases: int = 0
    tta: dict[str, list[float]] = field(default_factory=dict)  # time to assignment, s
    ttr: dict[str, list[float]] = field(default_factory=dict)  # time to report, s
    breaches: dict[str, int] = field(default_factory=dict)
    escalations: dict[str, int] = field(default_factory=dict)
    orphaned: int = 0
    open_at_end: int = 0
    depth: list[tuple[float, int]] = field(default_factory=list)  # (hour, queued)
    tat_points: list[tuple[float, float, str]] = field(default_factory=list)
    handovers: dict[str, int] = field(default_factory=dict)  # reason -> count
    pages_sent: int = 0
    people: People = field(default_factory=People)
    late_stat: int = 0  # STATs reported more than 30 min after arrival (or never)
    late: list[str] = field(default_factory=list)  # the story of each late STAT / breach
    ttp: dict[str, list[float]] = field(default_factory=dict)  # time to preliminary, s
    ttf: dict[str, list[float]] = field(default_factory=dict)  # time to final, s
    # finals signed after their review SLA (or still awaiting it past it), per priority
    review_late: dict[str, int] = field(default_factory=dict)
    backlog: list[tuple[float, int]] = field(default_factory=list)  # (hour, open reviews)
    orphaned_reviews: int = 0
    orphaned_consultations: int = 0
    consult_turnaround: list[float] = field(default_factory=list)  # s
    consult_open: int = 0


def arrivals(rng: random.Random, settings: Settings, hours: float, start: float,
             start_hour: int = 0) -> list[tuple[float, str, str, str]]:
    """(time, clinic, modality, priority) for the whole run; market days triple mornings."""
    out = []
    market = {c for c in settings.clinics if rng.random() < 0.3}
    for clinic in settings.clinics:
        for hour in range(int(hours)):
            h = (hour + start_hour) % 24
            rate = HOURLY[h] * (3 if clinic in market and 8 <= h < 12 else 1)
            t = 0.0
            while True:
                t += rng.expovariate(rate) * 3600 if rate else 3601
                if t >= 3600:
                    break
                modality, prio = _draw(rng)
                out.append((start + hour * 3600 + t, clinic, modality, prio))
    return sorted(out)


def _draw(rng: random.Random) -> tuple[str, str]:
    x, acc = rng.random(), 0.0
    for modality, share, _read, stat, urgent in MIX:
        acc += share
        if x <= acc:
            y = rng.random()
            return modality, "stat" if y < stat else "urgent" if y < stat + urgent else "routine"
    return "DX", "routine"


async def run_day(seed: int = 1, hours: float = 24, out_png: Path | None = None,
                  tick: float = 30.0, start_hour: int = 0) -> Result:
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="tc-sim-"))
    server = start_redis(work / "redis", persistent=False)
    os.environ[PAGE_SECRET_ENV] = PAGE_SECRET  # the paging worker signs with it
    result, clock, readers = Result(), [0.0], {}
    phones = Phones(None, readers, clock, random.Random(seed + 1), result.people)
    try:
        cfg = work / "community.toml"
        cfg.write_text(community_toml(page_url=await phones.start()), encoding="utf-8")
        settings = load_settings(cfg, env={"TELECONSULT_DATA_DIR": str(work / "data"),
                                           "TELECONSULT_REDIS_URL": server.url})
        phones.settings = settings
        readers.update({d: Reader(d) for d in settings.doctors})
        client = aioredis.Redis.from_url(server.url)
        try:
            return await _simulate(rng, settings, client, hours, tick, out_png, start_hour,
                                   result, clock, readers)
        finally:
            await client.aclose()
    finally:
        await phones.stop()
        server.stop()


async def _simulate(rng: random.Random, settings: Settings, client: aioredis.Redis,
                    hours: float, tick: float, out_png: Path | None, start_hour: int,
                    result: Result, clock: list[float], readers: dict[str, Reader]) -> Result:
    import datetime as dt

    day = dt.datetime(2026, 11, 23, 0, 0, tzinfo=settings.timezone).timestamp()  # Monday
    start = day + start_hour * 3600
    clock[0] = start
    storage, queue = Storage(settings.data_dir), CaseQueue(client)
    workers = [Worker(WorkerContext.create(settings, client, lambda: clock[0], f"sim{i}"))
               for i in range(2)]
    from workers.assembler import ensure_group

    await ensure_group(client)
    pending = arrivals(rng, settings, hours, start, start_hour)
    heapq.heapify(pending)
    read_minutes = {m: r for m, _s, r, _st, _u in MIX}
    end = start + hours * 3600
    now = start
    while now < end + 4 * 3600:  # a 4-hour tail with no new arrivals: let the queue drain
        now += tick
        while pending and pending[0][0] <= now:
            at, clinic, modality, prio = heapq.heappop(pending)
            clock[0] = at
            await _arrive(settings, storage, queue, client, clinic, modality, prio, at, rng)
            result.cases += 1
            await workers[result.cases % 2].step()  # the router is woken at once
        clock[0] = now
        await people_step(settings, client, queue, storage, readers, now, rng, read_minutes,
                          result.people)
        for w in workers:
            await w.step()
        if int(now) % 900 < tick:
            queued = sum([await client.zcard(keys.queue(s)) for s in
                          ("radiology", "cardiology")])
            result.depth.append(((now - day) / 3600, queued))
            rv = result.people.review
            result.backlog.append(((now - day) / 3600, rv.preliminaries - rv.returned
                                   - sum(rv.grades.values())))
            if now > end and not queued and not any([await client.zcard(keys.doctor_cases(d))
                                                     for d in settings.doctors]):
                break  # the tail drained: nothing left open
    await _tally(settings, client, storage, result, day, now)
    if out_png:
        plot(result, out_png)
    return result


async def _arrive(settings, storage, queue, client, clinic, modality, prio, at, rng) -> None:
    from pydicom.uid import generate_uid

    study = {"study_instance_uid": generate_uid(), "modality": modality,
             "patient": {"id": f"P{rng.randrange(10_000)}", "name": "", "sex": "",
                         "birth_date": ""}}
    from teleconsult.store.files import case_id_for_study

    rec = build_case(case_id_for_study(study["study_instance_uid"]), study, clinic, settings,
                     at, at, requested_priority=prio)
    storage.write_case(rec)
    storage.append_history(rec["case_id"], transition("queued", at, "assembler"))
    await queue.enqueue(rec, queue_score(rec["priority"], at), at_risk_time(rec, settings))


async def _tally(settings, client, storage, result: Result, start: float, end: float) -> None:
    (result.orphaned_consultations, result.consult_turnaround,
     result.consult_open) = await simreview.orphaned_consultations(
        client, storage, list(storage.iter_case_ids()))
    for cid in storage.iter_case_ids():
        rec = storage.read_case(cid)
        hist = storage.history(cid)
        prio = rec["priority"]
        assigned = [h["at"] for h in hist if h.get("status") == "assigned"]
        prelim, final = simreview.tally_case(hist)
        # the first signed report (a preliminary or the final) is what the clinic gets first
        reported = sorted(t for t in (prelim, final) if t is not None)[:1]
        if prelim is not None:
            result.ttp.setdefault(prio, []).append(prelim - rec["received_at"])
            due = next(h["review_due"] for h in hist if h.get("stage") == "preliminary")
            if (final or end) > due:
                result.review_late[prio] = result.review_late.get(prio, 0) + 1
                result.late.append(story(rec, hist, settings.timezone))
        if final is not None:
            result.ttf.setdefault(prio, []).append(final - rec["received_at"])
        if assigned:
            result.tta.setdefault(prio, []).append(assigned[0] - rec["received_at"])
        if reported:
            ttr = reported[0] - rec["received_at"]
            result.ttr.setdefault(prio, []).append(ttr)
            result.tat_points.append(((rec["received_at"] - start) / 3600, ttr / 60, prio))
        breached = reported[0] > rec["due_at"] if reported else end > rec["due_at"]
        if breached:  # reported late, or still open past its SLA when the day ended
            result.breaches[prio] = result.breaches.get(prio, 0) + 1
        late_stat = prio == "stat" and (not reported or reported[0] - rec["received_at"] > 1800)
        result.late_stat += late_stat
        if late_stat or (breached and prio != "routine"):
            result.late.append(story(rec, hist, settings.timezone))
        for h in hist:
            if h.get("event") == "escalated":
                result.escalations[h["reason"]] = result.escalations.get(h["reason"], 0) + 1
            if h.get("handover"):
                result.handovers[h["reason"]] = result.handovers.get(h["reason"], 0) + 1
            result.pages_sent += h.get("event") == "page" and h.get("state") == "sent"
        state = {k.decode(): v.decode() for k, v in
                 (await client.hgetall(keys.case(cid))).items() if k != b"summary"}
        status = state.get("status")
        if status != "reported":
            result.open_at_end += 1
            if status == "queued":
                owned = await client.zscore(keys.queue(state["specialty"]), cid) is not None
            elif status in ("assigned", "in_review"):
                owned = await client.zscore(keys.doctor_cases(state["owner"]), cid) is not None
            else:
                owned = False
            if not owned:
                result.orphaned += 1
                result.orphaned_reviews += state.get("kind") == "review"
            if status == "queued" and not reported and end > rec["due_at"] and not any(
                    h.get("reason") == "sla_breached" for h in hist):
                result.orphaned += 1  # past its SLA, unseen and never escalated


def story(rec: dict, hist: list[dict], tz) -> str:
    """One late case, line by line (minutes after arrival): who had it, what happened."""
    import datetime as dt

    def clock(t: float) -> str:
        return dt.datetime.fromtimestamp(t, tz).strftime("%H:%M")

    t0 = rec["received_at"]
    reported = [h["at"] for h in hist if h.get("status") == "reported"]
    took = f"{(reported[0] - t0) / 60:.1f} min" if reported else "never reported"
    lines = [f"{rec['priority']} {rec['modality']} from {rec['clinic']} (zone "
             f"{rec.get('zone') or '-'}) at {clock(t0)}: {took}"]
    for h in hist:
        if h.get("event") == "page":
            if h.get("state") != "sent":
                continue
            what = f"page {h['page']} to {h['to']}"
        elif h.get("event") == "escalated":
            what = f"escalated {h['reason']} (level {h['level']})"
        elif h.get("event") == "widened":
            what = f"widened ({h['reason']}) to level {h['level']}"
        elif h.get("event") == "called_in":
            what = f"called {h['to']} in ({h['reason']})"
        elif h.get("status") == "assigned":
            what = f"assigned to {h['to']}" + (" (called in)" if h.get("reason") == "called_in"
                                               else "")
        elif h.get("status") == "queued" and h.get("previous"):
            what = (f"{'handed over' if h.get('handover') else 'requeued'} from "
                    f"{h['previous']} ({h.get('reason')})")
        elif h.get("status") in ("in_review", "reported"):
            what = f"{'opened' if h['status'] == 'in_review' else 'signed'} by {h['by']}"
        else:
            continue
        lines.append(f"  {(h['at'] - t0) / 60:6.1f}  {clock(h['at'])}  {what}")
    return "\n".join(lines)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q / 100 * len(s)))]


def table(result: Result) -> str:
    rows = [f"cases {result.cases}; open at end {result.open_at_end}; "
            f"orphaned {result.orphaned}",
            "| priority | n | assign p50 s | assign p99 s | assign max s | report p50 min | "
            "report p99 min | SLA breaches |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for p in ("stat", "urgent", "routine"):
        a, r = result.tta.get(p, []), [x / 60 for x in result.ttr.get(p, [])]
        rows.append(f"| {p} | {len(a)} | {pct(a, 50):.1f} | {pct(a, 99):.1f} | "
                    f"{max(a, default=float('nan')):.1f} | {pct(r, 50):.1f} | {pct(r, 99):.1f} "
                    f"| {result.breaches.get(p, 0)} |")
    esc = ", ".join(f"{k} {v}" for k, v in sorted(result.escalations.items())) or "none"
    rows.append(f"escalations: {esc}")
    hand = ", ".join(f"{k} {v}" for k, v in sorted(result.handovers.items())) or "none"
    p = result.people
    rows.append(f"absences: breaks {p.breaks}, called away {p.called_away}")
    rows.append(f"handovers of open reads: {hand}; doctors who vanished mid-read "
                f"{p.vanished_mid_read}, left at shift end with a read open "
                f"{p.left_with_open_read}, stayed to finish {p.stayed_to_finish}; reads set "
                f"aside for a STAT {p.set_aside_for_stat}")
    pages = ", ".join(f"{k} {v}" for k, v in sorted(p.pages.items())) or "none"
    rows.append(f"pages sent {result.pages_sent} ({pages}); answered {p.answered}; "
                f"bad signatures {p.bad_signatures}")
    stat = result.ttr.get("stat", [])
    rows.append(f"STAT reported later than 30 min after arrival (or never): "
                f"{result.late_stat}; slowest STAT {max(stat, default=0) / 60:.1f} min")
    rows.append(f"urgent reported after their SLA (or open past it): "
                f"{result.breaches.get('urgent', 0)}")
    rows += review_table(result)
    return "\n".join(rows)


def review_table(result: Result) -> list[str]:
    """Two-level reporting and consultation: time to preliminary and to final per
    priority, the review backlog, the consultations' turnaround."""
    rv = result.people.review
    rows = ["| priority | preliminaries | to preliminary p50 min | p99 min | finals | "
            "to final p50 min | p99 min | final after review SLA |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for p in ("stat", "urgent", "routine"):
        tp, tf = ([x / 60 for x in d.get(p, [])] for d in (result.ttp, result.ttf))
        rows.append(f"| {p} | {len(tp)} | {pct(tp, 50):.1f} | {pct(tp, 99):.1f} | {len(tf)} | "
                    f"{pct(tf, 50):.1f} | {pct(tf, 99):.1f} | {result.review_late.get(p, 0)} |")
    backlog = [n for _h, n in result.backlog]
    grades = ", ".join(f"{k} {v}" for k, v in sorted(rv.grades.items())) or "none"
    rows.append(f"reviews: preliminaries {rv.preliminaries}, grades {grades}, returned "
                f"{rv.returned}; review backlog max {max(backlog, default=0)}, at end "
                f"{backlog[-1] if backlog else 0}; orphaned reviews {result.orphaned_reviews}")
    ct = [x / 60 for x in result.consult_turnaround]
    rows.append(f"consultations: asked {rv.asked}, answered {len(ct)} (turnaround p50 "
                f"{pct(ct, 50):.1f} min, p90 {pct(ct, 90):.1f} min, max "
                f"{max(ct, default=float('nan')):.1f} min), open at end {result.consult_open}, "
                f"orphaned {result.orphaned_consultations}")
    return rows


def plot(result: Result, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    hours, depth = zip(*result.depth, strict=True) if result.depth else ((), ())
    ax1.plot(hours, depth, color="#b03030")
    ax1.set_ylabel("cases waiting")
    ax1.set_title("A day in a county: queue depth and turnaround")
    for prio, colour in (("stat", "#d62728"), ("urgent", "#ff7f0e"), ("routine", "#1f77b4")):
        pts = [(h, m) for h, m, p in result.tat_points if p == prio]
        if pts:
            xs, ys = zip(*pts, strict=True)
            ax2.scatter(xs, ys, s=6, color=colour, label=prio)
    ax2.set_yscale("log")
    ax2.set_ylabel("time to report, min")
    ax2.set_xlabel("hour of day (arrival)")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--start-hour", type=int, default=0)
    parser.add_argument("--plot", type=Path, default=None,
                        help="PNG to write (default: simulate_day-seed<N>.png in the temp dir)")
    parser.add_argument("--explain", action="store_true",
                        help="print the story of each late STAT and urgent SLA breach")
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.ERROR)  # the table is the output, not the workers' log
    plot_path = args.plot or Path(tempfile.gettempdir()) / f"simulate_day-seed{args.seed}.png"
    result = asyncio.run(run_day(args.seed, args.hours, plot_path, start_hour=args.start_hour))
    print(table(result))
    if args.explain:
        for text in result.late:
            print(text)
    print(f"plot: {plot_path}")
    stat_ok = all(x <= 1.0 for x in result.tta.get("stat", []))
    print(f"every STAT assigned within 1 s: {'yes' if stat_ok else 'NO'}")
    ok = (result.orphaned == 0 and result.late_stat == 0 and stat_ok
          and not result.breaches.get("urgent") and not result.review_late.get("stat")
          and result.orphaned_consultations == 0)
    print("OK" if ok else "FAILED: orphaned cases, reviews or consultations, a late STAT "
          "(preliminary after 30 min or final after its review SLA), a slow STAT assignment "
          "or an urgent SLA breach" + ("" if args.explain else " (--explain tells each story)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
