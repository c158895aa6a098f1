"""``teleconsult ca init|issue``: the county CA from the command line (see ``admin.ca``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_dir() -> Path:
    return Path(os.environ.get("TELECONSULT_DATA_DIR") or "./var").resolve() / "tls"


def run(args: argparse.Namespace) -> int:
    """Dispatch ``ca init`` / ``ca issue``; errors an operator must fix exit 2."""
    # The CA needs cryptography, ~15 MiB in every process that imports it: only a `ca`
    # command pays, not every process the CLI starts.
    from teleconsult.admin import ca

    days = {"days": args.days} if args.days else {}
    try:
        if args.ca_command == "init":
            made = ca.init_ca(args.dir, args.name, **days)
            print(f"CA certificate {made.cert}\nCA key         {made.key} (keep it safe, "
                  "offline once the certificates are issued)")
            return 0
        name = args.name or ("server" if args.kind == "server" else "")
        if not name:
            print(f"teleconsult ca issue {args.kind}: name the {args.kind} id", file=sys.stderr)
            return 2
        made = ca.issue(args.dir, args.kind, name, args.host, **days)
    except ca.CaError as exc:
        print(f"teleconsult ca: {exc}", file=sys.stderr)
        return 2
    print(f"certificate {made.cert}\nkey         {made.key}\nsha256      {made.fingerprint}")
    if args.kind == "clinic":
        print(f"(clinic {name}: its certificate speaks for it by CN; pin it with "
              f'cert_fingerprints = ["{made.fingerprint}"] if you like)')
    if args.kind == "doctor":
        print(f"(doctor {name}: its workstations' certificate, CN doctor:{name}; "
              "require_client_cert = true binds them to it)")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """``ca`` and its two subcommands on the main parser."""
    p = sub.add_parser("ca", help="a private county CA: server, clinic and doctor certificates")
    p.set_defaults(func=run)
    cmds = p.add_subparsers(dest="ca_command", required=True)
    init = cmds.add_parser("init", help="create the CA key and certificate")
    init.add_argument("--name", default="Teleconsult County CA")
    init.add_argument("--days", type=int, help="validity (default 10 years)")
    issue = cmds.add_parser("issue", help="issue a server, clinic or doctor certificate")
    issue.add_argument("kind", choices=["server", "clinic", "doctor"])
    issue.add_argument("name", nargs="?",
                       help="the clinic or doctor id (clinic, doctor); default 'server'")
    issue.add_argument("--host", action="append", default=[],
                       help="server DNS name or IP address (repeat)")
    issue.add_argument("--days", type=int, help="validity (default 2 years)")
    for cmd in (init, issue):
        cmd.add_argument("--dir", type=Path, default=default_dir(),
                         help="CA directory (default $TELECONSULT_DATA_DIR/tls)")
