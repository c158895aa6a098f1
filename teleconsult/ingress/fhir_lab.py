"""A laboratory result from a FHIR R4 transaction ``Bundle`` of ``Patient``,
``DiagnosticReport`` and ``Observation`` (pure).

Validation is the ``fhir.resources`` library's (its R4B models: R4 with technical corrections,
the same DiagnosticReport and Observation); this module reads the validated models into the
record ``lab_results.from_oru`` makes from HL7, one per bundle. What we cannot keep whole
raises ``LabRejected`` with the reason.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from dicom.charset import display_name
from teleconsult.ingress.lab_results import MAX_OBSERVATIONS, LabRejected, result_id

BUNDLE_TYPES = ("transaction", "collection")
_SEX = {"male": "M", "female": "F", "other": "O"}


def validate(body: object) -> Bundle:
    """The bundle, validated against the FHIR models; ``LabRejected`` naming the first
    problems otherwise."""
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        raise LabRejected("AE", "send a FHIR Bundle (resourceType Bundle)")
    if body.get("type") not in BUNDLE_TYPES:
        raise LabRejected("AE", f"Bundle.type must be one of {', '.join(BUNDLE_TYPES)}")
    try:
        return Bundle.model_validate(body)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors()[:5])
        raise LabRejected("AE", f"not a valid FHIR R4 Bundle: {problems}") from None


def _when(value: object, tz: ZoneInfo) -> str:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=tz)).astimezone(tz).isoformat()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz).isoformat()
    return ""


def _coding(concept: object) -> tuple[str, str, str]:
    """(code, display, system) of a CodeableConcept's first coding (text as display)."""
    codings = getattr(concept, "coding", None) or []
    first = codings[0] if codings else None
    code = (first.code or "") if first else ""
    display = ((first.display or "") if first else "") or getattr(concept, "text", "") or code
    return code, display, (first.system or "") if first else ""


def _patient(resource: object) -> dict:
    ids = [(i.value or "", i.system or "") for i in (resource.identifier or []) if i.value]
    if not ids:
        raise LabRejected("AE", "Patient.identifier is empty")
    name = ""
    if resource.name:
        n = resource.name[0]
        name = n.text or display_name(f"{n.family or ''}^{''.join(n.given or [])}")[0]
    born = resource.birthDate
    return {"id": ids[0][0], "issuer": ids[0][1], "name": name,
            "sex": _SEX.get(resource.gender or "", ""),
            "birth_date": born.isoformat() if isinstance(born, date) else "",
            "other_ids": [{"id": i, "issuer": s} for i, s in ids[1:]]}


def _observation(obs: object, fallback: str, tz: ZoneInfo) -> dict:
    code, name, system = _coding(obs.code)
    if not code:
        raise LabRejected("AE", "Observation.code has no coding code")
    unit, value, kind = "", obs.valueString or "", "ST"
    if obs.valueQuantity is not None and obs.valueQuantity.value is not None:
        value, kind = float(obs.valueQuantity.value), "NM"
        unit = obs.valueQuantity.unit or obs.valueQuantity.code or ""
    low = high = None
    ref = ""
    if obs.referenceRange:
        rr = obs.referenceRange[0]
        low = float(rr.low.value) if rr.low and rr.low.value is not None else None
        high = float(rr.high.value) if rr.high and rr.high.value is not None else None
        ref = rr.text or (f"{low:g}-{high:g}" if low is not None and high is not None else
                          f">={low:g}" if low is not None else
                          f"<={high:g}" if high is not None else "")
    flag = _coding(obs.interpretation[0])[0].upper() if obs.interpretation else ""
    status = {"final": "F", "preliminary": "P", "corrected": "C", "amended": "C"}.get(
        obs.status or "", (obs.status or "").upper())
    return {"code": code, "name": name, "system": system, "value_type": kind, "value": value,
            "unit": unit, "reference_range": ref, "low": low, "high": high, "flag": flag,
            "status": status, "observed_at": _when(obs.effectiveDateTime, tz) or fallback}


def _entries(bundle: Bundle) -> dict[str, object]:
    """fullUrl (and ResourceType/id) → resource, for resolving references."""
    out: dict[str, object] = {}
    for entry in bundle.entry or []:
        res = entry.resource
        if res is None:
            continue
        if entry.fullUrl:
            out[entry.fullUrl] = res
        if getattr(res, "id", None):
            out[f"{res.get_resource_type()}/{res.id}"] = res
    return out


def from_bundle(bundle: Bundle, clinic_id: str, tz: ZoneInfo, digest_of: bytes) -> dict:
    """The record of one bundle from ``clinic_id``; ``digest_of``: the body as sent, naming
    the result when the bundle carries no identifier (a re-sent bundle is stored once)."""
    refs = _entries(bundle)
    reports = [e.resource for e in bundle.entry or []
               if e.resource is not None and e.resource.get_resource_type() == "DiagnosticReport"]
    if not reports:
        raise LabRejected("AE", "the bundle holds no DiagnosticReport")
    subjects = {r.subject.reference for r in reports if r.subject and r.subject.reference}
    if len(subjects) != 1 or next(iter(subjects)) not in refs:
        raise LabRejected("AE", "every DiagnosticReport.subject must reference the one "
                                "Patient in the bundle")
    patient = refs[next(iter(subjects))]
    if patient.get_resource_type() != "Patient":
        raise LabRejected("AE", "DiagnosticReport.subject must be a Patient")
    orders = []
    for report in reports:
        code, name, _ = _coding(report.code)
        when = _when(report.effectiveDateTime, tz) or _when(report.issued, tz)
        observations = []
        for ref in report.result or []:
            obs = refs.get(ref.reference or "")
            if obs is None or obs.get_resource_type() != "Observation":
                raise LabRejected("AE", f"DiagnosticReport.result {ref.reference!r} is not an "
                                        "Observation in the bundle")
            observations.append(_observation(obs, when, tz))
        when = when or next((o["observed_at"] for o in observations if o["observed_at"]), "")
        if not observations or not when:
            raise LabRejected("AE", "a DiagnosticReport needs results and an effective time")
        ident = report.identifier[0].value if report.identifier else ""
        orders.append({"code": code, "name": name, "placer": ident or "", "filler": "",
                       "observed_at": when, "status": (report.status or "").upper()[:1],
                       "observations": observations})
    if sum(len(o["observations"]) for o in orders) > MAX_OBSERVATIONS:
        raise LabRejected("AE", f"more than {MAX_OBSERVATIONS} observations")
    message_id = (bundle.identifier.value if bundle.identifier and bundle.identifier.value
                  else "sha256:" + hashlib.sha256(digest_of).hexdigest())
    return {"result_id": result_id(clinic_id, "fhir", message_id), "kind": "lab",
            "clinic": clinic_id, "source": "fhir", "message_id": message_id,
            "facility": clinic_id.upper(), "patient": _patient(patient), "orders": orders}



def _quantity_or_string(obs: dict) -> dict:
    if obs["value_type"] == "NM" and isinstance(obs["value"], float):
        return {"valueQuantity": {"value": obs["value"], "unit": obs["unit"]}}
    return {"valueString": str(obs["value"])}


def _range(obs: dict) -> list[dict]:
    rr = {k: {"value": obs[k]} for k in ("low", "high") if obs.get(k) is not None}
    if obs.get("reference_range"):
        rr["text"] = obs["reference_range"]
    return [rr] if rr else []


def to_bundle(record: dict) -> dict:
    """A stored result as a FHIR R4 ``collection`` Bundle (validated by the library before it
    is returned): the Patient, a DiagnosticReport per order and its Observations."""
    p = record["patient"]
    patient = {"resourceType": "Patient", "id": "patient",
               "identifier": [{"system": i["issuer"] or record["clinic"], "value": i["id"]}
                              for i in [{"id": p["id"], "issuer": p.get("issuer", "")},
                                        *p.get("other_ids", [])]],
               "name": [{"text": p["name"]}] if p.get("name") else [],
               **({"gender": {"M": "male", "F": "female", "O": "other"}[p["sex"]]}
                  if p.get("sex") in ("M", "F", "O") else {}),
               **({"birthDate": p["birth_date"]} if p.get("birth_date") else {})}
    entries = [{"fullUrl": "urn:uuid:patient", "resource": patient}]
    status = {"F": "final", "P": "preliminary", "C": "corrected"}
    for n, order in enumerate(record["orders"], 1):
        refs = []
        for m, obs in enumerate(order["observations"], 1):
            url = f"urn:uuid:obs-{n}-{m}"
            refs.append({"reference": url})
            entries.append({"fullUrl": url, "resource": {
                "resourceType": "Observation", "id": f"obs-{n}-{m}",
                "status": status.get(obs["status"], "final"),
                "code": {"coding": [{"code": obs["code"], "display": obs["name"],
                                     **({"system": obs["system"]} if obs["system"] else {})}]},
                "subject": {"reference": "urn:uuid:patient"},
                "effectiveDateTime": obs["observed_at"], **_quantity_or_string(obs),
                "referenceRange": _range(obs),
                "interpretation": [{"coding": [{"code": obs["flag"]}]}] if obs["flag"] else []}})
        entries.append({"fullUrl": f"urn:uuid:report-{n}", "resource": {
            "resourceType": "DiagnosticReport", "id": f"report-{n}",
            "status": status.get(order["status"], "final"),
            "code": {"coding": [{"code": order["code"] or "lab", "display": order["name"]}]},
            "subject": {"reference": "urn:uuid:patient"},
            "effectiveDateTime": order["observed_at"], "result": refs}})
    bundle = {"resourceType": "Bundle", "type": "collection",
              "identifier": {"system": "urn:teleconsult:lab", "value": record["result_id"]},
              "entry": entries}
    Bundle.model_validate(bundle)  # what we hand out is valid FHIR, or we fail loudly here
    return bundle
