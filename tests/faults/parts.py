"""Start one part (`teleconsult api|dicom|worker`) as a real process for the fault tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def spawn_part(part: str, data_dir: Path, redis_url: str, config: Path, log: Path,
               **env: str) -> subprocess.Popen:
    """``teleconsult <part>`` on the test's data dir, Redis and configuration (plus ``env``,
    e.g. its port), its output in ``log``; no TELECONSULT_* of the caller's leaks in."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    environ.update(TELECONSULT_DATA_DIR=str(data_dir), TELECONSULT_CONFIG=str(config),
                   TELECONSULT_REDIS_URL=redis_url, **env)
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, "-m", "teleconsult", part], cwd=ROOT,
                                env=environ, stdout=out, stderr=subprocess.STDOUT)


def rss_mib(pid: int) -> float:
    """A process's resident memory now (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")
