"""Configuration keys of Query/Retrieve, charsets and non-image studies: defaults and errors."""

from __future__ import annotations

import pytest

from teleconsult.settings.load import load_settings
from tests.test_settings import DEMO, _broken
from tests.test_settings import test_bad_values_name_file_and_key as check_bad_value


def test_defaults_need_no_config_change():
    s = load_settings(DEMO, env={})
    assert s.routing.non_image_studies == "attach" and "SR" in s.routing.non_image_modalities
    assert s.clinics["guandu"].charset_mislabelled and not s.clinics["futian"].charset_mislabelled
    assert s.clinics["futian"].qr_destinations == () and s.doctors["rad-li"].workstations == ()


def test_workstations_and_destinations_parse(tmp_path):
    path = _broken(tmp_path, 'ae_titles = ["GUANDU_DR"]', 'ae_titles = ["GUANDU_DR"]\n'
                   'qr_destinations = [{ ae = "GUANDU_VIEW", host = "10.0.0.7", port = 104 }]')
    path.write_text(path.read_text().replace(
        'capacity = 30', 'capacity = 30\nworkstations = [{ ae = "RADLI_WS", host = "ws1", '
        'port = 11113 }]', 1))
    s = load_settings(path, env={})
    assert s.clinics["guandu"].qr_destinations[0].port == 104
    assert s.doctors["rad-li"].workstations[0].ae == "RADLI_WS"


@pytest.mark.parametrize("old,new,expect", [
    ('ae_titles = ["GUANDU_DR"]',
     'ae_titles = ["GUANDU_DR"]\nqr_destinations = [{ ae = "FUTIAN_CT", host = "h", port = 1 }]',
     "clinics[1].qr_destinations[0].ae: AE title 'FUTIAN_CT' already belongs to futian"),
    ('ae_titles = ["GUANDU_DR"]',
     'ae_titles = ["GUANDU_DR"]\nqr_destinations = [{ ae = "V", host = "h", port = 0 }]',
     "clinics[1].qr_destinations[0].port: must be 1..65535"),
    ('ae_titles = ["GUANDU_DR"]',
     'ae_titles = ["GUANDU_DR"]\nqr_destinations = [{ ae = "V", host = "h" }]',
     "clinics[1].qr_destinations[0].port: missing"),
    ("capacity = 30", 'capacity = 30\nworkstations = [{ ae = "GUANDU_DR", host = "h", '
     'port = 5 }]', "doctors[0].workstations[0].ae: AE title 'GUANDU_DR' already belongs"),
    ("capacity = 30", 'capacity = 30\nworkstations = [{ ae = "W", host = "", port = 5 }]',
     "doctors[0].workstations[0].host"),
    ("charset_mislabelled = true", 'charset_mislabelled = "yes"',
     "clinics[1].charset_mislabelled: must be bool"),
    ("[routing]", '[routing]\nnon_image_studies = "sometimes"', "routing.non_image_studies"),
])
def test_bad_values_name_file_and_key(tmp_path, old, new, expect):
    check_bad_value(tmp_path, old, new, expect)
