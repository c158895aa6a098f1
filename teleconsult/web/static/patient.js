// One patient's record across the community (检查检验记录): imaging, ECG, lab and pathology
// in time order from GET /api/v1/patients/{id}/history, lab results as tables (value, unit,
// reference range, flag, 可互认) and a small chart per test repeated over time. Another
// facility's record is shown only after the user gives a reason (the API asks for it).
import { api, clinicName, el, fail, initPage, lang } from "./common.js";

const TEXT = {
  zh: {
    title: "检查检验记录", all: "全部", imaging: "影像", ecg: "心电", lab: "检验", pathology: "病理",
    trends: "检验趋势", none: "暂无记录。", own: "本院", elsewhere: "他院", possible: "疑似同一患者（仅姓名与出生日期相同，未合并）",
    test: "项目", result: "结果", unit: "单位", range: "参考范围", flag: "提示", mutual: "互认",
    recognised: "可互认", expired: "已过互认期", not_listed: "—", critical: "危急值",
    high: "↑ 偏高", low: "↓ 偏低", very_high: "↑↑ 极高", very_low: "↓↓ 极低", abnormal: "异常",
    reason_title: "查看他院记录需说明原因（将记录在审计日志中）", show: "查看", report: "报告",
    no_report: "尚无报告", open_case: "打开病例", sex_M: "男", sex_F: "女", sex_O: "其他",
    reasons: { treatment: "诊疗", referral: "转诊", emergency: "急诊", follow_up: "随访复查",
      second_opinion: "会诊复核", quality_review: "质控" },
  },
  en: {
    title: "Patient record", all: "All", imaging: "Imaging", ecg: "ECG", lab: "Lab", pathology: "Pathology",
    trends: "Lab trends", none: "Nothing yet.", own: "Here", elsewhere: "Elsewhere", possible: "Possible match (name and birth date only; not merged)",
    test: "Test", result: "Result", unit: "Unit", range: "Reference", flag: "Flag", mutual: "Recognition",
    recognised: "Recognised", expired: "Window passed", not_listed: "—", critical: "Critical",
    high: "↑ high", low: "↓ low", very_high: "↑↑ very high", very_low: "↓↓ very low", abnormal: "abnormal",
    reason_title: "Another facility's record needs a reason (kept in the audit log)", show: "Show", report: "Report",
    no_report: "No report yet", open_case: "Open case", sex_M: "M", sex_F: "F", sex_O: "O",
    reasons: { treatment: "Treatment", referral: "Referral", emergency: "Emergency", follow_up: "Follow-up",
      second_opinion: "Second opinion", quality_review: "Quality review" },
  },
};
const tx = (key) => TEXT[lang()][key] ?? key;
const FLAGS = { H: "high", L: "low", HH: "very_high", LL: "very_low", A: "abnormal", AA: "abnormal" };
const SVG = "http://www.w3.org/2000/svg";
const app = document.getElementById("app");
const patientId = decodeURIComponent(location.pathname.split("/").pop());
let body = null, filter = "all";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const day = (iso) => (iso || "").slice(0, 10);
const number = (v) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100));

// A test over time: the reference band of the latest point, the line, each value labelled.
function chart(series) {
  const W = 320, H = 130, L = 34, R = 12, T = 14, B = 22;
  const pts = series.points, last = pts[pts.length - 1];
  const values = pts.map((p) => p.value).concat([last.low, last.high].filter((v) => v !== null));
  let lo = Math.min(...values), hi = Math.max(...values);
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.12; lo -= pad; hi += pad;
  const times = pts.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times), t1 = Math.max(...times) || t0 + 1;
  const x = (t) => L + (t1 === t0 ? (W - L - R) / 2 : ((t - t0) / (t1 - t0)) * (W - L - R));
  const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "trend-chart", role: "img" });
  if (last.low !== null || last.high !== null) {
    const top = y(last.high ?? hi), bottom = y(last.low ?? lo);
    g.append(svg("rect", { x: L, y: top, width: W - L - R, height: Math.max(1, bottom - top), class: "band" }));
  }
  g.append(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }));
  g.append(svg("polyline", { points: pts.map((p, i) => `${x(times[i])},${y(p.value)}`).join(" "), class: "line" }));
  let lastLabel = -Infinity;
  pts.forEach((p, i) => {
    const out = p.flag && p.flag !== "N";
    g.append(svg("circle", { cx: x(times[i]), cy: y(p.value), r: 3.5, class: out ? "dot out" : "dot" }));
    g.append(svg("text", { x: x(times[i]), y: y(p.value) - 6, class: "val" }, number(p.value)));
    if (x(times[i]) - lastLabel >= 34) { // dates of close results would overprint: the first one speaks
      g.append(svg("text", { x: x(times[i]), y: H - 6, class: "date" }, day(p.at).slice(5)));
      lastLabel = x(times[i]);
    }
  });
  return el("figure.trend", { dataset: { code: series.code } }, g,
    el("figcaption", {}, el("strong", { text: series.name }), " ", el("span.muted", { text: last.unit || "" })));
}

function flagCell(o) {
  if (o.critical) return el("td", {}, el("span.badge.critical", { text: tx("critical") }));
  const key = FLAGS[o.flag];
  return el("td", { class: key ? "flag-out" : "" }, key ? tx(key) : "");
}

function mutualCell(o) {
  if (o.recognised) return el("td", {}, el("span.badge.mutual", { text: tx("recognised") }));
  return el("td.muted", { text: o.recognised_until ? tx("expired") : tx("not_listed") });
}

function labTable(order) {
  return el("table.grid.lab-table", {},
    el("thead", {}, el("tr", {}, ...["test", "result", "unit", "range", "flag", "mutual"]
      .map((k) => el("th", { text: tx(k) })))),
    el("tbody", {}, ...order.observations.map((o) => el(`tr.lab-row${o.abnormal ? ".abnormal" : ""}`,
      { dataset: { code: o.code } },
      el("td", { text: o.name }),
      el("td.value", { text: typeof o.value === "number" ? number(o.value) : o.value }),
      el("td", { text: o.unit }), el("td", { text: o.reference_range }),
      flagCell(o), mutualCell(o)))));
}

function studyBody(item) {
  const last = (item.reports || []).slice(-1)[0];
  return el("div", {},
    el("div", {}, el("strong", { text: item.study_description || item.modality })),
    last ? el("p.prior-report", {}, el("span.muted", { text: `${tx("report")}：` }), last.impression)
      : el("p.muted", { text: item.match === "possible_match" ? "" : tx("no_report") }),
    item.match === "own" && body.clinic === item.clinic && document.body.dataset.kind !== "clinic"
      ? el("a.ghost.button", { href: `/cases/${item.case_id}`, text: tx("open_case") }) : null);
}

function card(item) {
  const elsewhere = item.clinic !== body.clinic;
  const head = el("div.item-head", {},
    el("span.item-date", { text: day(item.date) }), " ",
    el(`span.badge.kind-${item.kind}`, { text: tx(item.kind) }), " ",
    el("span.item-clinic", { text: clinicName(item.clinic) }), " ",
    el(`span.badge.${elsewhere ? "elsewhere" : "own"}`, { text: tx(elsewhere ? "elsewhere" : "own") }),
    item.critical ? el("span.badge.critical", { text: tx("critical") }) : null);
  const content = item.kind === "lab"
    ? (item.orders || []).map((o) => el("div.lab-order", {}, el("div", {}, el("strong", { text: o.name })), labTable(o)))
    : studyBody(item);
  return el(`article.card.history-item.kind-${item.kind}${item.match === "possible_match" ? ".possible" : ""}`,
    { dataset: { kind: item.kind, clinic: item.clinic } }, head,
    item.match === "possible_match" ? el("p.note", { text: tx("possible") }) : null,
    item.kind === "lab" && item.match === "possible_match" ? el("p", { text: item.tests.join("、") }) : content);
}

function patientLine() {
  const own = body.items.find((i) => i.patient && i.match === "own") || body.items.find((i) => i.patient);
  const p = own ? own.patient : {};
  return el("div.patient-line", {},
    el("strong", { text: p.name || "" }), " ",
    p.sex ? el("span", { text: tx(`sex_${p.sex}`) }) : null, " ",
    el("span.muted", { text: p.birth_date || "" }), " ",
    el("span.muted", { text: clinicName(body.clinic) }));
}

function render() {
  const kinds = ["all", "imaging", "ecg", "lab", "pathology"];
  const shown = body.items.filter((i) => filter === "all" || i.kind === filter);
  app.replaceChildren(
    el("section.toolbar", {}, el("h1", { text: tx("title") }), patientLine()),
    el("div#kind-filter.filters", {}, ...kinds.map((k) => el(`button${k === filter ? ".active" : ".ghost"}`,
      { type: "button", dataset: { kind: k }, onclick: () => { filter = k; render(); } },
      `${tx(k)} ${k === "all" ? body.items.length : body.items.filter((i) => i.kind === k).length}`))),
    body.lab_series.length && (filter === "all" || filter === "lab")
      ? el("section#trends.card", {}, el("h2", { text: tx("trends") }),
        el("div.trend-row", {}, ...body.lab_series.map(chart))) : null,
    el("section#timeline", {}, ...(shown.length ? shown.map(card) : [el("p.muted", { text: tx("none") })])));
}

function askReason() {
  const select = el("select#reason", {}, ...Object.entries(tx("reasons")).map(([k, v]) => el("option", { value: k, text: v })));
  app.replaceChildren(el("section#reason-form.card", {},
    el("h1", { text: tx("title") }), el("p", { text: tx("reason_title") }),
    el("label", {}, select), " ",
    el("button#reason-submit", { type: "button", text: tx("show"), onclick: () => load(select.value) })));
}

async function load(reason) {
  const params = new URLSearchParams(location.search);
  if (reason) params.set("reason", reason);
  try {
    body = await api(`/api/v1/patients/${encodeURIComponent(patientId)}/history?${params}`);
    if (reason) history.replaceState(null, "", `${location.pathname}?${params}`);
    render();
  } catch (err) {
    if (err.code === "reason_required") askReason();
    else fail(err);
  }
}

initPage(() => (body ? render() : null));
load("");
