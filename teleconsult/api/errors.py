"""HTTP errors in the one JSON shape, and the middleware that maps exceptions once."""

from __future__ import annotations

import errno
import logging

import orjson
import redis
from aiohttp import web

from teleconsult.cases.record import IllegalTransition
from teleconsult.ingress.ingest import is_disk_full
from teleconsult.routing.queue import QueueError
from teleconsult.store.files import InvalidUID

log = logging.getLogger(__name__)


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status = status or self.status


class BadRequest(ApiError):
    status, code = 400, "bad_request"


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class TooLarge(ApiError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class InsufficientStorage(ApiError):
    status, code = 507, "insufficient_storage"


class Unavailable(ApiError):
    status, code = 503, "unavailable"


class ClientGone(ApiError):
    """The caller closed the connection before its request was read: nobody gets an answer.
    499 is what the audit line records (nginx's "client closed request"), never a 500."""

    status, code = 499, "client_closed_request"


# Replies that mean "Redis cannot serve now" rather than "this request is wrong": a restart
# (LOADING), a full disk (MISCONF), a replica (READONLY). Anything else is a real 500.
_REDIS_DOWN_REPLIES = ("LOADING", "MISCONF", "READONLY", "MASTERDOWN", "TRYAGAIN")


def _redis_down(exc: Exception) -> bool:
    if isinstance(exc, (redis.ConnectionError, redis.TimeoutError)):
        return True
    return isinstance(exc, redis.ResponseError) and str(exc).startswith(_REDIS_DOWN_REPLIES)


_QUEUE_CODES = {
    "not_found": NotFound("no such case"),
    "not_owner": Forbidden("this case is not assigned to you", "not_owner"),
    "stale_fence": Conflict("the case was reassigned since you opened it", "stale_fence"),
    "lease_live": Conflict("the lease is still live", "lease_live"),
}


def error_response(status: int, code: str, message: str) -> web.Response:
    body = orjson.dumps({"error": {"code": code, "message": message}})
    return web.Response(status=status, body=body, content_type="application/json")


def client_left(request: web.Request, exc: Exception) -> bool:
    """The request failed because its own client went away (a reset while its body was
    read), not because of anything the server talks to."""
    if not isinstance(exc, ConnectionResetError):
        return False
    transport = request.transport
    return transport is None or transport.is_closing()


def to_api_error(exc: Exception, request: web.Request | None = None) -> ApiError | None:
    if isinstance(exc, ApiError):
        return exc
    if request is not None and client_left(request, exc):
        return ClientGone("the client closed the connection before sending its whole request")
    if isinstance(exc, QueueError):
        if exc.code.startswith("bad_state"):
            state = exc.code.partition(":")[2]
            return Conflict(f"the case is {state or 'not open'}", "wrong_state")
        return _QUEUE_CODES.get(exc.code, Conflict(exc.code, "conflict"))
    if isinstance(exc, IllegalTransition):
        return Conflict(str(exc), "wrong_state")
    if isinstance(exc, InvalidUID):
        return BadRequest(str(exc), "invalid_uid")
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        # a file name no file can have (e.g. a 300-character /static/ name)
        return NotFound("no such file", "not_found")
    if is_disk_full(exc):  # ENOSPC/EDQUOT anywhere below: the client retries later
        return InsufficientStorage("the server's storage is full; nothing was kept, "
                                   "retry later")
    if isinstance(exc, redis.RedisError) and _redis_down(exc):
        return Unavailable("the coordination store (Redis) is unavailable; retry shortly",
                           "redis_unavailable")
    return None


@web.middleware
async def error_middleware(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = exc.reason.lower().replace(" ", "_").replace("-", "_")
        if exc.status == 413:
            code = "payload_too_large"
        log.info("%s %s -> %d %s", request.method, request.path, exc.status, code)
        return error_response(exc.status, code, exc.text or exc.reason)
    except Exception as exc:  # noqa: BLE001 - the one place exceptions become HTTP
        api = to_api_error(exc, request)
        if api is None:
            log.exception("%s %s failed", request.method, request.path)
            return error_response(500, "internal_error", "internal error; see the server log")
        if isinstance(api, ClientGone):
            log.info("%s %s: the client left before its request was read", request.method,
                     request.path)
        log.info("%s %s -> %d %s: %s", request.method, request.path, api.status, api.code,
                 api.message)
        return error_response(api.status, api.code, api.message)
