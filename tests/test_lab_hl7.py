"""Lab results over HL7 v2 MLLP: the real HL7 part (its asyncio listener, the real data dir
and a real Redis), spoken to by the ``hl7`` package's own MLLP client."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import hl7
import orjson
import pytest
import redis.asyncio as aioredis
from hl7.mllp import open_hl7_connection

from teleconsult.ingress.lab_store import LabStore
from teleconsult.run.hl7_part import hl7_part
from teleconsult.settings.lab import LabConfig
from teleconsult.store import keys
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.lab_messages import oru
from tests.ports import free_port
from tests.test_pipeline import drain


async def _send(port: int, *messages: str, encoding: str = "utf-8") -> list[hl7.Message]:
    reader, writer = await open_hl7_connection("127.0.0.1", port, encoding=encoding)
    try:
        acks = []
        for text in messages:
            writer.writemessage(hl7.parse(text))
            await writer.drain()
            acks.append(await asyncio.wait_for(reader.readmessage(), 30))
        return acks
    finally:
        writer.close()


def _msa(ack: hl7.Message) -> tuple[str, str, str]:
    msa = ack.segment("MSA")
    return str(msa(1)), str(msa(2)), ack.unescape(str(msa(3))) if len(msa) > 3 else ""


def _stored(settings) -> list[dict]:  # noqa: ANN001
    store = LabStore(Storage(settings.data_dir))
    return [store.load(i) for i in store.iter_ids()]


@pytest.fixture()
def lab_settings(settings):  # noqa: ANN001, ANN201
    return replace(settings, hl7_port=free_port())


async def test_oru_is_acknowledged_after_it_is_stored(lab_settings) -> None:  # noqa: ANN001
    async with hl7_part(lab_settings):
        (ack,) = await _send(lab_settings.hl7_port, oru(control="C-1"))
        code, control, _ = _msa(ack)
        assert (code, control) == ("AA", "C-1")
        assert str(ack.segment("MSH")(9)).startswith("ACK")
        # the ACK came after the file: it is on disk now, whole
        (record,) = _stored(lab_settings)
        assert record["clinic"] == "futian" and record["message_id"] == "C-1"
        assert record["patient"]["name"] == "张三"
        assert record["patient"]["birth_date"] == "1990-01-01"
        obs = {o["code"]: o for o in record["orders"][0]["observations"]}
        assert obs["2823-3"]["value"] == 4.1 and obs["2823-3"]["unit"] == "mmol/L"
        assert (obs["2823-3"]["low"], obs["2823-3"]["high"]) == (3.5, 5.3)
        assert record["critical"] is False
        client = aioredis.from_url(lab_settings.redis_target().url)
        try:
            members = await client.smembers(keys.patient_labs("futian:F12345"))
            assert {m.decode() for m in members} == {record["result_id"]}
        finally:
            await client.aclose()
        # the same message again (the lab did not see our ACK): AA, stored once
        (again,) = await _send(lab_settings.hl7_port, oru(control="C-1"))
        assert _msa(again)[0] == "AA"
        assert len(_stored(lab_settings)) == 1


async def test_storage_failure_is_an_error_ack_and_a_retry_stores(lab_settings) -> None:  # noqa: ANN001
    blocker = lab_settings.data_dir / "lab"
    blocker.write_bytes(b"not a directory")  # the disk refuses: nothing can be stored
    async with hl7_part(lab_settings):
        (ack,) = await _send(lab_settings.hl7_port, oru(control="C-2"))
        code, _, reason = _msa(ack)
        assert code == "AE" and "send again" in reason
        blocker.unlink()
        (ack,) = await _send(lab_settings.hl7_port, oru(control="C-2"))
        assert _msa(ack)[0] == "AA"
    assert [r["message_id"] for r in _stored(lab_settings)] == ["C-2"]


@pytest.mark.parametrize(("message", "code", "words"), [
    (oru(control="BAD-1", potassium="高"), "AE", "not a number"),
    (oru(control="BAD-2", facility="NOWHERE"), "AR", "unknown sending facility"),
    (oru(control="BAD-3").replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01"), "AR", "only ORU^R01"),
    (oru(control="BAD-4", pid="", community_id=""), "AE", "PID-3"),
    (oru(control="BAD-5", extra_obx=("OBX|4|NM|||1|mmol/L||N|||F",)), "AE", "OBX-3"),
    (oru(control="BAD-6", when="2026-12-07"), "AE", "date/time"),
])
async def test_malformed_messages_are_refused_with_the_reason_and_nothing_is_stored(
        lab_settings, message: str, code: str, words: str) -> None:  # noqa: ANN001
    async with hl7_part(lab_settings):
        (ack,) = await _send(lab_settings.hl7_port, message)
        got, control, reason = _msa(ack)
        assert got == code and words in reason
        assert control.startswith("BAD-")
        # the connection goes on: a good message after a bad one is taken
        (ok,) = await _send(lab_settings.hl7_port, oru(control="GOOD"))
        assert _msa(ok)[0] == "AA"
    assert [r["message_id"] for r in _stored(lab_settings)] == ["GOOD"]


async def test_not_hl7_and_too_large_are_refused(lab_settings) -> None:  # noqa: ANN001
    small = replace(lab_settings, lab=LabConfig(max_message_bytes=4096))
    async with hl7_part(small):
        reader, writer = await asyncio.open_connection("127.0.0.1", small.hl7_port)
        try:
            writer.write(b"\x0bhello, not HL7\x1c\r")
            await writer.drain()
            block = await asyncio.wait_for(reader.readuntil(b"\x1c\r"), 30)
            ack = hl7.parse(block[1:-2].decode())
            assert _msa(ack)[0] == "AR" and "not an HL7" in _msa(ack)[2]
            # a peer claiming a huge message: answered AR at the limit, then closed
            writer.write(b"\x0b" + oru(control="BIG").encode() + b"X" * 10_000)
            await writer.drain()
            block = await asyncio.wait_for(reader.readuntil(b"\x1c\r"), 30)
            ack = hl7.parse(block[1:-2].decode())
            assert _msa(ack)[0] == "AR" and "larger than 4096" in _msa(ack)[2]
            assert await asyncio.wait_for(reader.read(), 30) == b""  # closed by us
        finally:
            writer.close()
    assert _stored(small) == []


async def test_critical_potassium_starts_the_critical_loop(lab_settings) -> None:  # noqa: ANN001
    client = aioredis.from_url(lab_settings.redis_target().url)
    try:
        async with hl7_part(lab_settings):
            # flagged HH by the lab
            (a,) = await _send(lab_settings.hl7_port, oru(control="K-1", potassium="6.9",
                                                          flag="HH"))
            # not flagged, but below the configured table (钾 < 2.8)
            (b,) = await _send(lab_settings.hl7_port, oru(control="K-2", potassium="2.1",
                                                          flag=""))
            assert _msa(a)[0] == _msa(b)[0] == "AA"
        records = {r["message_id"]: r for r in _stored(lab_settings)}
        assert records["K-1"]["critical"] and records["K-2"]["critical"]
        k2 = {o["code"]: o for o in records["K-2"]["orders"][0]["observations"]}
        assert k2["2823-3"]["flag"] == "L" and k2["2823-3"]["critical"]
        due = {m.decode() for m in await client.zrange(keys.CRITICAL_DUE, 0, -1)}
        assert due == {f"lab:{r['result_id']}" for r in records.values()}
        events = [orjson.loads(e[1][b"data"]) for e in await client.xrange(keys.EVENTS)]
        lab_events = [e for e in events if e["type"] == "lab_critical"]
        assert {e["result_id"] for e in lab_events} == {r["result_id"]
                                                       for r in records.values()}
        assert all(e["clinic"] == "futian" and e["tests"] == ["2823-3"] for e in lab_events)
    finally:
        await client.aclose()


async def test_unacknowledged_critical_potassium_escalates_until_acknowledged(
        lab_settings, aiohttp_client) -> None:  # noqa: ANN001
    async with hl7_part(lab_settings):
        (ack,) = await _send(lab_settings.hl7_port, oru(control="K-9", potassium="7.2",
                                                        flag="HH"))
        assert _msa(ack)[0] == "AA"
    (record,) = _stored(lab_settings)
    http = await aiohttp_client(create_app(lab_settings))
    url = f"/api/v1/lab/{record['result_id']}"
    futian = {"Authorization": "Bearer demo-futian"}

    async def events_now() -> list[str]:
        return [e["event"] for e in (await (await http.get(url, headers=futian)).json())
                ["communication"]]

    # at once the page is asked for (nobody is configured to be paged here: see
    # test_lab_paging), then nothing inside the 15 min window
    await drain(lab_settings, 14 * 60)
    assert await events_now() == ["notified", "page_requested"]
    await drain(lab_settings, 15 * 60 + 1)
    assert await events_now() == ["notified", "page_requested", "escalated"]
    await drain(lab_settings, 31 * 60)  # and again after the repeat interval
    assert await events_now() == ["notified", "page_requested", "escalated", "escalated"]
    r = await http.post(f"{url}/ack", json={"by": "刘医生"}, headers=futian)
    assert r.status == 201
    await drain(lab_settings, 3 * 3600)  # acknowledged: no more escalations
    assert await events_now() == ["notified", "page_requested", "escalated", "escalated",
                                  "acknowledged"]
    client = aioredis.from_url(lab_settings.redis_target().url)
    try:
        kinds = [orjson.loads(e[1][b"data"]) for e in await client.xrange(keys.EVENTS)]
        escalated = [e for e in kinds if e["type"] == "critical_escalated"]
        assert [e["escalation"] for e in escalated] == [1, 2]
        assert all(e["clinic"] == "futian" and e["result_id"] == record["result_id"]
                   for e in escalated)
    finally:
        await client.aclose()


async def test_a_silent_connection_is_closed(lab_settings) -> None:  # noqa: ANN001
    quick = replace(lab_settings, lab=LabConfig(idle_timeout_seconds=0.5))
    async with hl7_part(quick):
        reader, writer = await asyncio.open_connection("127.0.0.1", quick.hl7_port)
        try:
            # half a message, then silence: the listener lets go of it, holding nothing
            writer.write(b"\x0b" + oru(control="SLOW").encode()[:40])
            await writer.drain()
            assert await asyncio.wait_for(reader.read(), 30) == b""
        finally:
            writer.close()
        (ack,) = await _send(quick.hl7_port, oru(control="AFTER"))  # the port is still open
        assert _msa(ack)[0] == "AA"
    assert [r["message_id"] for r in _stored(quick)] == ["AFTER"]
