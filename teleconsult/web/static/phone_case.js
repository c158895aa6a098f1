// The case page made for a phone (360–430 px, touch), opened from the page's deep link at
// home: the 12-lead sheet with its rhythm strip, pinch/drag to zoom and pan; the machine
// measurements with their quality verdict, rhythm and the STEMI flag's criterion; the prior
// ECG; for images the reader's key images and each series as a vertical scroll; a short
// report (template, 危急值) and sign. Same APIs (so the same rules, audit and
// fencing) as the desktop page; nothing here decides anything the server does not.
import { api, badge, clinicName, el, fail, initPage, lang, me, t, toast } from "./common.js";
import {
  CRITERION, confirmMachine, flagBadges, machineFlagged, measurements, mimicText, prefill, qualityLine,
} from "./ecg_panel.js";
import { word } from "./i18n.js";
import { templateFor } from "./templates.js";

const app = document.getElementById("app");
const caseId = decodeURIComponent(location.pathname.split("/").pop());
document.head.append(el("link", { rel: "stylesheet", href: "/static/phone.css" }));
document.body.classList.add("phone");

// --- the sheet: one transform, driven by pointers (pinch = two, pan = one) and buttons ----
function zoomable(svg) {
  const box = el("div#m-sheet.m-sheet", {}, svg);
  const vb = (svg.getAttribute("viewBox") || "0 0 297 210").split(/\s+/).map(Number);
  box.style.aspectRatio = `${vb[2]} / ${vb[3]}`;
  const view = { k: 1, x: 0, y: 0 };
  const pts = new Map();
  let last = null;
  const apply = () => {
    const w = box.clientWidth, h = box.clientHeight;
    view.k = Math.min(8, Math.max(1, view.k));
    view.x = Math.min(0, Math.max(w - w * view.k, view.x));
    view.y = Math.min(0, Math.max(h - h * view.k, view.y));
    svg.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
    box.dataset.zoom = view.k.toFixed(2);
  };
  const zoomAt = (factor, cx, cy) => {
    const k = Math.min(8, Math.max(1, view.k * factor));
    view.x = cx - (cx - view.x) * (k / view.k);
    view.y = cy - (cy - view.y) * (k / view.k);
    view.k = k;
    apply();
  };
  const centre = () => { const a = [...pts.values()]; return [(a[0].x + a[1].x) / 2, (a[0].y + a[1].y) / 2, Math.hypot(a[0].x - a[1].x, a[0].y - a[1].y)]; };
  box.addEventListener("pointerdown", (e) => {
    box.setPointerCapture(e.pointerId);
    const r = box.getBoundingClientRect();
    pts.set(e.pointerId, { x: e.clientX - r.left, y: e.clientY - r.top });
    last = pts.size === 2 ? centre() : null;
  });
  box.addEventListener("pointermove", (e) => {
    if (!pts.has(e.pointerId)) return;
    const r = box.getBoundingClientRect();
    const prev = pts.get(e.pointerId);
    const now = { x: e.clientX - r.left, y: e.clientY - r.top };
    pts.set(e.pointerId, now);
    if (pts.size === 2 && last) {
      const [cx, cy, d] = centre();
      if (last[2] > 0) zoomAt(d / last[2], cx, cy);
      view.x += cx - last[0]; view.y += cy - last[1];
      last = [cx, cy, d];
      apply();
    } else if (pts.size === 1 && view.k > 1) {
      view.x += now.x - prev.x; view.y += now.y - prev.y;
      apply();
    }
  });
  const up = (e) => { pts.delete(e.pointerId); last = null; };
  box.addEventListener("pointerup", up);
  box.addEventListener("pointercancel", up);
  box.addEventListener("dblclick", (e) => { const r = box.getBoundingClientRect(); zoomAt(2, e.clientX - r.left, e.clientY - r.top); });
  const bar = el("div.m-zoom", {},
    el("button#m-zoom-out.ghost", { type: "button", text: "－", "aria-label": "缩小", onclick: () => zoomAt(1 / 1.5, box.clientWidth / 2, box.clientHeight / 2) }),
    el("button#m-zoom-reset.ghost", { type: "button", text: "复位", onclick: () => { view.k = 1; view.x = 0; view.y = 0; apply(); } }),
    el("button#m-zoom-in.ghost", { type: "button", text: "＋", "aria-label": "放大", onclick: () => zoomAt(1.5, box.clientWidth / 2, box.clientHeight / 2) }));
  requestAnimationFrame(apply);
  return el("section#m-ecg.m-card", {}, box, bar,
    el("p.small.muted", { text: "双指缩放、拖动平移；双击放大。25 mm/s，10 mm/mV" }));
}

async function sheet(id, elementId) {
  const text = await api(`/api/v1/cases/${id}/ecg.svg`);
  const svg = document.importNode(new DOMParser().parseFromString(text, "image/svg+xml").documentElement, true);
  for (const s of svg.querySelectorAll("script, foreignObject")) s.remove();
  svg.id = elementId;
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  return svg;
}

function fmt(v, unit) { return v === null || v === undefined ? "—" : `${Math.round(v)}${unit}`; }

function measurePanel(m) {
  if (!m) return null;
  const s = m.stemi || {};
  const rows = [["心率", m.hr_bpm, " 次/分", "hr_bpm"], ["PR", m.pr_ms, " ms", "pr_ms"],
    ["QRS", m.qrs_ms, " ms", "qrs_ms"], ["QT/QTc", null, "", "qt_ms"],
    ["电轴 P/QRS/T", null, "", "axes"]];
  const cell = (key, v, unit) => (key === "qt_ms" ? `${fmt(m.qt_ms, "")}/${fmt(m.qtc_bazett_ms, " ms")}`
    : key === "axes" ? [m.p_axis_deg, m.qrs_axis_deg, m.t_axis_deg].map((x) => fmt(x, "°")).join(" / ")
      : fmt(v, unit));
  const why = (key) => (m.reasons || {})[key] || "";
  return el("section#m-measure.m-card", {},
    s.suspected ? el("div#m-stemi.alert", { role: "alert" },
      el("strong", { text: "疑似 STEMI（机器判读，需医生确认）" }),
      el("div", { text: `导联：${(s.leads || []).join(" ")}` }),
      el("div.small", { dataset: { criterion: s.criterion || "" }, title: s.criteria || "", text: `依据：${CRITERION[s.criterion] || "—"}` }),
      (s.mimics_considered || []).length ? el("div.small", { text: `已排查：${mimicText(s.mimics_considered)}` }) : null)
      : el("div#m-stemi-none.small.muted", { text: s.mimic ? `未提示 STEMI（符合${mimicText([s.mimic])}）` : "未提示 STEMI" }),
    qualityLine(m),
    el("dl#m-values.m-values", {}, ...rows.flatMap(([label, v, unit, key]) => [
      el("dt", { text: label }), el("dd", { dataset: { field: key }, title: why(key), text: cell(key, v, unit) })])),
    el("p.small.muted", { text: "机器测量，需医生核对" }));
}

async function priorPanel(c) {
  const prior = (c.priors || []).find((p) => p.modality === "ECG" && p.match !== "possible_match");
  if (!prior) return el("section#m-prior.m-card", {}, el("h2", { text: "既往心电图" }), el("p.muted", { text: "无" }));
  const last = (prior.reports || []).slice(-1)[0];
  let img = null;
  try {
    img = await sheet(prior.case_id, "m-prior-svg");
  } catch (err) {  // the sheet of a case routed to someone else stays theirs (same rule as desktop)
    img = el("p#m-prior-closed.muted", { text: err.code === "not_yours" ? "既往图形仅限该病例的阅片医生查看" : "既往图形暂不可读取" });
  }
  return el("section#m-prior.m-card", { dataset: { caseId: prior.case_id } },
    el("h2", { text: `既往心电图 ${prior.study_date || ""}` }),
    el("div.small.muted", { text: clinicName(prior.clinic) }),
    el("div.m-prior-sheet", {}, img),
    el("p.small", { text: last ? `诊断：${last.impression}` : "尚无报告" }));
}

// --- imaging: the reader's key images first, then one series as a vertical scroll --------
function rendered(c, series, sop) {
  const w = Math.min(1024, Math.round((window.innerWidth || 390) * (window.devicePixelRatio || 1)));
  return `/dicomweb/studies/${c.study_instance_uid}/series/${series}/instances/${sop}/rendered?viewport=${w},${w}`;
}

async function imagingPanel(c) {
  let keys = [];
  try { keys = (await api(`/api/v1/cases/${caseId}/annotations`)).key_images || []; } catch { keys = []; }
  const strip = el("div#m-series.m-series", { tabindex: "0" });
  const caption = el("div#m-series-caption.small.muted");
  const show = (s, sop) => {
    const list = s.instances || [];
    strip.dataset.series = s.series_instance_uid;
    strip.replaceChildren(...list.map((uid, i) => el("figure.m-slice", { dataset: { sop: uid } },
      el("img", { alt: "", loading: "lazy", src: rendered(c, s.series_instance_uid, uid) }),
      el("figcaption.small.muted", { text: `${i + 1}/${list.length}` }))));
    caption.textContent = `${s.modality} ${s.number || ""} ${s.description || ""} · 共 ${list.length} 幅，上下滑动翻页`;
    const at = sop ? strip.querySelector(`figure[data-sop="${CSS.escape(sop)}"]`) : null;
    if (at) requestAnimationFrame(() => { strip.scrollTop = at.offsetTop - strip.offsetTop; });
  };
  const series = (c.series || []).filter((s) => (s.instances || []).length);
  const tabs = el("div.m-tabs", {}, ...series.map((s) => el("button.ghost", {
    type: "button", dataset: { series: s.series_instance_uid }, onclick: () => show(s),
    text: `${s.modality} ${s.number || ""}（${s.instance_count || (s.instances || []).length}）` })));
  const keyStrip = keys.length ? el("div#m-keys.m-keys", {}, ...keys.map((k) => el("img.m-key", {
    alt: "关键图像", src: rendered(c, k.series, k.sop), dataset: { sop: k.sop },
    onclick: () => { const s = series.find((x) => x.series_instance_uid === k.series); if (s) show(s, k.sop); } })))
    : el("p#m-keys-none.small.muted", { text: "尚未标记关键图像" });
  if (series.length) show(series[0]);
  return el("section#m-images.m-card", {}, el("h2", { text: "关键图像" }), keyStrip,
    el("h2", { text: "序列" }), tabs, caption, strip);
}

function reportPanel(c, m, reload) {
  const mine = me.kind === "doctor";
  const last = c.reports?.[c.reports.length - 1];
  const findings = el("textarea#m-findings", { rows: 6, disabled: !mine });
  const impression = el("textarea#m-impression", { rows: 2, disabled: !mine });
  findings.value = last?.findings || "";
  impression.value = last?.impression || "";
  const critical = el("input#m-critical", { type: "checkbox", disabled: !mine, checked: !!last?.critical });
  const useTemplate = () => {
    const tpl = templateFor(c.modality, lang(), m?.hr_bpm ? String(m.hr_bpm) : "");
    findings.value = m ? prefill(tpl.findings, m) : tpl.findings;
    // never a "normal ECG" over what the machine flagged: the doctor writes the conclusion
    impression.value = m?.stemi?.suspected ? "急性 ST 段抬高型心肌梗死待排，请结合临床"
      : machineFlagged(m) ? "" : tpl.impression;
    if (m?.stemi?.suspected) critical.checked = true;
  };
  const sign = async () => {
    if (critical.checked && !confirm(t("confirm_critical"))) return;
    try {
      const report = await api(`/api/v1/cases/${caseId}/report`, { method: "POST", json: {
        findings: confirmMachine(findings.value), impression: impression.value,
        critical: critical.checked, ...(c.reports?.length ? {} : { fence: c.fence }) } });
      toast(`已签发 · v${report.version}`, "ok");
      await reload();
    } catch (err) { fail(err); }
  };
  const claim = async () => {
    try { await api(`/api/v1/cases/${caseId}/claim`, { method: "POST" }); await reload(); } catch (err) { fail(err); }
  };
  const canClaim = mine && c.status === "assigned" && c.assigned_to === me.id;
  return el("section#m-report.m-card", {},
    el("h2", { text: "报告" }),
    last ? el("p#m-signed.ok", { text: `已签发 v${last.version}` }) : null,
    canClaim ? el("button#m-claim", { type: "button", text: "开始阅片", onclick: claim }) : null,
    mine ? el("button#m-template.ghost", { type: "button", text: "套用模板", onclick: useTemplate }) : null,
    el("label", {}, el("span", { text: "所见" }), findings),
    el("label", {}, el("span", { text: "诊断" }), impression),
    el("label.inline.critical-flag", {}, critical, el("span", { text: "危急值" })),
    mine && !canClaim ? el("button#m-sign", { type: "button", text: "签发", onclick: sign }) : null);
}

async function load() {
  let c;
  try {
    c = await api(`/api/v1/cases/${caseId}`);
  } catch (err) {
    app.replaceChildren(el("p.error", { text: err.code === "not_yours" ? "此病例未分配给您" : `加载失败：${err.message}` }));
    return;
  }
  const p = c.patient || {};
  const head = el("header#m-head.m-head", { dataset: { priority: c.priority } },
    badge("prio", c.priority), ...flagBadges(c),
    el("h1", { text: p.name || "—" }),
    el("div.small", { text: [word("sex", p.sex), p.birth_date, clinicName(c.clinic)].filter(Boolean).join(" · ") }),
    c.clinical_note ? el("p.small", { text: `临床：${c.clinical_note}` }) : null,
    el("a.small", { href: `/cases/${encodeURIComponent(caseId)}?view=desk`, text: "电脑版" }));
  const isEcg = c.modality === "ECG";
  const m = isEcg ? await measurements(api, caseId) : null;
  const parts = [head];
  if (isEcg) parts.push(zoomable(await sheet(caseId, "m-ecg-svg")), measurePanel(m));
  else if ((c.series || []).length) parts.push(await imagingPanel(c));
  parts.push(reportPanel(c, m, load));
  if (isEcg) parts.push(await priorPanel(c));
  app.replaceChildren(...parts.filter(Boolean));
}

initPage(() => load());
load().catch(fail);
