"""Bearer tokens are found by digest, as the scan over every account found them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from teleconsult.api.tokens import TokenIndex
from teleconsult.core.digest import hash_secret
from teleconsult.settings.load import load_settings

CONFIG = Path(__file__).resolve().parents[1] / "config" / "teleconsult.toml"


def test_every_kind_found_and_nothing_else() -> None:
    settings = load_settings(CONFIG, env={})
    index = TokenIndex(settings)
    found = set()
    for kind, table in (("clinic", settings.clinics), ("doctor", settings.doctors),
                        ("admin", settings.admins), ("screen", settings.screens)):
        for item in table.values():
            token = settings.demo_tokens.get(item.id)
            if token is None:
                continue
            who = index.identify(token)
            assert who is not None and (who.kind, who.id) == (kind, item.id)
            found.add(kind)
    assert found == {"clinic", "doctor", "admin", "screen"}
    assert index.identify("not-a-token") is None
    assert index.identify("") is None


def test_a_shared_digest_answers_as_the_scan_did() -> None:
    settings = load_settings(CONFIG, env={})
    clinic = next(iter(settings.clinics.values()))
    doctor = next(iter(settings.doctors.values()))
    same = hash_secret("shared")
    settings = replace(settings,
                       clinics={clinic.id: replace(clinic, token_sha256=same)},
                       doctors={doctor.id: replace(doctor, token_sha256=same)})
    who = TokenIndex(settings).identify("shared")
    assert who is not None and (who.kind, who.id) == ("clinic", clinic.id)
