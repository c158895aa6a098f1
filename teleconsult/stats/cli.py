"""``teleconsult stats rebuild|export``: the statistics store from the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from teleconsult.settings.model import Settings


def _rebuild(settings: Settings) -> int:
    # DuckDB only for a `stats` command (see the package's docstring)
    from teleconsult.stats import follow

    progress = follow.rebuild(settings)
    print(f"statistics store rebuilt from {progress.cases} cases in {progress.seconds:.1f} s "
          f"({settings.data_dir / 'stats'})")
    return 0


def add_parser(sub: argparse._SubParsersAction,
               settings_of: Callable[[argparse.Namespace], Settings]) -> None:
    """``stats`` and its commands on the main parser."""
    p = sub.add_parser("stats", help="the statistics store: rebuild it, export a month")
    cmds = p.add_subparsers(dest="stats_command", required=True)
    cmds.add_parser("rebuild", help="make the statistics store again from the case files"
                    ).set_defaults(func=lambda args: _rebuild(settings_of(args)))
