"""Handing an open read back to routing, and recording it: one Lua step (fenced), then
the history line (the truth ``reindex`` replays), the event, the router nudge and a page."""

from __future__ import annotations

import logging

from teleconsult.cases import drafts
from teleconsult.cases.record import transition
from teleconsult.routing import pager
from teleconsult.routing.queue import QueueError
from teleconsult.routing.reading import Reading
from teleconsult.store import events, keys
from teleconsult.store.files import Storage

log = logging.getLogger(__name__)


async def hand_back(reading: Reading, storage: Storage, case_id: str, state: dict,
                    reason: str, now: float, by: str, *, beat: str | None = None,
                    fence: int | None = None, note: str | None = None,
                    avoid: str = "") -> bool:
    """Give the case back to the queue with its draft; False if it moved meanwhile
    (another owner, a new fence, or — with ``beat`` — the reader was active after all)."""
    owner = state.get("owner", "")
    try:
        await reading.hand_back(case_id, state.get("specialty", ""), owner, fence=fence,
                                beat=beat, avoid=avoid)
    except QueueError:
        return False
    draft = drafts.load(storage, case_id)
    storage.append_history(case_id, transition(
        "queued", now, by, reason=reason, handover=True, previous=owner, note=note,
        draft_version=draft["version"] if draft else None,
        draft_by=draft["author"] if draft else None))
    client = reading.redis
    pipe = client.pipeline(transaction=False)
    pipe.zrem(keys.READ_TIMERS, case_id)
    pipe.lpush(keys.ROUTE_WAKE, case_id)
    events.publish_into(pipe, "case_handed_over", at=now, case_id=case_id, doctor=owner,
                        clinic=state.get("clinic"), reason=reason)
    pager.request_into(pipe, "handover", now, case_id=case_id, reason=reason,
                       priority=state.get("priority"), specialty=state.get("specialty"),
                       clinic=state.get("clinic"), doctor=owner)
    await pipe.execute()
    log.warning("case %s: handed back from %s (%s)", case_id, owner, reason)
    return True
