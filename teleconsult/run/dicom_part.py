"""The DICOM part: the ingress listeners (plain and/or TLS) with ingest behind them, on the
sockets ``serve`` opened for all its ingress processes when it did."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from pynetdicom.transport import ThreadedAssociationServer

from teleconsult.ingress import listeners
from teleconsult.ingress.ingest import Ingest
from teleconsult.ingress.tls import start_listeners
from teleconsult.settings.model import Settings
from teleconsult.store.files import Storage
from teleconsult.store.redis import sync_client


@contextlib.asynccontextmanager
async def dicom_part(settings: Settings) -> AsyncIterator[list[ThreadedAssociationServer]]:
    """Accept associations (in threads) until the block is left."""
    target = settings.redis_target()
    client = sync_client(target)
    # each listener checks client certificates against the calling clinic
    servers = start_listeners(settings, Ingest(Storage(settings.data_dir), client, target),
                              listeners.inherited(os.environ), listeners.slot(os.environ))
    try:
        yield servers
    finally:
        for server in servers:
            server.shutdown()
        client.close()
