"""The systemd units, the container build and the compose file are checked with the real
tools where this machine has them, and always against the CLI they start."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pydicom
import pytest
import yaml
from pydicom.data import get_testdata_file, get_testdata_files
from pydicom.data.download import get_url_map

from teleconsult.cli import build_parser
from tests.conftest import ROOT

UNITS = ROOT / "packaging" / "systemd"
INSTALLED = "/opt/teleconsult/.venv/bin/teleconsult"


def _parses(argv: list[str]) -> None:
    """The command line is one `teleconsult` understands (argparse exits otherwise)."""
    assert argv[0] == "teleconsult", argv
    build_parser().parse_args(argv[1:])


def test_units_start_real_subcommands():
    units = sorted(UNITS.glob("*.service"))
    assert len(units) == 4
    for unit in units:
        for line in re.findall(r"^Exec(?:Start|StartPre)=(\S+)(.*)$", unit.read_text(), re.M):
            assert line[0] == INSTALLED, unit
            _parses(["teleconsult", *line[1].split()])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_units_pass_systemd_analyze_verify(tmp_path):
    # the units name the installed path; verify them against this checkout's command
    here = str(Path(sys.prefix) / "bin" / "teleconsult")
    names = []
    for unit in UNITS.iterdir():
        name = unit.name.replace("@.", "@8081.")
        (tmp_path / name).write_text(unit.read_text().replace(INSTALLED, here))
        names.append(name)
    done = subprocess.run(["systemd-analyze", "verify", *sorted(names)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "nknown key" not in done.stderr, done.stderr


def test_dockerfile_copies_what_exists_and_runs_serve():
    text = (ROOT / "Dockerfile").read_text()
    for sources in re.findall(r"^COPY\s+(.+?)\s+\S+$", text, re.M):
        for src in sources.split():
            assert (ROOT / src).exists(), src
    cmd = re.search(r"^CMD\s+(\[.*\])$", text, re.M)
    assert cmd is not None
    _parses(yaml.safe_load(cmd.group(1)))


def test_compose_services_run_the_parts_against_one_redis():
    compose = yaml.safe_load((ROOT / "packaging" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"redis", "api", "dicom", "worker"}
    for name in ("api", "dicom", "worker"):
        service = services[name]
        _parses(service["command"])
        assert service["command"][1] == name
        assert service["environment"]["TELECONSULT_REDIS_URL"].startswith("redis://redis:")
        context = (ROOT / "packaging" / service["build"]["context"]).resolve()
        assert (context / "Dockerfile").exists()


def _docker_daemon() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not _docker_daemon(), reason="no docker daemon on this machine")
def test_container_builds():
    done = subprocess.run(["docker", "build", "-q", "-t", "teleconsult-test", str(ROOT)],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_suite_never_downloads_pydicom_test_data(monkeypatch):
    """Only installed samples (pydicom's own, the pydicom-data package): nothing from urls.json
    is listed or fetched at test time (tests/conftest.py)."""
    lookups: list[object] = []

    def no_network(host: object, *args: object, **kwargs: object) -> list:
        lookups.append(host)
        raise OSError("no network in the tests")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    site = Path(pydicom.__file__).resolve().parent.parent
    listed = [Path(p).resolve() for p in get_testdata_files()]
    assert listed and all(site in p.parents and p.exists() for p in listed)
    online_only = sorted(n for n in get_url_map() if get_testdata_file(n, download=False) is None)
    assert online_only, "every downloadable file is installed: pick another check"
    with pytest.warns(UserWarning, match="download"):
        assert get_testdata_file(online_only[0]) is None
    assert lookups == [], "a test-data download was attempted"


def test_no_tracked_link_leads_out_of_the_repository():
    """A clone is self-contained (a tracked `.venv-main` pointed at another checkout's venv)."""
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.splitlines()
    links = [line.split("\t", 1)[1] for line in listed if line.startswith("120000")]
    outside = [p for p in links if ROOT.resolve() not in (ROOT / p).resolve().parents]
    assert outside == []
