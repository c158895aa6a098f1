// Clinic desk: reports newest first (unread highlighted, unacknowledged critical results on
// top with an Acknowledge button, PDF to print), today's studies with status and reader,
// and an ECG JSON upload.
import {
  api, badge, doctorName, el, fail, fmtTime, initPage, lang, liveEvents, me, t, toast,
} from "./common.js";

const app = document.getElementById("app");
const readKey = `tc-read-${me.id}`;
const state = { reports: new Map(), cursor: "0", studies: [], date: "" };
const stored = (key) => new Set(JSON.parse(localStorage.getItem(key) || "[]"));
const remember = (key, id) => localStorage.setItem(key, JSON.stringify([...stored(key), id]));

function shell() {
  app.replaceChildren(
    el("div.desk-grid", {},
      el("div", {},
        el("section#critical.card.critical-box", { hidden: true },
          el("h2", { i18n: "critical_results" }), el("ul#critical-list.reports")),
        el("section.card", {}, el("h2", { i18n: "reports" }), el("ul#report-list.reports"),
          el("p#no-reports.muted", { i18n: "no_reports" }))),
      el("div", {},
        el("section.card", {}, el("h2", {}, el("span", { i18n: "today_studies" }), " ",
          el("small#studies-date.muted")),
          el("table#studies.grid", {}, el("thead", {}, el("tr", {},
            ...["patient", "modality", "received", "status", "assigned_to", "priority"]
              .map((k) => el("th", { i18n: k })))), el("tbody"))),
        el("section#upload.card", {}, el("h2", { i18n: "upload_ecg" }),
          el("input#ecg-file", { type: "file", accept: ".json,application/json" }),
          el("label", {}, el("span", { i18n: "priority" }), el("select#ecg-priority", {},
            el("option", { value: "", text: "—" }),
            ...["stat", "urgent", "routine"].map((p) => el("option", { value: p, i18n: p })))),
          el("button#ecg-upload", { type: "button", i18n: "upload", onclick: upload }),
          el("p#upload-result.small")))));
}

// The server records who acknowledged a critical result, and when (null until then).
const acknowledged = (r) => Boolean(r.critical && r.acknowledged_at);

function reportItem(r, top) {
  const unread = !stored(readKey).has(r.report_id);
  const p = r.patient || {};
  const body = el("div.report-body", { hidden: !top },
    r.stage === "preliminary" ? el("p.prelim-banner", { i18n: "preliminary_banner" }) : null,
    r.findings ? el("p", { text: r.findings }) : null,
    el("p", {}, el("strong", { text: r.impression })),
    el("p.small.muted", { text: r.reviewed_by
      ? `${t("written_by")}: ${r.written_by_name || r.written_by} · ${t("reviewed_by")}: ${r.reviewed_by_name || r.reviewed_by} · ${fmtTime(r.reviewed_at, true)} · ${t("version")} ${r.version}`
      : `${t("signed_by")}: ${r.signed_by_name || r.signed_by} · ${fmtTime(r.signed_at, true)} · ${t("version")} ${r.version}` }));
  const item = el(`li.report${unread ? ".unread" : ""}${r.critical ? ".is-critical" : ""}`,
    { dataset: { reportId: r.report_id, critical: String(r.critical) } },
    el("div.report-head", { onclick: () => {
      body.hidden = !body.hidden;
      remember(readKey, r.report_id);
      item.classList.remove("unread");
    } },
    r.critical ? el("span.badge.critical", { i18n: "critical" }) : null,
    el(`span.badge.stage-${r.stage || "final"}`, { i18n: `stage_${r.stage || "final"}` }),
    unread ? el("span.badge.unread", { i18n: "unread" }) : null,
    el("strong", { text: p.name || "—" }), " ", el("span.muted", { text: `${p.id || ""} · ${r.modality || ""}` }),
    el("span.spacer"),
    acknowledged(r) ? el("span.acked", { title: fmtTime(r.acknowledged_at, true) },
      badge("status", "acknowledged"), " ", el("small.muted.ack-who", { text: r.acknowledged_by || "" })) : null,
    el("span.small", { text: fmtTime(r.signed_at, true) }),
    el("a.button.ghost", { href: `/api/v1/reports/${r.report_id}.pdf`, target: "_blank", rel: "noopener", i18n: "pdf", onclick: (e) => e.stopPropagation() })),
    body);
  if (top) {
    // a person confirms a critical result: their own name, never the clinic's by default
    const by = el("input.ack-by", { value: "", placeholder: t("ack_by_placeholder"), "aria-label": t("acknowledged_by") });
    body.append(el("div.ack-row", {}, el("span", { i18n: "acknowledged_by" }), by,
      el("button.ack", { type: "button", i18n: "acknowledge", onclick: () => ack(r, by.value) })));
  }
  return item;
}

function render() {
  const all = [...state.reports.values()].sort((a, b) => (b.signed_at || "").localeCompare(a.signed_at || ""));
  const urgent = all.filter((r) => r.critical && !acknowledged(r));
  document.getElementById("critical").hidden = !urgent.length;
  document.getElementById("critical-list").replaceChildren(...urgent.map((r) => reportItem(r, true)));
  const rest = all.filter((r) => !urgent.includes(r));
  document.getElementById("report-list").replaceChildren(...rest.map((r) => reportItem(r, false)));
  document.getElementById("no-reports").hidden = all.length > 0;
  document.getElementById("studies-date").textContent = state.date;
  document.querySelector("#studies tbody").replaceChildren(...state.studies.map(studyRow));
}

// Who reads (or read) a study: the signer of its latest report, else the doctor it is with.
function reader(c) {
  const latest = state.reports.get(c.reports?.at(-1));
  if (latest) return latest.signed_by_name || doctorName(latest.signed_by);
  return c.assigned_to ? doctorName(c.assigned_to) : "—";
}

function studyRow(c) {
  const status = c.status || (c.reports?.length ? "reported" : "queued");
  const last = c.reports?.at(-1);
  return el("tr", { dataset: { caseId: c.case_id, status } },
    el("td", {}, c.patient?.id
      ? el("a.patient-link", { href: `/patients/${encodeURIComponent(c.patient.id)}`, title: t("patient_record") },
        el("strong", { text: c.patient?.name || "—" }))
      : el("strong", { text: c.patient?.name || "—" }), " ", el("small.muted", { text: c.patient?.id || "" })),
    el("td", { text: c.modality }), el("td", { text: fmtTime(c.received_at) }),
    el("td", {}, badge("status", status), last ? " " : null,
      ...(c.consultations || []).map((q) => el(`span.badge.consult-badge.consult-${q.status}`, {
        i18n: q.status === "answered" ? "consultation_answered" : "consultation_requested",
        title: [q.pool_name, q.opinion, q.recommendation].filter(Boolean).join(" · ") })),
      last ? el("a.pdf-link.small", { href: `/api/v1/reports/${last}.pdf`, target: "_blank", rel: "noopener", i18n: "pdf" }) : null),
    el("td.reader", { text: reader(c) }),
    el("td", {}, badge("prio", c.priority)));
}

async function ack(r, by) {
  if (!by.trim()) { toast(t("ack_by_needed"), "error"); return; }
  try {
    await api(`/api/v1/reports/${r.report_id}/ack`, { method: "POST", json: { by: by.trim() } });
    remember(readKey, r.report_id);
    toast(`${t("acknowledged")}: ${r.patient?.name || r.report_id}`, "ok");
    await refreshReports(true);
  } catch (err) { fail(err); }
}

async function refreshReports(full = false) {
  if (full) { state.cursor = "0"; state.reports.clear(); }
  for (;;) {
    const page = await api(`/api/v1/reports?since=${state.cursor}&limit=1000`);
    for (const r of page.reports) state.reports.set(r.report_id, r); // newer versions replace
    state.cursor = page.next;
    if (page.reports.length < 1000) break;
  }
  // keep only the latest version of each case's report
  const latest = new Map();
  for (const r of state.reports.values()) {
    const prev = latest.get(r.case_id);
    if (!prev || prev.version < r.version) latest.set(r.case_id, r);
  }
  for (const [id, r] of state.reports) if (latest.get(r.case_id) !== r) state.reports.delete(id);
  render();
}

// Today's studies (the community's day) with where each one is: GET /api/v1/clinic/cases.
async function refreshStudies() {
  const day = await api("/api/v1/clinic/cases");
  state.studies = day.cases;
  state.date = day.date;
  render();
}

async function upload() {
  const file = document.getElementById("ecg-file").files[0];
  const out = document.getElementById("upload-result");
  if (!file) return;
  try {
    const body = JSON.parse(await file.text());
    const priority = document.getElementById("ecg-priority").value;
    if (priority) body.priority = priority;
    const made = await api("/api/v1/ecg", { method: "POST", json: body });
    out.textContent = `${t("uploaded")}: ${body.patient?.name || ""} ${t("ecg")}`.trim();
    out.dataset.caseId = made.case_id;
    out.className = "small ok";
    setTimeout(() => refreshStudies().catch(fail), 1000);
  } catch (err) {
    out.textContent = `${t("failed")}: ${uploadProblem(err)}`;
    out.className = "small error";
  }
}

// What is wrong with an uploaded ECG file, in the reader's words (the API's message names
// JSON fields: shown as it is only on the English page).
const FIELD_ZH = [[/^patient\.birth_date/, "出生日期应写成 年-月-日，如 1960-05-01"],
  [/^patient\.sex/, "性别应为 M（男）、F（女）或 O（其他）"], [/^patient\.id/, "缺少患者编号"],
  [/^patient\.name/, "缺少患者姓名"], [/^patient/, "患者信息不完整"],
  [/^sampling_rate_hz/, "采样率应在 200–1000 Hz 之间"],
  [/^leads\.(\S+)/, (m) => `导联 ${m[1]} 的数据有误（长度不一致或数值无效）`],
  [/^leads/, "导联数据有误"], [/^priority/, "优先级应为 急诊、加急 或 常规"]];
function uploadProblem(err) {
  if (lang() === "en") return err.message;
  if (err.code === "invalid_json" || err instanceof SyntaxError) return "文件不是有效的 JSON 心电图文件";
  if (err.code === "payload_too_large") return "文件过大";
  const field = String(err.message || "").split(/\s/)[0];
  for (const [re, said] of FIELD_ZH) {
    const m = field.match(re);
    if (m) return typeof said === "function" ? said(m) : said;
  }
  return "心电图文件格式不正确";
}

async function refresh(fullReports = false) {
  try { await refreshReports(fullReports); await refreshStudies(); } catch (err) { fail(err); }
}

shell();
initPage(render);
refresh(true);
// An acknowledgement does not move a report in the feed: reread it all then.
liveEvents(["report_signed", "critical_result", "critical_acknowledged", "case_queued",
  "case_assigned"], (type) => refresh(type === "critical_acknowledged"), () => refresh(), 10000);
