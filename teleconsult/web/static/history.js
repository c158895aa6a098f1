// Reading history: the doctor's own signed reports (a supervisor: everyone's), searched by
// text, patient, clinic and signing date, newest first, a page at a time.
import { api, clinicName, doctorName, el, fail, fmtTime, initPage, me, t } from "./common.js";

const app = document.getElementById("app");
const url = me.kind === "admin" ? "/api/v1/admin/reports" : "/api/v1/me/reports";
const FIELDS = [["q", "text", "search"], ["patient", "patient", "search"],
  ["clinic", "clinic", "search"], ["from", "from", "date"], ["to", "to", "date"]];
let items = [];

function form() {
  return el("form#history-search.filters", { onsubmit: (e) => { e.preventDefault(); search(0); } },
    ...FIELDS.map(([name, key, type]) => el("label", {}, el("span", { i18n: key }),
      el(`input#h-${name}`, { name, type }))),
    me.kind === "admin" ? el("label", {}, el("span", { i18n: "doctor" }), el("input#h-doctor", { name: "doctor" })) : null,
    el("button#history-submit", { type: "submit", i18n: "search" }));
}

function row(r) {
  const p = r.patient || {};
  return el("tr.history-row", { dataset: { reportId: r.report_id, caseId: r.case_id } },
    el("td", { text: fmtTime(r.signed_at, true) }),
    el("td", {}, el("strong", { text: p.name || "—" }), " ", el("small.muted", { text: p.id || "" })),
    el("td", { text: r.modality || "" }),
    el("td", { text: clinicName(r.clinic) }),
    me.kind === "admin" ? el("td", { text: doctorName(r.signed_by) }) : null,
    el("td", {}, r.critical ? el("span.badge.critical", { i18n: "critical" }) : null, " ", r.impression),
    el("td", {}, el("a.button", { href: `/api/v1/reports/${r.report_id}.pdf`, target: "_blank", i18n: "pdf" }),
      " ", el("a.ghost.button", { href: `/cases/${r.case_id}`, i18n: "open" })));
}

async function search(offset) {
  const params = new URLSearchParams({ offset, limit: 50 });
  for (const input of document.querySelectorAll("#history-search input")) {
    if (input.value.trim()) params.set(input.name, input.value.trim());
  }
  try {
    const page = await api(`${url}?${params}`);
    items = offset ? items.concat(page.items) : page.items;
    document.querySelector("#history tbody").replaceChildren(...items.map(row));
    document.getElementById("history-total").textContent = `${page.total} ${t("signed_reports")}`;
    const more = document.getElementById("history-more");
    more.hidden = page.next === null;
    more.onclick = () => search(page.next);
  } catch (err) { fail(err); }
}

app.replaceChildren(el("section.toolbar", {}, el("h1", { i18n: "reading_history" }),
  el("span#history-total.muted")), form(),
el("table#history.grid", {}, el("thead", {}, el("tr", {}, ...["signed_at", "patient", "modality",
  "clinic", ...(me.kind === "admin" ? ["doctor"] : []), "impression", ""].map((k) => el("th", k ? { i18n: k } : {})))),
el("tbody")),
el("button#history-more.ghost", { type: "button", i18n: "more", hidden: true }));
initPage(() => search(0));
search(0);
