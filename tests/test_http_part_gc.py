"""The HTTP part freezes the long-lived objects after each start (so full collections do not
walk the app, settings and caches) and unfreezes them before a reload lets the old app go:
the old app must still be freed."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace

from teleconsult.run import http_part as http_part_module
from teleconsult.run.http_part import HttpPart, listening_socket
from teleconsult.web.app import create_app


async def test_a_reload_still_frees_the_old_app(settings, monkeypatch):
    made: list[weakref.ref] = []

    def recording_create_app(s):  # noqa: ANN001, ANN202
        app = create_app(s)
        made.append(weakref.ref(app))
        return app

    monkeypatch.setattr(http_part_module, "create_app", recording_create_app)
    part = HttpPart()
    # the part's own listening socket, bound to a port the kernel chose (no free-port race)
    sock = listening_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    part._listening[("127.0.0.1", port)] = sock
    s = replace(settings, http_host="127.0.0.1", http_port=port, tls=None)
    try:
        async with part(s):
            assert gc.get_freeze_count() > 0  # the first app and what it holds are frozen
            assert made[0]() is not None
        assert gc.get_freeze_count() == 0
        async with part(s):  # the reload: a new app on the same socket
            assert len(made) == 2 and made[1]() is not None
            assert made[0]() is None, "the old app outlived the reload"
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        part.close()
