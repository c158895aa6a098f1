"""Small CLI hardening: `push` has no default clinic AE title; the log file rotates."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from teleconsult.core.logfile import add_file_log
from tests.conftest import ROOT
from tests.test_delivery import CT


def test_push_requires_a_calling_ae_title():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    done = subprocess.run([sys.executable, "-m", "teleconsult", "push", "127.0.0.1:9", CT],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--aet" in done.stderr and "FUTIAN" not in done.stdout + done.stderr
    done = subprocess.run([sys.executable, "-m", "teleconsult", "push", "127.0.0.1:²", CT,
                           "--aet", "X"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "HOST:PORT" in done.stderr


def test_log_file_rotates(tmp_path):
    path = tmp_path / "teleconsult.log"
    handler = add_file_log(path, max_mb=0.001, backups=2)  # ~1 KiB per file
    try:
        log = logging.getLogger("tests.rotation")
        log.setLevel(logging.INFO)
        for i in range(100):
            log.info("line %03d %s", i, "x" * 40)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["teleconsult.log", "teleconsult.log.1", "teleconsult.log.2"]
    assert "line 099" in path.read_text()
    assert all(p.stat().st_size <= 1100 for p in tmp_path.iterdir())
