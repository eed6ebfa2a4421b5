// cbam's local web app: plain DOM, no framework, nothing fetched from anywhere but this server.
"use strict";

const strings = { en: null, zh: null };
// The diagnostics' catalogs: a sentence per stable code, in each language.
const catalogs = { en: null, zh: null };
let lang = "en";

function t(key) {
  const own = strings[lang] || {};
  const en = strings.en || {};
  return own[key] || en[key] || key;
}

async function loadStrings(code) {
  if (!strings[code]) {
    const r = await fetch("/i18n/" + code + ".json");
    strings[code] = await r.json();
  }
  if (!catalogs[code]) {
    const r = await fetch("/i18n/diagnostics-" + code + ".json");
    catalogs[code] = r.ok ? await r.json() : {};
  }
}

function browserLanguage() {
  const wanted = new URLSearchParams(location.search).get("lang");
  if (wanted === "zh" || wanted === "en") return wanted;
  const list = navigator.languages || [navigator.language || "en"];
  for (const l of list) {
    const c = String(l).toLowerCase();
    if (c.startsWith("zh")) return "zh";
    if (c.startsWith("en")) return "en";
  }
  return "en";
}

async function setLanguage(code) {
  await loadStrings("en");
  await loadStrings(code);
  lang = code;
  document.documentElement.lang = code === "zh" ? "zh-Hans" : "en";
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  // The blank workbooks with their ReadMe and notes in the page's language.
  for (const a of document.querySelectorAll("a[href^='/api/blank/']")) {
    a.setAttribute("href", a.getAttribute("href").split("?")[0] + (code === "zh" ? "?lang=zh" : ""));
  }
  document.getElementById("lang").value = code;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// Pages: one visible at a time, chosen by the address's #fragment.
function showPage() {
  const id = (location.hash || "#installation").slice(1);
  for (const s of document.querySelectorAll("main > section")) s.hidden = s.id !== id;
  for (const a of document.querySelectorAll("nav a")) a.setAttribute("aria-selected", a.getAttribute("href") === "#" + id ? "true" : "false");
}

// Dropping files on a drop zone fills its file input.
function dropZones() {
  for (const zone of document.querySelectorAll(".drop")) {
    const input = zone.querySelector("input[type=file]");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) input.files = e.dataTransfer.files;
    });
  }
}

function diagnosticsList(list) {
  if (!list || !list.length) return null;
  const ul = el("ul", { class: "diags" });
  for (const d of list) {
    const sev = d.severity === "warning" ? t("warning") : t("error");
    // In another language than English: the code's sentence from the catalog, then the
    // message (which names the values found) as the detail.
    const sentence = lang !== "en" && catalogs[lang] ? catalogs[lang][d.code] : null;
    const li = el("li", { class: d.severity === "warning" ? "warning" : "error" },
      el("strong", {}, sev + ": "),
      d.location ? el("code", {}, d.location) : null,
      d.location ? " " : null,
      sentence || d.message,
      " ", el("code", {}, d.code));
    if (sentence) li.append(el("span", { class: "detail" }, t("detail") + ": " + d.message));
    for (const h of d.hints || []) li.append(el("span", { class: "hint" }, t("hint") + ": " + h));
    ul.append(li);
  }
  return ul;
}

function statusLine(text, bad) {
  return el("p", { class: "status " + (bad ? "error" : "") }, text);
}

async function post(url, data) {
  const r = await fetch(url, { method: "POST", body: data });
  return r;
}

async function problemOf(r) {
  try {
    const j = await r.json();
    return j.diagnostics || [];
  } catch (_) {
    return [{ severity: "error", code: "http." + r.status, message: r.statusText }];
  }
}

// A button that posts the form again and saves what comes back.
function downloadButton(label, url, data, fileName) {
  const b = el("button", { type: "button" }, label);
  b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      const r = await post(url, data);
      if (!r.ok) {
        b.after(diagnosticsList(await problemOf(r)) || "");
        return;
      }
      const blob = await r.blob();
      const a = el("a", { href: URL.createObjectURL(blob), download: fileName });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function stem(file) {
  return file && file.name ? file.name.replace(/\.[^.]*$/, "") : "installation";
}

// A form's submit: its button off and "Working…" while `work` runs; a request that fails to
// reach the server is said so. `work` returns the answer's parts, or null after showing problems.
async function submitting(form, out, work) {
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  out.replaceChildren(statusLine(t("working")));
  try {
    const parts = await work();
    if (parts) out.replaceChildren(...parts.filter((p) => p !== null && p !== undefined));
  } catch (err) {
    out.replaceChildren(statusLine(t("failed") + " " + err, true));
  } finally {
    button.disabled = false;
  }
}

// An answer that is not 200: `heading`, then every problem it lists.
async function problems(out, r, heading) {
  out.replaceChildren(statusLine(heading || t("problems"), true), diagnosticsList(await problemOf(r)) || "");
  return null;
}

// The warnings of an answer, under their heading (nothing when there are none).
function warningsOf(list) {
  return list.length ? [el("h3", {}, t("warnings")), diagnosticsList(list)] : [];
}

async function submitInstallation(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-installation");
  const data = new FormData(form);
  await submitting(form, out, async () => {
    const r = await post("/api/compute/page", data);
    if (!r.ok) return problems(out, r);
    const j = await r.json();
    const name = stem(data.get("file"));
    // The template's densities: one field per "STREAM=T_PER_M3", separated by ";" on the page.
    const templateData = new FormData();
    for (const [k, v] of data.entries()) if (k !== "density") templateData.append(k, v);
    for (const d of String(data.get("density") || "").split(";").map((x) => x.trim()).filter((x) => x)) templateData.append("density", d);
    const pdfData = new FormData();
    for (const [k, v] of data.entries()) pdfData.append(k, v);
    pdfData.append("lang", lang === "zh" ? "en+zh" : "en");
    const downloads = el("p", { class: "downloads" },
      downloadButton(t("download_json"), "/api/compute", data, name + ".json"),
      j.definitive
        ? downloadButton(t("download_operator_report"), "/api/operator-report", pdfData, name + "-operator-report.pdf")
        : downloadButton(t("download_pdf"), "/api/statement", pdfData, name + ".pdf"),
      j.template_input ? null : downloadButton(t("download_template"), "/api/template", templateData, name + "-communication-template.xlsx"));
    return [statusLine(t("computed")), resultsView(j.results, j.table), downloads, ...warningsOf(j.diagnostics)];
  });
}

// A decimal string rounded to `dp` decimals, half away from zero, as the CLI's table rounds:
// on its digits, not through floating point, so the page never shows a figure the CLI does not.
function exact(value, dp) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(value));
  if (!m) return value === null || value === undefined ? "" : String(value);
  const [, sign, int, frac = ""] = m;
  const digits = BigInt(int + frac.padEnd(dp + 1, "0").slice(0, dp + 1));
  const n = digits / 10n + (digits % 10n >= 5n ? 1n : 0n);
  const s = n.toString().padStart(dp + 1, "0");
  let whole = dp ? s.slice(0, -dp) : s;
  whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const out = dp ? whole + "." + s.slice(-dp) : whole;
  return (sign && /[1-9]/.test(out) ? "-" : "") + out;
}

// The results of `cbam compute` as the page shows them, in the page's language: the
// installation, the rules applied, a row per good, the carbon price paid; the CLI's own text
// (in English) below, folded.
function resultsView(r, cliText) {
  const dp = r.regime.rounding ? r.regime.rounding.see_decimals : 6;
  const inst = r.installation;
  const about = el("dl", { class: "about" },
    el("dt", {}, t("installation_label")), el("dd", {}, inst.name_en + (inst.name_local ? " · " + inst.name_local : "") + " (" + inst.installation_id + ")"),
    el("dt", {}, t("period")), el("dd", {}, r.period.start + " – " + r.period.end + " · " + t("obligation_year") + " " + r.year),
    el("dt", {}, t("rules")), el("dd", {}, r.regime.methodology_act),
    el("dt", {}, t("default_values")), el("dd", {}, r.regime.default_values));
  const cols = [
    ["cn_code", t("col_cn_code"), (g) => g.cn_code, true],
    ["product", t("col_product"), (g) => g.product, true],
    ["route", t("col_route"), (g) => g.route, true],
    ["activity_t", t("col_activity_t"), (g) => exact(g.activity_level_t, 3)],
    ["see_direct", t("col_see_direct"), (g) => exact(g.see_direct, dp)],
    ["see_indirect", t("col_see_indirect"), (g) => exact(g.see_indirect, dp)],
    ["see_total", t("col_see_total"), (g) => exact(g.see_total, dp)],
    ["see_cbam", t("col_see_cbam"), (g) => exact(g.see_cbam, dp)],
    ["electricity", t("col_electricity"), (g) => exact(g.embedded_electricity, 6)],
    ["default_share", t("col_default_share"), (g) => exact(mulHundred(g.default_share), 1) + " %"],
  ];
  const table = el("table", { class: "results", "aria-label": t("results") });
  const tr = el("tr", {});
  for (const [key, label, , text] of cols) tr.append(el("th", { scope: "col", class: text ? "text" : "", "data-col": key }, label));
  table.append(el("thead", {}, tr));
  const body = el("tbody", {});
  for (const g of r.goods) {
    const row = el("tr", {});
    for (const [key, , f, text] of cols) row.append(el("td", { class: text ? "text" : "", "data-col": key }, String(f(g))));
    body.append(row);
  }
  table.append(body);
  const parts = [el("h3", {}, t("results")), about, el("p", { class: "unit" }, t("see_unit")), el("div", { class: "wide", tabindex: "0" }, table)];
  const schemes = (r.carbon_price && r.carbon_price.schemes) || [];
  if (schemes.length) {
    const ct = el("table", { class: "prices" });
    const h = el("tr", {});
    [t("col_scheme"), t("col_compliance_year"), t("col_net_paid"), t("col_covered_t"), t("col_price_per_t"), t("col_price_per_t_eur")]
      .forEach((label, i) => h.append(el("th", { scope: "col", class: i < 2 ? "text" : "" }, label)));
    ct.append(el("thead", {}, h));
    const b = el("tbody", {});
    for (const sc of schemes) {
      const row = el("tr", {});
      [sc.scheme, sc.compliance_year, exact(sc.net_paid, 2) + " " + sc.currency, exact(sc.covered_emissions_t, 0),
        exact(sc.price_per_t, 4) + " " + sc.currency, sc.price_per_t_eur === null ? "" : exact(sc.price_per_t_eur, 4) + " EUR"]
        .forEach((c, i) => row.append(el("td", { class: i < 2 ? "text" : "" }, String(c))));
      b.append(row);
    }
    ct.append(b);
    parts.push(el("h3", {}, t("carbon_price_heading")), el("div", { class: "wide", tabindex: "0" }, ct));
  }
  const cli = el("details", {}, el("summary", {}, t("cli_text")), el("pre", { class: "table", tabindex: "0" }, cliText));
  parts.push(cli);
  return el("div", { class: "results-view" }, ...parts);
}

// A decimal string times 100, on its digits (a share 0..1 shown in percent).
function mulHundred(v) {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(v));
  if (!m) return String(v);
  const [, sign, int, frac = ""] = m;
  const f = frac.padEnd(2, "0");
  const whole = (int + f.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = f.slice(2);
  return sign + whole + (rest ? "." + rest : "");
}

// A decimal string shown with `dp` decimals, grouped as the UI language groups digits. For the eye
// only: the downloads carry the exact figures.
function shown(value, dp) {
  const n = Number(value);
  if (value === null || value === undefined || value === "" || !isFinite(n)) return value === null || value === undefined ? "" : String(value);
  return n.toLocaleString(lang === "zh" ? "zh-CN" : "en", { minimumFractionDigits: dp, maximumFractionDigits: dp });
}

function worksheetTable(ws) {
  const head = ["quarter", "cn_code", "origin", "installation_col", "basis", "mass_t", "see_used", "embedded_t", "faa_t", "art9_t", "certificates", "price_eur", "cost_eur"];
  const table = el("table", {});
  const tr = el("tr", {});
  for (const h of head) tr.append(el("th", { scope: "col" }, t(h)));
  table.append(el("thead", {}, tr));
  const body = el("tbody", {});
  for (const e of ws.entries) {
    const cells = ["Q" + e.quarter, e.cn_code, e.origin, e.installation || "-", e.basis === "actual" ? t("basis_actual") : t("basis_default"),
      shown(e.mass_t, 3), shown(e.see_used, 5), shown(e.embedded_t, 3), shown(e.faa_t, 3), shown(e.art9_t, 3), shown(e.certificates, 3),
      shown(e.certificate_price.eur, 2), shown(e.cost_eur, 2)];
    const row = el("tr", {});
    cells.forEach((c, i) => row.append(el("td", { class: i < 5 ? "text" : "" }, String(c))));
    body.append(row);
  }
  const tot = ws.totals;
  const row = el("tr", {});
  [t("total"), "", "", "", "", shown(tot.mass_t, 3), "", shown(tot.embedded_t, 3), shown(tot.faa_t, 3), shown(tot.art9_t, 3), shown(tot.certificates, 3), "", shown(tot.cost_eur, 2)]
    .forEach((c, i) => row.append(el(i === 0 ? "th" : "td", { class: i < 5 ? "text" : "" }, String(c))));
  body.append(row);
  table.append(body);
  return el("div", { class: "wide", tabindex: "0" }, table);
}

async function submitImporter(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-importer");
  const data = new FormData(form);
  const prices = String(data.get("price") || "").split(/[\s,;]+/).filter((p) => p);
  data.delete("price");
  for (const p of prices) data.append("price", p);
  await submitting(form, out, async () => {
    const page = new FormData();
    for (const [k, v] of data.entries()) page.append(k, v);
    page.append("format", "page");
    const r = await post("/api/declaration", page);
    if (!r.ok) return problems(out, r);
    const j = await r.json();
    const ws = j.worksheet;
    const asXlsx = new FormData();
    for (const [k, v] of data.entries()) asXlsx.append(k, v);
    asXlsx.append("format", "xlsx");
    return [
      statusLine(t("declared") + " " + ws.declarant_name + " (" + ws.declarant_eori + "), " + ws.year),
      worksheetTable(ws),
      el("p", {}, ws.de_minimis.exempt ? t("de_minimis_exempt") : t("de_minimis_due")),
      el("p", { class: "downloads" },
        downloadButton(t("download_json"), "/api/declaration", data, "declaration-" + ws.year + ".json"),
        downloadButton(t("download_xlsx"), "/api/declaration", asXlsx, "declaration-" + ws.year + ".xlsx")),
      ...warningsOf(j.diagnostics)];
  });
}

// The transitional quarterly report from the files of the importer's form above.
async function submitQReport(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-qreport");
  const files = new FormData(document.getElementById("form-importer"));
  const data = new FormData(form);
  if (!files.get("imports") || !files.get("imports").name) {
    out.replaceChildren(statusLine(t("choose_imports_first"), true));
    return;
  }
  data.append("imports", files.get("imports"));
  for (const f of files.getAll("suppliers")) if (f && f.name) data.append("suppliers", f);
  // The server reads no clock: the submission date is this computer's, in UTC.
  data.append("submission_date", new Date().toISOString().slice(0, 19) + "Z");
  data.append("format", "page");
  await submitting(form, out, async () => {
    const r = await post("/api/report", data);
    if (!r.ok) return problems(out, r);
    const j = await r.json();
    const blob = new Blob([j.xml], { type: "application/xml" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "qreport-" + j.period + ".xml", class: "button" }, t("download_xml"));
    return [
      statusLine(t("qreport_made") + " " + j.period + ": " + j.goods + " " + t("goods_word") + ", " + j.lines + " " + t("lines_word") + "."),
      el("p", { class: "downloads" }, link),
      ...warningsOf(j.diagnostics)];
  });
}

// What an intact supplier's PDF declares: the installation, the period, the rules, and a row
// per good with the SEE as the PDF states them.
function pdfView(v) {
  const d = v.data;
  const report = v.kind === "operator_report";
  const inst = d.installation;
  const period = report ? d.reporting_period : d.period;
  const rules = report ? d.regime.methodology_act : d.methodology.rules;
  const about = el("dl", { class: "about" },
    el("dt", {}, t("col_sha256")), el("dd", {}, el("code", {}, v.sha256)),
    el("dt", {}, t("installation_label")), el("dd", {}, (report ? inst.name : inst.name_en) + (inst.name_local ? " · " + inst.name_local : "") + " (" + inst.id + ")"),
    el("dt", {}, t("period")), el("dd", {}, period.start + " – " + period.end),
    el("dt", {}, t("rules")), el("dd", {}, rules));
  const table = el("table", { class: "results" });
  const head = el("tr", {});
  [t("col_cn_code"), t("col_product"), t("col_see_direct"), t("col_see_indirect"), t("col_see_total")]
    .forEach((label, i) => head.append(el("th", { scope: "col", class: i < 2 ? "text" : "" }, label)));
  table.append(el("thead", {}, head));
  const body = el("tbody", {});
  for (const g of d.goods) {
    const row = el("tr", {});
    [g.cn_code, report ? g.product : g.description, g.see_direct, g.see_indirect, g.see_total]
      .forEach((c, i) => row.append(el("td", { class: i < 2 ? "text" : "" }, String(c))));
    body.append(row);
  }
  table.append(body);
  const parts = [el("h3", {}, report ? t("kind_operator_report") : t("kind_statement")), about];
  if (report && !(d.verification && d.verification.report_reference)) parts.push(el("p", { class: "status error" }, t("not_verified_report")));
  parts.push(el("div", { class: "wide", tabindex: "0" }, table));
  return el("div", { class: "results-view" }, ...parts);
}

async function submitCheck(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-check");
  const data = new FormData(form);
  const file = data.get("file");
  await submitting(form, out, async () => {
    if (file && /\.pdf$/i.test(file.name || "")) {
      const r = await post("/api/verify", data);
      if (!r.ok) return problems(out, r, t("pdf_not_intact"));
      return [statusLine(t("pdf_intact")), pdfView(await r.json())];
    }
    const r = await post("/api/validate", data);
    const list = await problemOf(r);
    return [statusLine(r.ok ? t("valid") : t("invalid"), !r.ok), diagnosticsList(list)];
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  await setLanguage(browserLanguage());
  document.getElementById("lang").addEventListener("change", (e) => setLanguage(e.target.value));
  window.addEventListener("hashchange", showPage);
  showPage();
  dropZones();
  document.getElementById("form-installation").addEventListener("submit", submitInstallation);
  document.getElementById("form-importer").addEventListener("submit", submitImporter);
  document.getElementById("form-check").addEventListener("submit", submitCheck);
  document.getElementById("form-qreport").addEventListener("submit", submitQReport);
});
