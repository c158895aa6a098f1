// Which image viewer the case page shows: the Cornerstone3D viewer (static/viewer3d/, built
// from teleconsult/web/viewer3d/ by scripts/build-viewer), or the server-rendered one
// (viewer.js) when the page is opened with ?viewer=classic or the bundle cannot start; a
// whole slide (SM) in the OpenLayers slide viewer (static/viewer3d/slide.js, same build),
// an ultrasound video (H.264/HEVC) in a <video> of its MP4.
import { api, el, fail, lang, me, t } from "./common.js";
import { Viewer, loadStack } from "./viewer.js";

let current = null;
const classicOnly = new URLSearchParams(location.search).get("viewer") === "classic";
// fetched and compiled while the page asks for the case, not after
const bundle = classicOnly ? null : import("./viewer3d/viewer3d.js");
bundle?.catch(() => {}); // reported where it is awaited

function insertIntoFindings(lines) {
  const box = document.getElementById("findings");
  if (!box || box.disabled || !lines.length) return;
  const head = lang() === "en" ? "Measurements:" : "测量：";
  box.value = `${box.value.trimEnd()}${box.value.trim() ? "\n" : ""}${head}\n${lines.join("\n")}`;
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

async function classic(area, record, series) {
  const viewer = new Viewer(record.modality);
  area.replaceChildren(viewer.root);
  viewer.show(await loadStack(api, record.study_instance_uid, series.series_instance_uid));
  viewer.stage.focus();
  return viewer;
}

// Modalities whose images are never video: no need to ask whether the series is one.
const NEVER_VIDEO = new Set(["CT", "MR", "PT", "NM", "CR", "DX", "MG", "SM", "ECG", "SEG", "SR"]);

function renderedUrl(record, series, sop) {
  return `/dicomweb/studies/${record.study_instance_uid}/series/${series.series_instance_uid}`
    + `/instances/${sop}/rendered`;
}

// An H.264/HEVC instance plays as MP4 (the server copies the stream, never re-encodes):
// a HEAD of its rendered video answers 200 for a video and 406 for any other image.
async function videoOf(record, series) {
  const sop = series.instances?.[0];
  if (!sop || NEVER_VIDEO.has(series.modality) || NEVER_VIDEO.has(record.modality)) return null;
  const url = `${renderedUrl(record, series, sop)}?accept=video/mp4`;
  const r = await fetch(url, { method: "HEAD", credentials: "same-origin" });
  return r.ok ? url : null;
}

// The recorded frame rate of an instance (Cine Rate, else 1000 / Frame Time), or null.
async function recordedFps(url) {
  try {
    const r = await fetch(url.replace(/\/rendered\?.*$/, "/metadata"),
      { credentials: "same-origin", headers: { Accept: "application/dicom+json" } });
    const [m] = await r.json();
    const cine = Number(m?.["00180040"]?.Value?.[0]);
    const frameTime = Number(m?.["00181063"]?.Value?.[0]);
    return cine > 0 ? cine : frameTime > 0 ? 1000 / frameTime : null;
  } catch { return null; }
}

class VideoViewer {
  constructor(url, fps) {
    this.fps = fps || 25;
    this.video = el("video#us-video", { src: url, controls: true, loop: true, muted: true,
      playsInline: true, preload: "auto" });
    this.info = el("span#video-info.muted.small");
    const btn = (attrs) => el("button.ghost", { type: "button", ...attrs });
    this.video.addEventListener("loadedmetadata", () => {
      this.info.textContent = `${this.video.videoWidth}×${this.video.videoHeight} · `
        + `${this.video.duration.toFixed(1)} s${fps ? ` · ${t("cine_fps")} ${+fps.toFixed(1)}` : ""}`;
      this.root.dataset.ready = "yes";
    });
    this.video.addEventListener("error", () => { this.root.dataset.ready = "error"; });
    this.root = el("div#viewer.viewer.video-viewer", {},
      el("div.presets.toolbar", {},
        btn({ id: "video-prev", text: "◀", title: t("frame_step_prev"), onclick: () => this.step(-1) }),
        btn({ id: "video-play", i18n: "cine", onclick: () => this.toggle() }),
        btn({ id: "video-next", text: "▶", title: t("frame_step_next"), onclick: () => this.step(1) }),
        this.info),
      el("div.video-box", {}, this.video),
      el("p.muted.small", { i18n: "video_help" }));
    this.stage = this.video;
  }

  toggle() {
    if (this.video.paused) this.video.play(); else this.video.pause();
  }

  // one recorded frame back or forward (paused): the middle of that frame's time slot
  step(d) {
    const v = this.video;
    v.pause();
    const frame = Math.max(0, Math.floor(v.currentTime * this.fps + 1e-6) + d);
    v.currentTime = Math.min(v.duration || Infinity, (frame + 0.5) / this.fps);
  }

  destroy() { this.video.pause(); this.video.removeAttribute("src"); this.video.load(); }
}

async function slide(area, record, series) {
  const mod = await import("./viewer3d/slide.js");
  const viewer = new mod.SlideViewer({ el, t });
  current = viewer;
  area.replaceChildren(viewer.root);
  await viewer.mount(record.study_instance_uid, series.series_instance_uid);
  viewer.mapEl.focus();
  return viewer;
}

// Show `series` of the case `record` in `area`; returns the viewer.
export async function openImages(area, record, series) {
  current?.destroy?.();
  current = null;
  if (series.modality === "SM" || record.modality === "SM") return slide(area, record, series);
  const video = await videoOf(record, series);
  if (video) {
    current = new VideoViewer(video, await recordedFps(video));
    area.replaceChildren(current.root);
    return current;
  }
  if (classicOnly) return classic(area, record, series);
  let mod;
  try {
    mod = await bundle;
  } catch (err) {
    console.warn("Cornerstone3D viewer unavailable, using the rendered one", err);
    return classic(area, record, series);
  }
  const viewer = new mod.ImageViewer({
    el, t, api, caseId: record.case_id, modality: record.modality,
    priors: (record.priors || []).filter((p) => p.match !== "possible_match"),
    editable: me.kind === "doctor", onInsert: me.kind === "doctor" ? insertIntoFindings : null,
    fence: record.fence,
  });
  viewer.root.addEventListener("viewer-error", (e) => fail(e.detail));
  current = viewer;
  area.replaceChildren(viewer.root);
  await viewer.mount(record.study_instance_uid, series.series_instance_uid, series.instances || []);
  viewer.stage.focus();
  return viewer;
}

// the page re-labels [data-i18n] nodes itself; the viewer's overlays are text it writes,
// again once the page's own handler (registered later) has switched the language
document.getElementById("lang-toggle")?.addEventListener("click",
  () => setTimeout(() => current?.relabel?.(), 0));
