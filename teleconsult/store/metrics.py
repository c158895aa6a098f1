"""Counters and histograms shared by every process, kept in Redis; /metrics renders them."""

from __future__ import annotations

import bisect

import redis.asyncio as aioredis

from teleconsult.store import keys

# seconds: from a STAT ECG's seconds to a routine film's day
BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400)


def bucket_for(seconds: float) -> str:
    i = bisect.bisect_left(BUCKETS, seconds)
    return str(BUCKETS[i]) if i < len(BUCKETS) else "+Inf"


async def observe(client: aioredis.Redis, name: str, labels: str, seconds: float) -> None:
    """Add one observation to histogram ``name`` for the label value ``labels``."""
    pipe = client.pipeline(transaction=False)
    observe_into(pipe, name, labels, seconds)
    await pipe.execute()


def observe_into(pipe, name: str, labels: str, seconds: float) -> None:  # noqa: ANN001
    """Queue one observation on a pipeline the caller executes (batched recording)."""
    key = keys.metric_histogram(name)
    pipe.hincrby(key, f"{labels}|{bucket_for(seconds)}", 1)
    pipe.hincrbyfloat(key, f"{labels}|sum", max(0.0, seconds))
    pipe.hincrby(key, f"{labels}|count", 1)


def observe_many_into(pipe, name: str, observations: list[tuple[str, float]]) -> None:  # noqa: ANN001
    """Many observations (labels, seconds) as one increment per bucket and label (a
    routing page records a hundred)."""
    key = keys.metric_histogram(name)
    counts: dict[str, int] = {}
    sums: dict[str, float] = {}
    for labels, seconds in observations:
        field = f"{labels}|{bucket_for(seconds)}"
        counts[field] = counts.get(field, 0) + 1
        counts[f"{labels}|count"] = counts.get(f"{labels}|count", 0) + 1
        sums[labels] = sums.get(labels, 0.0) + max(0.0, seconds)
    for field, n in counts.items():
        pipe.hincrby(key, field, n)
    for labels, total in sums.items():
        pipe.hincrbyfloat(key, f"{labels}|sum", total)


async def histogram(client: aioredis.Redis, name: str) -> dict[str, dict[str, float]]:
    """label → {bucket bound or 'sum'/'count': value} (buckets not yet cumulative)."""
    out: dict[str, dict[str, float]] = {}
    for field, value in (await client.hgetall(keys.metric_histogram(name))).items():
        label, _, part = field.decode().rpartition("|")
        out.setdefault(label, {})[part] = float(value)
    return out
