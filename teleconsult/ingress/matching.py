"""Attribute matching for QIDO-RS and C-FIND alike (PS3.4 C.2.2.2); pure, no I/O.

Single value, ``*``/``?`` wildcards, lists of UIDs or modalities (comma or backslash), date
ranges ``A-B``, ``A-``, ``-B``, and person names by component group: ``Wang^XiaoDong=王^小东``
is found by either group, the alphabetic one case-insensitively, the ideographic one also
written without ``^`` (王小东), as Chinese readers type it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fnmatch import fnmatchcase

from teleconsult.ingress.dicomjson import InstanceInfo, SeriesInfo, StudyInfo

_DATE = re.compile(r"^(\d{8})?(-)?(\d{8})?\Z")


class BadQuery(ValueError):
    """A matching key whose value cannot be a query (e.g. a malformed date range)."""


def values(spec: str) -> list[str]:
    """A list of values: comma or backslash separated, blanks dropped."""
    return [v.strip() for v in re.split(r"[,\\]", spec) if v.strip()]


def text_match(spec: str, value: str, fold: bool = False) -> bool:
    if fold:
        spec, value = spec.upper(), value.upper()
    return any(fnmatchcase(value, pattern) for pattern in values(spec))


def date_match(spec: str, value: str, what: str = "StudyDate") -> bool:
    """``YYYYMMDD``, ``A-B``, ``A-`` or ``-B`` (dashes inside ISO dates are ignored)."""
    spec = re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\1\2\3", spec)
    m = _DATE.match(spec)
    if not m or not (m.group(1) or m.group(3)):
        raise BadQuery(f"{what} {spec[:40]!r} is not YYYYMMDD or a range A-B")
    start, dash, end = m.groups()
    if not dash:
        return value == start
    return bool(value) and (not start or value >= start) and (not end or value <= end)


def _groups(pn: str) -> list[str]:
    return [g.rstrip("^ ") for g in pn.split("=")]


def _group_match(pattern: str, group: str, index: int) -> bool:
    if not pattern:
        return True
    if index == 0:  # alphabetic: case-insensitive, "^" or a space between parts
        p, g = pattern.upper(), group.upper()
        return fnmatchcase(g, p) or fnmatchcase(g.replace("^", " "), p.replace("^", " "))
    # ideographic / phonetic: exact, and also with the component separators left out
    return fnmatchcase(group, pattern) or fnmatchcase(group.replace("^", ""),
                                                       pattern.replace("^", ""))


def pn_match(spec: str, stored: str) -> bool:
    """Does the stored PN match any of the (comma separated) query names?"""
    stored_groups = _groups(stored)
    for query in values(spec):
        wanted = _groups(query)
        if len(wanted) == 1:  # one group: any of the stored groups may match it
            if any(_group_match(wanted[0], g, i) for i, g in enumerate(stored_groups) if g):
                return True
        elif all(_group_match(w, stored_groups[i] if i < len(stored_groups) else "", i)
                 for i, w in enumerate(wanted[:3])):
            return True
    return False


def _check(q: dict[str, str], checks: dict[str, Callable[[str], bool]]) -> bool:
    return all(check(q[key]) for key, check in checks.items() if q.get(key, "") not in ("", "*"))


def study_matches(s: StudyInfo, q: dict[str, str]) -> bool:
    """Study-level keys (by keyword); empty or ``*`` values match everything."""
    return _check(q, {
        "PatientID": lambda v: text_match(v, s.patient_id),
        "PatientName": lambda v: pn_match(v, s.patient_name),
        "StudyDate": lambda v: date_match(v, s.date),
        "ModalitiesInStudy": lambda v: bool(set(values(v.upper())) & set(s.modalities)),
        "StudyInstanceUID": lambda v: s.uid in values(v),
        "AccessionNumber": lambda v: text_match(v, s.accession),
        "PatientBirthDate": lambda v: date_match(v, s.birth_date, "PatientBirthDate"),
        "PatientSex": lambda v: text_match(v.upper(), s.sex.upper()),
        "StudyDescription": lambda v: text_match(v, s.description, fold=True),
    })


def series_matches(series: SeriesInfo, q: dict[str, str]) -> bool:
    return _check(q, {
        "Modality": lambda v: text_match(v.upper(), series.modality),
        "SeriesInstanceUID": lambda v: series.uid in values(v),
        "SeriesNumber": lambda v: text_match(v, series.number),
    })


def instance_matches(inst: InstanceInfo, q: dict[str, str]) -> bool:
    return _check(q, {
        "SOPInstanceUID": lambda v: inst.sop_uid in values(v),
        "SOPClassUID": lambda v: inst.sop_class_uid in values(v),
        "InstanceNumber": lambda v: text_match(v, inst.instance_number),
    })
