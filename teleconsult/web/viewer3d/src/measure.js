// Measurements as the report keeps them: each Cornerstone annotation becomes a small record
// (tool, where, numbers with units) plus what is needed to draw it again (`cs`: handles
// in patient coordinates and the view it was drawn in).
const KINDS = { Length: "length", Angle: "angle", EllipticalROI: "ellipse",
  RectangleROI: "rectangle", Probe: "probe" };

function round(x, n = 1) {
  return typeof x === "number" && Number.isFinite(x) ? Number(x.toFixed(n)) : null;
}

function stats(annotation) {
  const all = annotation.data?.cachedStats || {};
  return Object.values(all)[0] || {};
}

// The number-only part of one annotation; null when it is not a kind we report.
export function toRecord(annotation, where, calibration) {
  const kind = KINDS[annotation.metadata?.toolName];
  if (!kind || !where) return null;
  const s = stats(annotation);
  const unit = s.unit || (s.areaUnit ? s.areaUnit.replace("²", "").replace("\u00b2", "") : null);
  const rec = { id: annotation.annotationUID, kind, ...where, calibration,
    label: annotation.data?.label || "" };
  if (kind === "length") Object.assign(rec, { length: round(s.length, 2), unit: s.unit || "mm" });
  if (kind === "angle") Object.assign(rec, { angle_deg: round(s.angle, 1) });
  if (kind === "probe") Object.assign(rec, { value: round(s.value, 1), value_unit: s.modalityUnit || "" });
  if (kind === "ellipse" || kind === "rectangle") {
    Object.assign(rec, { area: round(s.area, 2), area_unit: s.areaUnit || `${unit || "mm"}²`,
      mean: round(s.mean, 1), sd: round(s.stdDev, 1), min: round(s.min, 1),
      max: round(s.max, 1), value_unit: s.modalityUnit || "" });
  }
  const { metadata, data } = annotation;
  rec.cs = { toolName: metadata.toolName, viewPlaneNormal: metadata.viewPlaneNormal,
    viewUp: metadata.viewUp, FrameOfReferenceUID: metadata.FrameOfReferenceUID,
    points: data.handles.points };
  return rec;
}

// An annotation object Cornerstone can add again from a stored record.
export function fromRecord(rec, imageId) {
  const { cs } = rec;
  return {
    annotationUID: rec.id, highlighted: false, invalidated: true, isLocked: false, isVisible: true,
    metadata: { toolName: cs.toolName, viewPlaneNormal: cs.viewPlaneNormal, viewUp: cs.viewUp,
      FrameOfReferenceUID: cs.FrameOfReferenceUID, referencedImageId: imageId },
    data: { label: rec.label || "", handles: { points: cs.points, activeHandleIndex: null,
      textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: null } },
    cachedStats: {} },
  };
}

// One line of report text per measurement, in the page's language.
export function describe(rec, t) {
  const where = `${t("m_image")} ${rec.image_number ?? "?"}`;
  const v = (x, u = "") => (x === null || x === undefined ? "—" : `${x}${u ? " " + u : ""}`);
  switch (rec.kind) {
    case "length": return `${t("m_length")} ${v(rec.length, rec.unit)} (${where})`;
    case "angle": return `${t("m_angle")} ${v(rec.angle_deg, "°")} (${where})`;
    case "probe": return `${t("m_probe")} ${v(rec.value, rec.value_unit)} (${where})`;
    default: return `${t(rec.kind === "ellipse" ? "m_ellipse" : "m_rectangle")} `
      + `${t("m_area")} ${v(rec.area, rec.area_unit)}, ${t("m_mean")} ${v(rec.mean, rec.value_unit)}, `
      + `SD ${v(rec.sd)}, min ${v(rec.min)}, max ${v(rec.max)} (${where})`;
  }
}
