// The case page's image viewer on Cornerstone3D: a stack from our own DICOMweb (WADO-RS
// metadata + frames), window/level and presets, zoom/pan, measurements (length, angle,
// elliptical and rectangular ROI, probe), cine, key images, and a prior beside it with
// scrolling synchronised by slice position. The page passes its own helpers (`el`, `t`,
// `api`) so text follows the page's Chinese/English switch.
import * as cs from "@cornerstonejs/core";
import * as csTools from "@cornerstonejs/tools";
import { initOnce, makeToolGroup, MEASURING, PRIMARY, TOOLS } from "./engine.js";
import { describe, fromRecord, toRecord } from "./measure.js";
import { loadInstance, loadSeries, nearestIndex } from "./series.js";
import { pickPriorSeries } from "./priors.js";

export const PRESETS = { lung: [-600, 1500], mediastinum: [50, 350], abdomen: [40, 400],
  bone: [400, 1800], brain: [40, 80] };
const KEYS = { w: "WindowLevel", p: "Pan", z: "Zoom", l: "Length", a: "Angle",
  e: "EllipticalROI", r: "RectangleROI", h: "Probe" };
const STEPS = { ArrowDown: 1, ArrowRight: 1, PageDown: 5, ArrowUp: -1, ArrowLeft: -1, PageUp: -5 };
const { Events } = cs.Enums;
const A = csTools.Enums.Events;
let counter = 0;

export { initOnce };

export class ImageViewer {
  constructor({ el, t, api, caseId, modality, priors = [], onInsert = null, editable = true,
    fence = null }) {
    // fence: the case's assignment token when the page opened (a save after a reassignment
    // is refused, as signing is)
    Object.assign(this, { el, t, api, caseId, modality, priors, onInsert, editable, fence });
    this.uid = `tc${++counter}`;
    this.tool = "WindowLevel";
    this.main = null; // { series info, viewport, element }
    this.prior = null;
    this.records = new Map(); // annotationUID -> measurement record (all series of the case)
    this.keyImages = [];
    this.cine = null;
    this.syncing = null; // the side being moved to follow the other
    this.build();
  }

  build() {
    const { el } = this;
    const btn = (attrs, ...kids) => el("button.ghost", { type: "button", ...attrs }, ...kids);
    this.toolButtons = Object.keys(TOOLS).map((name) => btn({ dataset: { tool: name },
      i18n: `tool_${name}`, onclick: () => this.activate(name) }));
    this.presets = Object.keys(PRESETS).map((name) => btn({ dataset: { preset: name },
      i18n: `preset_${name}`, onclick: () => this.setWindow(PRESETS[name], name) }));
    this.compare = el("select#compare-select", { onchange: () => this.openPrior(this.compare.value) },
      el("option", { value: "", i18n: "compare_none" }),
      ...this.priors.map((p) => el("option", { value: p.study_instance_uid,
        text: `${p.modality || ""} ${p.study_date || ""}` })));
    this.sync = el("input#sync", { type: "checkbox", checked: true });
    this.info = el("div#viewer-info.overlay");
    this.calibration = el("div#calibration-note.overlay.calib");
    this.keyMark = el("div#key-mark.overlay.keymark", { text: "★", hidden: true });
    this.mainEl = el("div#vp-main.vp", { oncontextmenu: (e) => e.preventDefault() });
    this.priorInfo = el("div#prior-info.overlay");
    this.priorEl = el("div#vp-prior.vp", { oncontextmenu: (e) => e.preventDefault() });
    this.priorBox = el("div.vp-box.prior-box", { hidden: true }, this.priorEl, this.priorInfo);
    this.stage = el("div#viewer-stage.stage3d", { tabindex: "0" },
      el("div.vp-box", {}, this.mainEl, this.info, this.calibration, this.keyMark), this.priorBox);
    this.list = el("ol#measurement-list.measurements");
    this.keyList = el("ul#key-image-list.key-images");
    this.root = el("div#viewer.viewer.viewer3d", {},
      el("div.presets.toolbar", {}, ...this.toolButtons, el("span.sep"),
        el("span", { i18n: "preset" }), ...this.presets,
        btn({ dataset: { preset: "default" }, i18n: "reset", onclick: () => this.reset() }),
        btn({ text: "+", title: this.t("zoom_in"), onclick: () => this.zoomBy(1.25) }),
        btn({ text: "−", title: this.t("zoom_out"), onclick: () => this.zoomBy(0.8) }),
        btn({ id: "frame-prev", text: "◀", title: this.t("frame_step_prev"), onclick: () => this.step(-1) }),
        btn({ id: "cine", i18n: "cine", onclick: () => this.toggleCine() }),
        btn({ id: "frame-next", text: "▶", title: this.t("frame_step_next"), onclick: () => this.step(1) }),
        this.editable ? btn({ id: "key-image", i18n: "key_image", onclick: () => this.toggleKey() }) : null,
        el("span.sep"), el("label.inline", {}, el("span", { i18n: "compare" }), this.compare),
        el("label.inline", {}, this.sync, el("span", { i18n: "sync_scroll" }))),
      this.stage,
      el("div.measure-panel", {},
        el("div.row", {}, el("strong", { i18n: "measurements" }),
          this.onInsert ? btn({ id: "insert-measurements", i18n: "insert_measurements",
            onclick: () => this.onInsert(this.reportLines()) }) : null),
        this.list, el("strong", { i18n: "key_images" }), this.keyList),
      el("p.muted.small", { i18n: "viewer3d_help" }));
    this.bindKeys();
  }

  async mount(study, series, hint = []) {
    this.timing = { mount: performance.now() }; // the benchmark reads these
    const { cpu } = await initOnce();
    this.root.dataset.render = cpu ? "cpu" : "gpu";
    this.engine = new cs.RenderingEngine(`${this.uid}-engine`);
    this.group = makeToolGroup(`${this.uid}-tools`);
    this.mainEl.addEventListener(Events.STACK_NEW_IMAGE, () => this.onScroll("main"));
    this.mainEl.addEventListener(Events.IMAGE_RENDERED, () => {
      this.timing.firstImage ??= performance.now();
      if (this.cine) this.logCine();
      this.draw();
    });
    await this.loadSaved();
    await this.openMain(study, series, hint);
    // stats are computed (throttled) while drawing and settle on a later render: look again
    // shortly after any change or render, and save only what really changed
    for (const name of [A.ANNOTATION_COMPLETED, A.ANNOTATION_MODIFIED, A.ANNOTATION_REMOVED,
      A.ANNOTATION_RENDERED]) {
      cs.eventTarget.addEventListener(name, () => this.soon());
    }
    // the canvas follows its box (window resized, comparison opened), keeping the camera
    this.resizer = new ResizeObserver(() => this.engine.resize(true, true));
    this.resizer.observe(this.stage);
    window.tcViewer = this; // for tests and the benchmark
  }

  async loadSaved() {
    try {
      const doc = await this.api(`/api/v1/cases/${this.caseId}/annotations`);
      for (const rec of doc.measurements || []) this.records.set(rec.id, rec);
      this.keyImages = doc.key_images || [];
    } catch { /* no saved annotations yet, or not ours to read */ }
  }

  viewportOf(which) {
    return this.engine.getViewport(`${this.uid}-${which}`);
  }

  // `hint`: the series' SOP Instance UIDs as the case lists them; with it the middle one is
  // drawn from its own metadata first, and the stack follows when the series' metadata
  // (one header per image on the server) has come.
  async openMain(study, series, hint = []) {
    this.stopCine();
    delete this.root.dataset.ready;
    const whole = loadSeries(study, series);
    whole.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    let vp = null;
    if (hint.length > 2) {
      try {
        this.main = await loadInstance(study, series, hint[Math.floor((hint.length - 1) / 2)]);
        vp = await this.enable("main", this.mainEl, this.main);
        this.showCalibration();
      } catch { vp = null; /* the whole series below */ }
    }
    const info = await whole;
    this.main = info;
    // the case lists instances in no anatomical order: the stack opens at its middle slice
    if (vp) await vp.setStack(info.imageIds, Math.floor((info.imageIds.length - 1) / 2));
    else vp = await this.enable("main", this.mainEl, info);
    this.showCalibration();
    this.restore(info);
    vp.render();
    this.activate(this.tool);
    this.renderLists();
    // fetch the rest of the stack nearest-first, so scrolling finds images waiting
    csTools.utilities.stackPrefetch.enable(this.mainEl);
    this.root.dataset.ready = "yes";
  }

  showCalibration() {
    const c = this.main.calibration;
    this.calibration.dataset.calibration = c;
    this.calibration.dataset.i18n = `calib_${c}`;
    this.calibration.textContent = this.t(`calib_${c}`);
  }

  async enable(which, element, info) {
    const id = `${this.uid}-${which}`;
    if (this.engine.getViewport(id)) this.engine.disableElement(id);
    this.engine.enableElement({ viewportId: id, type: cs.Enums.ViewportType.STACK, element,
      defaultOptions: { background: [0, 0, 0] } });
    this.group.addViewport(id, this.engine.id);
    const vp = this.engine.getViewport(id);
    await vp.setStack(info.imageIds, Math.floor((info.imageIds.length - 1) / 2));
    return vp;
  }

  async openPrior(study) {
    if (!study) {
      this.priorBox.hidden = true;
      if (this.prior) this.engine.disableElement(`${this.uid}-prior`);
      this.prior = null;
      this.engine.resize(true, true);
      return;
    }
    const series = await pickPriorSeries(this.api, study, this.main);
    if (!series) return;
    this.priorBox.hidden = false;
    this.engine.resize(true, true);
    this.prior = await loadSeries(study, series);
    const vp = await this.enable("prior", this.priorEl, this.prior);
    this.priorEl.addEventListener(Events.STACK_NEW_IMAGE, () => this.onScroll("prior"));
    this.priorEl.addEventListener(Events.IMAGE_RENDERED, () => this.drawPrior());
    this.engine.resize(true, true);
    this.onScroll("main");
    vp.render();
  }

  // Scrolling one side moves the other to the nearest slice position (when in sync).
  onScroll(which) {
    this.draw();
    // the follower's own new-image event is an echo of this sync, not the doctor scrolling
    if (!this.prior || !this.sync.checked || this.syncing === which) return;
    const [from, to] = which === "main" ? [this.main, this.prior] : [this.prior, this.main];
    const src = this.viewportOf(which);
    const dst = this.viewportOf(which === "main" ? "prior" : "main");
    const i = src.getCurrentImageIdIndex();
    const j = nearestIndex(to.positions, from.positions[i], i / Math.max(1, from.positions.length - 1));
    if (j === dst.getCurrentImageIdIndex()) return;
    const follower = which === "main" ? "prior" : "main";
    this.syncing = follower;
    const done = () => { if (this.syncing === follower) this.syncing = null; };
    dst.setImageIdIndex(j).then(done, done);
  }

  index() {
    return this.viewportOf("main").getCurrentImageIdIndex();
  }

  step(d, wrap = false) {
    const vp = this.viewportOf("main");
    const n = this.main.imageIds.length;
    let next = vp.getCurrentImageIdIndex() + d;
    next = wrap ? (next + n) % n : Math.max(0, Math.min(n - 1, next));
    if (next !== vp.getCurrentImageIdIndex()) return vp.setImageIdIndex(next);
    return Promise.resolve();
  }

  windowText(vp) {
    const range = vp.getProperties().voiRange;
    if (!range) return "W/L auto";
    const w = range.upper - range.lower;
    return `W ${Math.round(w)} L ${Math.round(range.lower + w / 2)}`;
  }

  draw() {
    if (!this.main) return;
    const vp = this.viewportOf("main");
    const i = vp.getCurrentImageIdIndex();
    const item = this.main.frames[i];
    const rate = this.main.recorded ? ` · ${this.t("cine_fps")} ${+this.cineFps().toFixed(1)}` : "";
    const frame = item.frames > 1 ? ` · ${this.t("frame")} ${item.frame}/${item.frames}${rate}` : "";
    this.info.textContent = `${this.t("slice")} ${i + 1}/${this.main.imageIds.length}${frame} · `
      + `${this.windowText(vp)} · ${Math.round(vp.getZoom() * 100)}%`;
    this.info.dataset.index = String(i);
    this.keyMark.hidden = !this.isKey(item);
  }

  drawPrior() {
    const vp = this.viewportOf("prior");
    const i = vp.getCurrentImageIdIndex();
    this.priorInfo.textContent = `${this.t("prior")} · ${this.t("slice")} ${i + 1}/${this.prior.imageIds.length} · ${this.windowText(vp)}`;
    this.priorInfo.dataset.index = String(i);
  }

  setWindow([center, width], name = "") {
    const voiRange = { lower: center - width / 2, upper: center + width / 2 };
    for (const which of this.prior ? ["main", "prior"] : ["main"]) {
      const vp = this.viewportOf(which);
      vp.setProperties({ voiRange });
      vp.render();
    }
    for (const b of this.presets) b.classList.toggle("active", b.dataset.preset === name);
  }

  reset() {
    for (const which of this.prior ? ["main", "prior"] : ["main"]) {
      const vp = this.viewportOf(which);
      vp.resetProperties();
      vp.resetCamera();
      vp.render();
    }
    for (const b of this.presets) b.classList.remove("active");
  }

  zoomBy(f) {
    const vp = this.viewportOf("main");
    vp.setZoom(Math.max(0.25, Math.min(8, vp.getZoom() * f)));
    vp.render();
  }

  activate(name) {
    if (this.tool !== name) this.group.setToolPassive(TOOLS[this.tool].toolName);
    this.tool = name;
    this.group.setToolActive(TOOLS[name].toolName, { bindings: PRIMARY });
    for (const b of this.toolButtons) b.classList.toggle("active", b.dataset.tool === name);
  }

  // Cine at the recorded rate (Cine Rate, else 1000 / Frame Time): the frame shown is the
  // one due at this moment, so a slow draw drops frames rather than slowing the loop down.
  toggleCine() {
    if (this.cine) return this.stopCine();
    const fps = this.cineFps();
    const vp = this.viewportOf("main");
    const n = this.main.imageIds.length;
    const first = vp.getCurrentImageIdIndex();
    const start = performance.now();
    this.cineLog = [];
    let busy = false;
    const tick = (now) => {
      if (!this.cine) return;
      const due = (first + Math.floor(((now - start) * fps) / 1000)) % n;
      if (!busy && due !== vp.getCurrentImageIdIndex()) {
        busy = true;
        vp.setImageIdIndex(due).finally(() => { busy = false; });
      }
      this.cine = requestAnimationFrame(tick);
    };
    this.cine = requestAnimationFrame(tick);
    this.root.querySelector("#cine")?.classList.add("active");
  }

  cineFps() {
    return Math.max(1, Math.min(60, this.main.fps || 10));
  }

  // when each new frame reached the screen (tests measure the rate from it); bounded
  logCine() {
    const i = this.index();
    const last = this.cineLog[this.cineLog.length - 1];
    if (last && last.i === i) return;
    this.cineLog.push({ i, t: performance.now() });
    if (this.cineLog.length > 2000) this.cineLog.splice(0, 1000);
  }

  stopCine() {
    cancelAnimationFrame(this.cine);
    this.cine = null;
    this.root.querySelector("#cine")?.classList.remove("active");
  }

  bindKeys() {
    this.stage.addEventListener("wheel", (e) => {
      e.preventDefault();
      if (e.ctrlKey) this.zoomBy(e.deltaY < 0 ? 1.1 : 0.9);
      else this.step(e.deltaY > 0 ? 1 : -1);
    }, { passive: false });
    this.stage.addEventListener("pointerdown", () => this.stage.focus());
    this.stage.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key in STEPS) { e.preventDefault(); this.step(STEPS[key]); }
      else if (key === "+" || key === "=") this.zoomBy(1.25);
      else if (key === "-") this.zoomBy(0.8);
      else if (key in KEYS) this.activate(KEYS[key]);
      else if (key === "k" && this.editable) this.toggleKey();
      else if (key === " ") { e.preventDefault(); this.toggleCine(); }
      else if (key === "Escape") this.activate("WindowLevel");
      else if (key === "Delete" || key === "Backspace") this.deleteSelected();
      else if (/^[1-5]$/.test(key)) this.setWindow(Object.values(PRESETS)[Number(key) - 1],
        Object.keys(PRESETS)[Number(key) - 1]);
    });
  }

  // --- measurements and key images ------------------------------------------------------

  where(imageId) {
    const i = this.main.imageIds.indexOf(imageId);
    if (i < 0) return null;
    const f = this.main.frames[i];
    return { study: this.main.study, series: this.main.series, sop: f.sop, frame: f.frame,
      image_number: f.frames > 1 ? `${f.number ?? i + 1}/${f.frame}` : (f.number ?? i + 1) };
  }

  restore(info) {
    for (const rec of this.records.values()) {
      if (rec.series !== info.series || !rec.cs) continue;
      const i = info.frames.findIndex((f) => f.sop === rec.sop && f.frame === rec.frame);
      if (i >= 0) csTools.annotation.state.addAnnotation(fromRecord(rec, info.imageIds[i]), this.mainEl);
    }
  }

  soon() {
    clearTimeout(this.lookTimer);
    this.lookTimer = setTimeout(() => { this.lookTimer = null; this.annotationsChanged(); }, 120);
  }

  // Nothing waiting to be looked at or saved (tests and the benchmark poll this).
  idle() {
    return !this.lookTimer && !this.saveTimer && this.root.dataset.saved !== "saving";
  }

  annotationsChanged() {
    if (!this.main) return;
    const before = JSON.stringify([...this.records.values()]);
    const seen = new Set();
    for (const name of MEASURING) {
      for (const a of csTools.annotation.state.getAnnotations(name, this.mainEl) || []) {
        const rec = toRecord(a, this.where(a.metadata.referencedImageId), this.main.calibration);
        if (rec) { this.records.set(rec.id, rec); seen.add(rec.id); }
      }
    }
    for (const [id, rec] of this.records) {
      if (rec.series === this.main.series && !seen.has(id)) this.records.delete(id);
    }
    if (JSON.stringify([...this.records.values()]) === before) return;
    this.renderLists();
    this.scheduleSave();
  }

  deleteSelected() {
    for (const uid of csTools.annotation.selection.getAnnotationsSelected() || []) {
      csTools.annotation.state.removeAnnotation(uid);
    }
    this.viewportOf("main").render();
    this.annotationsChanged();
  }

  isKey(item) {
    return this.keyImages.some((k) => k.sop === item.sop && k.frame === item.frame);
  }

  toggleKey() {
    const i = this.index();
    const item = this.main.frames[i];
    if (this.isKey(item)) {
      this.keyImages = this.keyImages.filter((k) => !(k.sop === item.sop && k.frame === item.frame));
    } else {
      this.keyImages.push({ ...this.where(this.main.imageIds[i]) });
    }
    this.draw();
    this.renderLists();
    this.scheduleSave();
  }

  reportLines() {
    return [...this.records.values()].map((r) => describe(r, this.t));
  }

  renderLists() {
    const { el, t } = this;
    this.list.replaceChildren(...[...this.records.values()].map((r) => el("li", {
      dataset: { kind: r.kind, id: r.id } }, describe(r, t))));
    this.keyList.replaceChildren(...this.keyImages.map((k) => el("li", { dataset: { sop: k.sop } },
      `${t("m_image")} ${k.image_number}`)));
  }

  scheduleSave() {
    if (!this.editable) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => { this.saveTimer = null; this.save(); }, 400);
  }

  async save() {
    const body = { measurements: [...this.records.values()], key_images: this.keyImages,
      ...(Number.isInteger(this.fence) && this.fence > 0 ? { fence: this.fence } : {}) };
    this.root.dataset.saved = "saving";
    try {
      await this.api(`/api/v1/cases/${this.caseId}/annotations`, { method: "PUT", json: body });
      this.root.dataset.saved = "yes";
    } catch (err) {
      this.root.dataset.saved = "failed";
      this.root.dispatchEvent(new CustomEvent("viewer-error", { detail: err, bubbles: true }));
    }
  }

  // Page coordinates of image pixel (column, row) on the main viewport (tests, benchmark).
  pagePoint(col, row) {
    const vp = this.viewportOf("main");
    const world = cs.utilities.imageToWorldCoords(vp.getCurrentImageId(), [col, row]);
    const [x, y] = vp.worldToCanvas(world);
    const box = this.mainEl.getBoundingClientRect();
    return [box.left + x, box.top + y];
  }

  relabel() {
    this.draw();
    if (this.prior) this.drawPrior();
    this.renderLists();
  }

  destroy() {
    this.stopCine();
    this.resizer?.disconnect();
    csTools.ToolGroupManager.destroyToolGroup(`${this.uid}-tools`);
    this.engine?.destroy();
  }
}
