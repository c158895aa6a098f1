"""Every benchmark in scripts/bench runs, at its smallest scale, and prints its table.

A benchmark is run rarely and by hand; when the data it builds or reads changes shape (a
history line without a ``status``, a new required field) it breaks silently and is found
broken weeks later. Here each one runs as a user runs it (the script itself, through its
bootstrap line) with the fewest cases, instances and repeats it takes, against the same real
peers (Redis, DCMTK, Orthanc, Chromium). Only the exit status and the table are checked: the
figures of a run this small mean nothing, and the machine running the suite is shared.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "scripts" / "bench"
sys.path.insert(0, str(ROOT / "scripts"))

from ecg_bench import MISSING, available  # noqa: E402

# runs that read a data set this repository does not carry (public recordings): run id → check
NEEDS_DATA = {"ecg": (available, MISSING)}

# run id → (script, smallest arguments, programs it needs, lines its report must contain)
SMOKE: dict[str, tuple[str, list[str], tuple[str, ...], tuple[str, ...]]] = {
    "routing": ("routing", ["--cases", "40", "--doctors", "4", "--workers", "2", "--stat", "2",
                 "--gets", "16"], ("redis-server",),
                ("| measure | value | target | |", "| assignments/s (2 routers",
                 "| Lua assign p99 |", "| double assignments | 0 | 0 | met |",
                 "| lost (cases − assigned − queued) | 0 | 0 | met |",
                 "| STAT ECG upload → on worklist p99 (client) |", "| worklist GET p99 |")),
    # the documented comparison (beside another checkout, taking turns): this one twice
    "routing-compare": ("routing", ["--cases", "20", "--doctors", "4", "--workers", "2",
                                    "--stat", "1", "--gets", "8", "--base", str(ROOT),
                                    "--rounds", "1"], ("redis-server",),
                        ("| measure | base ", "| assignments/s | ", "| worklist GET p99 | ")),
    "city": ("city", ["--counties", "1", "--clinics", "2", "--doctors", "4", "--ecgs", "4",
                      "--nodes", "1", "--poll-every", "0.5"], ("redis-server", "redis-cli"),
             ("| Redis | nodes | inst/s | routing p50 / p99 ms |", "| single | 1 | ",
              "| cluster | 1 | ")),
    "dicomweb": ("dicomweb", ["--ct", "2", "--renders", "2", "--ecg", "1"],
                 ("redis-server", "storescu", "Orthanc"),
                 ("| measurement | n | figure | vs reference |",
                  "| STOW-RS into teleconsult", "| C-STORE into teleconsult",
                  "| Orthanc /preview PNG", "| ECG upload → on cardiologist worklist | 1 |")),
    "ingest": ("ingest", ["--ct", "1", "--dx", "0", "--ecg", "1", "--repeat", "1", "--assoc", "1",
                "--settle", "0"], ("redis-server", "storescu", "storescp", "Orthanc"),
               ("| set | assoc | receiver | inst/s |", "| CT | 1 | serve |",
                "| CT | 1 | teleconsult |", "| CT | 1 | storescp +B |",
                "| ECG | 1 | Orthanc | ")),
    "render": ("render", ["--repeat", "1"], (),
               ("CT 512² native", "CR 1955×1841 J2K lossless", "US cine JPEG frame 60/120")),
    "stat_chain": ("stat_chain", ["--n", "1"], ("redis-server", "chromium"),
                   ("| measurement | n | p50 s | p99 s | max s | target |",
                    "| STAT ECG upload → row in the open worklist page | 1 |",
                    "| STAT ECG upload → first page at the receiver | 1 |")),
    "viewer": ("viewer", ["--slices", "3", "--size", "64", "--repeat", "1"],
               ("redis-server", "storescu", "chromium"),
               ("first image, page navigation → drawn", "scrolling, cold",
                "scrolling, warm (second pass)")),
    "slide": ("slide", ["--base", "1024", "--levels", "2", "--repeat", "1"],
              ("redis-server", "chromium"),
              ("first tile on screen, page navigation → drawn", "zoom to 1:1 → all drawn",
               "reference: one tile by fetch() from the page")),
    "hl7": ("hl7", ["--n", "5", "--critical-every", "2"], (),
            ("| receiver | messages | ACK AA | acknowledged/s | p50 ms | p99 ms | max ms |",
             "| reference: parse + ACK | 5 | 5 |", "| teleconsult hl7 (store, fsync",
             "stored results: 5 of 5 (critical values among them: 3)")),
    "preliminary_sr": ("preliminary_sr", ["--n", "1"], ("redis-server", "storescp"),
                       ("| measurement | n | p50 s | p99 s | max s | target |",
                        "| preliminary signed → SR at the clinic's storescp | 1 |",
                        "| final (reference) signed → SR at the clinic's storescp | 1 |")),
    "stats": ("stats", ["--cases", "200", "--new", "20", "--repeat", "1"], (),
              ("rebuild from the files:", "groups agree", "screen store query",
               "catch-up after 20 new cases: 20 cases")),
    "screen": ("screen", ["--minutes", "0.1", "--every", "2", "--sample", "3"],
               ("redis-server", "chromium"),
               ("0.1 min, ", " STAT uploads, badge at the end: ",
                "JS objects after GC: first third", "listeners", "GET /api/v1/screen: n ")),
    "ecg": ("ecg", [], (), ("| class (label) | recordings | flagged |",
                            "| specificity (all others) |", "- measurement time per 10 s")),
    "ecg-generated": ("ecg", ["--generated", "5"], (),
                      ("| true ST vs threshold | traces |", "| all | 5 |")),
}


def test_every_benchmark_has_a_smoke_run() -> None:
    assert sorted(p.name for p in BENCH.iterdir() if p.is_file()) == sorted(
        {script for script, *_ in SMOKE.values()})


@pytest.mark.parametrize("run", sorted(SMOKE))
def test_benchmark_runs_at_smallest_scale(run: str) -> None:
    name, args, needs, expected = SMOKE[run]
    # screen exits 1 for its verdict "heap GROWING", which a run of seconds cannot judge
    verdict_exits = {1} if name == "screen" else set()
    missing = [tool for tool in needs if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"scripts/bench/{name} compares against {', '.join(missing)}, "
                    "which is not installed here")
    if run in NEEDS_DATA and not NEEDS_DATA[run][0]():
        pytest.skip(NEEDS_DATA[run][1])
    # the timeout only stops a hung benchmark from hanging the suite (each takes seconds)
    done = subprocess.run([str(BENCH / name), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    report = done.stdout
    assert "Traceback" not in done.stderr and (done.returncode == 0 or (
        done.returncode in verdict_exits)), (f"scripts/bench/{name} {' '.join(args)} exited "
                                  f"{done.returncode}\n{report[-3000:]}\n{done.stderr[-3000:]}")
    for line in expected:
        assert line in report, f"scripts/bench/{name}: {line!r} not in its report:\n{report}"
