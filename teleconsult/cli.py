"""The ``teleconsult`` command: parses, then calls ``run/`` or ``admin/``.

A command imports the stack it runs when it runs (``serve``, a part, ``push``): a clinic PC
pushing files, or an operator listing accounts, never loads the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from teleconsult.admin import accounts_cli, ca_cli
from teleconsult.admin.backup import BackupError, backup, restore
from teleconsult.admin.reindex import reindex
from teleconsult.core import logfile
from teleconsult.core.numbers import strict_int
from teleconsult.core.tls import client_context
from teleconsult.run import instance_lock
from teleconsult.run.redis_server import embedded_redis
from teleconsult.settings.load import load_settings
from teleconsult.settings.model import Settings
from teleconsult.settings.node import PART_NAMES, parse_parts
from teleconsult.settings.reader import ConfigError
from teleconsult.stats import cli as stats_cli
from teleconsult.store.redis import sync_client


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config, with_accounts=True)
    if settings.log_file and not getattr(args, "log_attached", False):
        logfile.add_file_log(settings.log_file, settings.log_max_mb, settings.log_backups)
        args.log_attached = True
    return settings


def _listeners(s: Settings, parts: tuple[str, ...] = PART_NAMES) -> str:
    """What listens where, for the start-up banner (a port of 0 is off; only the parts this
    node runs)."""
    tls, api, ingress = s.tls, "api" in parts, "ingress" in parts
    shown = [f"HTTP http://{s.http_host}:{s.http_port}/" if api and s.http_port else "",
             f"HTTPS https://{s.http_host}:{tls.https_port}/" if api and tls and tls.https_port
             else "",
             f"DICOM {s.ae_title}@{s.dicom_port}" if ingress and s.dicom_port else "",
             f"DICOM-TLS {s.ae_title}@{tls.dicom_tls_port}"
             if ingress and tls and tls.dicom_tls_port else "",
             f"HL7 (MLLP) {s.hl7_port}" if ingress and s.hl7_port else ""]
    return "   ".join(p for p in shown if p)


def _serve(args: argparse.Namespace) -> int:
    from teleconsult.run.serve import serve

    settings = _settings(args)
    print(f"Teleconsult: {settings.community_name}")
    print(f"  {_listeners(settings, args.parts)}   data {settings.data_dir}")
    print(f"  node {settings.node_id}: {','.join(args.parts)}   redis "
          f"{settings.redis.describe() if settings.redis else 'embedded'}")
    if settings.demo_tokens:
        print("  demo tokens (Authorization: Bearer <token>):")
        for who, token in settings.demo_tokens.items():
            print(f"    {who:<10} {token}")
    sys.stdout.flush()
    return serve(settings, verbose=args.verbose, parts=args.parts)


def _parts(text: str) -> tuple[str, ...]:
    try:
        return parse_parts(text)
    except ValueError as exc:  # argparse prints the usage and exits 2
        raise argparse.ArgumentTypeError(str(exc)) from None


def _part(name: str):  # noqa: ANN202 - an argparse handler
    def run(args: argparse.Namespace) -> int:
        from teleconsult.run.process import run_parts

        settings = _settings(args)
        if settings.redis is None:
            print(f"teleconsult {name}: name the shared Redis ([redis], TELECONSULT_REDIS_URL "
                  "or _SENTINELS + _MASTER; only `serve` starts its own)", file=sys.stderr)
            return 2
        asyncio.run(run_parts(settings, [_part_factory(name)], label=name))
        return 0
    return run


def _part_factory(name: str):  # noqa: ANN202 - a part (run.process.Part)
    """The part ``name``; only its own stack is imported (a DICOM ingress process never
    loads aiohttp)."""
    if name == "api":
        from teleconsult.run.http_part import HttpPart
        return HttpPart()  # this process's: keeps its listening sockets across reloads
    if name == "dicom":
        from teleconsult.run.dicom_part import dicom_part
        return dicom_part
    if name == "hl7":
        from teleconsult.run.hl7_part import hl7_part
        return hl7_part
    from teleconsult.run.worker_part import worker_part
    return worker_part


def _push(args: argparse.Namespace) -> int:
    from dicom.push import push

    host, _, raw_port = args.target.rpartition(":")
    try:
        port = strict_int(raw_port, "port", low=1, high=65535)
    except ValueError:
        port = 0
    if not host or not port:
        print("teleconsult push: target must be HOST:PORT", file=sys.stderr)
        return 2
    # never a default: a real machine silently sending as a demo clinic's AE is worse than
    # an error
    aet = args.aet or os.environ.get("TELECONSULT_PUSH_AET", "")
    if not aet.strip():
        print("teleconsult push: give --aet <calling AE title> (or set TELECONSULT_PUSH_AET):"
              " the AE title the community configured for the sending machine",
              file=sys.stderr)
        return 2
    tls_args = None
    if args.tls_ca:
        tls_args = (client_context(args.tls_ca, args.tls_cert, args.tls_key), host)
    result = push(host, port, [Path(p) for p in args.paths], calling_ae=aet.strip(),
                  called_ae=args.aec, progress=not args.quiet, tls_args=tls_args)
    print(f"sent {result.sent}, failed {result.failed}, skipped {result.skipped}")
    return 0 if result.failed == 0 else 1


def _reindex(args: argparse.Namespace) -> int:
    settings = _settings(args)
    lock = instance_lock.hold_exclusive(settings.data_dir)
    if lock is None:  # serve's Redis (and its socket) would be pulled from under it
        print(f"teleconsult reindex: refused: a running teleconsult (serve, api, dicom or "
              f"worker) is using {settings.data_dir}; stop it first", file=sys.stderr)
        return 3
    with lock, embedded_redis(settings) as live:
        client = sync_client(live.redis_target())
        busy = instance_lock.live_worker(client, settings.health.worker_heartbeat_max_seconds)
        if busy is not None:
            print(f"teleconsult reindex: refused: worker {busy[0]} is live on this Redis "
                  f"(heartbeat {busy[1]:.0f} s ago); stop every part first", file=sys.stderr)
            return 3
        result = reindex(live, client)
    print(f"reindexed {result.cases} cases ({result.queued} queued, {result.assigned} "
          f"assigned), {result.reports} reports, {result.pending_studies} studies pending, "
          f"{result.redeliveries} deliveries resumed, {result.unacknowledged} critical "
          "results awaiting acknowledgement")
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        if args.archive == "-":
            result = backup(settings.data_dir, sys.stdout.buffer, settings.community_name)
        else:
            result = backup(settings.data_dir, Path(args.archive), settings.community_name)
    except BackupError as exc:
        print(f"teleconsult backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {result.files} files ({result.bytes / 2**20:.1f} MiB) of "
          f"{settings.data_dir}", file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        if args.archive == "-":
            result = restore(sys.stdin.buffer, settings.data_dir)
        else:
            result = restore(Path(args.archive), settings.data_dir)
    except BackupError as exc:
        print(f"teleconsult restore: {exc}", file=sys.stderr)
        return 1
    print(f"restored {result.files} files ({result.bytes / 2**20:.1f} MiB) into "
          f"{settings.data_dir}")
    return _reindex(args) if args.reindex else 0


def _check_config(args: argparse.Namespace) -> int:
    s = _settings(args)
    print(f"{s.source}: OK — {len(s.clinics)} clinics, {len(s.doctors)} doctors, "
          f"{len(s.admins)} admins")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="teleconsult", description=__doc__)
    p.add_argument("--config", help="TOML file (default $TELECONSULT_CONFIG or "
                                    "config/teleconsult.toml)")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="every part under one supervisor, embedded Redis "
                           "unless TELECONSULT_REDIS_URL is set")
    serve.add_argument("--parts", type=_parts, default=PART_NAMES, metavar="LIST",
                       help="comma list of the parts this node runs: "
                            f"{','.join(PART_NAMES)} (default all)")
    serve.set_defaults(func=_serve)
    for name in ("api", "dicom", "worker", "hl7"):
        sub.add_parser(name, help=f"run only the {name} part").set_defaults(func=_part(name))
    push = sub.add_parser("push", help="send DICOM files/folders by C-STORE")
    push.add_argument("target", metavar="HOST:PORT")
    push.add_argument("paths", nargs="+")
    push.add_argument("--aet", help="calling AE title: the sending machine's, as configured "
                                    "for its clinic (default $TELECONSULT_PUSH_AET)")
    push.add_argument("--aec", default="TELECONSULT", help="called AE title")
    push.add_argument("-q", "--quiet", action="store_true")
    push.add_argument("--tls-ca", help="send over TLS, trusting this CA certificate (PEM)")
    push.add_argument("--tls-cert", help="the clinic's certificate (PEM), with --tls-key")
    push.add_argument("--tls-key", help="the clinic's private key (PEM)")
    push.set_defaults(func=_push)
    sub.add_parser("reindex", help="rebuild Redis state from the data dir"
                   ).set_defaults(func=_reindex)
    backup = sub.add_parser("backup", help="archive the data dir (consistent while running)")
    backup.add_argument("archive", help="output .tar.gz, or - for standard output")
    backup.set_defaults(func=_backup)
    restore = sub.add_parser("restore", help="unpack a backup into an empty data dir")
    restore.add_argument("archive", help="a .tar.gz made by `teleconsult backup`, or -")
    restore.add_argument("--reindex", action="store_true",
                         help="rebuild Redis state from the restored files afterwards")
    restore.set_defaults(func=_restore)
    accounts_cli.add_parser(sub, _settings)
    sub.add_parser("check-config", help="validate the configuration"
                   ).set_defaults(func=_check_config)
    ca_cli.add_parser(sub)
    stats_cli.add_parser(sub, _settings)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logfile.configure(args.verbose)
    try:
        return args.func(args)
    except ConfigError as exc:
        print("configuration errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
