// Image viewer: a stack of rendered frames (every instance × every frame, in instance order),
// slice scrolling (wheel, ↑↓, PgUp/PgDn), window presets and drag-to-window (the server
// re-renders with ?window=c,w), zoom and pan by CSS transform.
import { el, t } from "./common.js";

const PRESETS = { lung: [-600, 1500], mediastinum: [50, 350], abdomen: [40, 400],
  bone: [400, 1800], brain: [40, 80] };
const DEFAULT_WINDOW = { CT: [40, 400] };

function tag(item, code) {
  const v = item[code]?.Value;
  return v && v.length ? v[0] : undefined;
}

export async function loadStack(api, study, series) {
  const base = `/dicomweb/studies/${study}/series/${series}`;
  const items = await api(`${base}/instances`);
  const stack = [];
  for (const item of items) {
    const sop = tag(item, "00080018");
    const frames = Number(tag(item, "00280008") || 1);
    for (let f = 1; f <= frames; f++) {
      stack.push({ url: frames > 1 ? `${base}/instances/${sop}/frames/${f}/rendered`
        : `${base}/instances/${sop}/rendered`, sop, frame: f, frames,
      number: tag(item, "00200013") });
    }
  }
  return stack;
}

export class Viewer {
  constructor(modality) {
    this.modality = modality;
    this.stack = [];
    this.index = 0;
    this.window = null; // [center, width] or null = the file's own window
    this.zoom = 1;
    this.pan = [0, 0];
    this.img = el("img#viewer-image", { alt: "", draggable: "false" });
    this.info = el("div#viewer-info.overlay");
    this.stage = el("div#viewer-stage.stage", { tabindex: "0" }, this.img, this.info);
    this.presets = el("div.presets", {},
      el("span", { i18n: "preset" }),
      ...Object.keys(PRESETS).map((name) => el("button.ghost", {
        type: "button", dataset: { preset: name }, i18n: `preset_${name}`,
        onclick: () => this.setWindow(PRESETS[name], name) })),
      el("button.ghost", { type: "button", dataset: { preset: "default" }, i18n: "reset",
        onclick: () => this.reset() }),
      el("button.ghost", { type: "button", text: "+", title: t("zoom_in"), onclick: () => this.zoomBy(1.25) }),
      el("button.ghost", { type: "button", text: "−", title: t("zoom_out"), onclick: () => this.zoomBy(0.8) }));
    this.root = el("div#viewer.viewer", {}, this.presets, this.stage,
      el("p.muted.small", { i18n: "viewer_help" }));
    this.bind();
  }

  show(stack) {
    this.stack = stack;
    this.index = Math.floor((stack.length - 1) / 2);
    this.draw();
  }

  url(i) {
    const item = this.stack[i];
    const q = this.window ? `?window=${this.window.map(Math.round).join(",")}` : "";
    return item.url + q;
  }

  draw() {
    if (!this.stack.length) return;
    this.img.src = this.url(this.index);
    this.img.dataset.index = String(this.index);
    for (const d of [-1, 1]) { // warm the neighbours so scrolling is smooth
      const j = this.index + d;
      if (j >= 0 && j < this.stack.length) new Image().src = this.url(j);
    }
    const item = this.stack[this.index];
    const win = this.window ? `W ${Math.round(this.window[1])} L ${Math.round(this.window[0])}` : "W/L auto";
    const frame = item.frames > 1 ? ` · ${t("frame")} ${item.frame}/${item.frames}` : "";
    this.info.textContent = `${t("slice")} ${this.index + 1}/${this.stack.length}${frame} · ${win} · ${Math.round(this.zoom * 100)}%`;
    this.img.style.transform = `translate(${this.pan[0]}px, ${this.pan[1]}px) scale(${this.zoom})`;
  }

  step(d) {
    const next = Math.max(0, Math.min(this.stack.length - 1, this.index + d));
    if (next !== this.index) { this.index = next; this.draw(); }
  }

  markPreset(name) {
    for (const b of this.presets.querySelectorAll("button[data-preset]")) {
      b.classList.toggle("active", b.dataset.preset === name);
    }
  }

  setWindow(win, name = "") {
    this.window = [win[0], Math.max(1, win[1])];
    this.markPreset(name);
    this.draw();
  }

  reset() {
    this.window = null;
    this.zoom = 1;
    this.pan = [0, 0];
    this.markPreset("default");
    this.draw();
  }

  zoomBy(f) {
    this.zoom = Math.max(0.25, Math.min(8, this.zoom * f));
    this.draw();
  }

  bind() {
    this.stage.addEventListener("wheel", (e) => {
      e.preventDefault();
      if (e.ctrlKey) this.zoomBy(e.deltaY < 0 ? 1.1 : 0.9);
      else this.step(e.deltaY > 0 ? 1 : -1);
    }, { passive: false });
    this.stage.addEventListener("keydown", (e) => {
      const steps = { ArrowDown: 1, ArrowRight: 1, PageDown: 5, ArrowUp: -1, ArrowLeft: -1, PageUp: -5 };
      if (e.key in steps) { e.preventDefault(); this.step(steps[e.key]); }
      if (e.key === "+" || e.key === "=") this.zoomBy(1.25);
      if (e.key === "-") this.zoomBy(0.8);
    });
    this.stage.addEventListener("contextmenu", (e) => e.preventDefault());
    this.stage.addEventListener("pointerdown", (e) => this.drag(e));
  }

  // Left drag: horizontal = width, vertical = level (re-rendered when the drag pauses);
  // Shift or right drag: pan.
  drag(e) {
    this.stage.focus();
    const panning = e.shiftKey || e.button === 2;
    const start = [e.clientX, e.clientY];
    const pan0 = [...this.pan];
    const win0 = this.window || DEFAULT_WINDOW[this.modality] || [128, 256];
    let timer = null;
    const move = (m) => {
      const dx = m.clientX - start[0], dy = m.clientY - start[1];
      if (panning) {
        this.pan = [pan0[0] + dx, pan0[1] + dy];
        this.img.style.transform = `translate(${this.pan[0]}px, ${this.pan[1]}px) scale(${this.zoom})`;
        return;
      }
      const scale = Math.max(1, win0[1] / 256);
      this.window = [win0[0] + dy * scale, Math.max(1, win0[1] + dx * scale * 2)];
      clearTimeout(timer);
      timer = setTimeout(() => this.draw(), 60);
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      clearTimeout(timer);
      this.draw();
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  }
}
