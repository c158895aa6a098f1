"""``teleconsult stats rebuild|export``: the statistics store from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from teleconsult.settings.model import Settings


def _rebuild(settings: Settings) -> int:
    # DuckDB only for a `stats` command (see the package's docstring)
    from teleconsult.stats import follow

    progress = follow.rebuild(settings)
    print(f"statistics store rebuilt from {progress.cases} cases in {progress.seconds:.1f} s "
          f"({settings.data_dir / 'stats'})")
    return 0


def _export(settings: Settings, month: str, out: str | None, sheet: str | None) -> int:
    from teleconsult.stats import export, service

    try:
        service.month_range(month)
    except ValueError as exc:
        print(f"teleconsult stats export: {exc}", file=sys.stderr)
        return 2
    if sheet:
        data = export.csv_text(service.month_sheets(settings, month)[sheet]).encode()
    else:
        data = service.workbook(settings, month)
    path = Path(out or f"teleconsult-{month}{f'-{sheet}.csv' if sheet else '.xlsx'}")
    if out == "-":
        sys.stdout.buffer.write(data)
        return 0
    path.write_bytes(data)
    print(f"{path} ({len(data)} bytes)")
    return 0


def add_parser(sub: argparse._SubParsersAction,
               settings_of: Callable[[argparse.Namespace], Settings]) -> None:
    """``stats`` and its commands on the main parser."""
    p = sub.add_parser("stats", help="the statistics store: rebuild it, export a month")
    cmds = p.add_subparsers(dest="stats_command", required=True)
    cmds.add_parser("rebuild", help="make the statistics store again from the case files"
                    ).set_defaults(func=lambda args: _rebuild(settings_of(args)))
    exp = cmds.add_parser("export", help="a month's 绩效 workbook (.xlsx), or one sheet as CSV")
    exp.add_argument("--month", required=True, help="YYYY-MM")
    exp.add_argument("--out", help="file to write (default teleconsult-YYYY-MM.xlsx; - for "
                                   "standard output)")
    exp.add_argument("--csv", dest="sheet", choices=("doctor", "clinic", "modality"),
                     help="write this sheet as CSV instead of the workbook")
    exp.set_defaults(func=lambda args: _export(settings_of(args), args.month, args.out,
                                               args.sheet))
