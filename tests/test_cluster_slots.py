"""Redis Cluster's slot rule, checked without a server: a Lua script or a MULTI may only touch
keys of one hash slot, and a script may only touch the keys passed in KEYS.

Every script in the code is found by walking the packages; each must be declared below with
the keys its callers pass (a new script fails ``test_every_script_is_declared`` until it is),
and each declaration must name keys of one slot whatever the ids. The real-cluster tests
(tests/test_redis_cluster.py) run the same paths against a 3-master cluster.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable

import pytest
from redis.crc import key_slot

import teleconsult
import workers
from teleconsult.routing.queue import one_slot
from teleconsult.store import keys
from workers.claims import claimers

# Ids chosen so that, untagged, they would land in different slots.
IDS = ("a", "dr-wang", "c-20261207-0001", "卫生院", "x" * 40)


def _scripts() -> dict[str, str]:
    """Every module-level string holding Lua, by ``module.NAME`` where it is assigned."""
    out = {}
    for pkg in (teleconsult, workers):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            mod = importlib.import_module(info.name)
            source = inspect.getsource(mod)
            for name, value in vars(mod).items():
                if isinstance(value, str) and "redis.call(" in value \
                        and re.search(rf"^{name} = ", source, re.M):
                    out[f"{info.name}.{name}"] = value
    return out


# script -> the keys its callers pass, for one id (several ids are tried). Scripts that take
# "any keys of one kind" (_FIELDS, _MEMBERS, _READ_CASES, _LOADS) are declared with the kind
# the callers pass under a tag; CaseQueue falls back to a plain pipeline for any other mix.
SCRIPT_KEYS: dict[str, Callable[[str], list[str]]] = {
    "teleconsult.api.login_guard._BEGIN": lambda i: [
        keys.login_pair(i, "10.0.0.1"), keys.login_account(i), keys.login_slot(i, "clean"),
        keys.login_slot(i, "failed")],
    "teleconsult.api.login_guard._SUCCEEDED": lambda i: [
        keys.login_pair(i, "10.0.0.1"), keys.login_account(i)],
    "teleconsult.ingress.ingest._RECORD_ONCE": lambda i: [keys.study_sops(i), keys.ARRIVALS],
    "teleconsult.reporting.consultations._CLAIM": lambda i: [
        keys.consultation(i), keys.CONSULT_LEASES],
    "teleconsult.reporting.signing._MARK_REPORTED": lambda i: [
        keys.case(i), keys.LEASES, keys.DEADLINES, keys.queue(i), keys.doctor_cases(i)],
    "teleconsult.routing.queue._ENQUEUE": lambda i: [
        keys.case(i), keys.queue(i), keys.CASES_BY_STUDY, keys.DEADLINES],
    "teleconsult.routing.queue._ASSIGN": lambda i: [
        keys.queue(i), keys.case(i), keys.LEASES, keys.FENCE,
        *(keys.doctor_cases(d) for d in IDS)],
    "teleconsult.routing.queue._ASSIGN_PAGE": lambda i: [
        keys.LEASES, keys.FENCE, keys.queue(i), keys.case(i),
        *(keys.doctor_cases(d) for d in IDS), *(keys.case(c) for c in IDS)],
    "teleconsult.routing.queue._OWNER_STEP": lambda i: [
        keys.case(i), keys.LEASES, keys.doctor_cases(i), keys.DEADLINES],
    "teleconsult.routing.queue._REQUEUE": lambda i: [
        keys.case(i), keys.LEASES, keys.queue(i), keys.doctor_cases(i)],
    "teleconsult.routing.queue._MOVE": lambda i: [
        keys.case(i), keys.LEASES, keys.queue(i), keys.doctor_cases(i),
        keys.doctor_cases(i + "2"), keys.FENCE],
    "teleconsult.routing.queue._TO_REVIEW": lambda i: [
        keys.case(i), keys.LEASES, keys.doctor_cases(i), keys.queue(i), keys.DEADLINES],
    "teleconsult.routing.queue._RETURN": lambda i: [
        keys.case(i), keys.LEASES, keys.doctor_cases(i), keys.doctor_cases(i + "2"),
        keys.FENCE],
    "teleconsult.routing.queue._FIELDS": lambda i: [keys.case(c) for c in IDS],
    "teleconsult.routing.queue._MEMBERS": lambda i: [keys.share_person(c) for c in IDS],
    "teleconsult.routing.queue._READ_CASES": lambda i: [keys.case(c) for c in IDS],
    "teleconsult.routing.queue._LOADS": lambda i: [keys.doctor_cases(d) for d in IDS],
    "teleconsult.routing.queue._RENEW_DUE": lambda i: [keys.lease_renewed(i)],
    "teleconsult.routing.queue._POLL": lambda i: [keys.lease_renewed(i), keys.doctor_cases(i)],
    "teleconsult.routing.queue._READ_RENEWING": lambda i: [
        keys.LEASES, *(keys.case(c) for c in IDS)],
    "teleconsult.routing.presence._SEEN": lambda i: [
        keys.checked_out(i), keys.online(i), keys.watching(i)],
    "teleconsult.routing.reading._TOUCH": lambda i: [keys.case(i)],
    "teleconsult.routing.reading._HAND_BACK": lambda i: [
        keys.case(i), keys.LEASES, keys.queue(i), keys.doctor_cases(i)],
    "teleconsult.store.events._PUBLISH_MANY": lambda i: [keys.EVENTS],
    "teleconsult.store.locks._RELEASE": lambda i: [f"{keys.PREFIX}:lock:{i}"],
    "teleconsult.store.locks._TAKE_BACK": lambda i: [f"{keys.PREFIX}:lock:{i}"],
    "teleconsult.store.locks._SWAP": lambda i: [f"{keys.PREFIX}:lock:{i}"],
    "workers.claims._CLAIM": lambda i: [keys.DELIVERY_DUE, claimers(keys.DELIVERY_DUE)],
    "workers.claims._RELEASE_DEAD": lambda i: [keys.PAGES_DUE, claimers(keys.PAGES_DUE)],
    "workers.delivery._REPORTED_TO_DELIVERED": lambda i: [keys.case(i)],
}

# Every MULTI (pipeline(transaction=True)) in the code, by module, with the keys it touches.
TRANSACTIONS: dict[str, list[Callable[[str], list[str]]]] = {
    "teleconsult.reporting.reports": [lambda i: [
        keys.DELIVERY_ATTEMPTS, keys.DELIVERY_DUE, keys.DEAD_LETTERS]],
    "teleconsult.reporting.consultations": [
        lambda i: [keys.consultation(i), keys.consult_pool(i), keys.CONSULT_DUE],
        lambda i: [keys.consultation(i), keys.consult_pool(i), keys.CONSULT_LEASES,
                   keys.CONSULT_DUE]],
    "teleconsult.routing.presence": [lambda i: [
        keys.checked_out(i), keys.online(i), keys.watching(i)]],
    "teleconsult.routing.roster_store": [lambda i: [keys.roster_overrides(i)]],
    "teleconsult.store.sessions": [lambda i: [keys.session(i)], lambda i: [keys.session(i)]],
    "workers.assembler": [lambda i: [
        keys.study_info(i), keys.study_info(i + "9"), keys.PENDING_STUDIES, keys.ARRIVALS]],
}

# Multi-key commands outside scripts and transactions that Redis Cluster runs only in one slot.
MULTI_KEY_COMMANDS: dict[str, Callable[[], list[str]]] = {
    "presence.online_ids: MGET of every doctor's online flag": lambda: [
        keys.online(d) for d in IDS],
    "simpeople: DEL of a doctor's online and watching": lambda: [
        keys.online("a"), keys.watching("a")],
}


def test_every_script_is_declared() -> None:
    found = set(_scripts())
    assert found == set(SCRIPT_KEYS), (
        f"undeclared: {sorted(found - set(SCRIPT_KEYS))}; "
        f"gone: {sorted(set(SCRIPT_KEYS) - found)}")


@pytest.mark.parametrize("name", sorted(SCRIPT_KEYS))
def test_script_keys_share_one_slot(name: str) -> None:
    for i in IDS:
        names = SCRIPT_KEYS[name](i)
        slots = {n: key_slot(n.encode()) for n in names}
        assert len(set(slots.values())) == 1, f"{name} with id {i!r}: {slots}"


@pytest.mark.parametrize("name", sorted(_scripts()))
def test_scripts_touch_only_their_keys(name: str) -> None:
    """A key named inside the script (a literal, or one built by concatenation) is invisible
    to the cluster's routing: every redis.call's key must come from KEYS or a variable
    holding a KEYS entry."""
    body = _scripts()[name]
    for call in re.finditer(r"redis\.call\(\s*'(\w+)'\s*,\s*([^,)]+)", body):
        command, first = call.group(1), call.group(2).strip()
        assert not first.startswith(("'", '"')), f"{name}: {command} of literal {first}"
        assert ".." not in first, f"{name}: {command} of a built key {first}"


def test_transactions_are_declared() -> None:
    """Every module's MULTIs (``transaction=True``) are the ones declared above."""
    found = {}
    for pkg in (teleconsult, workers):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if info.name.endswith("__main__"):
                continue
            n = inspect.getsource(importlib.import_module(info.name)).count("transaction=True")
            if n:
                found[info.name] = n
    assert found == {m: len(b) for m, b in TRANSACTIONS.items()}


@pytest.mark.parametrize("module", sorted(TRANSACTIONS))
def test_transaction_keys_share_one_slot(module: str) -> None:
    for build in TRANSACTIONS[module]:
        for i in IDS:
            names = build(i)
            assert one_slot(names), f"{module} with id {i!r}: {names}"


@pytest.mark.parametrize("what", sorted(MULTI_KEY_COMMANDS))
def test_multi_key_commands_share_one_slot(what: str) -> None:
    assert one_slot(MULTI_KEY_COMMANDS[what]())


def test_one_slot_tells_tags_apart() -> None:
    assert one_slot([keys.case("a"), keys.queue("ct"), keys.LEASES])
    assert not one_slot([keys.patient_cases("c1:p1"), keys.patient_cases("c2:p2")])
    assert one_slot([])


# functions of keys.py that build a part of a key, not a key
NOT_KEYS = {"route_tag"}


def test_every_key_is_prefixed_and_tagged_well() -> None:
    """Every key function and constant gives a ``tc:`` key whose tag (if any) is non-empty
    and closed: ``{}`` or an unclosed brace would hash the whole key."""
    made: list[str] = []
    for name, value in vars(keys).items():
        if name.isupper() and isinstance(value, str) and value.startswith(keys.PREFIX + ":"):
            made.append(value)
        elif inspect.isfunction(value) and value.__module__ == keys.__name__ \
                and name not in NOT_KEYS:
            arity = len(inspect.signature(value).parameters)
            made += [value(*[i] * arity) for i in IDS]
    assert len(made) > 60
    for key in made:
        assert key.startswith(f"{keys.PREFIX}:"), key
        if "{" in key:
            tag = key[key.index("{") + 1:key.index("}")]
            assert tag and "{" not in tag, key
