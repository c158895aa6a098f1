"""A schemathesis run of the OpenAPI document against a real `teleconsult api` process:
no response is a 500, and every error is in the documented JSON shape."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.conftest import DEMO_CONFIG, ROOT
from tests.ports import free_port
from tests.test_e2e_serve import poll

# per operation: ~30 operations stay well under a minute; FUZZ_EXAMPLES=200 for a long run
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
# the caller whose token each operation is tried with (from the document's "Caller: ...")
TOKENS = {"doctor": "demo-rad-li", "clinic": "demo-futian", "admin": "demo-admin",
          "anyone": "demo-admin"}


@pytest.fixture(scope="module")
def api_url(redis_server, tmp_path_factory) -> str:
    data_dir: Path = tmp_path_factory.mktemp("fuzz-data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_HTTP_PORT=str(port),
               TELECONSULT_CONFIG=str(DEMO_CONFIG), TELECONSULT_REDIS_URL=redis_server.url)
    log = open(data_dir / "api.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "teleconsult", "api"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if proc.poll() is not None:
            raise AssertionError((data_dir / "api.log").read_text())
        try:
            import urllib.request

            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    poll(ready, 60, "the api part")
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(20)
    log.close()
    assert "Traceback" not in (data_dir / "api.log").read_text()


def _token(case) -> str:
    caller = case.operation.definition.raw.get("description", "").removeprefix("Caller: ")
    return TOKENS.get(caller.split(" ")[0].rstrip(",."), "demo-admin")


def _check(case, api_url: str, session: requests.Session) -> None:
    response = case.call(base_url=api_url, timeout=20, session=session,
                         headers={"Authorization": f"Bearer {_token(case)}"})
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        media = response.headers.get("content-type", [""])[0]  # lowercase keys, list values
        assert media.startswith("application/json"), (response.status_code, response.text)
        body = orjson.loads(response.content)
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
        assert all(isinstance(v, str) and v for v in body["error"].values()), body


def test_no_server_errors_and_documented_error_shape(api_url):
    # (hypothesis driven directly: schemathesis' pytest plugin does not run on this pytest)
    schema = schemathesis.openapi.from_url(f"{api_url}/api/v1/openapi.json")
    # the event stream never ends by itself, and a reload restarts the process under test
    # (so does every account change: those routes have their own bad-input tests)
    schema = schema.exclude(path_regex=r"/events$|/admin/reload$|/admin/accounts")
    failures, operations = [], 0
    session = requests.Session()  # one keep-alive connection, not one per request
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        # no shrinking: a failure is reported as found (the message has the request)
        # valid requests and requests that break the document (wrong types, bad bodies)
        @given(case=operation.as_strategy(GenerationMode.POSITIVE)
               | operation.as_strategy(GenerationMode.NEGATIVE))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck),
                  phases=[Phase.explicit, Phase.generate])
        def run(case) -> None:
            _check(case, api_url, session)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
