"""[[communities]] in the configuration: members, the default community, and the errors a
city's file can make (a clinic or doctor in two communities, an unknown community)."""

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from teleconsult.api.events_api import visible
from teleconsult.core.digest import hash_secret
from teleconsult.reporting import consultations
from teleconsult.routing import paging
from teleconsult.settings import accounts_log
from teleconsult.settings.load import load_settings
from teleconsult.settings.reader import ConfigError
from teleconsult.stats import db, follow, queries
from teleconsult.store import keys
from teleconsult.store.files import Storage, case_id_for_study, check_case_id
from teleconsult.store.sessions import Principal

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "config" / "teleconsult.toml"

CITY = '''
[[communities]]
id = "east"
name = "东县医共体"
county_hospital = "东县人民医院"

[[communities.clinics]]
id = "east-town"
name = "东县一镇卫生院"
ae_titles = ["EAST_CT"]
token_sha256 = "{east_town}"

[[communities.doctors]]
id = "east-rad"
name = "东县放射科"
specialties = ["radiology"]
token_sha256 = "{east_rad}"
shifts = [{{days = "daily", start = "00:00", end = "24:00"}}]

[[communities]]
id = "west"
name = "西县医共体"

[[communities.clinics]]
id = "west-town"
name = "西县一镇卫生院"
ae_titles = ["WEST_CT"]
token_sha256 = "{west_town}"

[[communities.doctors]]
id = "west-rad"
name = "西县放射科"
specialties = ["radiology"]
clinics = ["west-town"]
token_sha256 = "{west_rad}"
shifts = [{{days = "daily", start = "00:00", end = "24:00"}}]
'''


def city_toml(extra: str = "") -> str:
    """The demo file (its clinics and doctors: the default community) and two counties."""
    return DEMO.read_text(encoding="utf-8") + CITY.format(
        **{k: hash_secret(f"demo-{k.replace('_', '-')}") for k in
           ("east_town", "east_rad", "west_town", "west_rad")}) + extra


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "city.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_single_community_file_is_one_default_community():
    s = load_settings(DEMO, env={})
    assert s.community_ids() == (keys.DEFAULT_COMMUNITY,)
    assert {c.community for c in s.clinics.values()} == {keys.DEFAULT_COMMUNITY}
    assert {d.community for d in s.doctors.values()} == {keys.DEFAULT_COMMUNITY}
    assert set(s.communities[keys.DEFAULT_COMMUNITY].clinics) == set(s.clinics)
    # the default community's routing keys are what they always were
    assert keys.route_tag() == "{route}" and keys.queue("radiology") == "tc:{route}:queue:radiology"


def test_communities_hold_their_clinics_and_doctors(tmp_path):
    s = load_settings(write(tmp_path, city_toml()), env={})
    assert s.community_ids() == ("default", "east", "west")
    east, west = s.communities["east"], s.communities["west"]
    assert (east.name, east.county_hospital) == ("东县医共体", "东县人民医院")
    assert east.clinics == ("east-town",) and east.doctors == ("east-rad",)
    assert west.clinics == ("west-town",) and west.doctors == ("west-rad",)
    assert s.community_of("east-town") == "east" and s.community_of("futian") == "default"
    assert [d.id for d in s.doctors_in("west")] == ["west-rad"]
    assert s.clinic_for_ae("WEST_CT").id == "west-town"
    assert keys.route_tag("east") == "{route:east}"


def test_a_top_level_row_may_name_its_community(tmp_path):
    text = city_toml().replace('id = "rad-zhang"', 'id = "rad-zhang"\ncommunity = "east"', 1)
    s = load_settings(write(tmp_path, text), env={})
    assert s.doctors["rad-zhang"].community == "east"


@pytest.mark.parametrize("extra,expect", [
    # the same clinic in two communities
    ('\n[[communities.clinics]]\nid = "east-town"\nname = "x"\nae_titles = ["X_CT"]\n'
     f'token_sha256 = "{"0" * 64}"\n',
     "communities[1].clinics[1].id: clinic 'east-town' is already in community 'east': "
     "a clinic or doctor belongs to one community"),
    # the same doctor in two communities
    ('\n[[communities.doctors]]\nid = "east-rad"\nname = "x"\nspecialties = ["radiology"]\n'
     f'token_sha256 = "{"0" * 64}"\nshifts = []\n',
     "communities[1].doctors[1].id: doctor 'east-rad' is already in community 'east'"),
    # a doctor covering another community's clinic
    ('\n[[communities.doctors]]\nid = "west-2"\nname = "x"\nspecialties = ["radiology"]\n'
     f'clinics = ["east-town"]\ntoken_sha256 = "{"0" * 64}"\nshifts = []\n',
     "communities[1].doctors[1].clinics: clinic 'east-town' is in community 'east', the "
     "doctor in 'west'"),
    # a row under one community naming another
    ('\n[[communities.doctors]]\nid = "west-3"\nname = "x"\nspecialties = ["radiology"]\n'
     f'community = "east"\ntoken_sha256 = "{"0" * 64}"\nshifts = []\n',
     "communities[1].doctors[1].community: 'east' is not 'west': a clinic or doctor belongs "
     "to one community"),
    # a second community with a taken id, and one named like the default
    ('\n[[communities]]\nid = "east"\nname = "again"\n', "communities[2].id: duplicate "
     "community id 'east'"),
    ('\n[[communities]]\nid = "default"\nname = "x"\n', "communities[2].id: 'default' is the "
     "top-level clinics' and doctors' community"),
    ('\n[[communities]]\nname = "no id"\n', "communities[2].id: missing"),
])
def test_a_city_file_that_breaks_the_rules_is_refused(tmp_path, extra, expect):
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, city_toml(extra)), env={})
    assert any(expect in p for p in err.value.problems), err.value.problems


def test_an_unknown_community_in_a_roster_or_pool_is_refused(tmp_path):
    text = city_toml().replace('id = "rad-zhang"', 'id = "rad-zhang"\ncommunity = "north"', 1)
    text = text.replace('members = ["exp-liu"]', 'members = ["exp-liu"]\n'
                        'communities = ["east", "south"]', 1)
    with pytest.raises(ConfigError) as err:
        load_settings(write(tmp_path, text), env={})
    problems = "\n".join(err.value.problems)
    assert "community: unknown community 'north' (known: default, east, west)" in problems
    assert "consult_pools[0].communities: unknown community 'south'" in problems


def test_a_pool_shared_by_named_communities_serves_those_only(tmp_path):
    text = city_toml().replace('members = ["exp-liu"]', 'members = ["exp-liu"]\n'
                               'communities = ["east", "west"]', 1)
    pool = next(iter(load_settings(write(tmp_path, text), env={}).consult_pools.values()))
    assert pool.serves("east") and pool.serves("west") and not pool.serves("default")


def test_an_account_edit_keeps_a_community_member_in_its_community(tmp_path):
    path = write(tmp_path, city_toml())
    data = tmp_path / "data"
    accounts_log.append(data, {"kind": "doctor", "id": "east-rad", "op": "put", "entry": {
        "name": "东县放射科（改）", "specialties": ["radiology"],
        "token_sha256": hash_secret("new"),
        "shifts": [{"days": "daily", "start": "08:00", "end": "20:00"}]}})
    s = load_settings(path, env={"TELECONSULT_DATA_DIR": str(data)}, with_accounts=True)
    assert s.doctors["east-rad"].community == "east"
    assert s.doctors["east-rad"].name == "东县放射科（改）"


def test_an_escalation_pages_the_supervisors_of_the_cases_community(tmp_path):
    text = city_toml().replace('id = "west-rad"', 'id = "west-rad"\nsupervisor = true', 1)
    s = load_settings(write(tmp_path, text), env={})
    default_sups = [d.id for d in s.doctors_in("default")
                    if d.supervisor and "radiology" in d.specialties]
    contacts = list(s.routing.escalation_contacts)
    west = {"specialty": "radiology", "case_id": "c0123456789abcdef-west"}
    assert paging.recipients("escalation", west, s) == ["west-rad", *contacts]
    home = {"specialty": "radiology", "case_id": "c0123456789abcdef"}
    assert paging.recipients("escalation", home, s) == [*default_sups, *contacts]
    assert "west-rad" not in paging.recipients("sla_breached", home, s)


def test_a_doctor_is_told_only_of_its_own_communitys_cases(tmp_path):
    s = load_settings(write(tmp_path, city_toml()), env={})
    east, home = Principal("doctor", "east-rad", ""), Principal("doctor", "rad-li", "")
    queued = {"type": "case_queued", "specialty": "radiology", "clinic": "east-town",
              "case_id": "c0123456789abcdef-east"}
    assert visible(queued, east, s) and not visible(queued, home, s)
    at_home = dict(queued, clinic="futian", case_id="c0123456789abcdef")
    assert visible(at_home, home, s) and not visible(at_home, east, s)
    # what names the doctor (a consultation asked of a shared pool's expert) still reaches it
    asked = {"type": "consultation_requested", "doctor": "exp-liu",
             "case_id": "c0123456789abcdef-east"}
    assert visible(asked, Principal("doctor", "exp-liu", ""), s)


def _accounts(config: Path, data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELECONSULT_")}
    env.update(TELECONSULT_CONFIG=str(config), TELECONSULT_DATA_DIR=str(data))
    return subprocess.run([sys.executable, "-m", "teleconsult.cli", "accounts", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_accounts_add_list_and_disable_community_members(tmp_path):
    config, data = write(tmp_path, city_toml()), tmp_path / "data"
    done = _accounts(config, data, "add", "doctor", "east-rad2", "--name", "东县二",
                     "--specialty", "radiology", "--shifts", "daily 08:00-20:00",
                     "--community", "east")
    assert done.returncode == 0, done.stderr
    done = _accounts(config, data, "disable", "west-rad")  # a [[communities.doctors]] row
    assert done.returncode == 0, done.stderr
    s = load_settings(config, env={"TELECONSULT_DATA_DIR": str(data)}, with_accounts=True)
    assert s.doctors["east-rad2"].community == "east"
    assert s.doctors["west-rad"].community == "west" and not s.doctors["west-rad"].shifts
    listed = {r["id"]: r for r in orjson.loads(_accounts(config, data, "list", "--json").stdout)}
    assert listed["west-rad"]["community"] == "west" and listed["west-rad"]["disabled"]
    assert listed["east-rad2"]["community"] == "east"
    assert listed["futian"]["community"] == keys.DEFAULT_COMMUNITY
    done = _accounts(config, data, "add", "doctor", "x-rad", "--name", "x", "--specialty",
                     "radiology", "--community", "north")
    assert done.returncode == 2 and "unknown community 'north'" in done.stderr


def test_turnaround_grouped_by_community(tmp_path):
    """The statistics group a city's cases by community (read from the case id)."""
    s = replace(load_settings(write(tmp_path, city_toml()), env={}), data_dir=tmp_path / "d")
    storage = Storage(s.data_dir)
    arrived = datetime(2026, 11, 3, 9, 0, tzinfo=s.timezone).timestamp()
    for i, (community, clinic, minutes) in enumerate((
            ("east", "east-town", 10), ("east", "east-town", 30), ("default", "futian", 5))):
        cid = case_id_for_study(f"1.2.3.{i}", community)
        storage.write_case({"case_id": cid, "clinic": clinic, "modality": "CT",
                            "specialty": "radiology", "priority": "routine",
                            "patient": {"id": "P"}, "received_at": arrived,
                            "created_at": arrived, "due_at": arrived + 3600})
        storage.append_history(cid, {"at": arrived, "status": "queued", "by": "assembler"})
        storage.append_history(cid, {"at": arrived + minutes * 60, "status": "assigned",
                                     "by": "router", "to": "x"})
    follow.catch_up(s, wait=True)
    with db.reading(s.data_dir) as con:
        rows = queries.turnaround(con, s.stats, date(2026, 11, 1), date(2026, 11, 30),
                                  ["community"], ("arrival_to_assigned",))
        volume = queries.volume(con, date(2026, 11, 1), date(2026, 11, 30), "community")
    got = {r["community"]: (r["n"], r["p50_min"]) for r in rows}
    assert got == {"default": (1, 5.0), "east": (2, 20.0)}
    assert {v["community"]: v["cases"] for v in volume} == {"default": 1, "east": 2}


@pytest.mark.parametrize("community", ["east", "north-1", "a", "x_y-z", "q01234567"])
def test_a_case_id_carries_its_community_and_parses_back(community):
    cid = case_id_for_study("1.2.840.99", community)
    assert cid.startswith(case_id_for_study("1.2.840.99")) and cid.endswith(f"-{community}")
    assert keys.case_community(cid) == community
    assert check_case_id(cid) == cid
    qid = consultations.new_id(cid)
    assert consultations.case_of(qid) == cid
    assert keys.case(cid).startswith(f"tc:{{route:{community}}}:")
    # the default community's ids and keys are as they always were
    plain = case_id_for_study("1.2.840.99")
    assert keys.case_community(plain) == keys.DEFAULT_COMMUNITY
    assert keys.case(plain) == f"tc:{{route}}:case:{plain}"
    for bad in (f"{plain}-", f"{plain}-East", f"{plain}-../x", f"{plain}-{'a' * 64}"):
        with pytest.raises(ValueError):
            check_case_id(bad)
