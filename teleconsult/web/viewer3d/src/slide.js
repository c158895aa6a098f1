// The whole-slide (pathology) viewer: OpenLayers over our own DICOMweb. A slide is one
// series whose instances are the pyramid's levels (VL Whole Slide Microscopy, TILED_FULL);
// each level is a zoom level of one OpenLayers tile grid in the base level's pixel space,
// and each tile is the level's frame (row * tiles across + column + 1) fetched by WADO-RS
// as the scanner encoded it (image/jpeg), so only the tiles in view are ever asked for and
// the browser decodes them itself. OpenLayers draws on a 2D canvas: no WebGL needed.
import Map from "ol/Map.js";
import View from "ol/View.js";
import TileLayer from "ol/layer/Tile.js";
import TileImage from "ol/source/TileImage.js";
import TileGrid from "ol/tilegrid/TileGrid.js";
import Projection from "ol/proj/Projection.js";
import { getCenter } from "ol/extent.js";
import { defaults as defaultControls } from "ol/control/defaults.js";
import ScaleLine from "ol/control/ScaleLine.js";
import { defaults as defaultInteractions } from "ol/interaction/defaults.js";
import DragPan from "ol/interaction/DragPan.js";

let counter = 0;

function value(meta, tag) {
  const v = meta?.[tag]?.Value;
  return v && v.length ? v[0] : undefined;
}

function spacingOf(meta) {
  // Shared Functional Groups > Pixel Measures > Pixel Spacing (mm), row then column
  const shared = value(meta, "52009229");
  const measures = value(shared, "00289110");
  const s = measures?.["00280030"]?.Value;
  return s && s.length === 2 ? Number(s[1]) || Number(s[0]) : null;
}

// The pyramid from the series' WADO-RS metadata: volume levels only (no label, overview or
// thumbnail images), TILED_FULL, largest first. TILED_FULL frames run column fastest, then
// row, then focal plane, then optical path: frames 1 … across × down are the first focal
// plane of the first optical path, which is what is shown.
export function pyramidOf(items) {
  const levels = [];
  for (const m of items) {
    const type = m["00080008"]?.Value || [];
    const org = value(m, "00209311");
    if (type[2] && type[2] !== "VOLUME") continue;
    if (org && org !== "TILED_FULL") continue;
    const width = Number(value(m, "00480006"));
    const height = Number(value(m, "00480007"));
    const tileW = Number(value(m, "00280011"));
    const tileH = Number(value(m, "00280010"));
    if (!width || !height || !tileW || !tileH) continue;
    levels.push({ sop: value(m, "00080018"), width, height, tileW, tileH,
      across: Math.ceil(width / tileW), down: Math.ceil(height / tileH),
      frames: Number(value(m, "00280008") || 1), spacing: spacingOf(m) });
  }
  levels.sort((a, b) => b.width - a.width);
  // two instances of one size (e.g. a resent level) would be one zoom level twice
  return levels.filter((l, i) => i === 0 || l.width !== levels[i - 1].width);
}

// The body of the one part of a multipart/related answer (WADO-RS frames).
export function firstPart(buffer) {
  const bytes = new Uint8Array(buffer);
  let i = 0;
  while (i + 3 < bytes.length && !(bytes[i] === 13 && bytes[i + 1] === 10
    && bytes[i + 2] === 13 && bytes[i + 3] === 10)) i++;
  const head = new TextDecoder().decode(bytes.subarray(0, i));
  const start = i + 4;
  const length = Number((/content-length:\s*(\d+)/i.exec(head) || [])[1]);
  if (Number.isFinite(length) && length > 0) return bytes.subarray(start, start + length);
  const boundary = head.split("\r\n")[0]; // "--<boundary>"
  const tail = new TextEncoder().encode(`\r\n${boundary}`);
  for (let j = bytes.length - tail.length; j >= start; j--) {
    if (tail.every((b, k) => bytes[j + k] === b)) return bytes.subarray(start, j);
  }
  return bytes.subarray(start);
}

export class SlideViewer {
  constructor({ el, t }) {
    Object.assign(this, { el, t });
    this.uid = `slide${++counter}`;
    this.tilesLoaded = 0;
    this.tileErrors = 0;
    this.requested = []; // frame URLs in order (the benchmark and tests read it)
    this.renderedLevels = new Set(); // SOPs whose tiles are not JPEG: asked for rendered
    this.mapEl = el("div#slide-map.slide-map", { tabindex: "0" });
    this.info = el("div#slide-info.overlay");
    this.levelsEl = el("span#slide-levels.muted.small");
    const btn = (attrs) => el("button.ghost", { type: "button", ...attrs });
    this.root = el("div#viewer.viewer.slide-viewer", {},
      el("div.presets.toolbar", {},
        btn({ id: "slide-fit", i18n: "slide_fit", onclick: () => this.fit() }),
        btn({ id: "slide-in", text: "+", title: t("zoom_in"), onclick: () => this.zoomBy(1) }),
        btn({ id: "slide-out", text: "−", title: t("zoom_out"), onclick: () => this.zoomBy(-1) }),
        btn({ id: "slide-full", i18n: "slide_native", onclick: () => this.native() }),
        el("span.sep"), this.levelsEl),
      el("div.vp-box.slide-box", {}, this.mapEl, this.info),
      el("p.muted.small", { i18n: "slide_help" }));
  }

  async mount(study, series) {
    this.timing = { mount: performance.now() };
    const base = `${location.origin}/dicomweb/studies/${study}/series/${series}`;
    const r = await fetch(`${base}/metadata`, { credentials: "same-origin",
      headers: { Accept: "application/dicom+json" } });
    if (!r.ok) throw new Error(`slide metadata: HTTP ${r.status}`);
    this.levels = pyramidOf(await r.json());
    if (!this.levels.length) throw new Error("no tiled (TILED_FULL) level in this series");
    const top = this.levels[0];
    const extent = [0, 0, top.width, top.height];
    // coordinates are base-level pixels; a metre-per-unit from the pixel spacing gives a
    // true scale bar (µm) and the magnification shown
    const projection = new Projection({ code: `${this.uid}-px`, units: "m", extent,
      metersPerUnit: top.spacing ? top.spacing / 1000 : 1, global: false });
    // OpenLayers counts zoom levels from the coarsest: reverse the pyramid
    const coarseFirst = [...this.levels].reverse();
    const grid = new TileGrid({ extent, origin: [0, top.height],
      resolutions: coarseFirst.map((l) => top.width / l.width),
      tileSizes: coarseFirst.map((l) => [l.tileW * 1, l.tileH * 1]) });
    this.grid = grid;
    const source = new TileImage({ projection, tileGrid: grid, transition: 0, interpolate: true,
      wrapX: false, tileUrlFunction: ([z, x, y]) => {
        const level = coarseFirst[z];
        if (!level || x < 0 || y < 0 || x >= level.across || y >= level.down) return undefined;
        return `${base}/instances/${level.sop}/frames/${y * level.across + x + 1}`;
      },
      tileLoadFunction: (tile, src) => this.loadTile(tile, src) });
    source.on("tileloadend", () => {
      this.tilesLoaded++;
      this.timing.firstTile ??= performance.now();
    });
    source.on("tileloaderror", () => { this.tileErrors++; });
    this.source = source;
    const view = new View({ projection, extent, constrainOnlyCenter: true, showFullExtent: true,
      resolutions: [...grid.getResolutions(), 0.5, 0.25], // up to 4× past the scan
      constrainResolution: false, smoothResolutionConstraint: false });
    this.map = new Map({ target: this.mapEl, view, pixelRatio: 1,
      layers: [new TileLayer({ source, extent, preload: 0 })],
      controls: defaultControls({ attribution: false, rotate: false, zoom: false })
        .extend(top.spacing ? [new ScaleLine({ units: "metric", minWidth: 80 })] : []),
      // panning stops where the mouse stops (no kinetic glide past the region looked at)
      interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false,
        dragPan: false }).extend([new DragPan()]) });
    view.on(["change:center", "change:resolution"], () => {
      delete this.root.dataset.ready; // until every tile of the new view is drawn
      this.draw();
    });
    this.map.on("rendercomplete", () => {
      this.timing.complete = performance.now();
      this.root.dataset.ready = "yes";
    });
    // a loaded tile is on screen once the frame after its load has been drawn
    this.map.on("postrender", () => {
      if (this.timing.firstTile && !this.timing.firstTileDrawn) {
        this.timing.firstTileDrawn = performance.now();
      }
    });
    this.fit();
    this.drawLevels();
    this.resizer = new ResizeObserver(() => this.map.updateSize());
    this.resizer.observe(this.mapEl);
    window.tcSlide = this; // for tests and the benchmark
  }

  // A tile is the frame's stored JPEG: fetched, cut out of its multipart answer, decoded by
  // the browser into the tile's image. A level stored otherwise (JPEG 2000, JPEG-LS, native)
  // answers 406 to that: its tiles come rendered by the server as JPEG instead.
  async loadTile(tile, src) {
    this.requested.push(src);
    const image = tile.getImage();
    const sop = src.split("/instances/")[1].split("/")[0];
    try {
      let blob = null;
      if (!this.renderedLevels.has(sop)) {
        const r = await fetch(src, { credentials: "same-origin",
          headers: { Accept: 'multipart/related; type="image/jpeg"' } });
        if (r.status === 406) this.renderedLevels.add(sop);
        else if (!r.ok) throw new Error(`HTTP ${r.status}`);
        else blob = new Blob([firstPart(await r.arrayBuffer())], { type: "image/jpeg" });
      }
      if (!blob) {
        const r = await fetch(`${src}/rendered?accept=image/jpeg&quality=90`,
          { credentials: "same-origin" });
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        blob = await r.blob();
      }
      const url = URL.createObjectURL(blob);
      image.addEventListener("load", () => URL.revokeObjectURL(url), { once: true });
      image.addEventListener("error", () => URL.revokeObjectURL(url), { once: true });
      image.src = url;
    } catch {
      image.dispatchEvent(new Event("error"));
    }
  }

  level() {
    // the level OpenLayers draws at the current resolution (its tile grid's z, finest = last)
    const res = this.map.getView().getResolution();
    const z = this.grid.getZForResolution(res, 0);
    return this.levels.length - 1 - z;
  }

  draw() {
    if (!this.map) return;
    const view = this.map.getView();
    const res = view.getResolution();
    const top = this.levels[0];
    const level = this.level();
    // objective-style magnification: 10 µm per screen pixel is about 1× (0.25 µm/px = 40×)
    const um = top.spacing ? top.spacing * 1000 * res : null;
    const mag = um ? `${this.t("magnification")} ${(10 / um).toFixed(10 / um < 10 ? 1 : 0)}×` : "";
    this.info.textContent = `${this.t("slide_level")} ${level + 1}/${this.levels.length} · `
      + `${Math.round(100 / res)}%${mag ? ` · ${mag}` : ""}`;
    this.info.dataset.level = String(level);
  }

  fit() {
    const view = this.map.getView();
    view.fit(this.grid.getExtent(), { size: this.map.getSize() || [800, 600], padding: [8, 8, 8, 8] });
  }

  native() {
    const view = this.map.getView();
    view.setResolution(1);
  }

  zoomBy(d) {
    const view = this.map.getView();
    view.setResolution(view.getResolution() / 2 ** d);
  }

  // The frames (per level SOP) whose tiles intersect the current view: what a zoom may fetch.
  visibleFrames() {
    const view = this.map.getView();
    const extent = view.calculateExtent(this.map.getSize());
    const z = this.grid.getZForResolution(view.getResolution(), 0);
    const level = this.levels[this.levels.length - 1 - z];
    const out = [];
    this.grid.forEachTileCoord(extent, z, ([, x, y]) => {
      if (x >= 0 && y >= 0 && x < level.across && y < level.down) out.push(y * level.across + x + 1);
    });
    return { sop: level.sop, frames: out.sort((a, b) => a - b) };
  }

  center() {
    return getCenter(this.grid.getExtent());
  }

  drawLevels() {
    const top = this.levels[0];
    this.levelsEl.textContent = `${this.t("slide_levels")} ${this.levels.length} · `
      + `${top.width}×${top.height}`;
  }

  relabel() {
    this.draw();
    this.drawLevels();
  }

  destroy() {
    this.resizer?.disconnect();
    this.map?.setTarget(undefined);
    if (window.tcSlide === this) delete window.tcSlide;
  }
}
