// Doctor's worklist: own cases most urgent first, STAT clocks, filters, live updates,
// check-in/out, and an alert (banner + optional beep) for a new STAT case.
import {
  api, badge, clock, clinicName, el, fail, fmtTime, initPage, liveEvents, me, startClocks, t, toast,
} from "./common.js";

const app = document.getElementById("app");
const state = { items: [], known: null, filters: { modality: "", clinic: "", status: "" } };
const EVENTS = ["case_queued", "case_assigned", "case_reassigning", "case_released",
  "report_signed", "escalation", "case_handed_over", "consultation_answered"];

function shell() {
  app.replaceChildren(
    el("section.toolbar",
      {},
      el("h1", { i18n: "worklist" }),
      el("span#duty.badge", { dataset: { state: "unknown" } }),
      el("button#check-in", { type: "button", i18n: "check_in", onclick: () => presence("check-in") }),
      el("button#check-out.ghost", { type: "button", i18n: "check_out", onclick: () => presence("check-out") }),
      el("label.inline", {}, el("input#sound", { type: "checkbox" }), el("span", { i18n: "sound" })),
      el("span.spacer"),
      el("span#live.badge", { i18n: "polling" })),
    el("div#stat-alert.alert", { hidden: true, role: "alert" }),
    el("section.filters", {}, ...["modality", "clinic", "status"].map((f) =>
      el("label", {}, el("span", { i18n: f }),
        el(`select#filter-${f}`, { onchange: (e) => { state.filters[f] = e.target.value; render(); } })))),
    el("table#worklist.grid", {},
      el("thead", {}, el("tr", {}, ...["priority", "remaining", "patient", "modality", "clinic",
        "received", "status", ""].map((k) => el("th", k ? { i18n: k } : {})))),
      el("tbody")),
    el("p#empty.muted", { i18n: "empty_worklist", hidden: true }));
  const sound = document.getElementById("sound");
  sound.checked = localStorage.getItem("tc-sound") === "1";
  sound.addEventListener("change", () => localStorage.setItem("tc-sound", sound.checked ? "1" : "0"));
}

function fillFilter(name, values) {
  const select = document.getElementById(`filter-${name}`);
  const current = state.filters[name];
  const opts = [el("option", { value: "", i18n: "all" })];
  for (const v of [...new Set(values)].sort()) {
    const text = name === "status" ? t(v) : name === "clinic" ? clinicName(v) : v;
    opts.push(el("option", { value: v, text }));
  }
  select.replaceChildren(...opts);
  select.value = current;
}

function row(item) {
  const p = item.patient || {};
  return el(`tr.row.prio-${item.priority}`, {
    dataset: { caseId: item.case_id, priority: item.priority },
    onclick: () => { location.href = `/cases/${item.case_id}`; },
  },
  el("td", {}, badge("prio", item.priority), // + what to do (审核, 会诊) and machine flags
    item.kind && item.kind !== "read" ? el(`span.badge.kind-${item.kind}`, { i18n: `kind_${item.kind}` }) : null,
    ...(item.machine_flags || []).map((f) => el("span.badge.machine-flag", { text: f.text }))),
  el("td", {}, clock(item.due_at)),
  el("td", {}, el("strong.pname", { text: p.name || "—" }), " ",
    el("small.muted", { text: [p.id, p.sex, p.birth_date].filter(Boolean).join(" · ") }),
    item.clinical_note ? el("div.note", { text: item.clinical_note }) : null,
    item.consultation ? el("div.note.consult-question", { text: item.consultation.question }) : null),
  el("td", { text: item.modality }),
  el("td", { text: clinicName(item.clinic) }),
  el("td", { text: fmtTime(item.received_at) }),
  el("td", {}, badge("status", item.status),
    item.read_due_at ? el("div.read-clock.small", {}, "⏱ ", clock(item.read_due_at)) : null),
  el("td", {}, el("a.button", { href: `/cases/${item.case_id}`, i18n: "open" })));
}

function render() {
  const f = state.filters;
  const shown = state.items.filter((i) => (!f.modality || i.modality === f.modality)
    && (!f.clinic || i.clinic === f.clinic) && (!f.status || i.status === f.status));
  document.querySelector("#worklist tbody").replaceChildren(...shown.map(row));
  document.getElementById("empty").hidden = shown.length > 0;
  fillFilter("modality", state.items.map((i) => i.modality));
  fillFilter("clinic", state.items.map((i) => i.clinic));
  fillFilter("status", state.items.map((i) => i.status));
}

function beep() {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
  } catch { /* no audio device */ }
}

function alertNewStat(items) {
  const box = document.getElementById("stat-alert");
  box.replaceChildren(el("strong", { i18n: "new_stat" }), " ",
    ...items.map((i) => el("a", { href: `/cases/${i.case_id}`, text: `${i.patient?.name || ""} ${i.modality} (${clinicName(i.clinic)})` })));
  box.hidden = false;
  document.title = `‼ ${t("new_stat")}`;
  if (document.getElementById("sound").checked) beep();
  for (const i of items) document.querySelector(`tr[data-case-id="${i.case_id}"]`)?.classList.add("flash");
}

async function refresh() {
  try {
    const data = await api("/api/v1/worklist");
    state.items = data.items;
    render();
    const ids = new Set(data.items.map((i) => i.case_id));
    if (state.known) {
      const fresh = data.items.filter((i) => !state.known.has(i.case_id) && i.priority === "stat");
      if (fresh.length) alertNewStat(fresh);
    }
    state.known = ids;
  } catch (err) { fail(err); }
}

function showDuty(status) {
  const duty = document.getElementById("duty");
  const on = status && !status.checked_out;
  duty.dataset.state = on ? "on" : "off";
  duty.textContent = t(on ? "on_duty" : "off_duty");
  duty.className = `badge duty-${on ? "on" : "off"}`;
}

async function presence(action) {
  try {
    showDuty(await api(`/api/v1/presence/${action}`, { method: "POST" }));
    toast(t(action === "check-in" ? "on_duty" : "off_duty"));
    refresh();
  } catch (err) { fail(err); }
}

async function init() {
  shell();
  initPage(() => render());
  startClocks(app);
  await refresh();
  api("/api/v1/presence").then(showDuty, () => showDuty(null));
  liveEvents(EVENTS, (type, data) => {
    // the experts answered a consultation this doctor asked for (上级会诊意见)
    if (type === "consultation_answered" && data.doctor === me.id) {
      toast(`${t("consultation_answered")} · ${data.case_id}`, "ok");
      return;
    }
    if (type !== "escalation" || data.doctor === me.id) refresh();
  }, refresh);
  document.addEventListener("live-mode", (e) => {
    const live = document.getElementById("live");
    live.dataset.i18n = e.detail;
    live.textContent = t(e.detail);
    live.classList.toggle("on", e.detail === "live");
  });
}

init();
