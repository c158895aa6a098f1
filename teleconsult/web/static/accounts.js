// Supervisor page: the community's accounts. Add a clinic, doctor or admin, disable/enable,
// re-issue credentials, import doctors and shifts from CSV/.xlsx. Credentials made by the
// server are shown here once (only their hashes are stored).
import { api, el, fail, lang, toast } from "./common.js";

const TEXT = {
  zh: {
    accounts: "账号管理", kind: "类型", id: "账号", name: "名称", state: "状态",
    active: "启用", disabled: "已停用", disable: "停用", enable: "启用", reset: "重发凭据",
    add: "新增", clinic: "卫生院", doctor: "医生", admin: "管理员",
    ae_titles: "AE 名称（逗号分隔）", specialties: "专科（逗号分隔）",
    shifts: "班次，如 daily 08:00-20:00", import: "导入医生 (CSV / Excel)",
    shown_once: "凭据只显示这一次，请立即转交本人：", token: "令牌", password: "页面密码",
    confirm_disable: "停用后该账号立即无法登录和调用接口，确定？",
    title: "职称", resident: "住院医师", attending: "主治医师", associate_chief: "副主任医师",
    chief: "主任医师", expert: "上级专家（仅见会诊病例）",
  },
  en: {
    accounts: "Accounts", kind: "Kind", id: "Id", name: "Name", state: "State",
    active: "active", disabled: "disabled", disable: "Disable", enable: "Enable",
    reset: "Re-issue", add: "Add", clinic: "Clinic", doctor: "Doctor", admin: "Admin",
    ae_titles: "AE titles (comma-separated)", specialties: "Specialties (comma-separated)",
    shifts: "Shifts, e.g. daily 08:00-20:00", import: "Import doctors (CSV / Excel)",
    shown_once: "These credentials are shown once; hand them to the person now:",
    token: "Token", password: "Page password",
    confirm_disable: "The account stops working at once. Disable it?",
    title: "Title", resident: "Resident", attending: "Attending",
    associate_chief: "Associate chief", chief: "Chief",
    expert: "Expert (sees only consultations)",
  },
};
const tx = (key) => TEXT[lang()][key] ?? key;
const list = (text) => text.split(/[,，;]/).map((s) => s.trim()).filter(Boolean);
let root = null;

function shifts(text) {
  return text.split(";").map((s) => s.trim()).filter(Boolean).map((part) => {
    const [days, hours = ""] = [part.slice(0, part.lastIndexOf(" ")), part.slice(part.lastIndexOf(" ") + 1)];
    const [start, end] = hours.split("-");
    return { days: days.trim() === "daily" ? "daily" : list(days), start, end };
  });
}

function showCredentials(creds) {
  const box = root.querySelector("#account-credentials");
  box.replaceChildren(el("p", { text: tx("shown_once") }), el("table.grid", {},
    el("tbody", {}, creds.map((c) => el("tr", {}, el("td", { text: `${tx(c.kind)} ${c.id}` }),
      el("td", {}, `${tx("token")}: `, el("code.token", { text: c.token })),
      el("td", {}, `${tx("password")}: `, el("code.password", { text: c.password })))))));
}

function row(a) {
  const act = (op) => el(`button.ghost.${op}`, { type: "button", text: tx(op), onclick: async () => {
    if (op === "disable" && !confirm(tx("confirm_disable"))) return;
    try {
      const out = await api(`/api/v1/admin/accounts/${a.kind}/${a.id}/${op}`, { method: "POST" });
      if (out.credentials) showCredentials([out.credentials]);
      toast(`${tx(op)}: ${a.id}`, "ok");
      refresh();
    } catch (err) { fail(err); }
  } });
  return el("tr", { dataset: { account: a.id, kind: a.kind } },
    el("td", { text: tx(a.kind) }), el("td", { text: a.id }), el("td", { text: a.name }),
    el("td.state", { text: tx(a.disabled ? "disabled" : "active") }),
    el("td", {}, a.disabled ? act("enable") : act("disable"), " ", act("reset")));
}

function form() {
  const kind = el("select#account-kind", {}, ["doctor", "clinic", "admin"].map((k) =>
    el("option", { value: k, text: tx(k) })));
  const field = (id, key) => el(`input#${id}`, { placeholder: tx(key) });
  const [id, name, aes, specs, hours] = [field("account-id", "id"), field("account-name", "name"),
    field("account-ae", "ae_titles"), field("account-specialties", "specialties"),
    field("account-shifts", "shifts")];
  // a doctor's title decides whose reports need review and who may review (书写/审核)
  const title = el("select#account-title", { "aria-label": tx("title") },
    ["attending", "resident", "associate_chief", "chief"].map((k) => el("option", { value: k, text: `${tx("title")}: ${tx(k)}` })));
  const expert = el("input#account-expert", { type: "checkbox" });
  const add = el("button#account-add", { type: "button", text: tx("add"), onclick: async () => {
    const body = { kind: kind.value, id: id.value.trim(), name: name.value.trim() };
    if (kind.value === "clinic") body.ae_titles = list(aes.value);
    if (kind.value === "doctor") {
      Object.assign(body, { specialties: list(specs.value), shifts: shifts(hours.value), title: title.value });
      if (expert.checked) body.expert = true;
    }
    try {
      const out = await api("/api/v1/admin/accounts", { method: "POST", json: body });
      showCredentials([out.credentials]);
      for (const input of [id, name, aes, specs, hours]) input.value = "";
      refresh();
    } catch (err) { fail(err); }
  } });
  const file = el("input#account-import", { type: "file", accept: ".csv,.xlsx", onchange: async () => {
    const f = file.files[0];
    if (!f) return;
    const type = f.name.toLowerCase().endsWith(".xlsx")
      ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
    try {
      const out = await api("/api/v1/admin/accounts/import", { method: "POST", body: f,
        headers: { "Content-Type": type } });
      showCredentials(out.credentials);
      refresh();
    } catch (err) { fail(err); } finally { file.value = ""; }
  } });
  return el("div.account-form", {}, kind, id, name, aes, specs, hours, title,
    el("label.inline", {}, expert, el("span", { text: tx("expert") })), add,
    el("label.import", {}, tx("import"), " ", file));
}

async function refresh() {
  try {
    const { accounts } = await api("/api/v1/admin/accounts");
    root.querySelector("#account-list").replaceChildren(el("table.grid", {},
      el("thead", {}, el("tr", {}, ["kind", "id", "name", "state", ""].map((k) => el("th", { text: k && tx(k) })))),
      el("tbody", {}, accounts.map(row))));
  } catch (err) { fail(err); }
}

// Fill the supervisor page's accounts card (and again when the language changes).
export function mountAccounts(section) {
  root = section;
  section.replaceChildren(el("h2", { text: tx("accounts") }), form(),
    el("div#account-credentials"), el("div#account-list"));
  refresh();
}
