"""On-call paging policy: who is called for what, when, with which words, and the exact
request each vendor expects. Pure: no I/O (``workers/paging.py`` sends).

Vendor formats (from their documentation):
- WeChat Work group robot (企业微信群机器人): ``POST <webhook URL with ?key=>``, JSON
  ``{"msgtype": "text", "text": {"content", "mentioned_mobile_list"}}`` or
  ``{"msgtype": "markdown", "markdown": {"content"}}``; answers ``{"errcode": 0}``.
- DingTalk robot (钉钉自定义机器人, 加签): ``timestamp`` in ms, ``sign`` = URL-encoded
  base64 of HMAC-SHA256(secret, "<timestamp>\\n<secret>"), both added to the URL's query;
  JSON ``{"msgtype": "text", "text": {"content"}, "at": {"atMobiles"}}`` or markdown with
  ``title`` and ``text``; answers ``{"errcode": 0}``.
- SMS gateway: the configured JSON body template with ``{phone}`` and ``{text}``; any 2xx.
- Generic webhook: JSON, signed like the clinic report webhook (``X-Teleconsult-Signature``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, time

import orjson

from teleconsult.core.webhook import SIGNATURE_HEADER, sign_webhook
from teleconsult.settings.model import Settings
from teleconsult.settings.paging import Channel, PagingConfig, Person
from teleconsult.store.communities import case_community

_SUPERVISOR_EVENTS = ("escalation", "handover", "sla_at_risk", "read_overdue")
_PRIORITY_TEXT = {"stat": "STAT 急诊", "urgent": "加急", "routine": "常规"}
_EVENT_TEXT = {
    "stat_assigned": "已分配给您，请立即阅片",
    "call_in": "无空闲医生，请您上线阅片",
    "escalation": "已升级",
    "handover": "阅片已交回派单",
    "sla_at_risk": "报告时限将到",
    "read_overdue": "阅片超时",
    "critical_unacknowledged": "危急值未确认，请尽快确认",
    "consultation_requested": "上级会诊申请，请接收",
    "consultation_escalated": "会诊超时，已转给您",
    "lab_critical": "检验危急值，请立即处理并确认",
}


@dataclass(frozen=True)
class Outgoing:
    """One HTTP request to a vendor."""

    url: str
    headers: dict[str, str]
    body: bytes


def recipients(event: str, fields: dict, settings: Settings) -> list[str]:
    """Who an event concerns, before the per-person configuration filters it."""
    if fields.get("result_id"):  # a critical lab value: no case, no reader
        return lab_recipients(fields, settings)
    if event in ("stat_assigned", "call_in", "consultation_requested",
                 "consultation_escalated"):  # the doctor (or pool expert) it names
        return [fields["doctor"]] if fields.get("doctor") else []
    if event == "critical_unacknowledged":
        return [fields["clinic"]] if fields.get("clinic") else []
    # a case's supervisors are its community's (a city's counties each supervise their own)
    community = case_community(str(fields.get("case_id") or ""))
    out = [d.id for d in settings.doctors.values()
           if d.supervisor and fields.get("specialty") in d.specialties
           and (d.community == community or not fields.get("case_id"))]
    out += list(settings.routing.escalation_contacts)
    if event == "sla_at_risk" and fields.get("doctor"):
        out.append(fields["doctor"])
    return list(dict.fromkeys(out))


def lab_recipients(fields: dict, settings: Settings) -> list[str]:
    """A critical lab value: the clinic's contact (the clinician responsible for the
    patient) and the doctors on duty for it (``on_duty``, found by the paging worker from
    the roster), at once and at every escalation; from the first escalation on, the
    escalation contacts too."""
    out = [fields["clinic"]] if fields.get("clinic") else []
    out += list(fields.get("on_duty") or ())
    if int(fields.get("escalation") or 0) >= 1:
        out += list(settings.routing.escalation_contacts)
    return list(dict.fromkeys(out))


def targets(event: str, fields: dict, settings: Settings, cfg: PagingConfig
            ) -> list[tuple[Person, Channel]]:
    """(person, channel) pairs to page: configured people who want this event."""
    out = []
    for pid in recipients(event, fields, settings):
        person = cfg.people.get(pid)
        if person is None or event not in person.events:
            continue
        out += [(person, cfg.channels[c]) for c in person.channels if c in cfg.channels]
    return out


def _in_quiet(t: time, start: time, end: time) -> bool:
    return start <= t < end if start < end else (t >= start or t < end)


def hold_until(person: Person, priority: str, at: datetime) -> datetime | None:
    """When a page may go: None = now; inside the person's quiet hours, their end.

    STAT is never held: a chest pain does not wait for the morning.
    """
    if priority == "stat" or person.quiet_start is None or person.quiet_end is None:
        return None
    if not _in_quiet(at.time(), person.quiet_start, person.quiet_end):
        return None
    end = at.replace(hour=person.quiet_end.hour, minute=person.quiet_end.minute, second=0,
                     microsecond=0)
    if end <= at:
        end = datetime.fromtimestamp(end.timestamp() + 86400, at.tzinfo)
    return end


def rate_delay(sent_times: list[float], now: float, max_per_hour: int, priority: str
               ) -> float:
    """Seconds to wait before another page to this recipient (0 = send now).

    At most ``max_per_hour`` pages in any hour; a STAT page is never held back.
    """
    recent = sorted(t for t in sent_times if now - t < 3600)
    if priority == "stat" or len(recent) < max_per_hour:
        return 0.0
    return recent[len(recent) - max_per_hour] + 3600 - now


def backoff(attempt: int, cfg: PagingConfig) -> float | None:
    """Delay after failed attempt ``attempt`` (1-based), None when it is the last."""
    if attempt >= cfg.max_attempts:
        return None
    return min(cfg.backoff_max_seconds, cfg.backoff_seconds * 2 ** (attempt - 1))


def message(event: str, fields: dict, record: dict, clinic_name: str, now: float,
            base_url: str, internal: bool) -> str:
    """Text safe for a phone's lock screen: priority, modality, clinic, waiting time and
    a deep link; the patient's name and id only on a channel marked internal."""
    waited = max(0, int((now - record.get("received_at", now)) // 60))
    lines = [f"【{_PRIORITY_TEXT.get(record.get('priority', ''), '')}】"
             f"{record.get('modality', '')} · {clinic_name} · 已等待 {waited} 分钟",
             _EVENT_TEXT.get(event, event) + (f"（{fields['reason']}）"
                                              if fields.get("reason") else "")]
    if internal:
        p = record.get("patient") or {}
        lines.append(f"患者 {p.get('name', '')} {p.get('id', '')}".strip())
    path = "/desk" if event == "critical_unacknowledged" else f"/cases/{record['case_id']}"
    lines.append(f"{base_url}{path}")
    return "\n".join(lines)


def lab_message(event: str, fields: dict, record: dict, clinic_name: str, now: float,
                base_url: str, internal: bool) -> str:
    """The page for a critical lab value: the tests and values (what the doctor acts on),
    the clinic, minutes since it arrived, the escalation; the patient only on an internal
    channel."""
    waited = max(0, int((now - record.get("received_at", now)) // 60))
    values = [f"{o.get('name') or o['code']} {o.get('value')} {o.get('unit', '')}".strip()
              + (f" ({o['flag']})" if o.get("flag") else "")
              for order in record.get("orders", ()) for o in order.get("observations", ())
              if o.get("critical")]
    n = int(fields.get("escalation") or 0)
    lines = [f"【危急值】检验 · {clinic_name} · 结果到达 {waited} 分钟",
             "；".join(values[:5]) + ("…" if len(values) > 5 else ""),
             _EVENT_TEXT.get(event, event) + (f"（第 {n} 次升级）" if n else "")]
    if internal:
        p = record.get("patient") or {}
        lines.append(f"患者 {p.get('name', '')} {p.get('id', '')}".strip())
    lines.append(f"{base_url}/desk")
    return "\n".join(lines)


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` query value: URL-encoded base64 HMAC-SHA256 of "<ts>\\n<secret>"."""
    mac = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return urllib.parse.quote_plus(base64.b64encode(mac.digest()))


def build_request(channel: Channel, url: str, secret: str, person: Person, text: str,
                  job: dict, now: float) -> Outgoing:
    """The request for one page on one channel (``url``/``secret`` resolved by the caller)."""
    json_headers = {"Content-Type": "application/json"}
    title, mobiles = text.splitlines()[0], [person.phone] if person.phone else []
    if channel.kind == "wecom":
        body = ({"msgtype": "markdown", "markdown": {"content": _markdown(text)}}
                if channel.markdown else
                {"msgtype": "text", "text": {"content": text, "mentioned_mobile_list": mobiles}})
        return Outgoing(url, json_headers, orjson.dumps(body))
    if channel.kind == "dingtalk":
        ts = int(now * 1000)
        signed = f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={dingtalk_sign(secret, ts)}"
        body = ({"msgtype": "markdown", "markdown": {"title": title, "text": _markdown(text)}}
                if channel.markdown else {"msgtype": "text", "text": {"content": text}})
        body["at"] = {"atMobiles": mobiles, "isAtAll": False}
        return Outgoing(signed, json_headers, orjson.dumps(body))
    if channel.kind == "sms":
        def esc(s: str) -> str:
            return orjson.dumps(s).decode()[1:-1]
        body_text = channel.body_template.replace("{phone}", esc(person.phone)).replace(
            "{text}", esc(text))
        return Outgoing(url, json_headers, body_text.encode())
    body = orjson.dumps({"type": "page", "event": job["event"], "case_id": job.get("case_id"),
                         "priority": job.get("priority"), "recipient": person.id,
                         "text": text, **({"result_id": job["result_id"]}
                                          if job.get("result_id") else {})})
    return Outgoing(url, {**json_headers, SIGNATURE_HEADER: sign_webhook(secret, int(now), body)},
                    body)


def _markdown(text: str) -> str:
    first, *rest = text.splitlines()
    return "\n".join([f"**{first}**", *(f"> {line}" for line in rest[:-1]),
                      f"[打开病例]({rest[-1]})" if rest else ""])


def answer_ok(kind: str, status: int, body: bytes) -> tuple[bool, str]:
    """Whether the vendor accepted the page, and a short note of its answer."""
    if not 200 <= status < 300:
        return False, f"HTTP {status}"
    if kind in ("wecom", "dingtalk"):
        try:
            code = orjson.loads(body).get("errcode")
        except (orjson.JSONDecodeError, AttributeError):
            return False, "HTTP 200, not JSON"
        return code == 0, f"errcode {code}"
    return True, f"HTTP {status}"
