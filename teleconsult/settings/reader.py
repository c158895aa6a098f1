"""Reading configuration tables: every problem is recorded ("file: key: what") instead of
stopping at the first, so ``teleconsult check-config`` can list them all.

``Reader`` walks the tables of the file; ``positive_number`` and ``known_table`` are the same
checks for sections that collect their problems in a list and raise ``ConfigError`` once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from teleconsult.core.numbers import strict_int


class ConfigError(Exception):
    """One or more configuration problems; ``problems`` lists "file: key: what"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# \Z, not $: "$" also matches before a final newline, and "futian\n" is no account id
AE_RE = re.compile(r"^[\x20-\x5b\x5d-\x7e]{1,16}\Z")  # no backslash, printable
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}\Z")
HHMM_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d\Z|^24:00\Z")


class Reader:
    """Walks a TOML table, recording problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def fail(self, key: str, what: str) -> None:
        self.problems.append(f"{self.source}: {key}: {what}")

    def table(self, data: Any, key: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(data, dict):
            self.fail(key, "must be a table")
            return {}
        for k in sorted(set(data) - allowed):
            self.fail(f"{key}.{k}" if key else k, "unknown key")
        for k in sorted(required - set(data)):
            self.fail(f"{key}.{k}" if key else k, "missing")
        return data

    def get(self, data: dict, key: str, path: str, kind: type | tuple, default: Any = None) -> Any:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) and kind in (int, float):
            self.fail(f"{path}.{key}", f"must be {kind.__name__}")
            return default
        if not isinstance(value, kind):
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            self.fail(f"{path}.{key}", f"must be {name}, got {type(value).__name__}")
            return default
        return value

    def new_id(self, data: dict, path: str, taken: Mapping, what: str = "id") -> str:
        """The table's ``id``: well formed (it names files and keys) and not in ``taken``."""
        value = self.get(data, "id", path, str, "")
        if not ID_RE.match(value):
            self.fail(f"{path}.id", f"must be lowercase letters, digits, - or _, got {value!r}")
        if value in taken:
            self.fail(f"{path}.id", f"duplicate {what} {value!r}")
        return value

    def str_list(self, data: dict, key: str, path: str) -> tuple[str, ...]:
        value = self.get(data, key, path, list, [])
        if not all(isinstance(v, str) for v in value):
            self.fail(f"{path}.{key}", "must be a list of strings")
            return ()
        return tuple(value)

    def password_hash(self, data: dict, path: str) -> str | None:
        value = self.get(data, "password_hash", path, str)
        if value is not None and not value.startswith("$argon2"):
            self.fail(f"{path}.password_hash", "must be an argon2 hash ($argon2id$...)")
        return value

    def secret(self, data: dict, path: str) -> str:
        if "token_sha256" in data and "token" in data:
            self.fail(path, "give token_sha256 or token, not both")
        if "token_sha256" in data:
            digest = self.get(data, "token_sha256", path, str, "")
            if not re.fullmatch(r"[0-9a-f]{64}", digest):
                self.fail(f"{path}.token_sha256", "must be 64 lowercase hex digits")
            return digest
        self.fail(f"{path}.token_sha256", "missing")
        return ""


def positive_number(problems: list[str], src: str, t: dict, key: str, default: float,
                    path: str) -> float:
    """``t[key]`` as a positive number (``default`` when absent or wrong, the problem noted)."""
    value = t.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        problems.append(f"{src}: {path}.{key}: must be a positive number")
        return default
    return float(value)


def known_table(problems: list[str], src: str, t: Any, allowed: set[str], path: str) -> dict:
    """``t`` if it is a table (else ``{}``), every key not in ``allowed`` noted as unknown."""
    if not isinstance(t, dict):
        problems.append(f"{src}: {path}: must be a table")
        return {}
    problems += [f"{src}: {path}.{k}: unknown key" for k in sorted(set(t) - allowed)]
    return t


def port_from_env(r: Reader, env: Mapping[str, str], name: str, default: int) -> int:
    """A port from the environment variable ``name`` if set, else ``default``."""
    raw = env.get(name)
    if raw is None:
        return default
    try:
        return strict_int(raw, name, high=65535)
    except ValueError:
        r.fail(f"environment {name}", f"must be a port number, got {raw!r}")
        return default
