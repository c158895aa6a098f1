"""``teleconsult accounts add|disable|enable|reset|list|import``: people without hand-hashing."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import redis

from teleconsult.admin import accounts
from teleconsult.settings.model import Settings
from teleconsult.settings.reader import ConfigError
from teleconsult.settings.review import TITLES
from teleconsult.store import keys
from teleconsult.store.redis import command_client, running_embedded_target
from teleconsult.store.redis_target import RedisTarget
from teleconsult.store.sessions import SessionStore


async def _reload_running(target: RedisTarget, ended: tuple[str, str] | None) -> int:
    client = command_client(target)
    try:
        if ended:
            await SessionStore(client).end_all(*ended)
        return int(await client.incr(keys.CONFIG_VERSION))
    finally:
        await client.aclose()


def _notify(settings: Settings, ended: tuple[str, str] | None) -> str:
    """Tell a running service to reload (its Redis, or the embedded one's socket), ending
    the page sessions of ``ended`` (kind, id) first."""
    target = settings.redis or running_embedded_target(settings.data_dir)
    if not target:
        return "no running service found: the change applies when it starts"
    try:
        version = asyncio.run(_reload_running(target, ended))
    except (redis.RedisError, OSError):
        return "the service's Redis did not answer: the change applies at its next (re)start"
    return f"every running part reloads it now (configuration version {version})"


def _show(issued: list[accounts.Issued]) -> None:
    print("credentials (shown once; only their hashes are stored):")
    for made in issued:
        print(f"  {made.kind:<7} {made.id:<16} token {made.token}   page password {made.password}")


def _kind_of(settings: Settings, account_id: str, kind: str | None) -> str:
    if kind:
        return kind
    found = [k for k, table in (("clinic", settings.clinics), ("doctor", settings.doctors),
                                ("admin", settings.admins), ("screen", settings.screens))
             if account_id in table]
    if len(found) != 1:
        raise accounts.AccountError(f"{account_id!r} is {'ambiguous' if found else 'unknown'}:"
                                    " say --kind clinic|doctor|admin|screen")
    return found[0]


def _entry(args: argparse.Namespace) -> dict:
    entry: dict = {"name": args.name}
    if args.community and args.kind in ("clinic", "doctor"):
        entry["community"] = args.community
    if args.kind == "clinic":
        entry["ae_titles"] = args.ae
        if args.zone:
            entry["zone"] = args.zone
    if args.kind == "doctor":
        entry.update(specialties=args.specialty, shifts=accounts.parse_shifts(args.shifts))
        for key in ("clinics", "zones"):
            if getattr(args, key):
                entry[key] = getattr(args, key)
        if args.capacity:
            entry["capacity"] = args.capacity
        if args.supervisor:
            entry["supervisor"] = True
        if args.title:
            entry["title"] = args.title
        if args.expert:
            entry["expert"] = True
    return entry


def _add(settings: Settings, args: argparse.Namespace, by: str) -> list[accounts.Issued]:
    made, hashed = accounts.credentials(args.kind, args.id, args.password)
    accounts.apply_change(settings, accounts.change("put", args.kind, args.id, by,
                                                    {**_entry(args), **hashed}))
    return [made]


def _simple(op: str) -> Callable[[Settings, argparse.Namespace, str], list[accounts.Issued]]:
    def run(settings: Settings, args: argparse.Namespace, by: str) -> list[accounts.Issued]:
        kind = _kind_of(settings, args.id, args.kind)
        issued, entry = [], {}
        if op == "credentials":
            made, entry = accounts.credentials(kind, args.id, args.password)
            issued.append(made)
        accounts.apply_change(settings, accounts.change(op, kind, args.id, by, entry))
        return issued
    return run


def _import(settings: Settings, args: argparse.Namespace, by: str) -> list[accounts.Issued]:
    path = Path(args.file)
    _, issued = accounts.import_doctors(settings, path.name, path.read_bytes(), by)
    return issued


def _list(settings: Settings, args: argparse.Namespace, by: str) -> list[accounts.Issued]:
    rows = accounts.listing(settings)
    if args.json:
        sys.stdout.write(orjson.dumps(rows).decode() + "\n")
        return []
    for row in rows:
        state = "disabled" if row["disabled"] else "active"
        extra = ", ".join(row["specialties"] or row["ae_titles"])
        print(f"{row['kind']:<7} {row['id']:<16} {state:<9} {row['name']}  {extra}")
    return []


def run(settings_of: Callable[[argparse.Namespace], Settings]) -> Callable[..., int]:
    def command(args: argparse.Namespace) -> int:
        settings = settings_of(args)
        try:
            issued = args.action(settings, args, "cli")
        except accounts.AccountError as exc:
            print(f"teleconsult accounts: {exc}", file=sys.stderr)
            return 2
        except (ConfigError, OSError) as exc:
            problems = exc.problems if isinstance(exc, ConfigError) else [str(exc)]
            print("teleconsult accounts: not changed:", *problems, sep="\n  ", file=sys.stderr)
            return 2
        if args.action is not _list:
            if issued:
                _show(issued)
            ended = (None if args.accounts_command not in ("disable", "reset")
                     else (_kind_of(settings, args.id, args.kind), args.id))
            print(f"recorded; {_notify(settings, ended)}")
        return 0
    return command


def add_parser(sub: argparse._SubParsersAction, settings_of) -> None:
    """The ``accounts`` subcommands on the main parser."""
    p = sub.add_parser("accounts", help="add, disable, enable, reset, list, import people")
    acts = p.add_subparsers(dest="accounts_command", required=True)
    add = acts.add_parser("add", help="a clinic, doctor, admin or screen (display) account "
                          "(credentials shown once)")
    add.add_argument("kind", choices=sorted(accounts.KINDS))
    add.add_argument("id")
    add.add_argument("--name", required=True)
    add.add_argument("--password", help="the page password (default: generated)")
    add.add_argument("--ae", action="append", default=[], help="clinic: an AE title (repeat)")
    add.add_argument("--zone", help="clinic: its zone")
    add.add_argument("--community", help="clinic or doctor: its community (default: the "
                     "top-level one, or the one it is in when it exists)")
    add.add_argument("--specialty", action="append", default=[], help="doctor (repeat)")
    add.add_argument("--clinics", action="append", default=[], help="doctor: clinics covered")
    add.add_argument("--zones", action="append", default=[], help="doctor: zones covered")
    add.add_argument("--shifts", default="", help="doctor: 'daily 08:00-20:00; sat 20:00-08:00'")
    add.add_argument("--capacity", type=int)
    add.add_argument("--supervisor", action="store_true")
    add.add_argument("--title", choices=TITLES,
                     help="doctor: resident | attending (default) | associate_chief | chief")
    add.add_argument("--expert", action="store_true",
                     help="doctor: a consultation pool's expert (sees only what is asked)")
    add.set_defaults(action=_add)
    for name, op, text in (("disable", "disable", "stop an account at once (kept for history)"),
                           ("enable", "enable", "let a disabled account act again"),
                           ("reset", "credentials", "issue a new token and page password")):
        one = acts.add_parser(name, help=text)
        one.add_argument("id")
        one.add_argument("--kind", choices=sorted(accounts.KINDS))
        if name == "reset":
            one.add_argument("--password", help="the new page password (default: generated)")
        one.set_defaults(action=_simple(op))
    imp = acts.add_parser("import", help="doctors and shifts from a .csv or .xlsx file")
    imp.add_argument("file")
    imp.set_defaults(action=_import)
    lst = acts.add_parser("list", help="every account and its state")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(action=_list)
    p.set_defaults(func=run(settings_of))
