"""The HL7 part: lab results over MLLP on ``[server] hl7_port`` (``TELECONSULT_HL7_PORT``),
accepting from the socket ``serve`` opened once (kept across this part's restarts, so a
laboratory system's connection waits instead of being refused), or binding it alone."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import AsyncIterator

from teleconsult.ingress import listeners
from teleconsult.ingress.hl7_intake import Hl7Intake
from teleconsult.ingress.lab_store import LabStore
from teleconsult.ingress.mllp import MllpServer
from teleconsult.settings.model import Settings
from teleconsult.store.files import Storage
from teleconsult.store.redis import async_client


@contextlib.asynccontextmanager
async def hl7_part(settings: Settings) -> AsyncIterator[MllpServer]:
    """Answer HL7 messages until the block is left."""
    client = async_client(settings.redis_target())
    server = MllpServer(Hl7Intake(settings, LabStore(Storage(settings.data_dir)), client),
                        settings.lab)
    fd = listeners.inherited(os.environ).get(settings.hl7_port)
    # a copy of the inherited descriptor: a reload closes this part's, never serve's
    sock = socket.socket(fileno=os.dup(fd)) if fd is not None else None
    try:
        await server.start(sock, port=settings.hl7_port)
        yield server
    finally:
        await server.close()
        await client.aclose()
