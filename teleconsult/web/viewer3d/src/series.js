// A series as Cornerstone image ids read from our own DICOMweb: the series' WADO-RS
// metadata gives every instance; each frame is `wadors:<origin>/dicomweb/…/frames/<n>`.
// Slices are ordered along the slice normal (Image Position · normal), else by Instance
// Number, so scrolling and comparison follow anatomy rather than arrival order.
import { wadors } from "@cornerstonejs/dicom-image-loader";

const { metaDataManager } = wadors;

function value(meta, tag) {
  const v = meta?.[tag]?.Value;
  return v && v.length ? v[0] : undefined;
}

function values(meta, tag) {
  return meta?.[tag]?.Value || null;
}

// How lengths are calibrated (shown on screen): Pixel Spacing is in the patient; Imager
// Pixel Spacing only is at the detector (no magnification correction); none = pixels.
export function calibrationOf(meta) {
  if (values(meta, "00280030")) return "pixel_spacing";
  if (values(meta, "00181164")) return "imager_pixel_spacing";
  return "none";
}

function normalOf(meta) {
  const o = values(meta, "00200037");
  if (!o || o.length !== 6) return null;
  const [a, b, c, d, e, f] = o.map(Number);
  return [b * f - c * e, c * d - a * f, a * e - b * d];
}

// The position of an instance along its slice normal (mm), or null when not known.
export function slicePosition(meta) {
  const p = values(meta, "00200032");
  const n = normalOf(meta);
  if (!p || !n) return null;
  return p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
}

async function fetchJson(url) {
  const r = await fetch(url, { credentials: "same-origin",
    headers: { Accept: "application/dicom+json" } });
  if (!r.ok) throw new Error(`${url.split("/dicomweb")[1]}: HTTP ${r.status}`);
  return r.json();
}

function seriesBase(study, series) {
  return `${location.origin}/dicomweb/studies/${study}/series/${series}`;
}

// Every image of the series (the series' WADO-RS metadata).
export async function loadSeries(study, series) {
  return buildStack(study, series, await fetchJson(`${seriesBase(study, series)}/metadata`));
}

// One instance only (its own metadata): shown while the whole series' metadata comes.
export async function loadInstance(study, series, sop) {
  return buildStack(study, series,
    await fetchJson(`${seriesBase(study, series)}/instances/${sop}/metadata`));
}

export function buildStack(study, series, items) {
  const base = seriesBase(study, series);
  const instances = items.filter((m) => value(m, "7FE00010") !== undefined
    || value(m, "00280010") !== undefined);
  const rows = instances.map((m) => ({ meta: m, pos: slicePosition(m),
    number: Number(value(m, "00200013") || 0) }));
  const byPosition = rows.every((x) => x.pos !== null) && new Set(rows.map((x) => x.pos)).size === rows.length;
  // head first for axial stacks (descending position), as radiologists scroll
  rows.sort(byPosition ? (a, b) => b.pos - a.pos : (a, b) => a.number - b.number);
  const calibration = rows.length ? calibrationOf(rows[0].meta) : "none";
  const imageIds = [], positions = [], frames = [];
  for (const { meta, pos } of rows) {
    const sop = value(meta, "00080018");
    const count = Number(value(meta, "00280008") || 1);
    if (calibrationOf(meta) === "imager_pixel_spacing") {
      meta["00280030"] = meta["00181164"]; // measure at the detector (said on screen)
    }
    if (values(meta, "00280030")) {
      // Cornerstone measures in pixels when a plane has no position/orientation (most
      // DX/CR): give it the image's own plane so Pixel Spacing counts
      meta["00200037"] ||= { vr: "DS", Value: [1, 0, 0, 0, 1, 0] };
      meta["00200032"] ||= { vr: "DS", Value: [0, 0, 0] };
    }
    for (let f = 1; f <= count; f++) {
      const id = `wadors:${base}/instances/${sop}/frames/${f}`;
      metaDataManager.add(id, meta);
      imageIds.push(id);
      positions.push(pos);
      frames.push({ sop, frame: f, frames: count, number: value(meta, "00200013") });
    }
  }
  const first = rows[0]?.meta;
  const frameTime = Number(value(first, "00181063"));
  return { study, series, imageIds, positions, frames, calibration,
    modality: value(first, "00080060") || "",
    description: value(first, "0008103E") || "",
    multiframe: frames.some((f) => f.frames > 1),
    // the recorded rate (Cine Rate, else Frame Time); cine runs at 10/s when none is
    recorded: Number(value(first, "00180040") || 0) || (frameTime ? 1000 / frameTime : 0),
    get fps() { return this.recorded || 10; } };
}

// The index in `positions` nearest to `pos` (comparison with a prior: same anatomy).
export function nearestIndex(positions, pos, fallbackFraction) {
  if (pos === null || positions.some((p) => p === null)) {
    return Math.round(fallbackFraction * (positions.length - 1));
  }
  let best = 0;
  for (let i = 1; i < positions.length; i++) {
    if (Math.abs(positions[i] - pos) < Math.abs(positions[best] - pos)) best = i;
  }
  return best;
}
