"""The people of the simulated day (see simday.py): doctors who poll, open, read and sign;
who step away, vanish mid-read, leave at the end of a shift (some stay to finish), and
answer a page after a delay. Their phones are a local HTTP receiver for the community's
paging webhook, so pages go through the real paging worker, signature and all.

Absences (per doctor, while on shift; documented in docs/paging-and-handover.md):
- *breaks*: about two per 8-hour shift (``BREAKS_PER_HOUR``), 10–40 min each, taken
  between reads — one in four is taken at once, mid-read (called to the phone, a colleague
  at the door). The phone is in the pocket: a page brings them back.
- *called away*: about one per 12 hours of shift (``CALLED_AWAY_PER_HOUR``), 20–60 min,
  at once, wherever they are — mid-read when reading (a ward emergency, a dead phone).
  Pages go unanswered until they are back.
- *end of shift* with a read open: six in ten stay up to 30 min to finish it, the others
  leave it open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from aiohttp import web
from simreview import REVIEW_READ_SHARE, Review, experts_step, finish, maybe_consult

from teleconsult.cases.record import transition
from teleconsult.core.webhook import verify_webhook
from teleconsult.routing import presence
from teleconsult.routing.queue import QueueError
from teleconsult.routing.reading import Reading
from teleconsult.routing.roster import on_shift
from teleconsult.store import keys

PAGE_SECRET_ENV, PAGE_SECRET = "TC_SIM_PAGE_SECRET", "simulated-day"
BREAKS_PER_HOUR = 1 / 4  # two breaks in an 8-hour shift
BREAK_MINUTES = (10, 40)
BREAK_MID_READ = 0.25  # share of breaks taken at once, leaving a read open
CALLED_AWAY_PER_HOUR = 1 / 12
CALLED_AWAY_MINUTES = (20, 60)


@dataclass
class Reader:
    """One simulated doctor: reads one case at a time."""

    id: str
    busy_until: float = 0.0
    reading: str | None = None
    silent_until: float = 0.0
    reachable: bool = True  # away on a break (phone in the pocket), not called away
    break_due: bool = False  # wants a break: takes it when the open read is signed
    reading_left: bool = False  # the break starts at once, with the read open
    last_step: float = 0.0
    away_since: float = 0.0  # away (since then) with or without a read open
    seen_at: float = 0.0  # last worklist poll
    on_call_until: float = 0.0  # called in by a page while off shift
    return_at: float = 0.0  # answering a page: back at work then
    finish_by: float = 0.0  # stayed after the shift to finish the open read
    was_on_shift: bool = False
    stat: bool = False  # the open read is a STAT
    kinds: dict[str, str] = field(default_factory=dict)  # case -> read | review (of a prelim)
    started: float = 0.0
    held: list[str] = field(default_factory=list)  # reads put aside for a STAT


@dataclass
class People:
    """What the people did, for the summary."""

    vanished_mid_read: int = 0
    breaks: int = 0
    called_away: int = 0
    left_with_open_read: int = 0
    stayed_to_finish: int = 0
    pages: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    bad_signatures: int = 0
    set_aside_for_stat: int = 0
    # the draft, as reading time: a case's total read time and the part already done (a
    # reader who takes over a case with a draft only reads the rest, plus a minute)
    total: dict[str, float] = field(default_factory=dict)
    done: dict[str, float] = field(default_factory=dict)
    review: Review = field(default_factory=Review)  # preliminaries, reviews, consultations


class Phones:
    """The doctors' phones: a page arrives, and (usually) its doctor comes back after a delay."""

    def __init__(self, settings, readers: dict[str, Reader], clock: list[float],
                 rng: random.Random, people: People) -> None:
        self.settings, self.readers, self.clock, self.rng = settings, readers, clock, rng
        self.people = people
        self.runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/page", self.page)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/page"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def page(self, request: web.Request) -> web.Response:
        raw = await request.read()
        if not verify_webhook(PAGE_SECRET, request.headers.get("X-Teleconsult-Signature", ""),
                              raw):
            self.people.bad_signatures += 1
            return web.Response(status=401)
        body = orjson.loads(raw)
        self.people.pages[body["event"]] = self.people.pages.get(body["event"], 0) + 1
        r = self.readers.get(body["recipient"])
        # one in ten pages goes unanswered, and every page to a doctor called away
        if r is not None and r.reachable and self.rng.random() < 0.9:
            now = self.clock[0]
            doctor = self.settings.doctors[r.id]
            working = on_shift(doctor, datetime.fromtimestamp(now, UTC), self.settings.timezone)
            delay = self.rng.uniform(120, 360) if working else self.rng.uniform(300, 720)
            r.return_at = min(r.return_at or now + delay, now + delay)
            self.people.answered += 1
        return web.json_response({"ok": True})


def _at_work(r: Reader, shift: bool, now: float, rng: random.Random, people: People) -> bool:
    dt, r.last_step = (now - r.last_step if r.last_step else 0.0), now
    if now >= r.silent_until:
        r.reachable = True
    if r.return_at and now >= r.return_at:  # answered a page
        r.silent_until = min(r.silent_until, now)
        if not shift:
            r.on_call_until = max(r.on_call_until, now + 3600)
        r.return_at = 0.0
    if shift and now >= r.silent_until:
        if rng.random() < CALLED_AWAY_PER_HOUR * dt / 3600:  # ward emergency, dead phone …
            r.silent_until, r.reachable = now + 60 * rng.uniform(*CALLED_AWAY_MINUTES), False
            people.called_away += 1
            people.vanished_mid_read += bool(r.reading)
        elif not r.break_due and rng.random() < BREAKS_PER_HOUR * dt / 3600:
            r.break_due = True
            if r.reading and rng.random() < BREAK_MID_READ:
                r.reading_left = True
        if r.break_due and now >= r.silent_until and (not r.reading or r.reading_left):
            _take_break(r, now, rng, people)
    if r.was_on_shift and not shift:
        r.break_due = r.reading_left = False
    if r.was_on_shift and not shift and r.reading:  # the shift ends with a read open
        if rng.random() < 0.6:
            r.finish_by, people.stayed_to_finish = now + 1800, people.stayed_to_finish + 1
        else:
            people.left_with_open_read += 1
    r.was_on_shift = shift
    present = shift or now < r.on_call_until or (r.reading is not None and now < r.finish_by)
    return present and now >= r.silent_until


def _take_break(r: Reader, now: float, rng: random.Random, people: People) -> None:
    r.silent_until, r.break_due = now + 60 * rng.uniform(*BREAK_MINUTES), False
    people.breaks += 1
    people.vanished_mid_read += bool(r.reading)
    r.reading_left = False


async def people_step(settings, client, queue, storage, readers: dict[str, Reader], now: float,
                      rng: random.Random, read_minutes: dict[str, float],
                      people: People) -> None:
    """Doctors at work poll, keep their open case page beating, open what they were given
    (a STAT first: another read is put aside for it) and sign when done; the others are
    away (no presence, no page open)."""
    reading = Reading(client)
    at = datetime.fromtimestamp(now, UTC)
    leases = {p: t.lease_seconds for p, t in settings.routing.priority_times.items()}
    limits = settings.handover.read_limit_seconds
    await experts_step(settings, client, storage, now, rng, people.review)
    for d in settings.doctors.values():
        if d.expert:
            continue  # the experts answer consultations (experts_step), they read no cases
        r = readers[d.id]
        if not _at_work(r, on_shift(d, at, settings.timezone), now, rng, people):
            r.away_since = r.away_since or now
            await _fade(client, d.id, r, now, settings.routing.presence_seconds)
            continue
        if r.away_since:  # back: the open read goes on where it was left
            r.busy_until += now - r.away_since
            r.started, r.away_since = now, 0.0
        # presence is a TTL in real seconds; the simulated clock runs faster, so refresh it
        # here and let it lapse in simulated time (``_fade``)
        await presence.seen(client, d.id, 3600)
        r.seen_at = now
        await queue.renew_leases(d.id, now, leases)
        waiting = [i for i in await queue.worklist(d.id) if i["status"] == "assigned"]
        if r.reading and not r.stat and any(i["priority"] == "stat" for i in waiting):
            people.done[r.reading] = people.done.get(r.reading, 0) + now - r.started
            r.held.append(r.reading)  # still in review, still theirs (they are online)
            people.set_aside_for_stat += 1
            r.reading = None
        if r.reading:
            await _read_on(settings, client, queue, storage, reading, r, d.id, now, rng,
                           people)
        # a read put aside for a STAT is taken up again as soon as the STAT is signed
        if r.reading is None and r.held and not any(i["priority"] == "stat" for i in waiting):
            _resume(r, r.held.pop(), now, people)
        if r.reading is None and r.break_due:  # signed the last one: the break starts now
            _take_break(r, now, rng, people)
            continue
        if r.reading is None:
            await _open_next(settings, client, queue, storage, reading, r, d.id, now, rng,
                             read_minutes, limits,
                             waiting, people)


async def _fade(client, doctor: str, r: Reader, now: float, presence_seconds: float) -> None:
    """Presence as the product keeps it, on the simulated clock: online for
    ``presence_seconds`` after the last poll, a page "open" for 45 s."""
    gone = [k for k, ttl in ((keys.online(doctor), presence_seconds),
                             (keys.watching(doctor), presence.WATCH_SECONDS))
            if now - r.seen_at >= ttl]
    if gone:
        await client.delete(*gone)


def _resume(r: Reader, case_id: str, now: float, people: People) -> None:
    r.reading, r.stat, r.started = case_id, False, now
    r.busy_until = now + max(60.0, people.total[case_id] - people.done.get(case_id, 0))


async def _read_on(settings, client, queue, storage, reading: Reading, r: Reader, doctor: str,
                   now: float, rng: random.Random, people: People) -> None:
    try:
        if now < r.busy_until:
            await reading.touch(r.reading, doctor, now, "page")  # the case page is open
            # what is read so far is in the draft (saved as they type)
            people.done[r.reading] = people.done.get(r.reading, 0) + now - r.started
            r.started = now
            return
        await client.zrem(keys.READ_TIMERS, r.reading)
        await finish(settings, client, queue, storage, doctor, r.reading,
                     r.kinds.pop(r.reading, "read"), now, rng, people.review)
    except QueueError:
        pass  # handed over while they were away: someone else has it now
    r.reading = None


async def _open_next(settings, client, queue, storage, reading: Reading, r: Reader, doctor: str,
                     now: float,
                     rng: random.Random, read_minutes: dict[str, float], limits,
                     waiting: list[dict], people: People) -> None:
    for item in sorted(waiting, key=lambda i: i["priority"] != "stat"):
        if rng.random() < 0.05:
            continue  # did not notice it this minute: leases will catch it
        try:
            await queue.owner_step(item["case_id"], doctor, "in_review")
        except QueueError:
            continue
        cid = item["case_id"]
        storage.append_history(cid, transition("in_review", now, doctor))
        await reading.claimed(cid, now, limits.get(item["priority"]))
        share = REVIEW_READ_SHARE if item.get("kind") == "review" else 1.0
        if item.get("kind") == "review" or cid not in people.total:  # a review reads anew
            people.total[cid] = (60 * read_minutes.get(item["modality"], 5) * share
                                 * rng.uniform(0.6, 1.6))
            people.done.pop(cid, None)
        _resume(r, cid, now, people)
        r.stat = item["priority"] == "stat"
        r.kinds[cid] = item.get("kind") or "read"
        if r.kinds[cid] == "read":
            await maybe_consult(settings, client, storage, doctor, cid, now, rng,
                                people.review)
        if cid in people.done:  # a draft from an earlier reader: read it first
            r.busy_until += 60
        return
