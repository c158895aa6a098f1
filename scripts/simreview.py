"""Two-level reporting and upward consultation in the simulated day (see simday.py).

- A reader whose report the community's ``[review]`` rules send to review (a resident's CT
  or DX) signs a preliminary: the real ``CaseQueue.to_review`` makes it a review item, the
  real router gives it to an eligible attending, who opens it and reads it in about a third
  of the time of a read; 85 % are approved as they are, 10 % revised with minor changes,
  3 % with major ones and 2 % returned to the writer (who reads it again briefly).
- About one CT read in 30 is sent up to the provincial pool (the real
  ``consultations.request``); the simulated experts take a request after a delay that
  depends on its urgency (STAT 3-10 min, urgent 10-40, routine 30-180) and answer 8-14 min
  later, within their lease; the real timers release a lapsed claim and escalate one past
  its SLA to the next expert.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from teleconsult.cases.record import transition
from teleconsult.reporting import consultations, review_rules
from teleconsult.store import keys

CONSULT_SHARE = 1 / 30  # of CT reads
REVIEW_READ_SHARE = 0.3  # a review takes this share of the read's time
DECISIONS = [("approve", "agree", 0.85), ("revise", "minor", 0.10), ("revise", "major", 0.03),
             ("return", "major", 0.02)]
CLAIM_DELAY_MIN = {"stat": (3, 10), "urgent": (10, 40), "routine": (30, 180)}
ANSWER_MIN = (8, 14)


@dataclass
class Plan:
    expert: str
    claim_at: float
    answer_at: float
    claimed: bool = False


@dataclass
class Review:
    """What the reviewers and experts did, for the summary."""

    preliminaries: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    returned: int = 0
    asked: int = 0
    answered: int = 0
    plans: dict[str, Plan] = field(default_factory=dict)


async def finish(settings, client, queue, storage, doctor: str, case_id: str, kind: str,
                 now: float, rng: random.Random, review: Review) -> None:
    """Sign what the doctor read: a final, a preliminary (to review), or the review's answer.
    QueueError propagates (someone else holds the case now)."""
    rec = storage.read_case(case_id)
    if kind == "review":
        await _answer_review(settings, client, queue, storage, doctor, rec, now, rng, review)
        return
    local = datetime.fromtimestamp(now, settings.timezone)
    rule = review_rules.review_rule(settings.review, settings.doctors[doctor], rec["modality"],
                                    rec["priority"], local)
    if rule is None:
        await queue.owner_step(case_id, doctor, "reported")
        storage.append_history(case_id, transition("reported", now, doctor, stage="final",
                                                   written_by=doctor))
        return
    plan = review_rules.review_plan(settings.review, rule, rec["priority"], now,
                                    settings.routing.sla_warning_fraction)
    await queue.to_review(rec, doctor, None, plan["first_check"], plan["due"],
                          plan["min_title"], plan["same_zone"])
    storage.append_history(case_id, transition("reported", now, doctor, stage="preliminary",
                                               review_due=plan["due"]))
    storage.append_history(case_id, transition("queued", now, doctor, reason="review",
                                               kind="review"))
    await client.lpush(keys.ROUTE_WAKE, case_id)
    review.preliminaries += 1


async def _answer_review(settings, client, queue, storage, doctor: str, rec: dict, now: float,
                         rng: random.Random, review: Review) -> None:
    x, acc = rng.random(), 0.0
    decision, grade = "approve", "agree"
    for decision, grade, share in DECISIONS:  # noqa: B007 - the last drawn is kept
        acc += share
        if x <= acc:
            break
    case_id = rec["case_id"]
    writer = (await client.hget(keys.case(case_id), "writer") or b"").decode()
    if decision == "return" and writer in settings.doctors:
        lease = settings.routing.priority_times[rec["priority"]].lease_seconds
        fence = await queue.return_to_writer(rec, doctor, writer, now + lease)
        storage.append_history(case_id, transition("returned", now, doctor, to=writer,
                                                   grade=grade, decision=decision))
        storage.append_history(case_id, transition("assigned", now, doctor, to=writer,
                                                   fence=fence, reason="returned"))
        review.returned += 1
        return
    await queue.owner_step(case_id, doctor, "reported")
    storage.append_history(case_id, transition("reviewed", now, doctor, decision=decision,
                                               grade=grade, writer=writer))
    storage.append_history(case_id, transition("reported", now, doctor, stage="final",
                                               written_by=writer, reviewed_by=doctor))
    review.grades[grade] = review.grades.get(grade, 0) + 1


async def maybe_consult(settings, client, storage, doctor: str, case_id: str, now: float,
                        rng: random.Random, review: Review) -> None:
    """A hard CT goes up to the provincial experts (the reader goes on reading it)."""
    pool = settings.consult_pools.get("provincial")
    rec = storage.read_case(case_id)
    if pool is None or rec["modality"] != "CT" or rng.random() >= CONSULT_SHARE:
        return
    if consultations.of_case(storage, case_id):
        return  # asked once already (a read taken over)
    await consultations.request(client, storage, rec, pool, {
        "question": "请上级专家会诊", "urgency": rec["priority"], "series": []},
        ("doctor", doctor), now)
    review.asked += 1


async def experts_step(settings, client, storage, now: float, rng: random.Random,
                       review: Review) -> None:
    """The experts take open requests after a delay and answer within their lease."""
    for pool in settings.consult_pools.values():
        for raw in await client.zrange(keys.consult_pool(pool.id), 0, -1):
            cid = raw.decode()
            status = (await client.hget(keys.consultation(cid), "status") or b"").decode()
            plan = review.plans.get(cid)
            if plan is None or (plan.claimed and status == "requested"):  # new, or released
                urgency = (await client.hget(keys.consultation(cid), "urgency")).decode()
                lo, hi = CLAIM_DELAY_MIN[urgency]
                claim_at = now + rng.uniform(lo, hi) * 60
                plan = review.plans[cid] = Plan(rng.choice(pool.members), claim_at,
                                                claim_at + rng.uniform(*ANSWER_MIN) * 60)
            c = consultations.one(storage, cid)
            if c is None:
                continue
            if not plan.claimed and now >= plan.claim_at:
                await consultations.claim(client, storage, c, plan.expert, pool.lease_seconds,
                                          now)
                plan.claimed = True
            elif plan.claimed and now >= plan.answer_at and status == "claimed":
                rec = storage.read_case(c["case_id"])
                await consultations.answer(client, storage, c, rec, plan.expert, plan.expert,
                                           {"opinion": "考虑良性", "recommendation": "随访"},
                                           now)
                review.answered += 1


def tally_case(hist: list[dict]) -> tuple[float | None, float | None]:
    """(first preliminary, final) signing times from a case's history."""
    reported = [h for h in hist if h.get("status") == "reported"]
    prelim = next((h["at"] for h in reported if h.get("stage") == "preliminary"), None)
    final = next((h["at"] for h in reported if h.get("stage") != "preliminary"), None)
    return prelim, final


async def orphaned_consultations(client, storage, case_ids) -> tuple[int, list[float], int]:
    """(open consultations on no pool's worklist, answer turnarounds in s, still open)."""
    orphaned, turnaround, still_open = 0, [], 0
    for case_id in case_ids:
        for c in consultations.of_case(storage, case_id):
            if c["status"] == "answered":
                turnaround.append(c["answered_at"] - c["requested_at"])
                continue
            still_open += 1
            if await client.zscore(keys.consult_pool(c["pool"]), c["consultation_id"]) is None:
                orphaned += 1
    return orphaned, turnaround, still_open
