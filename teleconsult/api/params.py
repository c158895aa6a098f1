"""Numbers from the query string and the path, parsed strictly (``core.numbers``) into
400 ``BadRequest``s with the endpoint's error code."""

from __future__ import annotations

import math
from collections.abc import Mapping

from teleconsult.api.errors import BadRequest
from teleconsult.core.numbers import strict_float, strict_int


def int_arg(raw: str, name: str, *, low: int = 0, high: int | None = None,
            code: str = "invalid_query") -> int:
    """``raw`` as an integer in [low, high], or a 400 with ``code``."""
    try:
        return strict_int(raw, name, low=low, high=high)
    except ValueError as exc:
        raise BadRequest(str(exc), code) from None


def float_arg(raw: str, name: str, *, low: float = -math.inf, high: float = math.inf,
              code: str = "invalid_query") -> float:
    """``raw`` as a finite decimal number in [low, high], or a 400 with ``code``."""
    try:
        return strict_float(raw, name, low=low, high=high)
    except ValueError as exc:
        raise BadRequest(str(exc), code) from None


def query_int(query: Mapping[str, str], name: str, default: int, *, low: int = 0,
              high: int | None = None, code: str = "invalid_query") -> int:
    """``query[name]`` as an integer in [low, high]; ``default`` when absent or empty."""
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    return int_arg(raw, name, low=low, high=high, code=code)
