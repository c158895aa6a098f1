"""A critical lab value pages like a critical report: an ORU with a critical potassium over
real MLLP (the HL7 part), a real Redis, the real critical and paging worker steps, and local
receivers checking the SMS gateway's body and the signed webhook. The clinic's contact and
the on-duty cardiologist are paged at once; unacknowledged, again at every escalation with
the escalation contact; acknowledged, no more pages, and a page still waiting is dropped."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from teleconsult.ingress.lab_store import LabStore
from teleconsult.run.hl7_part import hl7_part
from teleconsult.settings.lab import LabConfig, parse_lab
from teleconsult.settings.model import Shift
from teleconsult.settings.paging import Channel, PagingConfig, Person
from teleconsult.settings.reader import Reader
from teleconsult.store.files import Storage
from teleconsult.web.app import create_app
from tests.lab_messages import bundle, oru
from tests.ports import free_port
from tests.test_lab_hl7 import _msa, _send, _stored
from tests.test_paging import HOOK_SECRET, receivers  # noqa: F401 - the receivers fixture
from tests.test_pipeline import drain

ALL_DAY = (Shift(tuple(range(7)), time(0), time(12)), Shift(tuple(range(7)), time(12), time(0)))
FUTIAN = {"Authorization": "Bearer demo-futian"}


@pytest.fixture()
def lab_paging(settings, receivers, monkeypatch):  # noqa: F811
    """futian's and guandu's contacts by SMS; both cardiologists and the escalation contact
    (admin) by the signed webhook, an internal channel; card-chen on duty all day, card-zhao
    never (so who is on duty does not depend on when the test runs)."""
    monkeypatch.setenv("TC_TEST_HOOK_SECRET", HOOK_SECRET)
    channels = {c.id: c for c in (
        Channel("sms", "sms", url=f"{receivers.base}/sms",
                body_template='{"mobile": "{phone}", "content": "{text}"}'),
        Channel("hook", "webhook", url=f"{receivers.base}/hook",
                secret_env="TC_TEST_HOOK_SECRET", internal=True))}
    people = {p.id: p for p in (
        Person("futian", ("sms",), phone="13900002222"),
        Person("guandu", ("sms",), phone="13900003333"),
        Person("card-chen", ("hook",)), Person("card-zhao", ("hook",)),
        Person("admin", ("hook",)))}
    doctors = dict(settings.doctors)
    doctors["card-chen"] = replace(doctors["card-chen"], shifts=ALL_DAY, overrides=(),
                                   clinics=("*",))
    doctors["card-zhao"] = replace(doctors["card-zhao"], shifts=(), overrides=())
    return replace(settings, hl7_port=free_port(), doctors=doctors,
                   lab=replace(settings.lab, on_call_specialty="cardiology"),
                   paging=PagingConfig(base_url="https://tc.example", channels=channels,
                                       people=people))


def _comm(s, rid: str) -> list[dict]:  # noqa: ANN001
    return LabStore(Storage(s.data_dir)).comm_log(rid)


def _sent(s, rid: str) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(e["page"], e["to"]) for e in _comm(s, rid)
            if e["event"] == "page" and e["state"] == "sent"]


async def test_critical_potassium_pages_escalates_and_stops_when_acknowledged(
        lab_paging, receivers, aiohttp_client) -> None:  # noqa: F811
    s = lab_paging
    async with hl7_part(s):
        (ack,) = await _send(s.hl7_port, oru(control="K-7", potassium="6.9", flag="HH",
                                             pid="F777"))
        assert _msa(ack)[0] == "AA"
    (record,) = _stored(s)
    rid = record["result_id"]

    await drain(s, 0)  # at once: the clinic's contact and the on-duty cardiologist
    assert sorted(_sent(s, rid)) == [("lab_critical", "card-chen"), ("lab_critical", "futian")]
    (sms,) = receivers.got["sms"]
    assert sms["mobile"] == "13900002222" and "危急值" in sms["content"]
    assert "钾 6.9 mmol/L (HH)" in sms["content"] and "F777" not in sms["content"]
    (hook,) = receivers.got["webhook"]  # signed (checked by the receiver), internal
    assert hook["result_id"] == rid and hook["recipient"] == "card-chen"
    assert hook["event"] == "lab_critical" and "F777" in hook["text"]

    await drain(s, 14 * 60)  # inside the ack window: no more pages
    assert len(_sent(s, rid)) == 2
    await drain(s, 15 * 60 + 1)  # unacknowledged: escalation 1 pages again, and admin
    assert sorted(_sent(s, rid)[2:]) == [("critical_unacknowledged", "admin"),
                                         ("critical_unacknowledged", "card-chen"),
                                         ("critical_unacknowledged", "futian")]
    assert "第 1 次升级" in receivers.got["sms"][1]["content"]

    receivers.refuse["sms"] = 1  # the SMS gateway fails the next page: it will be retried
    await drain(s, 31 * 60)  # escalation 2
    assert [e["escalation"] for e in _comm(s, rid) if e["event"] == "escalated"] == [1, 2]
    assert len(receivers.got["sms"]) == 2
    assert any(e["event"] == "page" and e["state"] == "retrying" for e in _comm(s, rid))

    http = await aiohttp_client(create_app(s))
    r = await http.post(f"/api/v1/lab/{rid}/ack", json={"by": "刘医生"}, headers=FUTIAN)
    assert r.status == 201
    before = {k: len(v) for k, v in receivers.got.items()}
    await drain(s, 32 * 60, 3 * 3600)  # the retry falls due, then hours pass
    assert {k: len(v) for k, v in receivers.got.items()} == before  # nobody paged again
    comm = _comm(s, rid)
    assert [e["escalation"] for e in comm if e["event"] == "escalated"] == [1, 2]
    assert any(e["event"] == "page" and e["state"] == "cancelled" and e["to"] == "futian"
               and e.get("reason") == "acknowledged" for e in comm)
    assert receivers.problems == []


async def test_a_critical_value_over_fhir_pages_too(lab_paging, receivers,  # noqa: F811
                                                   aiohttp_client) -> None:
    http = await aiohttp_client(create_app(lab_paging))
    r = await http.post("/api/v1/fhir", json=bundle(identifier="B-K", potassium=7.1,
                                                    interpretation="HH"),
                        headers={"Authorization": "Bearer demo-guandu"})
    assert r.status == 201, await r.text()
    made = await r.json()
    assert made["critical"] is True
    await drain(lab_paging, 0)
    assert sorted(_sent(lab_paging, made["result_id"])) == [("lab_critical", "card-chen"),
                                                            ("lab_critical", "guandu")]
    assert receivers.got["sms"][0]["mobile"] == "13900003333"


def test_on_call_specialty_must_be_a_doctors_specialty() -> None:
    r = Reader("teleconsult.toml")
    assert parse_lab(r, {"on_call_specialty": "cardiology"}, set(),
                     {"cardiology"}) == LabConfig(on_call_specialty="cardiology")
    parse_lab(r, {"on_call_specialty": "dermatology"}, set(), {"cardiology"})
    assert any("on_call_specialty" in p for p in r.problems)
