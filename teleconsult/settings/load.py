"""Reading the configuration: the TOML file and the environment, once, into ``Settings``.

Every problem is collected ("file: key: what") and raised as one ``ConfigError``, so
``teleconsult check-config`` prints all of them. Each table is parsed by its own module;
``with_accounts`` replays the account log over the file first. ``reread`` is a reload.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from teleconsult.settings import accounts_log, communities, tls
from teleconsult.settings.dicom_limits import parse_dicom_limits
from teleconsult.settings.handover import HandoverConfig, parse_handover
from teleconsult.settings.health import parse_health
from teleconsult.settings.http import parse_http
from teleconsult.settings.lab import parse_lab
from teleconsult.settings.model import Screen, Settings
from teleconsult.settings.node import node_id_from_env
from teleconsult.settings.paging import PagingConfig, parse_paging
from teleconsult.settings.people import (
    check_ids_unique,
    parse_admins,
    parse_clinics,
    parse_doctors,
)
from teleconsult.settings.reader import AE_RE, ConfigError, Reader, port_from_env
from teleconsult.settings.redis_config import parse_redis
from teleconsult.settings.reports import ReportsConfig, parse_reports_config
from teleconsult.settings.review import parse_pools, parse_review
from teleconsult.settings.routing import parse_routing
from teleconsult.settings.stats import StatsConfig, parse_stats
from teleconsult.settings.supervision import parse_supervision


def _log_file(r: Reader, srv: Mapping[str, Any], env: Mapping[str, str]) -> Path | None:
    value = env.get("TELECONSULT_LOG_FILE") or r.get(srv, "log_file", "server", str)
    if not value:
        return None
    if not Path(value).resolve().parent.is_dir():
        r.fail("server.log_file", f"the directory of {value!r} does not exist")
    return Path(value)


def _check_listeners(r: Reader, s: Settings) -> None:
    """Log rotation limits are sane, something listens for HTTP, and a clinic (or a doctor
    with workstations) that requires a certificate has a port where certificates are asked
    for."""
    if not 0 < s.log_max_mb <= 10_000:
        r.fail("server.log_max_mb", "must be more than 0 and at most 10000")
    if not 0 <= s.log_backups <= 1000:
        r.fail("server.log_backups", "must be 0..1000")
    tls_cfg = s.tls
    if not (s.http_port or (tls_cfg and tls_cfg.https_port)):
        r.fail("server.http_port", "0 turns plain HTTP off: then set https_port")
    needs_cert = [c.id for c in s.clinics.values() if c.require_client_cert]
    needs_cert += [d.id for d in s.doctors.values() if d.require_client_cert and d.workstations]
    if needs_cert and not (tls_cfg and tls_cfg.dicom_tls_port and tls_cfg.client_ca_file):
        r.fail("clinics", f"{', '.join(needs_cert)} require_client_cert: set "
                          "server.dicom_tls_port and server.tls_client_ca")


TABLES = {"community", "communities", "server", "clinics", "doctors", "admins", "screens",
          "routing", "demo_tokens", "reports", "dicom_limits", "http", "supervision", "health",
          "handover", "paging", "stats", "review", "consult_pools", "lab", "redis"}
SERVER_KEYS = {"http_host", "http_port", "dicom_port", "hl7_port", "ae_title", "max_upload_mb",
               "log_file",
               "log_max_mb", "log_backups", *tls.KEYS}


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                  with_accounts: bool = False, pending: Sequence[dict] = (),
                  **overrides: Any) -> Settings:
    """Read the TOML file and the environment; raise ``ConfigError`` listing every problem.

    ``with_accounts`` replays the data dir's account changes (``accounts_log``) over the
    file's clinics, doctors and admins: what a running service uses; ``pending`` are changes
    not yet recorded, applied after them (to validate a change before it is).
    """
    env = os.environ if env is None else env
    path = Path(path or env.get("TELECONSULT_CONFIG") or "config/teleconsult.toml")
    r = Reader(str(path))
    raw = _read_toml(path)
    data, paths = communities.flatten(r, raw)
    data_dir = Path(env.get("TELECONSULT_DATA_DIR") or "./var").resolve()
    if with_accounts:
        data = _with_accounts(data, data_dir, pending)
    # a city's file may hold every clinic and doctor under [[communities]]
    top = r.table(data, "", TABLES, {"community", "routing"} | (
        set() if "communities" in raw else {"clinics", "doctors"}))
    com = r.table(top.get("community", {}), "community",
                  {"name", "county_hospital", "timezone"}, {"name"})
    tz = _timezone(r, com)
    known = communities.parse(r, raw, r.get(com, "name", "community", str, ""),
                              r.get(com, "county_hospital", "community", str, ""))
    srv = r.table(top.get("server", {}), "server", SERVER_KEYS, set())
    ae = r.get(srv, "ae_title", "server", str, "TELECONSULT")
    if not AE_RE.match(ae):
        r.fail("server.ae_title", f"invalid AE title {ae!r}")
    clinics = parse_clinics(r, top.get("clinics", []), paths["clinics"], known)
    doctors = parse_doctors(r, top.get("doctors", []), clinics, paths["doctors"], known)
    specialties = {s for d in doctors.values() for s in d.specialties}
    routing = parse_routing(r, top.get("routing", {}), specialties)
    demo = r.get(top, "demo_tokens", "", dict, {})
    reports_cfg = _reports(r, top, clinics)
    dicom_limits = parse_dicom_limits(r, top.get("dicom_limits"), set(clinics))
    handover_cfg, paging_cfg = _people_tables(r, top, clinics, doctors)
    admins = parse_admins(r, top.get("admins", []))
    screens = parse_admins(r, top.get("screens", []), "screens", Screen)
    check_ids_unique(r, {"clinic": clinics, "doctor": doctors, "admin": admins,
                         "screen": screens})
    settings = Settings(
        community_name=r.get(com, "name", "community", str, ""),
        county_hospital=r.get(com, "county_hospital", "community", str, ""),
        timezone=tz,
        http_host=r.get(srv, "http_host", "server", str, "0.0.0.0"),
        http_port=port_from_env(r, env, "TELECONSULT_HTTP_PORT",
                                r.get(srv, "http_port", "server", int, 8080)),
        dicom_port=port_from_env(r, env, "TELECONSULT_DICOM_PORT",
                                 r.get(srv, "dicom_port", "server", int, 11112)),
        ae_title=ae,
        data_dir=data_dir,
        redis=parse_redis(r, top.get("redis"), env),
        max_upload_bytes=int(r.get(srv, "max_upload_mb", "server", (int, float), 2048) * 2**20),
        clinics=clinics, doctors=doctors, admins=admins, screens=screens,
        routing=routing, source=str(path), demo_tokens=dict(demo), reports=reports_cfg,
        tls=tls.parse_tls(r, srv, env),
        log_file=_log_file(r, srv, env),
        log_max_mb=r.get(srv, "log_max_mb", "server", (int, float), 50.0),
        log_backups=r.get(srv, "log_backups", "server", int, 10),
        dicom_limits=dicom_limits,
        http=parse_http(r, top.get("http", {})),
        supervision=parse_supervision(r, top.get("supervision")),
        health=parse_health(r, top.get("health")),
        handover=handover_cfg, paging=paging_cfg, stats=_stats(r, top),
        review=parse_review(r, top.get("review")),
        consult_pools=parse_pools(r, top.get("consult_pools"),
                                  {d.id for d in doctors.values() if d.expert}, set(known)),
        hl7_port=port_from_env(r, env, "TELECONSULT_HL7_PORT",
                               r.get(srv, "hl7_port", "server", int, 0)),
        lab=parse_lab(r, top.get("lab"), set(clinics), specialties),
        node_id=node_id_from_env(r, env),
        communities=communities.with_members(known, clinics, doctors),
    )
    _check_listeners(r, settings)
    if r.problems:
        raise ConfigError(r.problems)
    return replace(settings, **overrides) if overrides else settings


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: cannot read: no such file"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: not valid TOML: {exc}"]) from None


def _with_accounts(data: dict, data_dir: Path, pending: Sequence[dict]) -> dict:
    """The file's tables with the account log (then ``pending``) replayed over them."""
    try:
        return accounts_log.replay(data, [*accounts_log.read_log(data_dir), *pending])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError([f"{accounts_log.log_path(data_dir)}: unreadable change: "
                           f"{exc}"]) from None


def _timezone(r: Reader, com: Mapping[str, Any]) -> ZoneInfo:
    tz_name = r.get(com, "timezone", "community", str, "Asia/Shanghai")
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        r.fail("community.timezone", f"unknown time zone {tz_name!r}")
        return ZoneInfo("Asia/Shanghai")


def _reports(r: Reader, top: dict, clinics: Mapping) -> ReportsConfig:
    try:
        return parse_reports_config(top.get("reports"), r.source, set(clinics))
    except ConfigError as exc:
        r.problems.extend(exc.problems)
        return ReportsConfig()


def _stats(r: Reader, top: dict) -> StatsConfig:
    try:
        return parse_stats(top.get("stats"), r.source)
    except ConfigError as exc:
        r.problems.extend(exc.problems)
        return StatsConfig()


def reread(settings: Settings, pending: Sequence[dict] = ()) -> Settings:
    """The configuration file and account changes read again, keeping this process's Redis
    and data dir (a reload, or the check before an account change is recorded)."""
    env = {**os.environ, "TELECONSULT_DATA_DIR": str(settings.data_dir)}
    fresh = load_settings(settings.source, env=env, with_accounts=True, pending=pending)
    return replace(fresh, redis=settings.redis, data_dir=settings.data_dir)


def _people_tables(r: Reader, top: dict, clinics: Mapping, doctors: Mapping) -> tuple:
    """The [handover] and [paging] tables (problems recorded on ``r``)."""
    handover, paging = HandoverConfig(), PagingConfig()
    admins = {a.get("id") for a in top.get("admins", []) if isinstance(a, dict)}
    try:
        handover = parse_handover(top.get("handover"), r.source)
    except ConfigError as exc:
        r.problems.extend(exc.problems)
    try:
        paging = parse_paging(top.get("paging"), r.source, set(clinics) | set(doctors) | admins)
    except ConfigError as exc:
        r.problems.extend(exc.problems)
    return handover, paging
