// A simple normal-study template per modality, to edit rather than type from nothing.
const ZH = {
  CT: ["扫描范围：\n肺窗：双肺纹理清晰，未见实质性病变。\n纵隔窗：纵隔居中，心影不大，未见肿大淋巴结。\n"
    + "骨窗：所见骨质未见破坏。", "CT 平扫未见明显异常。"],
  DX: ["胸廓对称，双肺纹理清晰，未见实质性病变。心影大小、形态正常。双膈面光整，肋膈角锐利。",
    "心、肺、膈未见异常。"],
  MR: ["各序列信号未见异常，结构对称，中线居中。", "MR 平扫未见明显异常。"],
  US: ["所检脏器大小、形态正常，回声均匀，未见占位。", "超声检查未见明显异常。"],
  ECG: ["心律：窦性心律\n心率：{hr} 次/分\nPR 间期：   ms\nQRS 时限：   ms\nQT/QTc：   ms\n电轴：正常\n"
    + "ST-T：未见明显改变", "窦性心律，正常心电图。"],
};
const EN = {
  CT: ["Coverage:\nLung window: clear lung markings, no consolidation or mass.\n"
    + "Mediastinal window: midline mediastinum, heart not enlarged, no enlarged nodes.\n"
    + "Bone window: no destructive lesion.", "Unremarkable non-contrast CT."],
  DX: ["Symmetric thorax. Clear lung fields. Normal cardiac size and contour. "
    + "Smooth diaphragms, sharp costophrenic angles.", "Normal chest radiograph."],
  MR: ["Normal signal on all sequences; symmetric structures; no midline shift.",
    "Unremarkable MR."],
  US: ["Organs examined of normal size and shape, homogeneous echo, no mass.",
    "Unremarkable ultrasound."],
  ECG: ["Rhythm: sinus\nRate: {hr} /min\nPR:    ms\nQRS:    ms\nQT/QTc:    ms\nAxis: normal\n"
    + "ST-T: no significant change", "Sinus rhythm, normal ECG."],
};
const ALIASES = { CR: "DX", DR: "DX", MG: "DX", RF: "DX", XA: "DX" };

export function templateFor(modality, lang, hrText = "") {
  const table = lang === "en" ? EN : ZH;
  const [findings, impression] = table[ALIASES[modality] || modality] || ["", ""];
  const hr = (hrText.match(/\d+/) || ["   "])[0];
  return { findings: findings.replace("{hr}", hr), impression };
}
