"""The OpenAPI document describes every /api/v1 endpoint the app serves, and nothing else."""

import re
from dataclasses import replace

from teleconsult.api.openapi import document
from teleconsult.settings.load import load_settings
from teleconsult.store.redis_target import RedisTarget
from teleconsult.web.app import create_app
from tests.conftest import DEMO_CONFIG


def test_every_api_route_is_documented():
    app = create_app(replace(load_settings(DEMO_CONFIG, env={}), redis=RedisTarget.from_url("redis://unused")))
    served = set()
    for route in app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith("/api/v1") and route.method != "HEAD":
            for concrete in ([path.replace("{fmt}", f) for f in ("svg", "png")]
                             if "{fmt}" in path else [path]):
                served.add((route.method.lower(), concrete))
    doc = document()
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"
    for path, ops in doc["paths"].items():
        for op in ops.values():
            ok = [c for c in op["responses"] if c.startswith("2")]
            assert len(ok) == 1 and op["summary"], path
            assert op["responses"]["401"]["content"]["application/json"]["schema"][
                "required"] == ["error"]
    assert doc["paths"]["/api/v1/cases/{case_id}/ecg.svg"]["get"]["responses"]["200"][
        "content"].keys() == {"image/svg+xml"}


def test_every_path_template_names_its_parameters():
    """``{report_id}.pdf`` declares ``report_id`` (it was declared as ``report_id}.pdf``)."""
    for path, ops in document()["paths"].items():
        wanted = set(re.findall(r"\{([^{}]+)\}", path))
        for method, op in ops.items():
            declared = {p["name"] for p in op["parameters"] if p["in"] == "path"}
            assert declared == wanted, (method, path, declared)
    pdf = document()["paths"]["/api/v1/reports/{report_id}.pdf"]["get"]["parameters"]
    assert {"name": "report_id", "in": "path", "required": True,
            "schema": {"type": "string"}} in pdf
