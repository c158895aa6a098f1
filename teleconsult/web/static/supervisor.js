// Supervisor view: queues by specialty and priority, doctors on shift/online with their open
// cases and SLA clocks, escalations, reassign, and today's turnaround chart (SVG).
import {
  api, badge, clock, clinicName, el, fail, fmtTime, initPage, liveEvents, startClocks, t, toast,
} from "./common.js";
import { word } from "./i18n.js";
import { mountAccounts } from "./accounts.js";

const app = document.getElementById("app");
const PRIORITIES = ["stat", "urgent", "routine"];
const COLORS = { stat: "#c62828", urgent: "#ef8a00", routine: "#1565c0" };
let overview = null;

function shell() {
  app.replaceChildren(el("div.sup-grid", {},
    el("section#queues.card", {}, el("h2", { i18n: "queues" }), el("div#queue-body")),
    el("section#doctors.card", {}, el("h2", { i18n: "doctors" }), el("div#doctor-body")),
    el("section#escalations.card", {}, el("h2", { i18n: "escalations" }), el("ul#escalation-list")),
    el("section#turnaround.card", {}, el("h2", { i18n: "turnaround" }), el("div#chart")),
    el("section#cluster.card", {}, el("h2", { i18n: "cluster" }), el("div#cluster-body")),
    el("section#accounts.card")));
  mountAccounts(document.getElementById("accounts"));
}

function reassignControl(caseRow, specialty) {
  const doctors = (overview.doctors || []).filter((d) => !specialty || d.specialties.includes(specialty));
  const pick = el("select.reassign-doctor", {}, doctors.map((d) =>
    el("option", { value: d.id, text: `${d.name}${d.online ? " ●" : ""}` })));
  const reason = el("input.reassign-reason", { placeholder: t("reason"), size: 10 });
  return el("span.reassign", {}, pick, reason, el("button.ghost", { type: "button", i18n: "reassign",
    onclick: async () => {
      try {
        await api(`/api/v1/admin/cases/${caseRow.case_id}/assign`, { method: "POST",
          json: { doctor: pick.value, reason: reason.value } });
        toast(`${t("reassign")} → ${pick.selectedOptions[0]?.textContent || ""}`, "ok");
        refresh();
      } catch (err) { fail(err); }
    } }));
}

function caseLine(c, specialty) {
  return el(`li.case-line.prio-${c.priority}`, { dataset: { caseId: c.case_id } },
    badge("prio", c.priority), " ",
    el("a", { href: `/cases/${c.case_id}`, text: `${c.patient?.name || t("case")} ${c.modality || ""}` }),
    " ", el("small.muted", { text: clinicName(c.clinic) }), " ",
    c.status ? badge("status", c.status) : null, " ",
    clock(c.due_at), " ",
    reassignControl(c, specialty));
}

function renderQueues() {
  const body = document.getElementById("queue-body");
  body.replaceChildren(...Object.entries(overview.queues || {}).map(([spec, q]) => el("div.queue", {},
    el("h3", { text: word("specialty", spec) }),
    el("div.counts", {}, PRIORITIES.map((p) => el(`span.count.prio-${p}`, {},
      el("span", { i18n: p }), " ", el("strong", { text: String(q.counts?.[p] ?? 0) })))),
    el("ul.cases", {}, (q.cases || []).map((c) => caseLine(c, spec))))));
}

function renderDoctors() {
  const rows = (overview.doctors || []).map((d) => el("tr", { dataset: { doctor: d.id } },
    el("td", {}, el("strong", { text: d.name })),
    el("td", { text: (d.specialties || []).map((x) => word("specialty", x)).join("、") }),
    el("td", {}, el(`span.dot.${d.on_shift ? "on" : "off"}`), t(d.on_shift ? "yes" : "no")),
    el("td", {}, el(`span.dot.${d.online && !d.checked_out ? "on" : "off"}`),
      t(d.online && !d.checked_out ? "yes" : "no")),
    el("td", { text: `${(d.open_cases || []).length}/${d.capacity ?? "—"}` }),
    el("td", {}, el("ul.cases", {}, (d.open_cases || []).map((c) => caseLine(c, d.specialties?.[0]))))));
  document.getElementById("doctor-body").replaceChildren(el("table.grid", {},
    el("thead", {}, el("tr", {}, ...["doctor", "", "on_shift", "online", "capacity", "open_cases"]
      .map((k) => el("th", k ? { i18n: k } : {})))), el("tbody", {}, rows)));
}

const PARTS = ["ingress", "api", "workers"];

// Every node of the deployment the registry knows: alive or lost, and which parts it holds
// (a part is held while one of its processes beats).
function renderCluster() {
  const nodes = overview.nodes || [];
  const body = document.getElementById("cluster-body");
  if (!nodes.length) { body.replaceChildren(el("p.muted", { i18n: "no_nodes" })); return; }
  const rows = nodes.map((n) => el(`tr.node.${n.alive ? "alive" : "dead"}`, { dataset: { node: n.id } },
    el("td", {}, el("strong", { text: n.id })),
    el("td", {}, el(`span.dot.${n.alive ? "on" : "dead"}`), t(n.alive ? "node_alive" : "node_dead")),
    el("td.node-parts", {}, PARTS.filter((p) => n.parts?.[p] || (n.configured || []).includes(p))
      .map((p) => el(`span.part.${n.parts?.[p]?.alive ? "on" : "off"}`, { dataset: { part: p },
        title: (n.parts?.[p]?.processes || []).map((x) => `${x.name}${x.pid && !x.name.includes("/") ? ` (pid ${x.pid})` : ""}`).join("、") },
      el(`span.dot.${n.parts?.[p]?.alive ? "on" : "dead"}`), t(`part_${p}`)))),
    el("td", { text: n.host || "—" }),
    el("td", { text: `${Math.round(n.age ?? 0)} ${t("seconds_ago")}` }),
    el("td", { text: n.started ? fmtTime(new Date(n.started * 1000).toISOString(), true) : "—" })));
  body.replaceChildren(el("table.grid", {},
    el("thead", {}, el("tr", {}, ...["node", "status", "node_parts", "node_host", "node_beat",
      "node_started"].map((k) => el("th", { i18n: k })))), el("tbody", {}, rows)));
}

// The patient's name for a case the overview lists (a queue or a doctor's open cases).
function patientOf(caseId) {
  const all = [...Object.values(overview.queues || {}).flatMap((q) => q.cases || []),
    ...(overview.doctors || []).flatMap((d) => d.open_cases || [])];
  return all.find((c) => c.case_id === caseId)?.patient?.name || "";
}

function renderEscalations() {
  const items = overview.escalations || [];
  document.getElementById("escalation-list").replaceChildren(...(items.length ? items.map((e) =>
    el("li", {}, el("span.small.muted", { text: fmtTime(e.at ? new Date(e.at * 1000).toISOString() : null, true) }), " ",
      el("span.badge.critical", { text: `L${e.level ?? ""}` }), " ",
      el("a", { href: `/cases/${e.case_id}`, text: patientOf(e.case_id) || t("case") }), " ",
      el("span", { text: word("reason", e.reason) })))
    : [el("li.muted", { i18n: "no_escalations" })]));
}

// Minutes from receipt to first signed report, for cases signed today (the community's day),
// by priority: the overview's turnaround_today.
function turnaround() {
  drawChart((overview.turnaround_today || []).map((p) => ({
    caseId: p.case_id, priority: p.priority, minutes: p.minutes, at: new Date(p.signed_at) })));
}

function drawChart(points) {
  const box = document.getElementById("chart");
  if (!points.length) { box.replaceChildren(el("p.muted", { i18n: "no_data" })); return; }
  const W = 560, H = 220, L = 44, B = 28, ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.id = "turnaround-chart";
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  const maxMin = Math.max(5, ...points.map((p) => p.minutes)) * 1.1;
  const y = (m) => H - B - (m / maxMin) * (H - B - 10);
  const x = (d) => L + ((d.getHours() * 60 + d.getMinutes()) / 1440) * (W - L - 10);
  add("line", { x1: L, y1: H - B, x2: W - 10, y2: H - B, stroke: "#888" });
  add("line", { x1: L, y1: 10, x2: L, y2: H - B, stroke: "#888" });
  for (let h = 0; h <= 24; h += 4) {
    add("text", { x: x(new Date(2000, 0, 1, h % 24)) + (h === 24 ? W - L - 10 : 0), y: H - 10, "font-size": 10, "text-anchor": "middle" }, `${h}:00`);
  }
  for (const m of [0, maxMin / 2, maxMin]) {
    add("text", { x: L - 4, y: y(m) + 3, "font-size": 10, "text-anchor": "end" }, m.toFixed(0));
  }
  for (const p of PRIORITIES) {
    const mine = points.filter((q) => q.priority === p);
    if (!mine.length) continue;
    const avg = mine.reduce((s, q) => s + q.minutes, 0) / mine.length;
    add("line", { x1: L, x2: W - 10, y1: y(avg), y2: y(avg), stroke: COLORS[p], "stroke-dasharray": "4 3" });
    add("text", { x: W - 12, y: y(avg) - 3, "font-size": 10, "text-anchor": "end", fill: COLORS[p] },
      `${t(p)} ${avg.toFixed(1)} ${t("minutes")} (n=${mine.length})`);
    for (const q of mine) {
      const dot = add("circle", { cx: x(q.at), cy: y(q.minutes), r: 4, fill: COLORS[p],
        class: `pt prio-${p}`, "data-case-id": q.caseId });
      const tip = document.createElementNS(ns, "title");
      tip.textContent = `${q.caseId} · ${q.minutes.toFixed(1)} ${t("minutes")}`;
      dot.append(tip);
    }
  }
  box.replaceChildren(svg);
}

async function refresh() {
  try {
    overview = await api("/api/v1/admin/overview");
    renderQueues();
    renderDoctors();
    renderEscalations();
    turnaround();
    renderCluster();
  } catch (err) { fail(err); }
}

shell();
initPage(() => {
  mountAccounts(document.getElementById("accounts"));
  if (overview) renderQueues(), renderDoctors(), renderEscalations(), turnaround(), renderCluster();
});
startClocks(app);
refresh();
liveEvents(["case_queued", "case_assigned", "case_reassigning", "case_released", "report_signed",
  "escalation", "critical_result", "critical_acknowledged"], () => refresh(), refresh, 10000);
