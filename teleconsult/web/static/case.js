// Case page: patient header, clinical note, series with thumbnails, image or ECG viewer,
// priors with their reports, report editor (template, critical, sign), claim/release, history.
import {
  api, badge, clock, clinicName, doctorName, el, fail, fmtTime, initPage, lang, me, startClocks, t, toast,
} from "./common.js";
import { word } from "./i18n.js";
import { decorate, followCase, notYours } from "./case_follow.js";
import { attachDraft } from "./drafts.js";
import { ecgViewer } from "./ecg.js";
import { confirmMachine, enhanceEcg, flagBadges, machineFlagged, measurements, prefill } from "./ecg_panel.js";
import { templateFor } from "./templates.js";
import { openImages } from "./imaging.js";
import { reviewPanel, stageNote } from "./review.js";
import { consultPanel, isExpert } from "./consult.js";

const app = document.getElementById("app");
const caseId = decodeURIComponent(location.pathname.split("/").pop());
let record = null;
let viewer = null;
let following = false;

function header(c) {
  const p = c.patient || {};
  const routing = c.review_status || c.status;  // a review item's own routing state
  return el("section#case-header.patient-bar", { dataset: { priority: c.priority } },
    el("a.ghost.button", { href: me.kind === "admin" ? "/supervisor" : "/worklist", i18n: "back" }),
    badge("prio", c.priority), ...flagBadges(c),
    el("h1#patient-name", { text: p.name || "—" }),
    el("span", { text: [p.id, word("sex", p.sex), p.birth_date].filter(Boolean).join(" · ") }),
    el("span", { text: `${c.modality} · ${c.study?.study_description || ""}` }),
    el("span", { text: clinicName(c.clinic) }),
    badge("status", c.status),
    ["queued", "assigned", "in_review"].includes(c.status)
      ? el("span.clock-box", {}, el("span", { i18n: "due" }), " ",
        clock(c.due_at)) : null,
    el("span.spacer"),
    el("button#claim", { type: "button", i18n: "claim", onclick: claim,
      hidden: !(me.kind === "doctor" && routing === "assigned" && c.assigned_to === me.id) }),
    el("button#release.ghost", { type: "button", i18n: "release", onclick: release,
      hidden: !(me.kind === "doctor" && ["assigned", "in_review"].includes(routing) && c.assigned_to === me.id) }));
}

// Objects with no pixels: a thumbnail would be a broken image, and opening one in the image
// viewer shows nothing. Our own report and key-image objects are named by what they are.
const NO_PIXELS = new Set(["SR", "KO", "PR", "DOC", "REG", "SEG", "RWV"]);
const OUR_SERIES = { 9000: "series_our_report", 9001: "series_our_key_images" };

function seriesList(c) {
  const list = el("ul#series-list.series");
  for (const s of c.series || []) {
    const mid = s.instances?.[Math.floor((s.instances.length - 1) / 2)];
    const ours = NO_PIXELS.has(s.modality) ? OUR_SERIES[s.number] : undefined;
    const noPixels = NO_PIXELS.has(s.modality);
    const thumb = s.modality === "ECG" || noPixels || !mid
      ? el("div.thumb.ecg-thumb", { text: noPixels ? word("object", s.modality) : s.modality })
      : el("img.thumb", { alt: "", loading: "lazy",
        src: `/dicomweb/studies/${c.study_instance_uid}/series/${s.series_instance_uid}/instances/${mid}/rendered?viewport=96,96` });
    list.append(el("li", {
      dataset: { series: s.series_instance_uid },
      class: noPixels ? "no-pixels" : undefined,
      onclick: noPixels ? () => showObject(s, ours) : () => openSeries(s),
    }, thumb, el("div", {}, el("strong", ours ? { i18n: ours }
      : { text: noPixels ? word("object", s.modality) : `${s.modality} ${s.number || ""}` }),
      el("div.small", { text: ours ? "" : s.description || "" }),
      el("div.small.muted", { text: `${s.instance_count} ${t(noPixels ? "objects" : "images")}` }))));
  }
  return el("aside.panel.left", {}, el("h2", { i18n: "series" }), list,
    c.clinical_note ? el("div#clinical-note.note-box", {}, el("h3", { i18n: "note" }), el("p", { text: c.clinical_note })) : null);
}

// Our report is the report panel; another object without pixels is listed, not viewed.
function showObject(s, ours) {
  if (ours === "series_our_report") {
    document.getElementById("report")?.scrollIntoView({ behavior: "smooth", block: "start" });
    return;
  }
  toast(t("object_not_viewable"));
}

async function openSeries(s) {
  const area = document.getElementById("view-area");
  for (const li of document.querySelectorAll("#series-list li")) {
    li.classList.toggle("active", li.dataset.series === s.series_instance_uid);
  }
  try {
    if (s.modality === "ECG") {
      area.replaceChildren(await enhanceEcg(await ecgViewer(api, caseId), api, caseId));
      return;
    }
    viewer = await openImages(area, record, s);
  } catch (err) { fail(err); }
}

function reportPanel(c) {
  const mine = me.kind === "doctor";
  const last = c.reports?.[c.reports.length - 1];
  const findings = el("textarea#findings", { rows: 8, disabled: !mine });
  const impression = el("textarea#impression", { rows: 3, disabled: !mine });
  const critical = el("input#critical", { type: "checkbox", disabled: !mine });
  if (last) {
    findings.value = last.findings;
    impression.value = last.impression;
    critical.checked = last.critical;
  } else {
    Object.assign(findings, { value: localStorage.getItem(`draft-f-${caseId}`) || "" });
    Object.assign(impression, { value: localStorage.getItem(`draft-i-${caseId}`) || "" });
  }
  for (const box of [findings, impression]) {
    box.addEventListener("input", () => {
      localStorage.setItem(`draft-f-${caseId}`, findings.value);
      localStorage.setItem(`draft-i-${caseId}`, impression.value);
    });
  }
  // the server keeps the draft of an open read (the next reader gets it after a handover)
  const draftStatus = mine && !last && c.assigned_to === me.id
    ? attachDraft(caseId, c, findings, impression, critical) : null;
  const useTemplate = async () => {
    const tpl = templateFor(c.modality, lang(), document.getElementById("ecg-hr")?.dataset.value);
    findings.value = tpl.findings;
    impression.value = tpl.impression;
    if (c.modality === "ECG") {
      const m = await measurements(api, caseId);
      findings.value = prefill(tpl.findings, m);
      // the normal conclusion would contradict what the machine flagged: the doctor writes it
      if (machineFlagged(m)) impression.value = "";
    }
    // like typing: saved as a draft (leaving the page now keeps it) and in this browser
    for (const box of [findings, impression]) box.dispatchEvent(new Event("input"));
  };
  const confirmValues = () => { findings.value = confirmMachine(findings.value); findings.dispatchEvent(new Event("input")); };
  const sign = async (stage = "final") => {
    if (critical.checked && !findings.value.trim()) {  // the server refuses it too
      toast(t("critical_needs_findings"), "error");
      findings.focus();
      return;
    }
    if (critical.checked && !confirm(t("confirm_critical"))) return;
    const open = c.assigned_to === me.id && ["assigned", "in_review"].includes(c.status);
    try {
      const report = await api(`/api/v1/cases/${caseId}/report`, { method: "POST", json: {
        findings: findings.value, impression: impression.value, critical: critical.checked, stage,
        ...(open ? { fence: c.fence } : {}) } });
      localStorage.removeItem(`draft-f-${caseId}`);
      localStorage.removeItem(`draft-i-${caseId}`);
      toast(`${t("signed")} · v${report.version}`, "ok");
      await load();
    } catch (err) {
      if (err.code === "review_required") toast(t("review_required"), "error"); else fail(err);
    }
  };
  const returned = [...(c.history || [])].reverse().find((h) => ["returned", "preliminary", "reported"].includes(h.status));
  return el("section#report.card", {},
    el("h2", { i18n: "report" }),
    last ? el("p#signed-note.ok", {}, `${t("signed")} v${last.version} · ${last.signed_by_name || last.signed_by} · ${fmtTime(last.signed_at, true)}`,
      last.critical ? el("span.badge.critical", { i18n: "critical" }) : null) : null,
    stageNote(last),
    returned?.status === "returned" && c.assigned_to === me.id
      ? el("p#returned-note.error", { text: `${t("returned_note")}: ${returned.comment || ""}` }) : null,
    mine ? el("button#use-template.ghost", { type: "button", i18n: "template", onclick: useTemplate }) : null,
    mine && c.modality === "ECG" ? el("button#confirm-machine.ghost", { type: "button", i18n: "confirm_machine", onclick: confirmValues }) : null,
    el("label", {}, el("span", { i18n: "findings" }), findings),
    el("label", {}, el("span", { i18n: "impression" }), impression),
    el("label.inline.critical-flag", {}, critical, el("span", { i18n: "critical" })),
    mine ? el("button#sign", { type: "button", i18n: "sign", onclick: () => sign("final") }) : null,
    mine && c.assigned_to === me.id && ["assigned", "in_review"].includes(c.status)
      ? el("button#sign-preliminary.ghost", { type: "button",
      i18n: "sign_preliminary", onclick: () => sign("preliminary") }) : null,
    draftStatus);
}

// The patient's other studies across the community (result sharing): each with its clinic;
// a name + birth-date match only is flagged and comes without reports.
function priorsPanel(c) {
  const items = (c.priors || []).map((p) => {
    const possible = p.match === "possible_match";
    return el(`li.prior${possible ? ".possible" : ""}${p.clinic !== c.clinic ? ".elsewhere" : ""}`,
      { dataset: { caseId: p.case_id, clinic: p.clinic || "", match: p.match || "" } },
      el("div.prior-head", {},
        el("strong", { text: `${p.modality || ""} ${p.study_date || ""}` }), " ",
        el("span.prior-clinic", { text: clinicName(p.clinic) }), " ",
        possible ? el("span.badge.possible-match", { i18n: "possible_match", "data-i18n-title": "possible_match_hint", title: t("possible_match_hint") }) : null),
      p.study_description ? el("div.small.muted", { text: p.study_description }) : null,
      ...(p.reports || []).slice(-1).map((r) => el("div.prior-report", {},
        r.critical ? el("span.badge.critical", { i18n: "critical" }) : null,
        el("p", { text: r.impression }), el("p.small.muted", { text: r.findings }))));
  });
  // the whole record (lab results too): a doctor by this case, an admin by its clinic
  const pid = c.patient && c.patient.id;
  const whole = pid ? el("a#patient-record.ghost.button", { i18n: "patient_record",
    href: `/patients/${encodeURIComponent(pid)}?${me.kind === "admin" ? `clinic=${c.clinic}` : `case_id=${c.case_id}`}` }) : null;
  return el("section#priors.card", {}, el("h2", { i18n: "priors" }), whole,
    items.length ? el("ul", {}, items) : el("p.muted", { i18n: "no_priors" }));
}

// Who did it, by name: a doctor, a clinic, or which part of the system (never its id).
const actor = (id) => (!id ? "" : doctorName(id) !== id ? doctorName(id) : clinicName(id) !== id
  ? clinicName(id) : word("actor", id) || (lang() === "en" ? id : t("actor_system")));

function historyPanel(c) {
  return el("section#history.card", {}, el("h2", { i18n: "history" }),
    el("ol.history", {}, (c.history || []).map((h) => el("li", {},
      el("span.small.muted", { text: fmtTime(h.at, true) }), " ",
      badge("status", h.stage === "preliminary" ? "stage_preliminary" : h.status), " ",
      el("span", { text: [actor(h.by), h.to && `→ ${actor(h.to)}`, word("reason", h.reason)]
        .filter(Boolean).join(" ") })))));
}

async function claim() {
  try {
    await api(`/api/v1/cases/${caseId}/claim`, { method: "POST" });
    await load();
  } catch (err) { fail(err); }
}

async function release() {
  const reason = prompt(t("reason"), "");
  if (reason === null) return;
  try {
    await api(`/api/v1/cases/${caseId}/release`, { method: "POST", json: { reason } });
    location.href = "/worklist";
  } catch (err) { fail(err); }
}

// A reviewer gets the review beside the preliminary; an expert the consultation (no editor);
// everyone who may read the case sees its consultations.
function rightPanels(c) {
  const reviewing = me.kind === "doctor" && c.kind === "review" && c.assigned_to === me.id
    && ["assigned", "in_review"].includes(c.review_status);
  const expert = isExpert();
  return [reviewing ? reviewPanel(c, load) : expert ? null : reportPanel(c),
    consultPanel(c, load, expert), priorsPanel(c), historyPanel(c)];
}

async function load() {
  try {
    record = await api(`/api/v1/cases/${caseId}`);
  } catch (err) {
    if (err.code === "not_yours") { notYours(app, caseId, load); return; }  // never a dead end
    app.replaceChildren(el("p.error", { text: `${t("failed")}: ${err.message}` }));
    return;
  }
  const keep = document.getElementById("view-area");
  app.replaceChildren(header(record), el("div.case-grid", {},
    seriesList(record),
    keep || el("section#view-area.view"),
    el("aside.panel.right", {}, ...rightPanels(record))));
  if (!keep && record.series?.length) openSeries(record.series[0]);
  decorate(record, caseId);
  if (!following) { following = true; followCase(caseId, () => record); }
}

initPage(() => load());
startClocks(app);
load();
