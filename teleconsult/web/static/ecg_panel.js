// ECG reading tools beside the 12-lead sheet: the automatic measurements (ours next to the
// cart's), the machine STEMI flag, calipers in ms and mV, and the report prefill marked
// "机器测量" until the doctor confirms. case.js and worklist.js call in through small hooks.
import { el, lang, t } from "./common.js";

const MM_PER_S = 25; // the sheet's paper speed and gain (dicom/ecg_svg.py)
const MM_PER_MV = 10;
const MACHINE = { zh: "（机器测量）", en: " (machine-measured)" };
const ROWS = [ // field, label, unit, cart field
  ["hr_bpm", "HR", "/min", "hr_bpm"], ["pr_ms", "PR", "ms", "pr_ms"],
  ["qrs_ms", "QRS", "ms", "qrs_ms"], ["qt_ms", "QT", "ms", "qt_ms"],
  ["qtc_bazett_ms", "QTc (Bazett)", "ms", "qtc_ms"], ["qtc_fridericia_ms", "QTc (Fridericia)", "ms", null],
  ["p_axis_deg", "P axis", "°", "p_axis_deg"], ["qrs_axis_deg", "QRS axis", "°", "qrs_axis_deg"],
  ["t_axis_deg", "T axis", "°", "t_axis_deg"],
];
// the column heads on a Chinese page (interval names stay as Chinese ECG reports write them)
const ROW_ZH = { hr_bpm: "心率", qtc_bazett_ms: "QTc（Bazett）", qtc_fridericia_ms: "QTc（Fridericia）",
  p_axis_deg: "P 电轴", qrs_axis_deg: "QRS 电轴", t_axis_deg: "T 电轴" };
const rowLabel = (key, label) => (lang() === "en" ? label : ROW_ZH[key] || label);
const cache = new Map();

export function measurements(api, caseId) {
  if (!cache.has(caseId)) {
    cache.set(caseId, api(`/api/v1/cases/${caseId}/ecg/measurements`).catch(() => null));
  }
  return cache.get(caseId);
}

// Machine flags (e.g. a suspected STEMI) as badges for a worklist row or the case header.
export function flagBadges(item) {
  return (item.machine_flags || []).map((f) => el("span.badge.machine-flag", {
    text: f.text, title: (f.leads || []).join(" "), dataset: { code: f.code },
  }));
}

const fmt = (v, unit) => (v === null || v === undefined ? "—" : `${Math.round(v)}${unit === "/min" || unit === "°" ? "" : " "}${unit}`);

// One column per measurement; a row for ours and, when the file has them, the cart's.
function table(m) {
  const device = m.device || {};
  const line = (cls, i18n, pick) => el(`tr.${cls}`, {}, el("th", { i18n }),
    ...ROWS.map(([key, , unit, cart]) => el("td", { dataset: { field: key }, text: fmt(pick(key, cart), unit) })));
  return el("table#ecg-measure-table.grid.small", {},
    el("thead", {}, el("tr", {}, el("th"), ...ROWS.map(([key, label]) => el("th", { text: rowLabel(key, label) })))),
    el("tbody", {}, line("ours", "ecg_ours", (key) => m[key]),
      Object.keys(device).length ? line("cart", "ecg_cart", (_, cart) => (cart ? device[cart] : null)) : null));
}

function stLine(m) {
  const st = m.st_deviation_uv || {};
  return el("div#ecg-st.small", {}, el("strong", { text: "ST (J+60) µV: " }),
    ...Object.entries(st).map(([lead, v]) => (v === null || v === undefined
      ? el("span.chip.muted", { text: `${lead} —`, title: (m.reasons || {})[`st_deviation_uv.${lead}`] || "" })
      : el(`span.chip${v >= ST_FLAG_UV ? ".st-up" : ""}`, { text: `${lead} ${v > 0 ? "+" : ""}${v}` }))));
}

// Rhythm statement and the signal-quality verdict the numbers rest on (Chinese first).
export function qualityLine(m) {
  const q = m.quality || {};
  const excluded = q.excluded || [];
  const rhythm = m.rhythm || {};
  const verdict = q.measurable === false
    ? `不可测量：${(q.reasons || []).join("；")}`
    : excluded.length ? `已排除导联 ${excluded.join(" ")}（信号质量差）` : "信号质量良好";
  return el("div#ecg-quality.small", { dataset: { measurable: String(q.measurable !== false) } },
    el("strong", { text: "心律：" }), el("span#ecg-rhythm", { text: rhythm.text || "—" }),
    rhythm.confidence !== undefined ? el("span.muted", { text: `（置信度 ${Math.round(rhythm.confidence * 100)}%）` }) : null,
    " · ", el("span", { text: verdict }));
}

// The measurements panel under the sheet (null when the case has no measurable ECG).
export async function measurePanel(api, caseId) {
  const m = await measurements(api, caseId);
  if (!m) return null;
  const stemi = m.stemi || {};
  return el("section#ecg-panel.ecg-panel", {},
    stemi.suspected ? el("div#stemi-flag.alert", { role: "alert" },
      el("strong", { text: "疑似 STEMI（机器判读，需医生确认）" }), " ",
      el("span", { text: (stemi.leads || []).join(" ") }),
      el("div.small", { dataset: { criterion: stemi.criterion || "" }, title: stemi.criteria || "",
        text: `依据：${CRITERION[stemi.criterion] || stemi.criteria}` }),
      (stemi.mimics_considered || []).length ? el("div.small", { text: `已排查：${mimicText(stemi.mimics_considered)}` }) : null) : null,
    el("h3", {}, el("span", { i18n: "ecg_auto" }), " ", el("small.muted", { i18n: "ecg_machine_note" })),
    table(m), qualityLine(m), stLine(m));
}

// --- report prefill -------------------------------------------------------------------
function value(v) { return v === null || v === undefined ? null : Math.round(v); }

// The flag's criterion and the mimics weighed, in words a county cardiologist reads.
export const CRITERION = { udmi: "第四版心肌梗死通用定义：相邻两导联 ST 段抬高达阈值",
  sgarbossa: "改良 Sgarbossa 标准（束支阻滞/起搏心律）", posterior: "后壁心梗：V1–V3 ST 段压低伴 T 波直立" };
const MIMIC = { lbbb: "左束支阻滞", paced: "起搏心律", rbbb: "右束支阻滞继发改变", lvh: "左室肥厚劳损",
  early_repolarisation: "早复极/正常男性型", pericarditis: "心包炎型", no_reciprocal: "对应性改变" };
export const mimicText = (list) => list.map((x) => MIMIC[x] || x).join("、");

const RHYTHM_EN = { sinus: "sinus rhythm", sinus_brady: "sinus bradycardia", sinus_tachy: "sinus tachycardia",
  af: "atrial fibrillation/flutter", paced: "paced rhythm", no_p: "no clear P wave" };

// The ECG template with its blanks filled from the measurements, each marked machine-measured.
export function prefill(text, m, language = lang()) {
  if (!m) return text;
  const mark = MACHINE[language === "en" ? "en" : "zh"];
  const fill = (re, v) => { if (v !== null) text = text.replace(re, (_, head) => `${head}${v}${mark}`); };
  const rhythm = m.rhythm || {};
  if (rhythm.code && rhythm.code !== "undetermined") {
    const said = language === "en" ? (RHYTHM_EN[rhythm.code] || rhythm.code) : rhythm.text;
    text = text.replace(/^((?:心律|Rhythm)[：:]\s*).*$/m, (_, head) => `${head}${said}${mark}`);
  }
  const hr = value(m.hr_bpm);
  fill(/^((?:心率|Rate)[：:]\s*)\S*(?=\s*(?:次\/分|\/min))/m, hr);
  fill(/^((?:PR 间期|PR)[：:]\s*)(?:\d+)?\s*(?= ms)/m, value(m.pr_ms));
  fill(/^((?:QRS 时限|QRS)[：:]\s*)(?:\d+)?\s*(?= ms)/m, value(m.qrs_ms));
  const qt = value(m.qt_ms), qtc = value(m.qtc_bazett_ms);
  if (qt !== null && qtc !== null) fill(/^(QT\/QTc[：:]\s*)(?:[\d/]+)?\s*(?= ms)/m, `${qt}/${qtc}`);
  const axes = [["P", m.p_axis_deg], ["QRS", m.qrs_axis_deg], ["T", m.t_axis_deg]]
    .filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k} ${Math.round(v)}°`);
  if (axes.length) text = text.replace(/^((?:电轴|Axis)[：:]\s*)(.*)$/m, (_, head, rest) => `${head}${rest}（${axes.join(" / ")}）${mark}`);
  if (m.stemi?.suspected) {
    const leads = m.stemi.leads.join("、");
    const back = m.stemi.criterion === "posterior";
    const line = language === "en"
      ? (back ? `ST-T: ST depression in ${leads}, suspected posterior MI${mark}` : `ST-T: ST elevation in ${leads}, suspected STEMI${mark}`)
      : (back ? `ST-T：${leads} ST 段压低，疑似后壁心肌梗死${mark}` : `ST-T：${leads} ST 段抬高，疑似 STEMI${mark}`);
    text = text.replace(/^ST-T[：:].*$/m, line);
  } else {
    const shifted = stShifted(m);
    if (shifted.length) {  // flagged on the strip: the template must not say "no change"
      const leads = shifted.map(([lead, v]) => `${lead} ${v > 0 ? "+" : ""}${v} µV`).join(language === "en" ? ", " : "、");
      text = text.replace(/^ST-T[：:].*$/m, language === "en"
        ? `ST-T: ST deviation in ${leads}, to be read${mark}` : `ST-T：${leads} ST 段偏移，请判读${mark}`);
    }
  }
  return text;
}

// Leads whose ST deviates by the strip's flag threshold or more (up or down).
const ST_FLAG_UV = 100;
const stShifted = (m) => Object.entries(m?.st_deviation_uv || {})
  .filter(([, v]) => v !== null && v !== undefined && Math.abs(v) >= ST_FLAG_UV);

// The machine flagged something a "normal ECG" conclusion would contradict: a suspected
// STEMI, an ST deviation on the strip, a rhythm other than plain sinus, or ectopic beats.
export function machineFlagged(m) {
  if (!m) return false;
  const rhythm = m.rhythm || {};
  return Boolean(m.stemi?.suspected) || stShifted(m).length > 0
    || Boolean(rhythm.code && !["sinus", "undetermined"].includes(rhythm.code))
    || (rhythm.statements || []).length > 1;
}

// Remove the machine marks: the doctor has checked the values and takes them as their own.
export function confirmMachine(text) {
  return text.replaceAll(MACHINE.zh, "").replaceAll(MACHINE.en, "");
}

export const hasMachineMarks = (text) => text.includes(MACHINE.zh) || text.includes(MACHINE.en);

// --- calipers -------------------------------------------------------------------------
const SVG = "http://www.w3.org/2000/svg";

function svgPoint(svg, event) {
  const p = svg.createSVGPoint();
  p.x = event.clientX;
  p.y = event.clientY;
  return p.matrixTransform(svg.getScreenCTM().inverse());
}

// Drag on the sheet to measure: Δt in ms (and the rate it implies) and ΔV in mV.
export function attachCalipers(root) {
  const svg = root.querySelector("#ecg-svg");
  const bar = root.querySelector(".ecg-bar");
  if (!svg || !bar) return;
  const readout = el("span#caliper-readout.chip", { text: "" });
  const toggle = el("button#caliper-toggle.ghost", { type: "button", i18n: "caliper", "aria-pressed": "false" });
  bar.insertBefore(readout, bar.querySelector(".spacer"));
  bar.insertBefore(toggle, bar.querySelector(".spacer"));
  const g = document.createElementNS(SVG, "g");
  g.id = "caliper";
  svg.append(g);
  let on = false, start = null;
  toggle.addEventListener("click", () => {
    on = !on;
    toggle.setAttribute("aria-pressed", String(on));
    toggle.classList.toggle("on", on);
    svg.style.cursor = on ? "crosshair" : "";
  });
  const draw = (a, b) => {
    g.replaceChildren();
    for (const [x1, y1, x2, y2] of [[a.x, a.y, b.x, a.y], [b.x, a.y, b.x, b.y], [a.x, a.y - 3, a.x, a.y + 3]]) {
      const line = document.createElementNS(SVG, "line");
      Object.entries({ x1, y1, x2, y2, stroke: "#1565c0", "stroke-width": 0.3 }).forEach(([k, v]) => line.setAttribute(k, v));
      g.append(line);
    }
    const ms = Math.abs(b.x - a.x) / MM_PER_S * 1000;
    const mv = (a.y - b.y) / MM_PER_MV;
    readout.dataset.ms = ms.toFixed(1);
    readout.dataset.mv = mv.toFixed(3);
    readout.textContent = `Δt ${Math.round(ms)} ms${ms > 0 ? ` (${Math.round(60000 / ms)}/min)` : ""} · ΔV ${mv.toFixed(2)} mV`;
  };
  svg.addEventListener("pointerdown", (e) => {
    if (!on) return;
    e.preventDefault();
    start = svgPoint(svg, e);
    svg.setPointerCapture?.(e.pointerId);
  });
  svg.addEventListener("pointermove", (e) => { if (on && start) draw(start, svgPoint(svg, e)); });
  svg.addEventListener("pointerup", (e) => { if (on && start) { draw(start, svgPoint(svg, e)); start = null; } });
}

// What case.js calls once the sheet is on screen: calipers plus the measurements panel.
export async function enhanceEcg(root, api, caseId) {
  attachCalipers(root);
  try {
    const panel = await measurePanel(api, caseId);
    if (panel) root.append(panel);
  } catch (err) { console.error(err); }
  return root;
}

export { t };
