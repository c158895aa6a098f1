"""The MLLP listener (HL7 v2 over TCP): framing by the ``hl7`` library's asyncio streams,
each message answered by ``Hl7Intake`` before the next is read.

Memory is bounded whatever a peer sends: a message is held up to ``[lab] max_message_kb``
(the stream's limit; past it the peer gets AR and the connection is closed, since where the
next message starts is unknown), a silent connection is closed after
``idle_timeout_seconds``, and at most ``MAX_CONNECTIONS`` are served at once (more are
closed at once, with a log line).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket

from hl7.mllp import HL7StreamReader, HL7StreamWriter, InvalidBlockError, start_hl7_server

from teleconsult.ingress.hl7_intake import Hl7Intake, acknowledgement
from teleconsult.settings.lab import LabConfig

log = logging.getLogger(__name__)
MAX_CONNECTIONS = 64  # laboratory systems of one community: a few each, never hundreds


class MllpServer:
    """Serves connections on ``start``; ``close`` stops listening and ends them."""

    def __init__(self, intake: Hl7Intake, cfg: LabConfig) -> None:
        self.intake, self.cfg = intake, cfg
        self.open: set[asyncio.Task] = set()
        self.server: asyncio.base_events.Server | None = None

    async def start(self, sock: socket.socket | None = None, host: str = "0.0.0.0",
                    port: int = 0) -> int:
        """Listen on ``sock`` (inherited from ``serve``) or bind ``host:port``; the port."""
        where = {"sock": sock} if sock is not None else {"host": host, "port": port}
        self.server = await start_hl7_server(self._connected, limit=self.cfg.max_message_bytes,
                                             **where)
        return self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
        for task in list(self.open):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*self.open, return_exceptions=True)
        if self.server is not None:
            await self.server.wait_closed()

    def _connected(self, reader: HL7StreamReader, writer: HL7StreamWriter) -> None:
        host, port = (writer.get_extra_info("peername") or ("?", "?"))[:2]
        peer = f"{host}:{port}"
        if len(self.open) >= MAX_CONNECTIONS:
            log.warning("HL7 connection from %s refused: %d open already", peer, len(self.open))
            writer.close()
            return
        task = asyncio.create_task(self._serve(reader, writer, peer))
        self.open.add(task)
        task.add_done_callback(self.open.discard)

    async def _serve(self, reader: HL7StreamReader, writer: HL7StreamWriter, peer: str) -> None:
        try:
            while True:
                try:
                    block = await asyncio.wait_for(reader.readblock(),
                                                   self.cfg.idle_timeout_seconds)
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                    return  # silent too long, or the peer hung up (mid-message or not)
                except InvalidBlockError:
                    # the framing is off but the end marker was found: answer and go on
                    writer.writeblock(self._nak("not an MLLP block (no <VT> start)"))
                    await writer.drain()
                    continue
                except ValueError:
                    log.warning("HL7 from %s: message over %d bytes; connection closed", peer,
                                self.cfg.max_message_bytes)
                    writer.writeblock(self._nak(f"message larger than "
                                                f"{self.cfg.max_message_bytes} bytes"))
                    await writer.drain()
                    return
                writer.writeblock(await self.intake.handle(block, peer))
                await writer.drain()
        except ConnectionError:
            return
        finally:
            writer.close()

    def _nak(self, reason: str) -> bytes:
        return acknowledgement(None, "AR", reason, self.intake.settings.ae_title)
