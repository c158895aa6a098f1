// Cornerstone3D set-up, once per page: core (GPU, or the CPU fallback when WebGL is not
// there, e.g. headless Chromium), the DICOM image loader with its decode workers, the tools.
import * as cs from "@cornerstonejs/core";
import * as csTools from "@cornerstonejs/tools";
import { init as loaderInit } from "@cornerstonejs/dicom-image-loader";

export const TOOLS = {
  WindowLevel: csTools.WindowLevelTool, Pan: csTools.PanTool, Zoom: csTools.ZoomTool,
  Length: csTools.LengthTool, Angle: csTools.AngleTool, EllipticalROI: csTools.EllipticalROITool,
  RectangleROI: csTools.RectangleROITool, Probe: csTools.ProbeTool,
};
export const MEASURING = ["Length", "Angle", "EllipticalROI", "RectangleROI", "Probe"];
const { MouseBindings, KeyboardBindings } = csTools.Enums;
// Always-on bindings besides the chosen left-button tool: right or Shift+left drag pans,
// middle drag zooms (the old viewer's habits).
export const EXTRA_BINDINGS = {
  Pan: [{ mouseButton: MouseBindings.Secondary },
    { mouseButton: MouseBindings.Primary, modifierKey: KeyboardBindings.Shift }],
  Zoom: [{ mouseButton: MouseBindings.Auxiliary }],
};
export const PRIMARY = [{ mouseButton: MouseBindings.Primary }];

let ready = null;

function webglWorks() {
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl && gl.getExtension("WEBGL_debug_renderer_info");
    const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : "";
    // a software rasteriser (SwiftShader/llvmpipe) is slower than Cornerstone's CPU path
    return Boolean(gl) && !/swiftshader|llvmpipe|software/i.test(name);
  } catch {
    return false;
  }
}

export function initOnce() {
  if (!ready) {
    ready = (async () => {
      cs.init();
      const forced = localStorage.getItem("tc-render");
      cs.setUseCPURendering(forced ? forced === "cpu" : !webglWorks());
      const cores = navigator.hardwareConcurrency || 1;
      loaderInit({ maxWebWorkers: Math.max(1, Math.min(4, Math.floor(cores / 2))) });
      csTools.init();
      for (const Tool of Object.values(TOOLS)) csTools.addTool(Tool);
      return { cpu: cs.getShouldUseCPURendering() };
    })();
  }
  return ready;
}

export function makeToolGroup(id) {
  const group = csTools.ToolGroupManager.createToolGroup(id);
  for (const Tool of Object.values(TOOLS)) group.addTool(Tool.toolName);
  for (const [name, bindings] of Object.entries(EXTRA_BINDINGS)) {
    group.setToolActive(TOOLS[name].toolName, { bindings });
  }
  for (const name of MEASURING) group.setToolPassive(TOOLS[name].toolName);
  group.setToolActive(TOOLS.WindowLevel.toolName, { bindings: PRIMARY });
  return group;
}
