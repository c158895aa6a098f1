"""The questions the statistics answer, as DuckDB SQL over the case rows: turnaround per stage
(count, p50/p90/p99 minutes, share on time against the 时限 table) grouped as asked; the
quality figures (volume, positive rate, critical results, STAT share, review discrepancy);
today's figures and the last 30 days for the big screen.

Percentiles are ``quantile_cont``: linear interpolation between the two nearest ranks (the
(n−1)·q rule, numpy's default), so a test can recompute them by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb

from teleconsult.settings.stats import STAGES, StatsConfig

GROUPS = ("modality", "priority", "clinic", "doctor", "zone", "community")
# a case's community is in its id ("c<16 hex>-<community>"; none: the default community)
_COMMUNITY = ("CASE WHEN regexp_matches(case_id, '^c[0-9a-f]{16}-') THEN substr(case_id, 19) "
              "ELSE 'default' END")


def _column(key: str) -> str:
    """A group key as a SELECT item of the ``cases`` table."""
    return f"{_COMMUNITY} AS community" if key == "community" else key

# stage → (end column, start column, extra condition)
_SPANS = {
    "arrival_to_assigned": ("assigned", "arrived", ""),
    "arrival_to_opened": ("opened", "arrived", ""),
    "arrival_to_report": ("first_report", "arrived", ""),
    "arrival_to_final": ("final", "arrived", ""),
    "report_to_delivered": ("delivered", "first_report", ""),
    "critical_to_acknowledged": ("acknowledged", "critical_at", "AND critical"),
}


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _limit_sql(cfg: StatsConfig, stage: str) -> str:
    """The stage's 时限 for each row, as a CASE over priority and modality (minutes)."""
    arms = []
    for prio, table in cfg.limits.get(stage, {}).items():
        for modality, minutes in table.items():
            if modality != "default":
                arms.append(f"WHEN priority = {_lit(prio)} AND modality = {_lit(modality)} "
                            f"THEN {float(minutes)!r}")
        if "default" in table:
            arms.append(f"WHEN priority = {_lit(prio)} THEN {float(table['default'])!r}")
    return f"CASE {' '.join(arms)} ELSE NULL END" if arms else "NULL"


def check_groups(group_by: list[str]) -> list[str]:
    bad = [g for g in group_by if g not in GROUPS]
    if bad:
        raise ValueError(f"group_by takes {', '.join(GROUPS)}; not {', '.join(bad)}")
    return list(dict.fromkeys(group_by))


def _spans_sql(cfg: StatsConfig, keys: list[str], stages: tuple[str, ...]) -> str:
    cols = "".join(f"{k}, " for k in keys)
    parts = []
    for stage in stages:
        end, start, extra = _SPANS[stage]
        parts.append(f"SELECT {cols}{_lit(stage)} AS stage, ({end} - {start}) / 60.0 AS m, "
                     f"{_limit_sql(cfg, stage)} AS lim FROM base "
                     f"WHERE {end} IS NOT NULL AND {start} IS NOT NULL {extra}")
    return " UNION ALL ".join(parts)


def turnaround(con: duckdb.DuckDBPyConnection, cfg: StatsConfig, start: date, end: date,
               group_by: list[str], stages: tuple[str, ...] = STAGES) -> list[dict]:
    """One row per group and stage: n, p50/p90/p99 minutes and the share on time (%)."""
    keys = check_groups(group_by)
    cols = "".join(f"{k}, " for k in keys)
    base_cols = ", ".join(_column(k) for k in dict.fromkeys([
        *keys, "priority", "modality", "arrived", "assigned", "opened", "first_report", "final",
        "delivered", "critical", "critical_at", "acknowledged"]))
    sql = (f"WITH base AS (SELECT {base_cols} FROM cases WHERE day BETWEEN ? AND ?), "
           f"spans AS ({_spans_sql(cfg, keys, stages)}) "
           f"SELECT {cols}stage, count(*) AS n, quantile_cont(m, 0.5) AS p50, "
           "quantile_cont(m, 0.9) AS p90, quantile_cont(m, 0.99) AS p99, "
           "100.0 * count(*) FILTER (WHERE m <= lim) / nullif(count(lim), 0) AS on_time "
           f"FROM spans GROUP BY {cols}stage ORDER BY {cols}stage")
    rows = con.execute(sql, [start, end]).fetchall()
    order = {s: i for i, s in enumerate(STAGES)}
    out = []
    for row in rows:
        item: dict[str, Any] = dict(zip(keys, row[:len(keys)], strict=True))
        stage, n, p50, p90, p99, on_time = row[len(keys):]
        item.update(stage=stage, n=n, p50_min=p50, p90_min=p90, p99_min=p99,
                    on_time_pct=on_time)
        out.append(item)
    out.sort(key=lambda r: (tuple(str(r[k]) for k in keys), order.get(r["stage"], 99)))
    return out


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def volume(con: duckdb.DuckDBPyConnection, start: date, end: date, by: str) -> list[dict]:
    """Cases, reported, positive rate and critical results per ``by`` (modality or clinic)."""
    check_groups([by])
    return _rows(con, f"""
        SELECT {_column(by)}, count(*) AS cases, count(first_report) AS reported,
               count(*) FILTER (WHERE priority = 'stat') AS stat,
               count(*) FILTER (WHERE critical) AS critical,
               count(positive) AS positive_known,
               100.0 * count(*) FILTER (WHERE positive) / nullif(count(positive), 0)
                   AS positive_pct
        FROM cases WHERE day BETWEEN ? AND ? GROUP BY {by} ORDER BY {by}""", [start, end])


def critical(con: duckdb.DuckDBPyConnection, start: date, end: date) -> dict:
    """Critical results: how many, how many acknowledged, minutes to acknowledgement."""
    row = _rows(con, """
        SELECT count(*) AS n, count(acknowledged) AS acknowledged,
               quantile_cont((acknowledged - critical_at) / 60.0, 0.5) AS ack_p50_min,
               quantile_cont((acknowledged - critical_at) / 60.0, 0.9) AS ack_p90_min
        FROM cases WHERE critical AND day BETWEEN ? AND ?""", [start, end])
    return row[0]


def stat_share(con: duckdb.DuckDBPyConnection, cfg: StatsConfig, start: date,
               end: date) -> list[dict]:
    """Each clinic's STAT share now and in the previous period of the same length, with a
    warning when it is high or climbing (STAT inflation crowds out real emergencies)."""
    days = (end - start).days + 1
    prev_start = start - timedelta(days=days)
    rows = _rows(con, """
        SELECT clinic,
               count(*) FILTER (WHERE day >= ?) AS cases,
               100.0 * count(*) FILTER (WHERE day >= ? AND priority = 'stat')
                   / nullif(count(*) FILTER (WHERE day >= ?), 0) AS stat_pct,
               100.0 * count(*) FILTER (WHERE day < ? AND priority = 'stat')
                   / nullif(count(*) FILTER (WHERE day < ?), 0) AS previous_stat_pct
        FROM cases WHERE day BETWEEN ? AND ? GROUP BY clinic ORDER BY clinic""",
                 [start, start, start, start, start, prev_start, end])
    for r in rows:
        now, before = r["stat_pct"], r["previous_stat_pct"]
        r["warning"] = bool(r["cases"]) and now is not None and (
            now > cfg.stat_share_warn_pct
            or (before is not None and now - before >= cfg.stat_share_rise_pct))
    return [r for r in rows if r["cases"]]


def review(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[dict]:
    """Per writer: reports reviewed and the share the reviewer changed (minor/major)."""
    return _rows(con, """
        SELECT doctor AS writer, count(*) AS reviewed,
               count(*) FILTER (WHERE review_grade = 'minor') AS minor,
               count(*) FILTER (WHERE review_grade = 'major') AS major,
               100.0 * count(*) FILTER (WHERE review_grade IN ('minor', 'major')) / count(*)
                   AS discrepancy_pct
        FROM cases WHERE review_grade IS NOT NULL AND day BETWEEN ? AND ?
        GROUP BY doctor ORDER BY doctor""", [start, end])


def daily(con: duckdb.DuckDBPyConnection, cfg: StatsConfig, start: date,
          end: date) -> list[dict]:
    """Per day: cases, STAT, critical, and arrival-to-report p50/p90 and on-time share."""
    lim = _limit_sql(cfg, "arrival_to_report")
    return _rows(con, f"""
        SELECT day, count(*) AS cases, count(*) FILTER (WHERE priority = 'stat') AS stat,
               count(*) FILTER (WHERE critical) AS critical,
               quantile_cont((first_report - arrived) / 60.0, 0.5) AS report_p50_min,
               quantile_cont((first_report - arrived) / 60.0, 0.9) AS report_p90_min,
               100.0 * count(*) FILTER (WHERE (first_report - arrived) / 60.0 <= {lim})
                   / nullif(count(first_report), 0) AS on_time_pct
        FROM cases WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day""", [start, end])


def month_by(con: duckdb.DuckDBPyConnection, cfg: StatsConfig, start: date, end: date,
             by: str) -> list[dict]:
    """The 绩效 rows of a month per doctor, clinic or modality: reports, weighted workload,
    STAT, critical, positive rate, report p50/p90 minutes, on-time share."""
    check_groups([by])
    weight = " ".join(f"WHEN modality = {_lit(m)} THEN {float(w)!r}"
                      for m, w in cfg.weights.items() if m != "default")
    default = float(cfg.weights.get("default", 1.0))
    weighed = f"CASE {weight} ELSE {default!r} END" if weight else repr(default)
    lim = _limit_sql(cfg, "arrival_to_report")
    where = "AND doctor IS NOT NULL" if by == "doctor" else ""
    return _rows(con, f"""
        SELECT {_column(by)}, count(*) AS cases, count(first_report) AS reports,
               round(sum(CASE WHEN first_report IS NULL THEN 0.0
                              ELSE {weighed} END)::DOUBLE, 2)
                   AS workload,
               count(*) FILTER (WHERE priority = 'stat') AS stat,
               count(*) FILTER (WHERE critical) AS critical,
               100.0 * count(*) FILTER (WHERE positive) / nullif(count(positive), 0)
                   AS positive_pct,
               quantile_cont((first_report - arrived) / 60.0, 0.5) AS report_p50_min,
               quantile_cont((first_report - arrived) / 60.0, 0.9) AS report_p90_min,
               100.0 * count(*) FILTER (WHERE (first_report - arrived) / 60.0 <= {lim})
                   / nullif(count(first_report), 0) AS on_time_pct
        FROM cases WHERE day BETWEEN ? AND ? {where} GROUP BY {by} ORDER BY {by}""",
                 [start, end])
