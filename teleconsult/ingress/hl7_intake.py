"""One HL7 v2 message in, its acknowledgement out: the lab results door (检验结果).

The sending clinic is known by MSH-4 (``[[clinics]] hl7_facilities``); an ORU^R01 is read
into a record (``lab_results``), stored durably (``lab_store.save``) and announced; only
then is it answered ``AA``. Anything else is answered ``AR`` (not ours to take: unknown
facility, wrong message type, not HL7) or ``AE`` (its content is wrong, or we could not
record it: send again), with the reason in MSA-3, and a log line naming the peer and the
message control id — never the patient.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import hl7
import redis
import redis.asyncio as aioredis

from teleconsult.ingress import lab_results
from teleconsult.ingress.lab_results import LabRejected
from teleconsult.ingress.lab_store import LabStore, announce
from teleconsult.settings.model import Settings

log = logging.getLogger(__name__)
_SEPARATORS = str.maketrans({c: " " for c in "|^~\\&\r\n"})


def _clean(text: str) -> str:
    """Text safe inside one HL7 field (our own reason strings, never parsed input)."""
    return text.translate(_SEPARATORS)[:200]


def acknowledgement(msg: hl7.Message | None, code: str, reason: str, ae_title: str) -> bytes:
    """The ACK for ``msg`` (MSA-1 ``code``, MSA-2 its control id, MSA-3 ``reason``); for a
    message that could not be read, one built on our own header."""
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    if msg is not None:
        try:
            ack = msg.create_ack(code, message_id=f"ACK{stamp}", application=ae_title)
            if reason:  # HL7 escapes (\\S\\ for ^ …): the reason reads back as written
                ack.segment("MSA").assign_field(ack.escape(reason[:200]), 3)
            return str(ack).encode()
        except (IndexError, KeyError, ValueError):
            pass  # a header too broken to answer from: answer from ours
    ack = hl7.parse(f"MSH|^~\\&|{_clean(ae_title)}||||{stamp}||ACK|ACK{stamp}|P|2.5.1\r"
                    f"MSA|{code}||{_clean(reason)}")
    return str(ack).encode()


class Hl7Intake:
    """Answers each message; one per listening process."""

    def __init__(self, settings: Settings, store: LabStore, client: aioredis.Redis) -> None:
        self.settings, self.store, self.client = settings, store, client

    async def handle(self, raw: bytes, peer: str) -> bytes:
        msg: hl7.Message | None = None
        control = "?"
        try:
            msg = lab_results.parse(lab_results.decode(raw))
            head = lab_results.header(msg)
            control = head["control_id"] or "?"
            clinic = self.settings.clinic_for_hl7(head["facility"])
            if clinic is None:
                raise LabRejected("AR", f"unknown sending facility (MSH-4) "
                                        f"{_clean(head['facility'])!r}")
            record = lab_results.judge(lab_results.from_oru(msg, clinic.id,
                                                            self.settings.timezone),
                                       self.settings.lab)
            stored, new = await asyncio.to_thread(self.store.save, record)
            await announce(self.client, self.store, stored)
        except LabRejected as exc:
            log.warning("HL7 from %s, message %s: %s %s", peer, control, exc.code, exc.reason)
            return acknowledgement(msg, exc.code, exc.reason, self.settings.ae_title)
        except OSError as exc:
            log.error("HL7 from %s, message %s: not stored: %s", peer, control, exc)
            return acknowledgement(msg, "AE", "not stored (storage failed): send again",
                                   self.settings.ae_title)
        except redis.RedisError as exc:
            log.error("HL7 from %s, message %s: stored but not recorded: %s", peer, control,
                      exc)
            return acknowledgement(msg, "AE", "not recorded (coordination down): send again",
                                   self.settings.ae_title)
        log.info("HL7 from %s, message %s: result %s %s%s", peer, control,
                 stored["result_id"], "stored" if new else "already stored",
                 " (critical)" if stored.get("critical") else "")
        return acknowledgement(msg, "AA", "", self.settings.ae_title)
