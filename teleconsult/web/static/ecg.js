// ECG viewer: the server's 12-lead sheet (SVG, millimetre viewBox) inlined, with zoom,
// and the measured heart rate and the cart's own measurements pulled out beside it.
import { el, t } from "./common.js";

export async function ecgViewer(api, caseId) {
  const text = await api(`/api/v1/cases/${caseId}/ecg.svg`);
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = document.importNode(doc.documentElement, true);
  for (const s of svg.querySelectorAll("script, foreignObject")) s.remove();
  svg.id = "ecg-svg";
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const line = svg.querySelector("text.measurements")?.textContent || "";
  const parts = line.split(/\s{3,}/).filter(Boolean);
  const hr = parts.find((p) => p.startsWith("HR")) || "HR —";
  let zoom = 1;
  const sheet = el("div#ecg-sheet.ecg-sheet", {}, svg);
  const apply = () => { svg.style.width = `${zoom * 100}%`; label.textContent = `${Math.round(zoom * 100)}%`; };
  const label = el("span.muted");
  const root = el("div#ecg.ecg", {},
    el("div.ecg-bar", {},
      el("strong#ecg-hr.hr", { dataset: { value: hr } }, `${t("heart_rate")}: ${hr.replace(/^HR\s*/, "")}`),
      el("span#ecg-measurements.measure", {}, ...parts.filter((p) => p !== hr).map((p) => el("span.chip", { text: p }))),
      el("span.spacer"),
      el("button.ghost", { type: "button", text: "−", title: t("zoom_out"), onclick: () => { zoom = Math.max(0.5, zoom / 1.25); apply(); } }),
      label,
      el("button.ghost", { type: "button", text: "+", title: t("zoom_in"), onclick: () => { zoom = Math.min(4, zoom * 1.25); apply(); } })),
    sheet);
  apply();
  return root;
}
