"""The ``[routing]`` table: specialty by modality, stability windows, priorities with their
SLA and lease times, priority and sub-specialty rules, presence and escalation bounds."""

from __future__ import annotations

from typing import Any

from teleconsult.settings.model import PriorityRule, PriorityTimes, Routing, SubspecialtyRule
from teleconsult.settings.reader import Reader
from teleconsult.settings.terms import NON_IMAGE_MODALITIES, PRIORITIES


def parse_routing(r: Reader, data: Any, specialties: set[str]) -> Routing:
    t = r.table(data, "routing", {"specialty_by_modality", "default_specialty",
                                  "stability_seconds", "priorities", "priority_rules",
                                  "escalation_contacts", "subspecialty_rules",
                                  "presence_seconds", "sla_warning_fraction",
                                  "max_lease_expiries", "call_in_wait_minutes",
                                  "non_image_studies",
                                  "non_image_modalities"},
                {"specialty_by_modality", "priorities"})
    by_mod = r.get(t, "specialty_by_modality", "routing", dict, {})
    for mod, spec in by_mod.items():
        if spec not in specialties:
            r.fail(f"routing.specialty_by_modality.{mod}", f"no doctor has specialty {spec!r}")
    default_spec = r.get(t, "default_specialty", "routing", str, "radiology")
    stab = r.get(t, "stability_seconds", "routing", dict, {})
    stability: dict[str, float] = {}
    for mod, secs in stab.items():
        if isinstance(secs, bool) or not isinstance(secs, int | float) or not 0 <= secs <= 3600:
            r.fail(f"routing.stability_seconds.{mod}", "must be a number of seconds 0..3600")
        else:
            stability[mod.upper()] = float(secs)
    times: dict[str, PriorityTimes] = {}
    prios = r.table(t.get("priorities", {}), "routing.priorities", set(PRIORITIES),
                    set(PRIORITIES))
    for name in PRIORITIES:
        p = f"routing.priorities.{name}"
        pt = r.table(prios.get(name, {}), p, {"sla_minutes", "lease_minutes"},
                     {"sla_minutes", "lease_minutes"})
        sla = r.get(pt, "sla_minutes", p, (int, float), 60)
        lease = r.get(pt, "lease_minutes", p, (int, float), 10)
        if sla <= 0 or lease <= 0:
            r.fail(p, "sla_minutes and lease_minutes must be positive")
        times[name] = PriorityTimes(sla_seconds=int(sla * 60), lease_seconds=int(lease * 60))
    rules = []
    for i, item in enumerate(r.get(t, "priority_rules", "routing", list, [])):
        p = f"routing.priority_rules[{i}]"
        rt = r.table(item, p, {"priority", "modalities", "keywords", "clinics",
                               "emergency_clinic"}, {"priority"})
        prio = rt.get("priority")
        if prio not in PRIORITIES:
            r.fail(f"{p}.priority", f"must be one of {', '.join(PRIORITIES)}")
        rules.append(PriorityRule(
            priority=str(prio),
            modalities=tuple(m.upper() for m in r.str_list(rt, "modalities", p)),
            keywords=tuple(k.lower() for k in r.str_list(rt, "keywords", p)),
            clinics=r.str_list(rt, "clinics", p),
            emergency_clinic=r.get(rt, "emergency_clinic", p, bool, False)))
    sub_rules = []
    for i, item in enumerate(r.get(t, "subspecialty_rules", "routing", list, [])):
        p = f"routing.subspecialty_rules[{i}]"
        st = r.table(item, p, {"subspecialty", "modalities", "keywords"}, {"subspecialty"})
        sub_rules.append(SubspecialtyRule(
            subspecialty=r.get(st, "subspecialty", p, str, ""),
            modalities=tuple(m.upper() for m in r.str_list(st, "modalities", p)),
            keywords=tuple(k.lower() for k in r.str_list(st, "keywords", p))))
    presence = r.get(t, "presence_seconds", "routing", int, 120)
    warning = r.get(t, "sla_warning_fraction", "routing", (int, float), 0.8)
    expiries = r.get(t, "max_lease_expiries", "routing", int, 2)
    call_in_wait = r.get(t, "call_in_wait_minutes", "routing", (int, float), 5)
    if not 10 <= presence <= 3600:
        r.fail("routing.presence_seconds", "must be 10..3600")
    if not 0 < warning < 1:
        r.fail("routing.sla_warning_fraction", "must be between 0 and 1")
    if expiries < 1:
        r.fail("routing.max_lease_expiries", "must be at least 1")
    if not 1 <= call_in_wait <= 120:
        r.fail("routing.call_in_wait_minutes", "must be 1..120")
    non_image = r.get(t, "non_image_studies", "routing", str, "attach")
    if non_image not in ("attach", "read"):
        r.fail("routing.non_image_studies", "must be 'attach' or 'read'")
    non_image_mods = tuple(m.upper() for m in r.str_list(t, "non_image_modalities", "routing"))
    return Routing(
        specialty_by_modality={k.upper(): v for k, v in by_mod.items()},
        default_specialty=default_spec, stability_seconds=stability,
        default_stability_seconds=stability.pop("DEFAULT", 5.0) if "DEFAULT" in stability
        else 5.0,
        priority_times=times, priority_rules=tuple(rules),
        escalation_contacts=r.str_list(t, "escalation_contacts", "routing"),
        subspecialty_rules=tuple(sub_rules), presence_seconds=presence,
        sla_warning_fraction=float(warning), max_lease_expiries=expiries,
        call_in_wait_seconds=float(call_in_wait) * 60, non_image_studies=non_image,
        non_image_modalities=non_image_mods if "non_image_modalities" in t
        else NON_IMAGE_MODALITIES)
