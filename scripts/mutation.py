"""Mutation testing of the pure decision modules, each against the tests that exercise it.

For every module named in ``scripts/mutation.toml`` this copies the code and tests into
``var/mutation/<module>/`` (so the work tree is never mutated and runs do not share
state), lets mutmut make and run its mutants there, and prints per module how many were
killed, how many survived and how many of the survivors are *equivalent*: listed in the
toml with the reason no test can tell them from the original. A survivor not listed there
is a rule a test should state; the run ends non-zero when one module's score (killed over
killed plus non-equivalent survivors) is under ``--min`` (90 % by default).

    scripts/mutation                      every module, one after the other
    scripts/mutation priority roster      only these
    scripts/mutation --show charset       also print each survivor's diff
    scripts/mutation --markdown           the summary as a docs/testing.md table
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "mutation.toml"
WORK = ROOT / "var" / "mutation"
COPIED = ("teleconsult", "dicom", "workers", "tests", "config", "pyproject.toml")
KILLED = {1, 3}  # pytest failed (3: an internal error while running the mutant)
TIMEOUT = {36, -24, 24, 152, 255}  # the mutant made a test hang: detected too
SURVIVED = 0
# a mutant's key: module.x_function__mutmut_3, or module.xǁClassǁmethod__mutmut_3
_KEY = re.compile(r"\.x(?:_|ǁ)(?P<function>[^.]+?)__mutmut_\d+$")


@dataclass
class Module:
    name: str
    source: str
    tests: list[str]
    note: str = ""
    functions: list[str] = field(default_factory=list)  # only these count (empty: all)


@dataclass
class Result:
    module: Module
    total: int = 0
    killed: int = 0
    timeout: int = 0
    equivalent: list[tuple[str, str]] = field(default_factory=list)  # (mutant, why)
    survived: list[tuple[str, str]] = field(default_factory=list)  # (mutant, diff)
    untested: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self) -> float:
        """Detected over every mutant that is not equivalent (unreached ones count against)."""
        detected = self.killed + self.timeout
        relevant = detected + len(self.survived) + len(self.untested)
        return detected / relevant if relevant else 1.0


def load(path: Path = CONFIG) -> tuple[list[Module], list[dict]]:
    data = tomllib.loads(path.read_text("utf-8"))
    modules = [Module(name, m["source"], list(m["tests"]), m.get("note", ""),
                      list(m.get("functions", [])))
               for name, m in data["modules"].items()]
    return modules, data.get("equivalent", [])


def changed_lines(diff: str) -> tuple[str, str]:
    """(the original lines, the mutated lines) of a mutmut diff, whitespace-trimmed."""
    lines = diff.splitlines()
    was = " ".join(x[1:].strip() for x in lines if x.startswith("-") and not x.startswith("---"))
    now = " ".join(x[1:].strip() for x in lines if x.startswith("+") and not x.startswith("+++"))
    return was, now


def function_of(mutant: str) -> str:
    """The mutated function's name; a method as ``Class.method`` (mutmut spells it
    ``xǁClassǁmethod``)."""
    m = _KEY.search(mutant)
    return m.group("function").replace("ǁ", ".") if m else ""


def why_equivalent(module: str, mutant: str, diff: str, equivalents: list[dict]) -> str | None:
    """The reason this survivor is equivalent, when scripts/mutation.toml lists it."""
    function = function_of(mutant)
    was, now = changed_lines(diff)
    for e in equivalents:
        if (e["module"] == module and e["function"] == function
                and e["was"].strip() == was and e["now"].strip() == now):
            return e["why"]
    return None


def _mutmut(work: Path, *args: str, log=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=work, text=True,
                          stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT)


def run_module(module: Module, equivalents: list[dict], children: int) -> Result:
    work = WORK / module.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns(
                "__pycache__", "node_modules", "*.pyc"))
        else:
            shutil.copy2(src, work / name)
    # mutmut reads [mutmut] from setup.cfg when pyproject.toml has no [tool.mutmut]
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths =\n    teleconsult\n    dicom\n    workers\n"
        f"only_mutate = {module.source}\n"
        "also_copy =\n    config\n"
        "pytest_add_cli_args =\n    -p\n    no:randomly\n    -q\n"
        "pytest_add_cli_args_test_selection =\n"
        + "".join(f"    {t}\n" for t in module.tests), "utf-8")
    started = time.monotonic()
    only = [f"*.x_{f}__mutmut_*" if "." not in f else f"*.xǁ{f.replace('.', 'ǁ')}__mutmut_*"
            for f in module.functions]  # run just these mutants (``Class.method`` too)
    with (work / "mutmut.log").open("w") as log:
        _mutmut(work, "run", "--max-children", str(children), *only, log=log)
    result = Result(module, seconds=time.monotonic() - started)
    meta = work / "mutants" / (module.source + ".meta")
    if "failed to collect stats" in (work / "mutmut.log").read_text("utf-8", "replace"):
        raise SystemExit(f"{module.name}: its tests fail unmutated; see {work / 'mutmut.log'}")
    if not meta.exists():
        raise SystemExit(f"{module.name}: mutmut made no results; see {work / 'mutmut.log'}")
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    for mutant, code in sorted(codes.items()):
        if module.functions and function_of(mutant) not in module.functions:
            continue
        result.total += 1
        if code in KILLED:
            result.killed += 1
        elif code in TIMEOUT:
            result.timeout += 1
        elif code == SURVIVED:
            diff = _mutmut(work, "show", mutant).stdout
            why = why_equivalent(module.name, mutant, diff, equivalents)
            if why is None:
                result.survived.append((mutant, diff))
            else:
                result.equivalent.append((mutant, why))
        else:  # no test reached it (33, 5), or anything mutmut calls suspicious
            result.untested.append(mutant)
    return result


def table(results: list[Result]) -> str:
    rows = ["| module | mutants | killed | survived | equivalent | not reached | score |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        note = f" ({r.module.note})" if r.module.note else ""
        rows.append(f"| `{r.module.source}`{note} | {r.total} | {r.killed + r.timeout} | "
                    f"{len(r.survived)} | {len(r.equivalent)} | {len(r.untested)} | "
                    f"{r.score:.0%} |")
    return "\n".join(rows)


def equivalents_markdown(equivalents: list[dict]) -> str:
    """scripts/mutation.toml's equivalent survivors as a list for docs/testing.md."""
    out = []
    for e in equivalents:
        out.append(f"- {e['module']} `{e['function']}`: `{e['was']}` → `{e['now']}` — "
                   f"{e['why']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module names from scripts/mutation.toml")
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument("--markdown", action="store_true", help="print the table only")
    parser.add_argument("--min", type=float, default=0.9, help="least score per module")
    parser.add_argument("--children", type=int, default=1,
                        help="mutants run at once (the machine is shared: 1 by default)")
    args = parser.parse_args(argv)
    modules, equivalents = load()
    unknown = set(args.modules) - {m.name for m in modules}
    if unknown:
        parser.error(f"unknown module(s) {', '.join(sorted(unknown))}; "
                     f"known: {', '.join(m.name for m in modules)}")
    chosen = [m for m in modules if not args.modules or m.name in args.modules]
    results = []
    for module in chosen:
        r = run_module(module, equivalents, args.children)
        results.append(r)
        if not args.markdown:
            print(f"{module.name}: {r.total} mutants, {r.killed} killed, {r.timeout} timed out, "
                  f"{len(r.survived)} survived, {len(r.equivalent)} equivalent, "
                  f"{len(r.untested)} not reached by a test; score {r.score:.0%} "
                  f"({r.seconds:.0f} s)", flush=True)
            for mutant, diff in r.survived:
                print(f"  survived: {mutant}")
                if args.show:
                    print("    " + "\n    ".join(diff.strip().splitlines()[2:]))
            for mutant in r.untested:
                print(f"  not reached: {mutant}")
    print()
    print(table(results))
    if args.markdown:
        print()
        print(equivalents_markdown([e for e in equivalents
                                    if e["module"] in {r.module.name for r in results}]))
    low = [r.module.name for r in results if r.score < args.min]
    if low:
        print(f"\nunder {args.min:.0%}: {', '.join(low)}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
