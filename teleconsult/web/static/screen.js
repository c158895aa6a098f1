// The big screen (智慧大屏), 1920×1080, dark, Chinese: clinics today, live arrivals, doctors on
// duty with the queues, every open STAT with its countdown, unacknowledged critical results,
// today's turnaround and the last 30 days (Apache ECharts). Aggregates only: the API sends no
// patient name or ID. Live from the event stream (a new case refreshes within a second),
// polling every 5 s whenever the stream is down, reconnecting by itself. Runs for days: the
// charts are made once and updated in place, the DOM is replaced, nothing accumulates.
import { api, clock, el, liveEvents, startClocks } from "./common.js";
import { echarts } from "./charts/charts.js";

const app = document.getElementById("app");
const EVENTS = ["case_queued", "case_assigned", "case_released", "report_signed",
  "critical_result", "critical_acknowledged", "delivery_failed"];
const PRIORITY = { stat: "急诊", urgent: "加急", routine: "常规" };
const STATUS = { queued: "待分配", assigned: "已分配", in_review: "阅片中", reported: "已报告",
  delivered: "已送达", acknowledged: "已确认", receiving: "接收中" };
const STAGE = { arrival_to_assigned: "到达→分配", arrival_to_report: "到达→首份报告",
  arrival_to_final: "到达→终审报告", report_to_delivered: "报告→送达" };
const STATE = { sending: "发送中", today: "今日已发送", silent: "今日未发送" };
const SPECIALTY = { radiology: "放射", cardiology: "心电", pathology: "病理" };
const MODALITY = { DX: "DR", ECG: "心电" };
const modality = (m) => MODALITY[m] || m || "—";
const hhmm = (iso) => (iso ? new Date(iso).toLocaleTimeString("zh-CN",
  { hour: "2-digit", minute: "2-digit", hour12: false }) : "—");
const minutes = (v) => (v === null || v === undefined ? "—" : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const DARK = { text: "#c8d6e5", axis: "#3b4a5e", grid: "#1f2b3a" };

let charts = null;
let inflight = false, again = false, debounce = null;

function panel(id, title, ...body) {
  return el(`section#${id}.panel`, {}, el("h2", { text: title }), ...body);
}

function layout() {
  app.replaceChildren(el("div.screen-grid", {},
    el("div#kpis.kpis"),
    // 30 clinics fit as two-line tiles; what the dot means is said once, not on every tile
    panel("clinics", "卫生院今日", el("div.legend", {}, ...Object.entries(STATE).map(([state, label]) =>
      el(`span.state-${state}`, {}, el("span.dot"), ` ${label}`))), el("div#clinic-tiles.tiles")),
    panel("stat", "急诊 (STAT) 倒计时", el("ul#stat-list.list")),
    panel("duty", "在岗医生与排队", el("div#duty-body")),
    panel("arrivals", "实时到达", el("ul#arrival-list.list")),
    panel("critical", "未确认危急值", el("ul#critical-list.list")),
    panel("today", "今日周转 (分钟)", el("div#today-chart.chart"), el("div#today-ontime.ontime")),
    panel("trend", "近 30 天", el("div#trend-chart.chart"))));
  charts = {
    today: echarts.init(document.getElementById("today-chart"), null, { renderer: "canvas" }),
    trend: echarts.init(document.getElementById("trend-chart"), null, { renderer: "canvas" }),
  };
  window.addEventListener("resize", () => { charts.today.resize(); charts.trend.resize(); });
}

function kpi(label, value, cls = "") {
  return el(`div.kpi${cls}`, {}, el("span.kpi-value", { text: String(value) }),
    el("span.kpi-label", { text: label }));
}

function renderKpis(d) {
  const total = d.clinics.reduce((n, c) => n + c.arrivals, 0);
  const sending = d.clinics.filter((c) => c.state === "sending").length;
  const report = d.today.find((r) => r.stage === "arrival_to_report");
  document.getElementById("kpis").replaceChildren(
    kpi("今日检查", total),
    kpi("发送中的卫生院", `${sending} / ${d.clinics.length}`),
    kpi("急诊进行中", d.stat.length, d.stat.length ? ".warn" : ""),
    kpi("未确认危急值", d.critical.length, d.critical.length ? ".warn" : ""),
    kpi("今日报告时间 P50 (分钟)", report ? minutes(report.p50_min) : "—"),
    kpi("今日时限内 %", report && report.on_time_pct !== null ? report.on_time_pct.toFixed(0) : "—"));
}

function renderClinics(d) {
  document.getElementById("clinic-tiles").replaceChildren(...d.clinics.map((c) =>
    el(`div.tile.state-${c.state}`, { dataset: { clinic: c.id }, title: STATE[c.state] },
      el("div.tile-name", { text: c.name }),
      el("div.tile-count", {}, el("strong", { text: String(c.arrivals) }), " 例"),
      el("div.tile-meta", {}, el("span.dot"), ` ${hhmm(c.last_arrival)}`))));
}

function renderStats(d) {
  const list = document.getElementById("stat-list");
  if (!d.stat.length) { list.replaceChildren(el("li.empty", { text: "当前无急诊病例" })); return; }
  list.replaceChildren(...d.stat.map((s) => el("li.stat-item", {},
    el("span.countdown", {}, clock(s.due_at)),
    // the modality first: on a narrow screen the clinic's name is what gets cut
    el("span.what", { text: `${modality(s.modality)} · ${s.clinic}` }),
    el("span.who", { text: s.doctor ? `${STATUS[s.status] || s.status} · ${s.doctor}` : STATUS[s.status] || s.status }))));
}

function renderDuty(d) {
  document.getElementById("duty-body").replaceChildren(...d.duty.map((s) => el("div.duty", {},
    el("div.duty-head", {}, el("strong", { text: SPECIALTY[s.specialty] || s.specialty }),
      el("span.queue", { text: `排队 ${s.queued}` })),
    el("div.doctors", {}, s.doctors.length ? s.doctors.map((doc) =>
      el(`span.doctor${doc.online ? ".online" : ""}`, { text: `${doc.name} ${doc.open}` }))
      : el("span.empty", { text: "无人在岗" })))));
}

function renderArrivals(d) {
  const list = document.getElementById("arrival-list");
  if (!d.arrivals.length) { list.replaceChildren(el("li.empty", { text: "今日暂无检查" })); return; }
  list.replaceChildren(...d.arrivals.map((a) => el(`li.prio-${a.priority}`, {},
    el("span.time", { text: hhmm(a.at) }), el("span.what", { text: `${a.clinic} · ${modality(a.modality)}` }),
    el("span.tag", { text: PRIORITY[a.priority] || "" }), el("span.who", { text: STATUS[a.status] || "" }))));
}

function renderCritical(d) {
  const list = document.getElementById("critical-list");
  if (!d.critical.length) { list.replaceChildren(el("li.empty", { text: "无未确认危急值" })); return; }
  list.replaceChildren(...d.critical.map((c) => el("li.critical-item", {},
    el("span.time", { text: hhmm(c.signed_at) }), el("span.what", { text: `${c.clinic} · ${modality(c.modality)}` }),
    el("span.who", { text: "待卫生院确认" }))));
}

const axis = { axisLine: { lineStyle: { color: DARK.axis } }, axisLabel: { color: DARK.text },
  splitLine: { lineStyle: { color: DARK.grid } } };

function renderCharts(d) {
  const stages = Object.keys(STAGE);
  const rows = Object.fromEntries(d.today.map((r) => [r.stage, r]));
  const pick = (k) => stages.map((s) => (rows[s] && rows[s][k] !== null ? Number(rows[s][k].toFixed(1)) : null));
  charts.today.setOption({
    animation: false, textStyle: { color: DARK.text },
    legend: { textStyle: { color: DARK.text }, top: 0 },
    grid: { left: 48, right: 12, top: 28, bottom: 28 },
    tooltip: { trigger: "axis" },
    // every stage named (ECharts would skip every other label for want of room)
    xAxis: { type: "category", data: stages.map((s) => STAGE[s].replace("→", "→\n")), ...axis,
      axisLabel: { ...axis.axisLabel, interval: 0 } },
    yAxis: { type: "value", ...axis },
    series: [["P50", "p50_min", "#4fc3f7"], ["P90", "p90_min", "#ffb74d"], ["P99", "p99_min", "#ef5350"]]
      .map(([name, key, color]) => ({ name, type: "bar", data: pick(key), itemStyle: { color } })),
  });
  document.getElementById("today-ontime").replaceChildren(...stages.map((s) => el("span", {
    text: `${STAGE[s]} 时限内 ${rows[s] && rows[s].on_time_pct !== null ? rows[s].on_time_pct.toFixed(0) + "%" : "—"}（${rows[s] ? rows[s].n : 0} 例）` })));
  // every one of the 30 days, with or without cases
  const byDay = Object.fromEntries(d.trend.map((r) => [r.day, r]));
  const start = new Date(`${d.trend_from}T00:00:00Z`);
  const trend = Array.from({ length: 30 }, (_, i) => {
    const day = new Date(start.getTime() + i * 86400000).toISOString().slice(0, 10);
    return byDay[day] || { day, cases: 0, report_p50_min: null, report_p90_min: null };
  });
  const days = trend.map((r) => r.day.slice(5));
  charts.trend.setOption({
    animation: false, textStyle: { color: DARK.text },
    legend: { textStyle: { color: DARK.text }, top: 0 },
    grid: { left: 48, right: 48, top: 28, bottom: 24 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: days, ...axis },
    yAxis: [{ type: "value", name: "例", ...axis }, { type: "value", name: "分钟", ...axis, splitLine: { show: false } }],
    series: [
      { name: "检查量", type: "bar", data: trend.map((r) => r.cases), itemStyle: { color: "#26a69a" } },
      { name: "报告 P50", type: "line", yAxisIndex: 1, data: trend.map((r) => r.report_p50_min && Number(r.report_p50_min.toFixed(1))), itemStyle: { color: "#4fc3f7" } },
      { name: "报告 P90", type: "line", yAxisIndex: 1, data: trend.map((r) => r.report_p90_min && Number(r.report_p90_min.toFixed(1))), itemStyle: { color: "#ffb74d" } },
    ],
  });
  // the panels' text may have changed the charts' room
  charts.today.resize();
  charts.trend.resize();
}

// each part is redrawn only when its data changed: a wall display refreshes all day, and
// most refreshes change one list (less work, less garbage)
const last = {};
function changed(key, value) {
  const text = JSON.stringify(value);
  if (last[key] === text) return false;
  last[key] = text;
  return true;
}

function render(d) {
  if (changed("kpis", [d.clinics, d.stat.length, d.critical.length, d.today])) renderKpis(d);
  if (changed("clinics", d.clinics)) renderClinics(d);
  if (changed("stat", d.stat)) renderStats(d);
  if (changed("duty", d.duty)) renderDuty(d);
  if (changed("arrivals", d.arrivals)) renderArrivals(d);
  if (changed("critical", d.critical)) renderCritical(d);
  if (changed("charts", [d.today, d.trend, d.trend_from])) renderCharts(d);
  document.body.dataset.updated = d.at;
}

async function refresh() {
  if (inflight) { again = true; return; }
  inflight = true;
  try {
    render(await api("/api/v1/screen"));
    document.body.classList.remove("stale");
    // the browser keeps a timing entry per request (up to 250) that nobody here reads
    performance.clearResourceTimings();
  } catch (err) {
    // the service restarting or the network down: keep the last picture, say it is old
    document.body.classList.add("stale");
    console.warn("screen refresh failed", err);
  } finally {
    inflight = false;
    if (again) { again = false; soon(); }
  }
}

// events come in bursts (a study makes several): one refresh per burst
function soon() {
  clearTimeout(debounce);
  debounce = setTimeout(refresh, 300);
}

function tickClock() {
  document.getElementById("screen-clock").textContent = new Date().toLocaleString("zh-CN",
    { year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit",
      minute: "2-digit", second: "2-digit", hour12: false });
}

layout();
refresh();
liveEvents(EVENTS, soon, refresh, 5000);
startClocks(app);
tickClock();
setInterval(tickClock, 1000);
setInterval(refresh, 15000); // clinics' "sending" state and the charts age without events
