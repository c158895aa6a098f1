"""Strict parsing of numbers that arrive as text (query strings, path segments, environment).

``str.isdigit`` is true for '²' and '١', and ``int``/``float`` accept non-ASCII digits,
underscores, spaces, 'inf' and 'nan': every number a client or an operator types goes
through here instead, so a bad one is a clear error, never a crash.
"""

from __future__ import annotations

import math
import re

MAX_DIGITS = 18  # fits an int64; longer is never a real cursor, limit, port or frame number
_INT = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
_FLOAT = re.compile(rf"[+-]?(?:[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{0,12}})?|\.[0-9]{{1,12}})")


def strict_int(raw: object, name: str, *, low: int = 0, high: int | None = None) -> int:
    """A non-negative ASCII decimal integer within [low, high]; ValueError naming it if not."""
    span = f"{low}..{high}" if high is not None else f"at least {low}"
    if not isinstance(raw, str) or not _INT.fullmatch(raw):
        raise ValueError(f"{name} must be an integer {span}")
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {span}")
    return value


def strict_float(raw: object, name: str, *, low: float = -math.inf,
                 high: float = math.inf) -> float:
    """A finite ASCII decimal number within [low, high] (no inf, nan or exponent)."""
    if not isinstance(raw, str) or not _FLOAT.fullmatch(raw):
        raise ValueError(f"{name} must be a decimal number")
    value = float(raw)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    return value
