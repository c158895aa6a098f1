"""The shape of the code's imports: rooms, arrows, circles (read by grimp, import-linter's
graph library).

A room is a package directly under ``teleconsult/`` (or a module lying flat there), plus
``workers`` and ``dicom``; an arrow is one room importing another, counted once whatever the
number of import lines. Every import counts, at module level, inside functions or under
``TYPE_CHECKING``. Prints the rooms with their arrows, then any circle between rooms and
between modules; exits 1 when there is a circle.

    scripts/import_graph [--root DIR]     (DIR: a checkout; default this one)
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import grimp

PACKAGES = ("teleconsult", "workers", "dicom")


def room(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "teleconsult" and len(parts) > 1 else parts[0]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        comp.append(top)
                        if top == node:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    modules = {m for m in graph.modules if m.split(".")[0] in PACKAGES}
    by_module: dict[str, set[str]] = defaultdict(set)
    by_room: dict[str, set[str]] = defaultdict(set)
    for m in modules:
        by_room[room(m)]
        for imported in graph.find_modules_directly_imported_by(m):
            if imported in modules:
                by_module[m].add(imported)
                if room(imported) != room(m):
                    by_room[room(m)].add(room(imported))
    arrows = sum(len(v) for v in by_room.values())
    print(f"{len(by_room)} rooms, {arrows} arrows")
    for name in sorted(by_room):
        print(f"  {name:<24} → {', '.join(sorted(by_room[name])) or '(none)'}")
    room_circles, module_circles = circles(by_room), circles(by_module)
    print(f"circles between rooms: {len(room_circles)}; between modules: {len(module_circles)}")
    for comp in room_circles + module_circles:
        print("  " + " ↔ ".join(comp))
    return 1 if room_circles or module_circles else 0


if __name__ == "__main__":
    sys.exit(main())
