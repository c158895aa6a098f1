// Report drafts on the server: what the reader types is saved (debounced, versioned, fenced)
// so a closed tab, a crash or a handover loses nothing; the next reader sees it and who wrote it.
//
// One draft keeper per page, not per render: the case page re-renders its editor (after a
// claim, an event), and a keeper per render raced itself — the old editor's save landed after
// the new editor had loaded "no draft", so the page never said "saved" and typed words could
// be overwritten by a late load. The keeper follows whichever editor is on the page, sends one
// save at a time (keepalive: a save under way survives the tab closing), and applies the
// server's draft only to an editor nobody has typed in.
import { api, el, fmtTime, lang, me } from "./common.js";

const TEXT = {
  zh: { saved: "草稿已保存", saving: "正在保存…", draft_by: "草稿作者", not_saved: "草稿未保存" },
  en: { saved: "Draft saved", saving: "Saving…", draft_by: "Draft by", not_saved: "Draft not saved" },
};
const tx = (k) => (TEXT[lang()] || TEXT.zh)[k];
const DEBOUNCE_MS = 800;
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
// the error codes a reader understands (never the API's words on a Chinese page)
const REASONS = {
  zh: { stale_fence: "病例已重新分配", not_owner: "病例已不归您", wrong_state: "病例状态已变", draft_conflict: "另一处已保存新版本" },
  en: { stale_fence: "the case was reassigned", not_owner: "the case is no longer yours", wrong_state: "the case changed", draft_conflict: "saved elsewhere meanwhile" },
};
const reason = (err) => (REASONS[lang()] || REASONS.zh)[err.code] || (lang() === "en" ? err.message : "网络或服务器错误");

let keeper = null;

// Wire the editor of an open read to the case's server draft; returns the status line.
export function attachDraft(caseId, record, findings, impression, critical) {
  if (!keeper || keeper.caseId !== caseId) keeper = draftKeeper(caseId);
  return keeper.bind(record, findings, impression, critical);
}

function draftKeeper(caseId) {
  const url = `/api/v1/cases/${caseId}/draft`;
  let version = 0, timer = null, inFlight = false, again = false, stopped = false;
  let loaded = false, typed = false, saved = null, state = null, fence = null;
  let editor = null, status = null, latest = null, author = null;  // latest: what the editor holds now
  const fields = () => ({ findings: editor.findings.value, impression: editor.impression.value,
    critical: editor.critical.checked });
  const put = (v) => {
    editor.findings.value = v.findings;
    editor.impression.value = v.impression;
    editor.critical.checked = v.critical;
  };
  const same = (a, b) => a && b && a.findings === b.findings && a.impression === b.impression && a.critical === b.critical;
  const show = (key, extra = "") => {
    state = [key, extra];
    status.textContent = `${tx(key)}${extra}`;
    status.dataset.version = String(version);
    status.dataset.state = key;
  };
  const save = async (retry = true) => {
    timer = null;
    if (stopped || !loaded) return;
    if (inFlight) { again = true; return; }  // one at a time: the next goes when this lands
    const body = fields();
    if (same(body, saved)) return;
    inFlight = true;
    show("saving");
    try {
      const r = await api(url, { method: "PUT", keepalive: true, json: { ...body, fence, base_version: version } });
      version = r.version;
      saved = body;
      show("saved", ` · v${version} · ${fmtTime(new Date(r.saved_at * 1000).toISOString())}`);
    } catch (err) {
      inFlight = false;
      if (err.code === "draft_conflict" && retry) {  // another tab of ours saved meanwhile
        try { version = (await api(url)).version; } catch { /* said below */ }
        return save(false);
      }
      if (["stale_fence", "not_owner", "wrong_state"].includes(err.code)) stopped = true;
      show("not_saved", ` （${reason(err)}）`);
      document.dispatchEvent(new CustomEvent("case-check"));
      return;
    }
    inFlight = false;
    if (again || !same(fields(), saved)) { again = false; save(); }
  };
  const changed = () => {
    typed = true;
    latest = fields();
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  };
  // the tab closes: send what is not on the server yet (keepalive outlives the page). No
  // base version: a save under way may land first, and these are this tab's newest words.
  window.addEventListener("pagehide", () => {
    if (stopped || !editor || !loaded || same(fields(), saved)) return;
    fetch(url, { method: "PUT", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ ...fields(), fence }) });
  });
  const load = () => api(url).then((d) => {
    version = Math.max(version, d.version);
    if (d.draft) {
      const theirs = { findings: d.draft.findings, impression: d.draft.impression, critical: d.draft.critical };
      if (!saved) saved = theirs;
      if (!typed) {  // never over words typed while the draft was on its way
        put(theirs);
        latest = theirs;
      }
      const who = d.draft.author === me.id ? "" : ` · ${tx("draft_by")} ${d.draft.author_name || d.draft.author}`;
      show("saved", ` · v${version}${who}`);
      author = d.draft.author;
      status.dataset.author = author;
    }
    loaded = true;
    if (typed) save();
  }, () => { loaded = true; });
  return {
    caseId,
    bind(record, findings, impression, critical) {
      editor = { findings, impression, critical };
      fence = record.fence;
      status = el("p#draft-status.small.muted", { dataset: { version: String(version) } });
      if (state) show(...state);
      if (author) status.dataset.author = author;
      if (latest) put(latest);  // a re-render: the new editor holds what the old one did
      for (const box of [findings, impression]) box.addEventListener("input", changed);
      critical.addEventListener("change", changed);
      if (!loaded && !inFlight && version === 0 && !state) load();
      else if (loaded && !same(fields(), saved)) changed();  // the new editor holds unsaved words
      return status;
    },
  };
}
