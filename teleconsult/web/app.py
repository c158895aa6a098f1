"""``create_app(settings)``: the aiohttp application, one cleanup_ctx per resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from teleconsult.api import (
    access_audit,
    accounts_api,
    admin,
    annotations_api,
    appkeys,
    consult_api,
    dicomweb,
    dicomweb_frames,
    dicomweb_qido,
    dicomweb_stow,
    dicomweb_wado,
    ecg_api,
    events_api,
    health,
    history_api,
    lab_api,
    mpi_api,
    openapi,
    patients,
    presence_api,
    reading_api,
    reports_api,
    review_api,
    screen_api,
    stats_api,
)
from teleconsult.api import cases_api as cases
from teleconsult.api.errors import NotFound, error_middleware, error_response
from teleconsult.api.limits import body_limits
from teleconsult.api.sessions import session_middleware
from teleconsult.api.tokens import TokenIndex
from teleconsult.api.worklist_items import ItemCache
from teleconsult.routing.queue import CaseQueue
from teleconsult.settings.model import Settings
from teleconsult.settings.tls import DEFAULT_HSTS, TlsConfig
from teleconsult.store.files import Storage
from teleconsult.store.redis import async_client
from teleconsult.web import pages

log = logging.getLogger(__name__)


async def _redis_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[appkeys.SETTINGS]
    client = async_client(settings.redis_target())
    app[appkeys.REDIS] = client
    app[appkeys.QUEUE] = CaseQueue(client)
    yield
    await client.aclose()


async def _storage_ctx(app: web.Application) -> AsyncIterator[None]:
    app[appkeys.STORAGE] = Storage(app[appkeys.SETTINGS].data_dir)
    yield


@web.middleware
async def _not_found(request: web.Request, handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPNotFound:
        raise NotFound(f"no route {request.path}") from None
    except web.HTTPMethodNotAllowed as exc:
        # RFC 9110 15.5.6: a 405 names the methods the resource does allow
        allowed = ", ".join(sorted(exc.allowed_methods))
        log.info("%s %s -> 405 method_not_allowed", request.method, request.path)
        response = error_response(405, "method_not_allowed",
                                  f"{request.method} is not allowed here; use {allowed}")
        response.headers["Allow"] = allowed
        return response


def hsts_middleware(cfg: TlsConfig | None):  # noqa: ANN201 - an aiohttp middleware
    """Adds ``Strict-Transport-Security`` to every response sent over HTTPS (a browser that
    saw it once never falls back to plain HTTP for this host)."""
    max_age = cfg.hsts_max_age if cfg else DEFAULT_HSTS

    @web.middleware
    async def hsts(request: web.Request, handler) -> web.StreamResponse:  # noqa: ANN001
        if not (request.secure and max_age):
            return await handler(request)
        header = {"Strict-Transport-Security": f"max-age={max_age}"}
        try:
            response = await handler(request)
        except web.HTTPException as exc:  # redirects are raised
            exc.headers.update(header)
            raise
        response.headers.update(header)
        return response

    return hsts


def create_app(settings: Settings) -> web.Application:
    # client_max_size is the JSON limit; body_limits narrows or widens it per route
    app = web.Application(middlewares=[hsts_middleware(settings.tls), error_middleware,
                                       access_audit.access_audit, body_limits, _not_found,
                                       session_middleware],
                          client_max_size=settings.http.max_json_kb * 1024)
    app[appkeys.SETTINGS] = settings
    app[appkeys.WORKLIST_ITEMS] = ItemCache(cases.shape_for_worklist)
    app[appkeys.TOKENS] = TokenIndex(settings)
    app.cleanup_ctx.append(_storage_ctx)
    app.cleanup_ctx.append(access_audit.audit_ctx)
    app.cleanup_ctx.append(_redis_ctx)
    app.cleanup_ctx.append(dicomweb.ingest_ctx)
    app.cleanup_ctx.append(events_api.hub_ctx)
    app.on_shutdown.append(events_api.end_streams)
    for table in (cases.routes, reports_api.routes, health.routes, openapi.routes,
                  dicomweb_stow.routes, dicomweb_qido.routes, dicomweb_wado.routes, ecg_api.routes,
                  admin.routes, presence_api.routes, events_api.routes, patients.routes,
                  accounts_api.routes, dicomweb_frames.routes, history_api.routes,
                  annotations_api.routes):
        app.add_routes(table)
    app.add_routes(mpi_api.routes)
    app.add_routes(reading_api.routes)
    app.add_routes(stats_api.routes)
    app.add_routes(review_api.routes)
    app.add_routes(consult_api.routes)
    app.add_routes(lab_api.routes)
    app.add_routes(screen_api.routes)
    pages.setup(app)  # login, pages and /static
    return app
