"""The ``teleconsult`` command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from teleconsult.settings import ConfigError, Settings, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _serve(args: argparse.Namespace) -> int:
    from teleconsult.core.serve import serve

    settings = _settings(args)
    print(f"Teleconsult: {settings.community_name}")
    print(f"  HTTP  http://{settings.http_host}:{settings.http_port}/   "
          f"DICOM {settings.ae_title}@{settings.dicom_port}   data {settings.data_dir}")
    if settings.demo_tokens:
        print("  demo tokens (Authorization: Bearer <token>):")
        for who, token in settings.demo_tokens.items():
            print(f"    {who:<10} {token}")
    sys.stdout.flush()
    return serve(settings, verbose=args.verbose)


def _part(name: str):
    def run(args: argparse.Namespace) -> int:
        from teleconsult.supervisor import run_parts

        settings = _settings(args)
        if not settings.redis_url:
            print(f"teleconsult {name}: set TELECONSULT_REDIS_URL to the shared Redis "
                  "(only `serve` starts its own)", file=sys.stderr)
            return 2
        asyncio.run(run_parts(settings, {name}))
        return 0
    return run


def _push(args: argparse.Namespace) -> int:
    from dicom.push import push

    host, _, port = args.target.rpartition(":")
    if not host or not port.isdigit():
        print("teleconsult push: target must be HOST:PORT", file=sys.stderr)
        return 2
    result = push(host, int(port), [Path(p) for p in args.paths], calling_ae=args.aet,
                  called_ae=args.aec, progress=not args.quiet)
    print(f"sent {result.sent}, failed {result.failed}, skipped {result.skipped}")
    return 0 if result.failed == 0 else 1


def _reindex(args: argparse.Namespace) -> int:
    import redis

    from teleconsult.core import instance_lock
    from teleconsult.reindex import reindex
    from teleconsult.supervisor import embedded_redis

    settings = _settings(args)
    lock = instance_lock.hold_exclusive(settings.data_dir)
    if lock is None:  # serve's Redis (and its socket) would be pulled from under it
        print(f"teleconsult reindex: refused: a running teleconsult (serve, api, dicom or "
              f"worker) is using {settings.data_dir}; stop it first", file=sys.stderr)
        return 3
    with lock, embedded_redis(settings) as live:
        client = redis.Redis.from_url(live.redis_url)
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
    sub.add_parser("serve", help="everything in one process, embedded Redis by default"
                   ).set_defaults(func=_serve)
    for name in ("api", "dicom", "worker"):
        sub.add_parser(name, help=f"run only the {name} part").set_defaults(func=_part(name))
    push = sub.add_parser("push", help="send DICOM files/folders by C-STORE")
    push.add_argument("target", metavar="HOST:PORT")
    push.add_argument("paths", nargs="+")
    push.add_argument("--aet", default="FUTIAN_CT", help="calling AE title")
    push.add_argument("--aec", default="TELECONSULT", help="called AE title")
    push.add_argument("-q", "--quiet", action="store_true")
    push.set_defaults(func=_push)
    sub.add_parser("reindex", help="rebuild Redis state from the data dir"
                   ).set_defaults(func=_reindex)
    sub.add_parser("check-config", help="validate the configuration"
                   ).set_defaults(func=_check_config)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    part = os.environ.get("TELECONSULT_SUPERVISED_AS")  # a child of `serve`: say which
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s " + (f"[{part}] " if part else "")
                        + "%(name)s: %(message)s", force=True)  # a forked part: its own
    logging.getLogger("pynetdicom").setLevel(logging.WARNING)
    try:
        return args.func(args)
    except ConfigError as exc:
        print("configuration errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
