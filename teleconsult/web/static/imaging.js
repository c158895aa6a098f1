// Which image viewer the case page shows: the Cornerstone3D viewer (static/viewer3d/, built
// from teleconsult/web/viewer3d/ by scripts/build-viewer), or the server-rendered one
// (viewer.js) when the page is opened with ?viewer=classic or the bundle cannot start.
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

// Show `series` of the case `record` in `area`; returns the viewer.
export async function openImages(area, record, series) {
  current?.destroy?.();
  current = null;
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
