// UI text: Chinese by default, English on request (remembered in localStorage).
const TEXT = {
  zh: {
    brand: "远程会诊", tagline: "乡镇拍片 · 县里诊断", username: "用户名", password: "密码",
    login: "登录", logout: "退出", login_bad: "用户名或密码错误。",
    login_locked: "本机失败次数过多，该账号在本机已锁定 15 分钟。",
    login_slow_down: "该账号正被频繁尝试，请几秒后重试。", login_expired: "会话已过期，请重新登录。",
    login_form_expired: "表单已过期，请重试。", login_logged_out: "您已安全退出。",
    nav_worklist: "工作列表", nav_desk: "卫生院工作台", nav_supervisor: "调度监控",
    nav_stats: "质控与绩效",
    worklist: "我的工作列表", check_in: "签到上岗", check_out: "签退", on_duty: "在岗",
    off_duty: "已签退", live: "实时", polling: "轮询", reconnecting: "重连中", sound: "声音提醒",
    all: "全部", modality: "检查类型", clinic: "卫生院", status: "状态", priority: "优先级",
    patient: "患者", received: "接收时间", due: "截止", remaining: "剩余", open: "打开",
    empty_worklist: "暂无待阅病例。", new_stat: "新的急诊病例！", overdue: "已超时",
    stat: "急诊", urgent: "加急", routine: "常规",
    queued: "排队中", assigned: "已分配", in_review: "阅片中", reported: "已报告",
    delivered: "已送达", acknowledged: "已确认", receiving: "接收中",
    sex: "性别", birth: "出生日期", age: "年龄", note: "临床说明", study: "检查",
    patient_record: "检查检验记录",
    series: "序列", images: "图像", viewer: "阅片", ecg: "心电图", priors: "既往检查",
    no_priors: "无既往检查。", report: "报告", findings: "所见", impression: "诊断意见",
    critical: "危急值", sign: "签发报告", claim: "开始阅片", release: "退回队列",
    history: "病例记录", template: "套用模板", signed: "报告已签发", signed_by: "签发医生",
    version: "版本", reason: "原因", back: "返回", zoom_in: "放大", zoom_out: "缩小",
    reset: "复位", window: "窗宽窗位", preset: "预设", slice: "层面", frame: "帧",
    viewer_help: "滚轮/↑↓ 翻层 · 左键拖动调窗 · Shift/右键拖动平移 · Ctrl+滚轮 缩放",
    // the Cornerstone3D viewer (static/viewer3d)
    tool_WindowLevel: "调窗", tool_Pan: "平移", tool_Zoom: "缩放", tool_Length: "测距",
    tool_Angle: "角度", tool_EllipticalROI: "椭圆ROI", tool_RectangleROI: "矩形ROI",
    tool_Probe: "CT值", cine: "电影播放", key_image: "关键图像", key_images: "关键图像",
    compare: "对比", compare_none: "不对比", sync_scroll: "同步翻层", prior: "既往",
    insert_measurements: "插入报告",
    calib_pixel_spacing: "已按像素间距 (Pixel Spacing) 校准",
    calib_imager_pixel_spacing: "仅有探测器像素间距 (Imager Pixel Spacing)：测量值为探测器平面，未校正放大",
    calib_none: "无像素间距：测量单位为像素 (px)，未校准",
    m_image: "图像", m_length: "长度", m_angle: "角度", m_probe: "CT值", m_ellipse: "椭圆ROI",
    m_rectangle: "矩形ROI", m_area: "面积", m_mean: "均值",
    viewer3d_help: "滚轮/↑↓ 翻层 · 左键按所选工具 · Shift/右键拖动平移 · 中键/Ctrl+滚轮 缩放 · "
      + "W调窗 L测距 A角度 E椭圆 R矩形 H CT值 K关键图像 空格电影 1–5预设 Del删除 Esc复位工具",
    measurements: "测量值", heart_rate: "心率",
    desk: "卫生院工作台", reports: "报告", critical_results: "危急值报告",
    acknowledge: "确认收到", acknowledged_by: "确认人", unread: "未读", pdf: "打印 PDF",
    no_reports: "暂无报告。", today_studies: "今日发送的检查", assigned_to: "阅片医生",
    upload_ecg: "上传心电图 (JSON)", upload: "上传", uploaded: "已上传",
    supervisor: "调度监控", queues: "队列", doctors: "医生", online: "在线",
    on_shift: "当班", open_cases: "未完成病例", escalations: "升级事件", reassign: "改派",
    turnaround: "今日报告周转时间 (分钟)", no_data: "暂无数据。", sla: "时限",
    minutes: "分钟", failed: "操作失败", reload: "刷新", signed_at: "签发时间",
    err_invalid_account: "账号信息不符合要求（编号只用小写字母、数字和 . _ -，且各项必填），未做任何更改",
    err_account_exists: "该编号已被其他账号使用，请换一个编号",
    err_weak_password: "密码至少 8 位",
    err_last_admin: "不能停用最后一个管理员账号",
    err_invalid_import: "导入文件无法读取或超出限制（最多 500 行），未做任何更改",
    err_invalid_form: "提交的内容格式不正确，请刷新页面后重试",
    err_generic: "请求未被接受，请检查填写内容后重试",
    level: "级别", capacity: "容量", yes: "是", no: "否", confirm_critical:
      "该报告标记为危急值，确认签发？", done: "完成", doctor: "医生", case: "病例",
    no_escalations: "暂无升级事件。", nobody: "无", cases: "病例数",
    preset_lung: "肺窗", preset_mediastinum: "纵隔窗", preset_abdomen: "腹窗", preset_bone: "骨窗",
    preset_brain: "脑窗", possible_match: "疑似同一患者",
    possible_match_hint: "仅姓名和出生日期相同，身份未核实，不显示报告",
    ecg_auto: "自动测量", ecg_machine_note: "机器测量，需医生确认", ecg_ours: "本系统",
    ecg_cart: "心电图机", caliper: "卡尺", confirm_machine: "确认机器测量值",
    nav_history: "阅片记录", reading_history: "阅片记录", search: "搜索", text: "报告内容",
    from: "起", to: "止", more: "更多", signed_reports: "份报告",
    // two-level reporting (书写/审核) and upward consultation (上级会诊)
    preliminary: "初步报告（待审核）", stage_preliminary: "初步报告", stage_final: "正式报告",
    preliminary_banner: "急诊初步报告，以正式报告为准", sign_preliminary: "签发初步报告（提交审核）",
    review_required: "您的报告需经上级医师审核：请签发初步报告。",
    kind_read: "阅片", kind_review: "审核", kind_consultation: "会诊",
    review: "报告审核", review_prelim: "初步报告（书写医师）", review_final: "正式报告（可修改）",
    review_diff: "修改对照", no_changes: "未修改。", grade: "评级",
    grade_agree: "同意", grade_minor: "轻微修改（措辞，无临床影响）",
    grade_major: "重大修改（有临床意义）", approve: "审核通过并签发", revise: "修改后签发",
    return_writer: "退回书写医师", comment: "审核意见", comment_needed: "退回时请写明审核意见。",
    written_by: "书写医师", reviewed_by: "审核医师", reviewed: "已审核", returned: "已退回",
    returned_note: "审核退回", review_done: "审核完成，正式报告已签发",
    consultations: "上级会诊", consult_ask: "申请上级会诊", consult_pool: "专家组",
    question: "会诊问题", urgency: "紧急程度", consult_series: "相关序列", submit: "提交",
    cancel: "取消", requested: "待专家接收", claimed: "专家会诊中", answered: "已答复",
    opinion: "会诊意见", recommendation: "处理建议", consult_claim: "接收会诊",
    consult_answer: "提交会诊意见", no_consultations: "暂无会诊。", consult_sent: "会诊申请已提交",
    answered_by: "答复专家", requested_by: "申请方",
    consultation_requested: "申请会诊", consultation_answered: "会诊已答复",
    consultation_escalated: "会诊超时升级", delivery: "发送", escalated: "已升级",
    critical_needs_findings: "危急值报告必须填写所见。",
    ack_by_placeholder: "确认人姓名", ack_by_needed: "请填写确认人的姓名。",
    sex_M: "男", sex_F: "女", sex_O: "其他",
    specialty_radiology: "放射", specialty_cardiology: "心电", specialty_pathology: "病理",
    actor_assembler: "系统（建档）", actor_router: "系统（派单）", actor_timer: "系统（计时）",
    actor_paging: "系统（呼叫）", actor_timers: "系统（计时）", actor_critical: "系统（危急值）",
    actor_delivery: "系统（发送）", actor_system: "系统",
    reason_no_one_eligible: "暂无可派医生", reason_lease_expired_repeatedly: "多次未及时开始阅片",
    reason_sla_at_risk: "即将超时", reason_sla_breached: "已超时", reason_read_overdue: "阅片超时",
    reason_call_in: "呼叫医生到岗", reason_called_in: "已呼叫到岗", reason_no_one_free: "医生均忙",
    reason_lease_expired: "未及时开始阅片", reason_taken: "已接手", reason_supervisor: "调度改派",
    reason_review: "提交审核", reason_returned: "审核退回", reason_handover: "交接",
    reason_consultation_sla_breached: "会诊超时",
  },
  en: {
    brand: "Teleconsult", tagline: "Township imaging, county diagnosis", username: "User",
    password: "Password", login: "Log in", logout: "Log out",
    login_bad: "Wrong user name or password.",
    login_locked: "Too many failed attempts from this computer: try again in 15 minutes.",
    login_slow_down: "This account is being tried from elsewhere: try again in a few seconds.",
    login_expired: "Your session has expired; please log in again.",
    login_form_expired: "The form expired; please try again.",
    login_logged_out: "You have logged out.",
    nav_worklist: "Worklist", nav_desk: "Clinic desk", nav_supervisor: "Supervisor", nav_stats: "Statistics",
    worklist: "My worklist", check_in: "Check in", check_out: "Check out", on_duty: "On duty",
    off_duty: "Checked out", live: "live", polling: "polling", reconnecting: "reconnecting", sound: "Sound alert",
    all: "All", modality: "Modality", clinic: "Clinic", status: "Status",
    priority: "Priority", patient: "Patient", received: "Received", due: "Due",
    remaining: "Left", open: "Open", empty_worklist: "Nothing to read.",
    new_stat: "New STAT case!", overdue: "Overdue",
    stat: "STAT", urgent: "Urgent", routine: "Routine",
    queued: "Queued", assigned: "Assigned", in_review: "In review", reported: "Reported",
    delivered: "Delivered", acknowledged: "Acknowledged", receiving: "Receiving",
    sex: "Sex", birth: "Born", age: "Age", note: "Clinical note", study: "Study",
    patient_record: "Patient record",
    series: "Series", images: "images", viewer: "Viewer", ecg: "ECG", priors: "Priors",
    no_priors: "No prior studies.", report: "Report", findings: "Findings",
    impression: "Impression", critical: "Critical result", sign: "Sign report",
    claim: "Start reading", release: "Release", history: "Case history",
    template: "Use template", signed: "Report signed", signed_by: "Signed by",
    version: "Version", reason: "Reason", back: "Back", zoom_in: "Zoom in",
    zoom_out: "Zoom out", reset: "Reset", window: "Window", preset: "Preset",
    slice: "Slice", frame: "Frame",
    viewer_help: "Wheel/↑↓ slices · drag to window · Shift/right-drag pans · Ctrl+wheel zooms",
    tool_WindowLevel: "Window", tool_Pan: "Pan", tool_Zoom: "Zoom", tool_Length: "Length",
    tool_Angle: "Angle", tool_EllipticalROI: "Ellipse ROI", tool_RectangleROI: "Rectangle ROI",
    tool_Probe: "Probe", cine: "Cine", key_image: "Key image", key_images: "Key images",
    compare: "Compare", compare_none: "No comparison", sync_scroll: "Sync scroll", prior: "Prior",
    insert_measurements: "Insert into report",
    calib_pixel_spacing: "Calibrated by Pixel Spacing",
    calib_imager_pixel_spacing: "Imager Pixel Spacing only: measured at the detector, not corrected for magnification",
    calib_none: "No pixel spacing: measurements in pixels (px), uncalibrated",
    m_image: "image", m_length: "Length", m_angle: "Angle", m_probe: "Probe", m_ellipse: "Ellipse ROI",
    m_rectangle: "Rectangle ROI", m_area: "area", m_mean: "mean",
    viewer3d_help: "Wheel/↑↓ slices · left drag = chosen tool · Shift/right-drag pans · middle drag/Ctrl+wheel zooms · "
      + "W window L length A angle E ellipse R rectangle H probe K key image Space cine 1–5 presets Del delete Esc reset tool",
    measurements: "Measurements", heart_rate: "Heart rate",
    desk: "Clinic desk", reports: "Reports", critical_results: "Critical results",
    acknowledge: "Acknowledge", acknowledged_by: "Acknowledged by", unread: "unread",
    pdf: "Print PDF", no_reports: "No reports yet.", today_studies: "Studies sent today",
    assigned_to: "Reader", upload_ecg: "Upload an ECG (JSON)", upload: "Upload",
    uploaded: "Uploaded", supervisor: "Supervisor", queues: "Queues", doctors: "Doctors",
    online: "Online", on_shift: "On shift", open_cases: "Open cases",
    escalations: "Escalations", reassign: "Reassign",
    turnaround: "Today's turnaround (minutes to report)", no_data: "No data yet.",
    sla: "SLA", minutes: "min", failed: "Failed", reload: "Reload", signed_at: "Signed",
    level: "Level", capacity: "Capacity", yes: "yes", no: "no",
    confirm_critical: "This report is flagged critical. Sign it?", done: "Done",
    critical_needs_findings: "A critical report needs its findings.",
    ack_by_placeholder: "Your name", ack_by_needed: "Write the name of who takes the result.",
    sex_M: "M", sex_F: "F", sex_O: "Other",
    specialty_radiology: "Radiology", specialty_cardiology: "Cardiology", specialty_pathology: "Pathology",
    actor_assembler: "system (intake)", actor_router: "system (routing)", actor_timer: "system (timer)",
    actor_paging: "system (paging)", actor_timers: "system (timer)", actor_critical: "system (critical results)",
    actor_delivery: "system (delivery)", actor_system: "system",
    reason_no_one_eligible: "no doctor available", reason_lease_expired_repeatedly: "not opened in time, repeatedly",
    reason_sla_at_risk: "SLA at risk", reason_sla_breached: "SLA breached", reason_read_overdue: "read overdue",
    reason_call_in: "doctor called in", reason_called_in: "called in", reason_no_one_free: "everyone busy",
    reason_lease_expired: "not opened in time", reason_taken: "taken", reason_supervisor: "reassigned by supervisor",
    reason_review: "sent to review", reason_returned: "returned by reviewer", reason_handover: "handed over",
    reason_consultation_sla_breached: "consultation overdue",
    doctor: "Doctor", case: "Case", no_escalations: "No escalations.", nobody: "nobody",
    cases: "cases", preset_lung: "Lung", preset_mediastinum: "Mediastinum",
    preset_abdomen: "Abdomen", preset_bone: "Bone", preset_brain: "Brain",
    possible_match: "Possible match",
    possible_match_hint: "Same name and birth date only; identity not confirmed, reports withheld",
    ecg_auto: "Automatic measurements", ecg_machine_note: "machine-measured, to be confirmed",
    ecg_ours: "Ours", ecg_cart: "Cart", caliper: "Calipers",
    confirm_machine: "Confirm machine values", nav_history: "Reading history",
    reading_history: "Reading history", search: "Search", text: "Report text", from: "From",
    to: "To", more: "More", signed_reports: "reports",
    preliminary: "Preliminary (awaiting review)", stage_preliminary: "Preliminary",
    stage_final: "Final", preliminary_banner: "Preliminary emergency report; the final report prevails",
    sign_preliminary: "Sign preliminary (to review)",
    review_required: "Your report needs review: sign it as a preliminary.",
    kind_read: "Read", kind_review: "Review", kind_consultation: "Consultation",
    review: "Review", review_prelim: "Preliminary (writer)", review_final: "Final (editable)",
    review_diff: "Changes", no_changes: "No changes.", grade: "Grade", grade_agree: "Agree",
    grade_minor: "Minor (wording)", grade_major: "Major (clinically significant)",
    approve: "Approve and sign", revise: "Sign revised", return_writer: "Return to writer",
    comment: "Comment", comment_needed: "Say what the writer should change.",
    written_by: "Written by", reviewed_by: "Reviewed by", reviewed: "Reviewed",
    returned: "Returned", returned_note: "Returned by review",
    review_done: "Reviewed: the final report is signed",
    consultations: "Consultations", consult_ask: "Ask the experts", consult_pool: "Expert pool",
    question: "Question", urgency: "Urgency", consult_series: "Series", submit: "Submit",
    cancel: "Cancel", requested: "Waiting for an expert", claimed: "Expert reading",
    answered: "Answered", opinion: "Opinion", recommendation: "Recommendation",
    consult_claim: "Take it", consult_answer: "Send opinion",
    no_consultations: "No consultations.", consult_sent: "Consultation requested",
    answered_by: "Expert", requested_by: "Asked by",
    consultation_requested: "Consultation asked", consultation_answered: "Consultation answered",
    consultation_escalated: "Consultation escalated", delivery: "Delivery",
    escalated: "Escalated",
  },
};

export function lang() {
  return localStorage.getItem("tc-lang") === "en" ? "en" : "zh";
}

export function t(key) {
  return TEXT[lang()][key] ?? TEXT.zh[key] ?? key;
}

// The word for a code the API speaks in (sex "M", a specialty, a reason, a system actor), or
// — for a code no page knows — the code itself in English and nothing in Chinese: a county
// user never reads an internal word.
export function word(prefix, code) {
  if (code === null || code === undefined || code === "") return "";
  const key = `${prefix}_${code}`;
  if (key in TEXT.zh) return t(key);
  return lang() === "en" || !/^[\x00-\x7f]*$/.test(String(code)) ? String(code) : "";
}

// Fill every [data-i18n] element (and [data-i18n-title] tooltips) under root.
export function applyI18n(root = document) {
  document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  const toggle = document.getElementById("lang-toggle");
  if (toggle) toggle.textContent = lang() === "en" ? "中文" : "EN";
}

// The language button: switch, re-label, and let the page re-render its own text.
export function initLangToggle(onChange = () => {}) {
  applyI18n();
  const toggle = document.getElementById("lang-toggle");
  toggle?.addEventListener("click", () => {
    localStorage.setItem("tc-lang", lang() === "en" ? "zh" : "en");
    applyI18n();
    onChange();
  });
}
