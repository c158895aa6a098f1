"""Which case a request names and whether the caller may see it: a clinic its own, an admin
all, a doctor what is routed to them or what they read before (a handed-over case, a lease
that ran out, a signed report)."""

from __future__ import annotations

from aiohttp import web

from teleconsult.api.appkeys import QUEUE, STORAGE
from teleconsult.api.errors import NotFound
from teleconsult.cases.record import past_readers
from teleconsult.store.files import check_case_id
from teleconsult.store.sessions import Principal


async def load_case(request: web.Request) -> tuple[dict, dict]:
    """The case of the URL's ``case_id`` and its routing state (404 when there is none)."""
    try:
        case_id = check_case_id(request.match_info["case_id"])
    except ValueError:
        raise NotFound("no such case") from None
    record = request.app[STORAGE].read_case(case_id)
    if record is None:
        raise NotFound("no such case")
    return record, await request.app[QUEUE].state(case_id)


def may_read_case(who: Principal, record: dict, state: dict, signers: set[str]) -> bool:
    """``who`` may see the case: ``signers`` are the doctors who signed or read it."""
    if who.kind == "admin":
        return True
    if who.kind == "clinic":
        return record["clinic"] == who.id
    return state.get("owner") == who.id or who.id in signers


def previous_readers(request: web.Request, case_id: str) -> set[str]:
    """The doctors who held the case before (its history)."""
    return past_readers(request.app[STORAGE].history(case_id))
