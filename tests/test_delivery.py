"""Signed report → clinic: SR archived with the study, C-STORE to a real DCMTK storescp
(down, then up: retries, one instance), dead letters and redelivery, signed webhook."""

from __future__ import annotations

import io
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

from dicom.sr import sr_uids
from teleconsult.core import webhook
from teleconsult.reporting import delivery
from teleconsult.settings.reports import parse_reports_config
from teleconsult.web.app import create_app
from tests.ports import free_port
from tests.test_pipeline import auth, drain, worklists

CT = get_testdata_file("CT_small.dcm")
FINDINGS = "右肺上叶见一结节，大小约8mm。"


async def sign_one(settings, store_file, aiohttp_client, ae: str = "FUTIAN_CT",
                   critical: bool = False, path=CT, **changes):
    """Store a study from ``ae``, route it and sign a report; (client, report)."""
    store_file(path, ae, **changes)
    await drain(settings)
    client = await aiohttp_client(create_app(settings))
    specialty = ("card-chen", "card-zhao") if "ECG" in ae else ("rad-li", "rad-wang")
    lists = await worklists(client, *specialty)
    item = [i for d in specialty for i in lists[d]][0]
    r = await client.post(f"/api/v1/cases/{item['case_id']}/report",
                          headers=auth(item["assigned_to"]),
                          json={"findings": FINDINGS, "impression": "建议随访",
                                "critical": critical})
    assert r.status == 201, await r.text()
    return client, await r.json()


def with_return_ae(settings, port: int, clinic: str = "futian"):
    c = replace(settings.clinics[clinic], return_ae="CLINIC_RET", return_host="127.0.0.1",
                return_port=port)
    return replace(settings, clinics={**settings.clinics, clinic: c})


def with_reports_table(settings, tmp_path: Path, text: str):
    """Settings whose ``[reports]`` table is ``text`` (the rest stays the demo's)."""
    import tomllib

    cfg = parse_reports_config(tomllib.loads(text).get("reports"), "test.toml")
    return replace(settings, reports=cfg)


class Storescp:
    """A real DCMTK storescp acting as the clinic's return AE."""

    def __init__(self, port: int, out: Path) -> None:
        self.port, self.out, self.proc = port, out, None
        out.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        self.proc = subprocess.Popen(["storescp", "-aet", "CLINIC_RET", "-od", str(self.out),
                                      str(self.port)], env={**os.environ, "TCP_NODELAY": "1"},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if subprocess.run(["echoscu", "-aec", "CLINIC_RET", "127.0.0.1", str(self.port)],
                              capture_output=True).returncode == 0:
                return
            time.sleep(0.05)
        raise AssertionError("storescp did not come up")

    def stop(self) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(10)

    def received(self) -> list[Path]:
        return sorted(self.out.glob("*"))


@pytest.fixture()
def storescp(tmp_path):
    peer = Storescp(free_port(), tmp_path / "received")
    yield peer
    peer.stop()


def history(settings, case_id: str) -> list[dict]:
    from teleconsult.store.files import Storage

    return Storage(settings.data_dir).history(case_id)


async def test_sr_reaches_clinic_after_retries_once_it_is_up(settings, store_file,
                                                            aiohttp_client, storescp):
    settings = with_return_ae(settings, storescp.port)
    client, report = await sign_one(settings, store_file, aiohttp_client)
    await drain(settings, 0)  # archive + first C-STORE: the clinic's AE is down
    states = [(h["channel"], h["state"]) for h in history(settings, report["case_id"])
              if h["status"] == "delivery"]
    assert ("archive", "delivered") in states and ("dicom", "retrying") in states
    assert ("feed", "delivered") in states and ("events", "delivered") in states
    assert storescp.received() == []
    await drain(settings, 3)  # backoff (5 s) not over yet: nothing happens
    storescp.start()
    await drain(settings, 30)
    files = storescp.received()
    assert len(files) == 1
    sent = dcmread(files[0])
    assert sent.SOPInstanceUID == sr_uids(report)[1]
    assert sent.ContentSequence[0].TextValue == FINDINGS
    # the same instance is served by the API and archived with the study
    r = await client.get(f"/api/v1/reports/{report['report_id']}.dcm", headers=auth("futian"))
    assert r.status == 200 and r.content_type == "application/dicom"
    served = dcmread(io.BytesIO(await r.read()))
    assert served == sent  # the same dataset (storescp writes its own file meta)
    hist = history(settings, report["case_id"])
    assert [h["status"] for h in hist].count("delivered") == 1
    r = await client.get(f"/api/v1/cases/{report['case_id']}", headers=auth("futian"))
    assert (await r.json())["status"] == "delivered"
    # the SR went into the study, not into a new case; QIDO finds it
    r = await client.get(f"/dicomweb/studies/{report['study_instance_uid']}/series",
                         headers=auth("futian"))
    assert "SR" in {s["00080060"]["Value"][0] for s in await r.json()}
    cases = list((settings.data_dir / "cases").iterdir())
    assert len(cases) == 1


async def test_dead_letter_then_redeliver(settings, store_file, aiohttp_client, storescp,
                                          tmp_path):
    settings = with_return_ae(settings, storescp.port)
    settings = with_reports_table(settings, tmp_path, "[reports.delivery]\nmax_attempts = 2\n"
                                  "backoff_seconds = 1\n")
    client, report = await sign_one(settings, store_file, aiohttp_client)
    await drain(settings, 0, 5)
    r = await client.get("/api/v1/admin/dead-letters", headers=auth("admin"))
    items = (await r.json())["items"]
    assert [(i["report_id"], i["channel"], i["attempts"]) for i in items] == [
        (report["report_id"], "dicom", 2)]
    r = await client.get("/api/v1/admin/dead-letters", headers=auth("futian"))
    assert r.status == 403
    storescp.start()
    r = await client.post(f"/api/v1/admin/dead-letters/{items[0]['id']}/redeliver",
                          headers=auth("admin"))
    assert r.status == 202
    await drain(settings, 0)
    assert len(storescp.received()) == 1
    r = await client.get("/api/v1/admin/dead-letters", headers=auth("admin"))
    assert (await r.json())["items"] == []


async def test_webhook_is_signed(settings, store_file, aiohttp_client, aiohttp_server,
                                 tmp_path, monkeypatch):
    from aiohttp import web

    got = []

    async def hook(request):
        got.append((request.headers[webhook.SIGNATURE_HEADER], await request.read()))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    server = await aiohttp_server(app)
    monkeypatch.setenv("FUTIAN_HOOK_SECRET", "s3cret")
    settings = with_reports_table(settings, tmp_path, (
        "[reports.clinics.futian]\n"
        f'webhook_url = "http://127.0.0.1:{server.port}/hook"\n'
        'webhook_secret_env = "FUTIAN_HOOK_SECRET"\n'))
    _, report = await sign_one(settings, store_file, aiohttp_client)
    await drain(settings, 0)
    assert len(got) == 1
    header, body = got[0]
    assert webhook.verify_webhook("s3cret", header, body)
    assert not webhook.verify_webhook("other", header, body)
    assert report["report_id"].encode() in body


def test_backoff_doubles_and_gives_up():
    cfg = delivery.ReportsConfig(backoff_seconds=5, backoff_max_seconds=60, max_attempts=5)
    assert [delivery.backoff(n, cfg) for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert delivery.after_failure(4, cfg) == 40 and delivery.after_failure(5, cfg) is None


def test_reports_table_rejects_unknown_keys():
    from teleconsult.settings.reader import ConfigError

    with pytest.raises(ConfigError) as err:
        parse_reports_config({"delivery": {"max_attempt": 3},
                              "clinics": {"futian": {"webhook_url": "ftp://x"}}},
                             "f.toml", {"futian"})
    text = "\n".join(err.value.problems)
    assert "reports.delivery.max_attempt: unknown key" in text
    assert "reports.clinics.futian.webhook_url" in text
