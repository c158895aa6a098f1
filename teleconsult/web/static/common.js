// What every page shares: the API call with the session's CSRF token, DOM helpers,
// times and clocks, the event stream (with a polling fallback), clinic and doctor names.
import { initLangToggle, lang, t, word } from "./i18n.js";

export { t, lang };
export const me = {
  kind: document.body.dataset.kind, id: document.body.dataset.user, name: document.body.dataset.name,
};
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

// fetch() with the cookie; unsafe methods carry X-CSRF-Token. JSON in, JSON (or text) out.
export async function api(path, { method = "GET", json, body, headers = {}, raw = false, keepalive = false } = {}) {
  // keepalive: the request outlives the page (a draft save under way when the tab closes)
  const opts = { method, headers: { ...headers }, credentials: "same-origin", keepalive };
  if (method !== "GET" && method !== "HEAD") opts.headers["X-CSRF-Token"] = csrf;
  if (json !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(json);
  } else if (body !== undefined) opts.body = body;
  const r = await fetch(path, opts);
  if (r.status === 401) {
    location.href = `/login?expired=1&next=${encodeURIComponent(location.pathname)}`;
    throw new ApiError(401, "session_expired", "session expired");
  }
  if (!r.ok) {
    let code = "http_" + r.status, message = r.statusText;
    try { ({ code, message } = (await r.json()).error); } catch { /* not JSON */ }
    throw new ApiError(r.status, code, message);
  }
  if (raw) return r;
  const type = r.headers.get("Content-Type") || "";
  return type.includes("json") ? r.json() : r.text();
}

// el("div.card#x", {onclick: f, dataset: {...}}, child, "text", …)
export function el(spec, attrs = {}, ...children) {
  const [, tag = "div", id, classes] = spec.match(/^([a-z0-9-]*)(?:#([\w-]+))?((?:\.[\w-]+)*)$/i);
  const node = document.createElement(tag || "div");
  if (id) node.id = id;
  if (classes) node.className = classes.slice(1).replaceAll(".", " ");
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "text") node.textContent = v;
    else if (k === "i18n") { node.dataset.i18n = v; node.textContent = t(v); }
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

export function toast(message, kind = "info") {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = message;
  box.className = `show ${kind}`;
  clearTimeout(box._timer);
  box._timer = setTimeout(() => { box.className = ""; }, 4000);
}

// The server's messages are English for operators and scripts; a Chinese page says what the
// error code means, or a plain sentence, never the English text (i18n.js, err_<code>).
export function fail(err) {
  console.error(err);
  const message = err.message || String(err);
  let text = message;
  if (lang() === "zh" && /^[\x00-\x7f]*$/.test(message)) {
    text = word("err", err.code) || t("err_generic");
  }
  toast(`${t("failed")}: ${text}`, "error");
}

export function fmtTime(iso, withDate = false) {
  if (!iso) return "—";
  const d = new Date(iso);
  const opts = { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false };
  if (withDate) Object.assign(opts, { year: "numeric", month: "2-digit", day: "2-digit" });
  return d.toLocaleString(lang() === "en" ? "en-GB" : "zh-CN", opts);
}

// "12:03" left (or "-0:41" overdue) until an ISO time.
function duration(ms) {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}`
    : `${m}:${String(sec).padStart(2, "0")}`;
}

export function clockText(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  return ms < 0 ? `-${duration(ms)}` : duration(ms);
}

// A clock to `due` (filled at once; startClocks keeps it running).
export function clock(due) {
  const node = el("span.clock", { dataset: { due }, text: due ? clockText(due) : "" });
  node.classList.toggle("overdue", Boolean(due) && new Date(due).getTime() < Date.now());
  return node;
}

// Time gone by since `since` (counting up, never negative, never "overdue").
export function sinceText(since, now = Date.now()) {
  return duration(Math.max(0, now - new Date(since).getTime()));
}

export function elapsed(since) {
  return el("span.clock.elapsed", { dataset: { since }, text: since ? sinceText(since) : "" });
}

// Every [data-due] element shows a running clock; overdue ones get .overdue. Every
// [data-since] element counts up from its start.
export function startClocks(root = document) {
  const tick = () => {
    const now = Date.now();
    for (const node of root.querySelectorAll("[data-due]")) {
      node.textContent = clockText(node.dataset.due, now);
      node.classList.toggle("overdue", new Date(node.dataset.due).getTime() < now);
    }
    for (const node of root.querySelectorAll("[data-since]")) node.textContent = sinceText(node.dataset.since, now);
  };
  tick();
  return setInterval(tick, 1000);
}

export function badge(kind, key) {
  return el(`span.badge.${kind}-${key}`, { i18n: key, dataset: { value: key } });
}

// Live updates: EventSource on /api/v1/events (the cookie authenticates it). The server sends
// a frame (event or heartbeat) at least every heartbeat; when none came for two heartbeats, or
// the stream is down, the page is not live: `refresh` is polled every `pollMs` until frames
// flow again, and the badge says so (reconnecting / polling). A slow safety-net refresh runs whatever happens (it also
// renews leases). A stream the browser gave up on is reopened with backoff.
const DEFAULT_HEARTBEAT_MS = 15000;

function showLiveMode(mode) {
  let badge = document.getElementById("live");
  if (!badge) {
    const topbar = document.querySelector("header.topbar .spacer");
    if (!topbar) return;
    badge = el("span#live.badge");
    topbar.after(badge);
  }
  badge.dataset.i18n = mode;
  badge.dataset.mode = mode;
  badge.textContent = t(mode);
  badge.classList.toggle("on", mode === "live");
  document.dispatchEvent(new CustomEvent("live-mode", { detail: mode }));
}

export function liveEvents(types, onEvent, refresh, pollMs = 5000) {
  const state = { mode: "", lastFrame: 0, heartbeatMs: DEFAULT_HEARTBEAT_MS };
  let source = null, backoff = 2000, reopenTimer = null, lastPoll = 0, wasLive = false;
  const setMode = (mode) => { if (state.mode !== mode) { state.mode = mode; showLiveMode(mode); } };
  const frame = () => {
    state.lastFrame = Date.now();
    backoff = 2000;
    if (!wasLive && state.mode && state.mode !== "live") refresh(); // catch up after a gap
    wasLive = true;
    setMode("live");
  };
  const open = () => {
    source = new EventSource("/api/v1/events");
    source.addEventListener("ready", (e) => {
      try { state.heartbeatMs = (JSON.parse(e.data).heartbeat_seconds || 15) * 1000; } catch { /* default */ }
      frame();
    });
    source.addEventListener("heartbeat", frame);
    source.addEventListener("error", () => {
      wasLive = false;
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (an error status such as 429/503): poll, reopen later
        setMode("polling");
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 60000);
      } else setMode("reconnecting");
    });
    for (const type of types) {
      source.addEventListener(type, (e) => {
        frame();
        let data = {};
        try { data = JSON.parse(e.data); } catch { /* keep {} */ }
        onEvent(type, data);
      });
    }
  };
  setMode("polling");
  setInterval(refresh, 30000); // safety net (and lease renewal); never re-armed
  // the watchdog: no frame for two heartbeats → not live; while not live, poll
  setInterval(() => {
    const now = Date.now();
    if (now - state.lastFrame > 2 * state.heartbeatMs && state.mode === "live") {
      wasLive = false;
      setMode("reconnecting");
    }
    if (state.mode !== "live" && now - lastPoll >= pollMs) { lastPoll = now; refresh(); }
  }, 1000);
  if (window.EventSource) open();
  return state;
}

// Names for the ids the API speaks in (the shell's #directory: clinics and doctors).
let directory = null;
function names(kind) {
  if (!directory) {
    try { directory = JSON.parse(document.getElementById("directory")?.textContent || "{}"); } catch { directory = {}; }
  }
  return directory[kind] || {};
}
export const clinicName = (id) => (id ? names("clinics")[id] || id : "");
export const doctorName = (id) => (id ? names("doctors")[id] || id : "");

export function initPage(onLang) {
  initLangToggle(onLang);
}
