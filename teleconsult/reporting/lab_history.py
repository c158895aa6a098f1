"""Laboratory results in the patient's history (pure): the item shown for a stored result,
whether it is recognised across the community (可互认), and the series of a test repeated
over time (for the chart).

Recognition follows the community's list (``[[lab.recognised]]``): a result counts as
可互认 when its facility and test are listed together and it was observed no longer ago
than that entry's validity window; past it, the item says until when it was recognised.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from teleconsult.reporting import sharing
from teleconsult.settings.lab import LabConfig

KIND_BY_MODALITY = {"ECG": "ecg", "SM": "pathology"}


def kind_for_modality(modality: str) -> str:
    """imaging | ecg | pathology, from a case's modality (the lab has no modality)."""
    return KIND_BY_MODALITY.get((modality or "").upper(), "imaging")


def recognised_until(clinic: str, code: str, observed_at: str, cfg: LabConfig) -> str | None:
    """The end of the longest validity window that lists ``clinic`` and ``code``, or None
    when no entry of the recognised list does."""
    days = [r.validity_days for r in cfg.recognised if clinic in r.facilities and code in r.tests]
    if not days or not observed_at:
        return None
    return (datetime.fromisoformat(observed_at) + timedelta(days=max(days))).isoformat()


def _observation(obs: dict, clinic: str, cfg: LabConfig, now: datetime) -> dict:
    until = recognised_until(clinic, obs["code"], obs["observed_at"], cfg)
    return {"code": obs["code"], "name": obs["name"], "value": obs["value"],
            "unit": obs["unit"], "reference_range": obs["reference_range"],
            "low": obs["low"], "high": obs["high"], "flag": obs["flag"],
            "abnormal": obs["flag"] not in ("", "N"), "critical": obs.get("critical", False),
            "status": obs["status"], "observed_at": obs["observed_at"],
            "recognised": until is not None and now <= datetime.fromisoformat(until),
            "recognised_until": until}


def item(record: dict, match: str, cfg: LabConfig, now: datetime) -> dict:
    """One history item of kind ``lab``; a possible match (name + birth date only) shows
    what and when, never values or the patient, until a person checks it."""
    observed = min(o["observed_at"] for o in record["orders"])
    out = {"kind": "lab", "result_id": record["result_id"], "clinic": record["clinic"],
           "match": match, "date": observed, "source": record["source"],
           "tests": [o["name"] for o in record["orders"]]}
    if match == sharing.POSSIBLE:
        return out
    out["patient"] = record["patient"]
    out["critical"] = record.get("critical", False)
    out["orders"] = [{"code": o["code"], "name": o["name"], "observed_at": o["observed_at"],
                      "status": o["status"],
                      "observations": [_observation(x, record["clinic"], cfg, now)
                                       for x in o["observations"]]}
                     for o in record["orders"]]
    return out


def series(items: list[dict]) -> list[dict]:
    """Tests with a numeric value more than once across the lab items shown, each with its
    points in time order (facility, value, unit, flag): what the history charts."""
    points: dict[str, list[dict]] = defaultdict(list)
    names: dict[str, str] = {}
    for it in items:
        for order in it.get("orders", []):
            for obs in order["observations"]:
                if isinstance(obs["value"], float | int):
                    names.setdefault(obs["code"], obs["name"])
                    points[obs["code"]].append({
                        "at": obs["observed_at"], "value": obs["value"], "unit": obs["unit"],
                        "clinic": it["clinic"], "flag": obs["flag"], "low": obs["low"],
                        "high": obs["high"]})
    return [{"code": code, "name": names[code],
             "points": sorted(pts, key=lambda p: datetime.fromisoformat(p["at"]))}
            for code, pts in sorted(points.items()) if len(pts) > 1]
