from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from teleconsult.cli import main
from teleconsult.core.digest import hash_secret
from teleconsult.routing.roster import on_duty
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError

DEMO = Path(__file__).resolve().parent.parent / "config" / "teleconsult.toml"


def test_demo_identities_are_the_contract():
    s = load_settings(DEMO, env={})
    assert {"futian", "guandu", "miaoyu"} <= set(s.clinics)
    assert s.clinic_for_ae("FUTIAN_CT").id == "futian"
    assert s.clinic_for_ae("FUTIAN_ECG").id == "futian"
    assert s.clinic_for_ae("GUANDU_DR").id == "guandu"
    assert s.clinic_for_ae("MIAOYU_CT").id == "miaoyu"
    assert s.clinic_for_ae("NOBODY") is None
    for who, table in (("futian", s.clinics), ("guandu", s.clinics), ("miaoyu", s.clinics),
                       ("rad-li", s.doctors), ("rad-wang", s.doctors),
                       ("card-chen", s.doctors), ("card-zhao", s.doctors),
                       ("admin", s.admins)):
        assert table[who].token_sha256 == hash_secret(f"demo-{who}")
    assert s.http_port == 8080 and s.dicom_port == 11112 and s.ae_title == "TELECONSULT"


def test_every_hour_of_the_week_has_a_radiologist_and_a_cardiologist():
    s = load_settings(DEMO, env={})
    start = datetime(2026, 11, 23, tzinfo=s.timezone)  # a Monday
    for quarter in range(7 * 24 * 4):
        at = start + timedelta(minutes=15 * quarter)
        for specialty in ("radiology", "cardiology"):
            assert on_duty(s.doctors.values(), specialty, "futian", at.astimezone(UTC),
                           s.timezone), f"no {specialty} at {at}"


def test_settings_are_frozen_and_env_overrides_file():
    s = load_settings(DEMO, env={"TELECONSULT_HTTP_PORT": "9999", "TELECONSULT_DATA_DIR": "/x",
                                 "TELECONSULT_REDIS_URL": "redis://h:1/0"})
    assert s.http_port == 9999 and str(s.data_dir) == "/x" and s.redis_target().url == "redis://h:1/0"
    with pytest.raises(FrozenInstanceError):
        s.http_port = 1  # type: ignore[misc]


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,expect", [
    ('ae_title = "TELECONSULT"', 'ae_title = "TELECONSULT"\ncolour = "red"',
     "server.colour: unknown key"),
    ("capacity = 30", "capacity = 0", "doctors[0].capacity: must be at least 1"),
    ('start = "08:00", end = "20:00"', 'start = "25:00", end = "20:00"',
     "doctors[0].shifts[0].start"),
    ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Olympus"', "community.timezone"),
    ('ae_titles = ["GUANDU_DR"]', 'ae_titles = ["FUTIAN_CT"]', "already belongs to futian"),
    ("sla_minutes = 30", "sla_minutes = -5", "routing.priorities.stat"),
    ('CT = "radiology"', 'CT = "dermatology"', "routing.specialty_by_modality.CT"),
    ('fallback_charset = "GB18030"', 'fallback_charset = "KLINGON"', "fallback_charset"),
    ('id = "rad-wang"', 'id = "rad-li"', "duplicate doctor id 'rad-li'"),
    ('id = "futian"', 'id = "../futian"', "clinics[0].id: must be lowercase letters"),
    ('id = "provincial"', 'id = "Provincial"', "consult_pools[0].id: must be lowercase"),
])
def test_bad_values_name_file_and_key(tmp_path, old, new, expect):
    path = _broken(tmp_path, old, new)
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert any(str(path) in p and expect in p for p in info.value.problems), info.value.problems


def test_check_config_command(tmp_path, capsys):
    assert main(["--config", str(DEMO), "check-config"]) == 0
    assert "OK" in capsys.readouterr().out
    bad = _broken(tmp_path, "capacity = 30", "capacity = 'many'")
    assert main(["--config", str(bad), "check-config"]) == 2
    err = capsys.readouterr().err
    assert "doctors[0].capacity" in err and str(bad) in err


def test_not_toml_is_a_clear_error(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text("[[[ nope", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path, env={})
