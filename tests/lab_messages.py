"""HL7 ORU^R01 messages and FHIR bundles as township laboratory systems send them (tests)."""

from __future__ import annotations


def oru(control: str = "MSG0001", facility: str = "FUTIAN", pid: str = "F12345",
        potassium: str = "4.1", flag: str = "N", when: str = "20261207093000",
        community_id: str = "110101199001011234", name: str = "张^三",
        dob: str = "19900101", extra_obx: tuple[str, ...] = (), sex: str = "M") -> str:
    """A basic metabolic panel for one patient (\r between segments, as on the wire)."""
    segments = [
        f"MSH|^~\\&|LIS|{facility}|TELECONSULT|COUNTY|{when}||ORU^R01^ORU_R01|{control}|P|"
        "2.5.1|||||CHN|UNICODE UTF-8",
        f"PID|1||{pid}^^^{facility}^MR~{community_id}^^^RESIDENT_ID^NI||{name}||{dob}|{sex}",
        f"OBR|1|ORD-{control}|FIL-{control}|24320-4^基础代谢组合^LN|||{when}|||||||||||||||"
        f"{when}||CH|F",
        f"OBX|1|NM|2823-3^钾^LN||{potassium}|mmol/L|3.5-5.3|{flag}|||F|||{when}",
        f"OBX|2|NM|2951-2^钠^LN||140|mmol/L|137-147|N|||F|||{when}",
        f"OBX|3|NM|2160-0^肌酐^LN||88|umol/L|57-111|N|||F|||{when}",
        *extra_obx,
    ]
    return "\r".join(segments)


def bundle(identifier: str = "B-0001", pid: str = "G777", potassium: float = 4.2,
           interpretation: str = "N", when: str = "2026-12-06T08:30:00+08:00",
           community_id: str = "110101199001011234", name: str = "张三",
           gender: str = "male") -> dict:
    """A FHIR R4 transaction Bundle: Patient, one DiagnosticReport, two Observations."""
    def obs(n: int, code: str, display: str, value: float, unit: str, low: float,
            high: float, interp: str) -> dict:
        return {"fullUrl": f"urn:uuid:obs-{n}", "request": {"method": "POST",
                                                           "url": "Observation"},
                "resource": {"resourceType": "Observation", "status": "final",
                             "code": {"coding": [{"system": "http://loinc.org",
                                                  "code": code, "display": display}]},
                             "subject": {"reference": "urn:uuid:patient"},
                             "effectiveDateTime": when,
                             "valueQuantity": {"value": value, "unit": unit},
                             "referenceRange": [{"low": {"value": low},
                                                 "high": {"value": high}}],
                             "interpretation": [{"coding": [{"code": interp}]}]}}
    return {
        "resourceType": "Bundle", "type": "transaction",
        "identifier": {"system": "urn:guandu:lis", "value": identifier},
        "entry": [
            {"fullUrl": "urn:uuid:patient", "request": {"method": "POST", "url": "Patient"},
             "resource": {"resourceType": "Patient",
                          "identifier": [{"system": "GUANDU", "value": pid},
                                         {"system": "RESIDENT_ID", "value": community_id}],
                          "name": [{"text": name}], "gender": gender,
                          "birthDate": "1990-01-01"}},
            obs(1, "2823-3", "钾", potassium, "mmol/L", 3.5, 5.3, interpretation),
            obs(2, "2160-0", "肌酐", 95, "umol/L", 57, 111, "N"),
            {"fullUrl": "urn:uuid:report", "request": {"method": "POST",
                                                      "url": "DiagnosticReport"},
             "resource": {"resourceType": "DiagnosticReport", "status": "final",
                          "code": {"coding": [{"system": "http://loinc.org",
                                               "code": "24320-4", "display": "基础代谢组合"}]},
                          "subject": {"reference": "urn:uuid:patient"},
                          "effectiveDateTime": when,
                          "result": [{"reference": "urn:uuid:obs-1"},
                                     {"reference": "urn:uuid:obs-2"}]}},
        ],
    }
