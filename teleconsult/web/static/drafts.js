// Report drafts on the server: what the reader types is saved (debounced, versioned, fenced)
// so a closed tab, a crash or a handover loses nothing; the next reader sees it and who wrote it.
import { api, el, fmtTime, lang, me } from "./common.js";

const TEXT = {
  zh: { saved: "草稿已保存", saving: "正在保存…", draft_by: "草稿作者", not_saved: "草稿未保存" },
  en: { saved: "Draft saved", saving: "Saving…", draft_by: "Draft by", not_saved: "Draft not saved" },
};
const tx = (k) => (TEXT[lang()] || TEXT.zh)[k];
const DEBOUNCE_MS = 800;
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// Wire the editor of an open read to the case's server draft; returns the status line.
export function attachDraft(caseId, record, findings, impression, critical) {
  const status = el("p#draft-status.small.muted", { dataset: { version: "0" } });
  const url = `/api/v1/cases/${caseId}/draft`;
  let version = 0, timer = null, pending = false, stopped = false;
  const body = () => ({ findings: findings.value, impression: impression.value,
    critical: critical.checked, fence: record.fence, base_version: version });
  const show = (key, extra = "") => {
    status.textContent = `${tx(key)}${extra}`;
    status.dataset.version = String(version);
    status.dataset.state = key;
  };
  const save = async (retry = true) => {
    if (stopped) return;
    timer = null;
    pending = false;
    show("saving");
    try {
      const r = await api(url, { method: "PUT", json: body() });
      version = r.version;
      show("saved", ` · v${version} · ${fmtTime(new Date(r.saved_at * 1000).toISOString())}`);
    } catch (err) {
      if (err.code === "draft_conflict" && retry) {  // another tab of ours saved meanwhile
        version = (await api(url)).version;
        return save(false);
      }
      if (["stale_fence", "not_owner", "wrong_state"].includes(err.code)) stopped = true;
      show("not_saved", ` (${err.code || err.message})`);
      document.dispatchEvent(new CustomEvent("case-check"));
    }
  };
  const changed = () => {
    pending = true;
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  };
  for (const box of [findings, impression]) box.addEventListener("input", changed);
  critical.addEventListener("change", changed);
  // the tab closes inside the debounce window: send what is there (keepalive outlives the page)
  window.addEventListener("pagehide", () => {
    if (!pending || stopped) return;
    fetch(url, { method: "PUT", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body()) });
  });
  api(url).then((d) => {
    version = d.version;
    if (d.draft) {
      findings.value = d.draft.findings;
      impression.value = d.draft.impression;
      critical.checked = d.draft.critical;
      const who = d.draft.author === me.id ? "" : ` · ${tx("draft_by")} ${d.draft.author_name || d.draft.author}`;
      show("saved", ` · v${version}${who}`);
      status.dataset.author = d.draft.author;
    }
  }, () => {});
  return status;
}
