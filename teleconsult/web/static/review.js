// Review of a preliminary (书写/审核): the writer's preliminary beside the editable final, the
// difference as the reviewer types, a grade, and approve / sign revised / return with comment.
import { api, doctorName, el, fail, fmtTime, t, toast } from "./common.js";

function lines(r) {
  return [
    ...(r.findings || "").split("\n").map((l) => `${t("findings")}: ${l}`),
    ...(r.impression || "").split("\n").map((l) => `${t("impression")}: ${l}`),
    `${t("critical")}: ${r.critical ? t("yes") : t("no")}`,
  ];
}

// A line diff (longest common subsequence): enough for a report's few dozen lines.
export function diffLines(a, b) {
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push([" ", a[i]]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(["+", b[j]]); j++; }
    else { out.push(["-", a[i]]); i++; }
  }
  return out;
}

function renderDiff(box, prelim, final) {
  const rows = diffLines(lines(prelim), lines(final));
  const changed = rows.some(([op]) => op !== " ");
  box.replaceChildren(...(changed
    ? rows.filter(([op]) => op !== " ").map(([op, text]) =>
      el(`div.diff-line.${op === "+" ? "diff-add" : "diff-del"}`, { text: `${op} ${text}` }))
    : [el("p.muted", { i18n: "no_changes" })]));
  return changed;
}

export function reviewPanel(c, reload) {
  const prelim = c.reports?.at(-1) || {};
  const findings = el("textarea#review-findings", { rows: 7 });
  const impression = el("textarea#review-impression", { rows: 3 });
  const critical = el("input#review-critical", { type: "checkbox" });
  findings.value = prelim.findings || "";
  impression.value = prelim.impression || "";
  critical.checked = Boolean(prelim.critical);
  const diff = el("div#review-diff.diff");
  const current = () => ({ findings: findings.value.trim(), impression: impression.value.trim(),
    critical: critical.checked });
  const update = () => {
    const changed = renderDiff(diff, prelim, current());
    document.getElementById("review-approve")?.toggleAttribute("hidden", changed);
    document.getElementById("review-revise")?.toggleAttribute("hidden", !changed);
  };
  for (const box of [findings, impression]) box.addEventListener("input", update);
  critical.addEventListener("change", update);
  const grades = el("div#review-grade.grade-buttons", { role: "radiogroup" },
    ...["agree", "minor", "major"].map((g) => el("label.grade", {},
      el("input", { type: "radio", name: "grade", value: g, checked: g === "agree" }),
      el("span", { i18n: `grade_${g}` }))));
  const comment = el("textarea#review-comment", { rows: 2 });
  const send = async (decision) => {
    const grade = grades.querySelector("input:checked")?.value || "agree";
    if (decision === "return" && !comment.value.trim()) { toast(t("comment_needed"), "error"); return; }
    const body = { decision, grade, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) };
    if (decision === "revise") Object.assign(body, current());
    try {
      await api(`/api/v1/cases/${c.case_id}/review`, { method: "POST", json: body });
      toast(t(decision === "return" ? "returned" : "review_done"), "ok");
      if (decision === "return") location.href = "/worklist"; else await reload();
    } catch (err) { fail(err); }
  };
  const card = el("section#review.card.review-card", {},
    el("h2", { i18n: "review" }),
    el("div.review-cols", {},
      el("div.review-col", {}, el("h3", { i18n: "review_prelim" }),
        el("p.small.muted", { text: `${t("written_by")}: ${prelim.written_by_name || doctorName(prelim.written_by)} · ${fmtTime(prelim.signed_at, true)}` }),
        el("div#review-prelim.prelim-text", {},
          el("p", {}, el("strong", { i18n: "findings" })), el("p", { text: prelim.findings || "" }),
          el("p", {}, el("strong", { i18n: "impression" })), el("p", { text: prelim.impression || "" }))),
      el("div.review-col", {}, el("h3", { i18n: "review_final" }),
        el("label", {}, el("span", { i18n: "findings" }), findings),
        el("label", {}, el("span", { i18n: "impression" }), impression),
        el("label.inline.critical-flag", {}, critical, el("span", { i18n: "critical" })))),
    el("h3", { i18n: "review_diff" }), diff,
    el("h3", { i18n: "grade" }), grades,
    el("label", {}, el("span", { i18n: "comment" }), comment),
    el("div.review-actions", {},
      el("button#review-approve", { type: "button", i18n: "approve", onclick: () => send("approve") }),
      el("button#review-revise", { type: "button", i18n: "revise", hidden: true, onclick: () => send("revise") }),
      el("button#review-return.ghost", { type: "button", i18n: "return_writer", onclick: () => send("return") })));
  update();
  return card;
}

// The signed versions with their stage, writer and reviewer (everyone who may read the case).
export function stageNote(r) {
  if (!r) return null;
  const who = r.reviewed_by
    ? `${t("written_by")}: ${r.written_by_name || doctorName(r.written_by)} · ${t("reviewed_by")}: ${r.reviewed_by_name || doctorName(r.reviewed_by)}`
    : `${t("written_by")}: ${r.written_by_name || r.signed_by_name || doctorName(r.signed_by)}`;
  return el("div#stage-note", { dataset: { stage: r.stage || "final" } },
    el(`span.badge.stage-${r.stage || "final"}`, { i18n: `stage_${r.stage || "final"}` }), " ",
    el("span.small", { text: who }),
    r.stage === "preliminary" ? el("p.prelim-banner", { i18n: "preliminary_banner" }) : null);
}
