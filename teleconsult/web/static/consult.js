// Upward consultation (上级会诊) on the case page: the case's consultations with the experts'
// opinions, the request dialog (pool, question, urgency, series) for a reader or the clinic,
// and, for an expert of the pool, take it and send the opinion.
import { api, badge, doctorName, el, fail, fmtTime, me, t, toast } from "./common.js";

// The shell's directory names the pools and the experts (ids the API speaks in).
function directory() {
  try { return JSON.parse(document.getElementById("directory")?.textContent || "{}"); }
  catch { return {}; }
}

export const isExpert = () => (directory().experts || []).includes(me.id);

function pools() {
  return directory().pools || {};
}

function askDialog(c, reload) {
  const pool = el("select#consult-pool", {}, ...Object.entries(pools()).map(([id, name]) =>
    el("option", { value: id, text: name })));
  const question = el("textarea#consult-question", { rows: 4 });
  const urgency = el("select#consult-urgency", {}, ...["routine", "urgent", "stat"].map((u) =>
    el("option", { value: u, i18n: u })));
  urgency.value = c.priority || "routine";
  const images = (c.series || []).filter((s) => !["SR", "KO", "PR"].includes(s.modality));
  const series = el("div.consult-series", {}, ...images.map((s) => el("label.inline", {},
    el("input", { type: "checkbox", value: s.series_instance_uid, checked: true }),
    el("span", { text: `${s.modality} ${s.number || ""} ${s.description || ""}` }))));
  const dialog = el("dialog#consult-dialog", {},
    el("h2", { i18n: "consult_ask" }),
    el("label", {}, el("span", { i18n: "consult_pool" }), pool),
    el("label", {}, el("span", { i18n: "question" }), question),
    el("label", {}, el("span", { i18n: "urgency" }), urgency),
    el("div", {}, el("span", { i18n: "consult_series" }), series),
    el("div.dialog-actions", {},
      el("button#consult-submit", { type: "button", i18n: "submit", onclick: async () => {
        if (!question.value.trim()) { question.focus(); return; }
        try {
          await api(`/api/v1/cases/${c.case_id}/consultations`, { method: "POST", json: {
            pool: pool.value, question: question.value.trim(), urgency: urgency.value,
            series: [...series.querySelectorAll("input:checked")].map((i) => i.value) } });
          dialog.close();
          toast(t("consult_sent"), "ok");
          await reload();
        } catch (err) { fail(err); }
      } }),
      el("button.ghost", { type: "button", i18n: "cancel", onclick: () => dialog.close() })));
  return dialog;
}

function expertActions(c, q, reload) {
  if (q.status === "answered") return null;
  if (q.claimed_by !== me.id) {
    return el("button.consult-claim", { type: "button", i18n: "consult_claim", onclick: async () => {
      try { await api(`/api/v1/consultations/${q.consultation_id}/claim`, { method: "POST" }); await reload(); }
      catch (err) { fail(err); }
    } });
  }
  const opinion = el("textarea#consult-opinion", { rows: 4 });
  const recommendation = el("textarea#consult-recommendation", { rows: 2 });
  return el("div.consult-answer", {},
    el("label", {}, el("span", { i18n: "opinion" }), opinion),
    el("label", {}, el("span", { i18n: "recommendation" }), recommendation),
    el("button#consult-send", { type: "button", i18n: "consult_answer", onclick: async () => {
      if (!opinion.value.trim()) { opinion.focus(); return; }
      try {
        await api(`/api/v1/consultations/${q.consultation_id}/opinion`, { method: "POST", json: {
          opinion: opinion.value.trim(),
          ...(recommendation.value.trim() ? { recommendation: recommendation.value.trim() } : {}) } });
        await reload();
      } catch (err) { fail(err); }
    } }));
}

function item(c, q, expert, reload) {
  return el(`li.consultation.consult-${q.status}`, { dataset: { consultationId: q.consultation_id } },
    el("div", {}, badge("status", q.status), " ", badge("prio", q.urgency), " ",
      el("strong", { text: q.pool_name || q.pool }), " ",
      el("small.muted", { text: `${t("requested_by")}: ${doctorName(q.requested_by)} · ${fmtTime(q.requested_at, true)}` })),
    el("p.consult-question", { text: q.question }),
    q.opinion ? el("div.consult-opinion", {},
      el("p", {}, el("strong", { i18n: "opinion" }), "：", q.opinion),
      q.recommendation ? el("p", {}, el("strong", { i18n: "recommendation" }), "：", q.recommendation) : null,
      el("p.small.muted", { text: `${t("answered_by")}: ${q.answered_by_name || doctorName(q.answered_by)} · ${fmtTime(q.answered_at, true)}` })) : null,
    expert ? expertActions(c, q, reload) : null);
}

export function consultPanel(c, reload, expert = false) {
  const list = c.consultations || [];
  const canAsk = !expert && (me.kind === "clinic" || me.kind === "doctor") && Object.keys(pools()).length;
  const dialog = canAsk ? askDialog(c, reload) : null;
  return el("section#consultations.card", {},
    el("h2", { i18n: "consultations" }),
    list.length ? el("ul.consult-list", {}, list.map((q) => item(c, q, expert, reload)))
      : el("p.muted", { i18n: "no_consultations" }),
    canAsk ? el("button#consult-open.ghost", { type: "button", i18n: "consult_ask",
      onclick: () => dialog.showModal() }) : null,
    dialog);
}
