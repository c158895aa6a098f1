"""Every ``web.AppKey`` of the app, in one place."""

from __future__ import annotations

import redis.asyncio as aioredis
from aiohttp import web

from teleconsult.api.event_hub import EventHub
from teleconsult.api.tokens import TokenIndex
from teleconsult.api.worklist_items import ItemCache
from teleconsult.ingress.ingest import Ingest
from teleconsult.routing.queue import CaseQueue
from teleconsult.settings.model import Settings
from teleconsult.store.audit import AuditWriter
from teleconsult.store.files import Storage

SETTINGS = web.AppKey("settings", Settings)
REDIS = web.AppKey("redis", aioredis.Redis)
STORAGE = web.AppKey("storage", Storage)
QUEUE = web.AppKey("queue", CaseQueue)
INGEST = web.AppKey("ingest", Ingest)
AUDIT = web.AppKey("access_audit", AuditWriter)
EVENT_HUB = web.AppKey("event_hub", EventHub)
WORKLIST_ITEMS = web.AppKey("worklist_items", ItemCache)
TOKENS = web.AppKey("tokens", TokenIndex)
