// The case page follows its case: while open it beats (the reader keeps the case), and it
// re-checks who holds the case on every event about it and every 20 s. When the case came
// back to this doctor or went to someone else, a banner says so and offers what is possible
// (reload, claim, read-only view) — never a dead end.
import { api, clock, el, elapsed, fail, lang, liveEvents, me } from "./common.js";

const TEXT = {
  zh: {
    back_to_you: "此病例已重新分配给您。", taken_by_other: "此病例已交给其他医生，您现在只能查看。",
    back_in_queue: "此病例已退回派单队列。", not_yours: "此病例当前未分配给您。",
    waiting: "正在确认病例归属…", reload: "刷新", claim: "接手阅片", read_only: "只读查看",
    to_worklist: "返回工作列表", handover: "交接", handover_note: "交接说明（可选）",
    reading: "阅片用时", read_limit: "阅片时限",
  },
  en: {
    back_to_you: "This case is yours again.", taken_by_other: "This case went to another doctor; you can only view it.",
    back_in_queue: "This case went back to the queue.", not_yours: "This case is not routed to you right now.",
    waiting: "Checking who holds this case…", reload: "Reload", claim: "Take it",
    read_only: "View read-only", to_worklist: "Back to worklist", handover: "Hand over",
    handover_note: "Note for the next reader (optional)", reading: "Reading for", read_limit: "Read within",
  },
};
export const tx = (k) => (TEXT[lang()] || TEXT.zh)[k] ?? k;
const BEAT_MS = 15000;
const CHECK_MS = 20000;
// a review item's own routing state is review_status (its case status says "preliminary")
const routing = (rec) => rec?.review_status || rec?.status;
const open = (rec) => rec && rec.assigned_to === me.id && ["assigned", "in_review"].includes(routing(rec));

async function claimAndReload(caseId) {
  try {
    await api(`/api/v1/cases/${caseId}/claim`, { method: "POST" });
    location.reload();
  } catch (err) { fail(err); }
}

function actions(caseId, own) {
  return [
    el("button#follow-reload", { type: "button", text: tx("reload"), onclick: () => location.reload() }),
    own.can_claim ? el("button#follow-claim", { type: "button", text: tx("claim"), onclick: () => claimAndReload(caseId) }) : null,
    own.can_read && !own.mine ? el("button#follow-read.ghost", { type: "button", text: tx("read_only"), onclick: () => location.reload() }) : null,
    el("a.button.ghost", { href: "/worklist", text: tx("to_worklist") }),
  ];
}

function banner(key, caseId, own) {
  const box = document.getElementById("follow-banner") || el("div#follow-banner.alert", { role: "alert" });
  box.dataset.state = key;
  box.replaceChildren(el("strong", { text: tx(key) }), " ", ...actions(caseId, own).filter(Boolean));
  if (!box.isConnected) document.getElementById("app").prepend(box);
  if (!own.mine) lockEditor();  // what is typed now could not be saved or signed
}

// Instead of "not routed to you": look again for a few seconds (a lease that expired a
// moment ago may be ours again), then say where the case is and what can be done.
export async function notYours(app, caseId, reload) {
  const box = el("div#follow-banner.alert", { role: "alert", dataset: { state: "waiting" } }, tx("waiting"));
  app.replaceChildren(box);
  let own = null;
  for (let i = 0; i < 10; i += 1) {
    try { own = await api(`/api/v1/cases/${caseId}/ownership`); } catch { own = null; }
    if (own && (own.mine || own.can_read)) { reload(); return; }
    await new Promise((r) => { setTimeout(r, 1000); });
  }
  box.dataset.state = "not_yours";
  box.replaceChildren(el("strong", { text: tx(own?.held_by ? "taken_by_other" : own?.status === "queued" ? "back_in_queue" : "not_yours") }),
    " ", ...actions(caseId, own || {}).filter(Boolean));
}

// After each render: the read clock, the handover button, and a read-only editor when the
// case is not (or no longer) this doctor's.
export function decorate(rec, caseId) {
  const header = document.getElementById("case-header");
  if (!header || me.kind !== "doctor") return;
  // with a read limit (STAT, urgent) a countdown to it; without one (routine) the time spent
  // reading, counting up — never a countdown to the claim itself, which has always passed
  if (rec.read_due_at || rec.reading_since) {
    header.querySelector(".spacer")?.before(el("span#read-clock.clock-box", {}, el("span", { text: tx(rec.read_due_at ? "read_limit" : "reading") }), " ",
      rec.read_due_at ? clock(rec.read_due_at) : elapsed(rec.reading_since)));
  }
  if (open(rec) && routing(rec) === "in_review") {
    header.append(el("button#handover.ghost", { type: "button", text: tx("handover"), onclick: async () => {
      const note = prompt(tx("handover_note"), "");
      if (note === null) return;
      try {
        await api(`/api/v1/cases/${caseId}/handover`, { method: "POST", json: { note, fence: rec.fence } });
        location.href = "/worklist";
      } catch (err) { fail(err); }
    } }));
  }
  const signedByMe = (rec.reports || []).some((r) => r.signed_by === me.id);
  if (!open(rec) && !signedByMe) lockEditor();
}

function lockEditor() {
  for (const id of ["findings", "impression", "critical", "sign", "use-template", "claim", "release", "handover"]) {
    const node = document.getElementById(id);
    if (node) node.disabled = true;
  }
}

// Keep the case while the page is open, and notice when it moves.
export function followCase(caseId, getRecord) {
  if (me.kind !== "doctor") return;
  const check = async () => {
    const rec = getRecord();
    let own;
    try { own = await api(`/api/v1/cases/${caseId}/ownership`); } catch { return; }
    // a signed case stays "held" by its reader: only an open one can have come back
    const held = own.mine && ["assigned", "in_review"].includes(own.status);
    if (held && (!open(rec) || own.fence !== rec.fence)) banner("back_to_you", caseId, own);
    else if (!own.mine && (open(rec) || own.can_claim)) banner(own.held_by ? "taken_by_other" : "back_in_queue", caseId, own);
  };
  const beat = async () => {
    const rec = getRecord();
    if (!open(rec)) return;
    try {
      await api(`/api/v1/cases/${caseId}/heartbeat`, { method: "POST", json: { fence: rec.fence } });
    } catch (err) {
      if (err.status === 409 || err.status === 403) check();
    }
  };
  setInterval(beat, BEAT_MS);
  beat();
  if (!open(getRecord())) check();  // read-only view of a case that may be free to take
  document.addEventListener("case-check", check);
  liveEvents(["case_assigned", "case_reassigning", "case_released", "case_handed_over"],
    (_type, data) => { if (!data.case_id || data.case_id === caseId) check(); }, check, CHECK_MS);
}
