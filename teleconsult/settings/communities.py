"""``[[communities]]``: one deployment serving several communities (a city's counties).

```toml
[[communities]]
id = "east"                      # names its Redis hash tag {route:east}
name = "东县医共体"
county_hospital = "东县人民医院"

[[communities.clinics]]          # exactly the keys of a top-level [[clinics]] table
id = "east-town1"
...

[[communities.doctors]]          # exactly the keys of a top-level [[doctors]] table
id = "east-rad"
...
```

The top-level ``[[clinics]]`` and ``[[doctors]]`` are the default community's (a
single-community file is one default community, unchanged); a top-level row may instead name
its community with ``community = "<id>"``. ``flatten`` moves every community's rows to the
top-level tables, each marked with its community, before the account log is replayed and the
rows parsed: one set of rules, one id space (an id names one account across communities).
"""

from __future__ import annotations

from typing import Any

from teleconsult.settings.model import Community
from teleconsult.settings.reader import Reader
from teleconsult.store.keys import DEFAULT_COMMUNITY

_KEYS = {"id", "name", "county_hospital", "clinics", "doctors"}
PEOPLE = ("clinics", "doctors")


def flatten(r: Reader, data: dict) -> tuple[dict, dict[str, list[str]]]:
    """``data`` with every ``[[communities]]`` row moved to the top-level tables (marked
    ``community = <id>``), and per table the path each row was written at (for messages)."""
    out = {k: v for k, v in data.items() if k != "communities"}
    paths: dict[str, list[str]] = {}
    for table in PEOPLE:
        rows = out.get(table, [])
        rows = list(rows) if isinstance(rows, list) else []
        out[table] = rows
        paths[table] = [f"{table}[{i}]" for i in range(len(rows))]
    items = data.get("communities", [])
    if not isinstance(items, list):
        r.fail("communities", "must be a list of tables")
        return out, paths
    for i, raw in enumerate(items):
        p = f"communities[{i}]"
        t = r.table(raw, p, _KEYS, {"id", "name"})
        cid = t.get("id")
        if not isinstance(cid, str):
            continue  # reported by ``parse``
        for table in PEOPLE:
            rows = r.get(t, table, p, list, [])
            for j, row in enumerate(rows):
                where = f"{p}.{table}[{j}]"
                if isinstance(row, dict) and row.get("community", cid) != cid:
                    r.fail(f"{where}.community", f"{row['community']!r} is not {cid!r}: "
                           "a clinic or doctor belongs to one community")
                out[table].append(dict(row, community=cid) if isinstance(row, dict) else row)
                paths[table].append(where)
    return out, paths


def parse(r: Reader, data: dict, default_name: str, default_hospital: str
          ) -> dict[str, Community]:
    """The communities the file declares, and the default one (the top-level rows')."""
    out = {DEFAULT_COMMUNITY: Community(DEFAULT_COMMUNITY, default_name, default_hospital)}
    items = data.get("communities", [])
    for i, raw in enumerate(items if isinstance(items, list) else []):
        p = f"communities[{i}]"
        if not isinstance(raw, dict):
            continue  # reported by ``flatten``
        cid = r.new_id(raw, p, out, "community id")
        if cid == DEFAULT_COMMUNITY:
            r.fail(f"{p}.id", f"{cid!r} is the top-level clinics' and doctors' community; "
                   "give this one another id")
        out[cid] = Community(cid, r.get(raw, "name", p, str, cid),
                             r.get(raw, "county_hospital", p, str, ""))
    return out


def community_of(r: Reader, row: Any, path: str, known: dict[str, Community]) -> str:
    """The community a clinic or doctor row belongs to (checked against ``known``)."""
    if not isinstance(row, dict):
        return DEFAULT_COMMUNITY
    cid = row.get("community", DEFAULT_COMMUNITY)
    if cid not in known:
        r.fail(f"{path}.community", f"unknown community {cid!r} (known: "
               f"{', '.join(sorted(known))})")
        return DEFAULT_COMMUNITY
    return cid


def with_members(communities: dict[str, Community], clinics: dict, doctors: dict
                 ) -> dict[str, Community]:
    """Each community with the ids of its clinics and doctors."""
    return {cid: Community(c.id, c.name, c.county_hospital,
                           tuple(k for k, v in clinics.items() if v.community == cid),
                           tuple(k for k, v in doctors.items() if v.community == cid))
            for cid, c in communities.items()}
