// Statistics (质控与绩效) for supervisors: turnaround per stage against the 时限 table, grouped as
// asked; the last days' volume and report times; volume and positive rate by modality; STAT
// share per clinic with inflation warnings; critical results; review discrepancy; and the
// month's 绩效 workbook (.xlsx) and CSV sheets. Charts: Apache ECharts (static/charts).
import { api, clinicName, doctorName, el, fail, initPage } from "./common.js";
import { echarts } from "./charts/charts.js";

const app = document.getElementById("app");
const STAGE = { arrival_to_assigned: "到达→分配", arrival_to_opened: "到达→开始阅片",
  arrival_to_report: "到达→首份报告", arrival_to_final: "到达→终审报告",
  report_to_delivered: "报告→送达", critical_to_acknowledged: "危急值→确认" };
const GROUPS = { modality: "检查类型", priority: "优先级", clinic: "卫生院", doctor: "医生", zone: "片区" };
const PRIORITY = { stat: "急诊", urgent: "加急", routine: "常规" };
const MODALITY = { DX: "DR", ECG: "心电" };
const label = { modality: (v) => MODALITY[v] || v, priority: (v) => PRIORITY[v] || v,
  clinic: clinicName, doctor: (v) => (v ? doctorName(v) : "（未报告）"), zone: (v) => v || "—" };
const num = (v, digits = 1) => (v === null || v === undefined ? "—" : Number(v).toFixed(digits));
const iso = (d) => d.toISOString().slice(0, 10);
let charts = null;

function controls() {
  // the dates start empty: the server fills in the last 30 days of the community's calendar
  const today = new Date();
  const month = iso(new Date(Date.UTC(today.getFullYear(), today.getMonth() - 1, 15))).slice(0, 7);
  return el("section#stats-controls.card", {},
    el("label", {}, el("span", { text: "开始日期" }), el("input#from", { type: "date" })),
    el("label", {}, el("span", { text: "结束日期" }), el("input#to", { type: "date" })),
    el("fieldset#group-by", {}, el("legend", { text: "分组" }), Object.entries(GROUPS).map(([k, v]) =>
      el("label.inline", {}, el("input", { type: "checkbox", value: k }), ` ${v}`))),
    el("button#stats-query", { type: "button", text: "查询", onclick: load }),
    el("span.spacer"),
    el("label", {}, el("span", { text: "绩效月份" }), el("input#month", { type: "month", value: month })),
    el("a#export-xlsx.button", { href: "#", text: "下载绩效表 (Excel)", onclick: exportLink("xlsx") }),
    ...["doctor", "clinic", "modality"].map((s) => el(`a#export-csv-${s}.button.ghost`, {
      href: "#", text: `CSV：${{ doctor: "医生", clinic: "卫生院", modality: "检查类型" }[s]}`,
      onclick: exportLink("csv", s) })));
}

function exportLink(kind, sheet) {
  return (e) => {
    const month = document.getElementById("month").value;
    e.currentTarget.href = kind === "xlsx" ? `/api/v1/stats/export.xlsx?month=${month}`
      : `/api/v1/stats/export.csv?month=${month}&sheet=${sheet}`;
  };
}

function shell() {
  app.replaceChildren(controls(),
    el("div.stats-grid", {},
      el("section#turnaround-card.card", {}, el("h2", { text: "各环节周转时间（分钟）与时限达标" }),
        el("div#turnaround-table")),
      el("section.card", {}, el("h2", { text: "每日检查量与报告时间" }), el("div#daily-chart.chart")),
      el("section.card", {}, el("h2", { text: "检查类型：数量与阳性率" }), el("div#modality-chart.chart")),
      el("section.card", {}, el("h2", { text: "各卫生院急诊 (STAT) 占比" }), el("div#stat-chart.chart"),
        el("ul#stat-warnings")),
      el("section#quality-card.card", {}, el("h2", { text: "结果互认、危急值与审核" }), el("div#quality-body"))));
  charts = Object.fromEntries(["daily", "modality", "stat"].map((k) =>
    [k, echarts.init(document.getElementById(`${k}-chart`))]));
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
}

function turnaroundTable(rows, groups) {
  const head = [...groups.map((g) => GROUPS[g]), "环节", "例数", "中位数(P50)", "P90", "P99", "时限内 %"];
  return el("table#turnaround.grid", {},
    el("thead", {}, el("tr", {}, head.map((h) => el("th", { text: h })))),
    el("tbody", {}, rows.length ? rows.map((r) => el("tr", { dataset: { stage: r.stage } },
      groups.map((g) => el("td", { text: label[g](r[g]) })),
      el("td", { text: STAGE[r.stage] || r.stage }), el("td", { text: String(r.n) }),
      el("td", { text: num(r.p50_min) }), el("td", { text: num(r.p90_min) }),
      el("td", { text: num(r.p99_min) }), el("td", { text: num(r.on_time_pct, 0) })))
      : el("tr", {}, el("td", { colspan: head.length, text: "所选时间内没有病例。" }))));
}

function draw(quality) {
  charts.daily.setOption({
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 48, top: 30, bottom: 24 },
    xAxis: { type: "category", data: quality.daily.map((r) => r.day.slice(5)) },
    yAxis: [{ type: "value", name: "例" }, { type: "value", name: "分钟" }],
    series: [
      { name: "检查量", type: "bar", data: quality.daily.map((r) => r.cases) },
      { name: "报告 P50", type: "line", yAxisIndex: 1, data: quality.daily.map((r) => r.report_p50_min && +r.report_p50_min.toFixed(1)) },
      { name: "报告 P90", type: "line", yAxisIndex: 1, data: quality.daily.map((r) => r.report_p90_min && +r.report_p90_min.toFixed(1)) },
    ] }, true);
  charts.modality.setOption({
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 48, top: 30, bottom: 24 },
    xAxis: { type: "category", data: quality.by_modality.map((r) => label.modality(r.modality)) },
    yAxis: [{ type: "value", name: "例" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "检查量", type: "bar", data: quality.by_modality.map((r) => r.cases) },
      { name: "阳性率 %", type: "line", yAxisIndex: 1, data: quality.by_modality.map((r) => r.positive_pct && +r.positive_pct.toFixed(1)) },
    ] }, true);
  charts.stat.setOption({
    tooltip: { trigger: "axis" }, legend: {}, grid: { left: 40, right: 12, top: 30, bottom: 24 },
    xAxis: { type: "category", data: quality.stat_share.map((r) => clinicName(r.clinic)) },
    yAxis: { type: "value", name: "%" },
    series: [
      { name: "本期", type: "bar", data: quality.stat_share.map((r) => ({ value: r.stat_pct && +r.stat_pct.toFixed(1),
        itemStyle: { color: r.warning ? "#c62828" : "#1565c0" } })) },
      { name: "上期", type: "bar", data: quality.stat_share.map((r) => r.previous_stat_pct && +r.previous_stat_pct.toFixed(1)),
        itemStyle: { color: "#90a4ae" } },
    ] }, true);
  const warned = quality.stat_share.filter((r) => r.warning);
  document.getElementById("stat-warnings").replaceChildren(...warned.map((r) => el("li.error", {
    text: `⚠ ${clinicName(r.clinic)}：急诊占比 ${num(r.stat_pct)}%（上期 ${num(r.previous_stat_pct)}%），请核查是否急诊标注过多` })));
  const c = quality.critical;
  document.getElementById("quality-body").replaceChildren(
    el("p#shared-results", { text: `结果互认：调阅他院既往检查 ${quality.shared_results.views} 次，共 ${quality.shared_results.cases_shown} 份检查（免于重复检查）。` }),
    el("p", { text: `危急值 ${c.n} 例，已确认 ${c.acknowledged} 例；通知至确认中位 ${num(c.ack_p50_min)} 分钟，P90 ${num(c.ack_p90_min)} 分钟。` }),
    quality.review.length ? el("table#review.grid", {},
      el("thead", {}, el("tr", {}, ["书写医生", "审核例数", "小修改", "大修改", "差异率 %"].map((h) => el("th", { text: h })))),
      el("tbody", {}, quality.review.map((r) => el("tr", {}, el("td", { text: doctorName(r.writer) }),
        el("td", { text: String(r.reviewed) }), el("td", { text: String(r.minor) }),
        el("td", { text: String(r.major) }), el("td", { text: num(r.discrepancy_pct) })))))
      : el("p.muted", { text: "所选时间内没有审核记录。" }));
}

async function load() {
  const from = document.getElementById("from").value, to = document.getElementById("to").value;
  const groups = [...document.querySelectorAll("#group-by input:checked")].map((i) => i.value);
  try {
    const q = new URLSearchParams({ from, to, group_by: groups.join(",") });
    const [turnaround, quality] = await Promise.all([
      api(`/api/v1/stats/turnaround?${q}`),
      api(`/api/v1/stats/quality?${new URLSearchParams({ from, to })}`)]);
    document.getElementById("from").value = turnaround.from;
    document.getElementById("to").value = turnaround.to;
    document.getElementById("turnaround-table").replaceChildren(turnaroundTable(turnaround.rows, groups));
    draw(quality);
    document.body.dataset.loaded = "1";
  } catch (err) { fail(err); }
}

initPage(() => {});
shell();
load();
