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

async function submitInstallation(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-installation");
  const data = new FormData(form);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  out.replaceChildren(statusLine(t("working")));
  try {
    const r = await post("/api/compute/page", data);
    if (!r.ok) {
      out.replaceChildren(statusLine(t("problems"), true), diagnosticsList(await problemOf(r)) || "");
      return;
    }
    const j = await r.json();
    const name = stem(data.get("file"));
    const downloads = el("p", { class: "downloads" },
      downloadButton(t("download_json"), "/api/compute", data, name + ".json"),
      downloadButton(t("download_pdf"), "/api/statement", data, name + ".pdf"));
    out.replaceChildren(
      statusLine(t("computed")),
      el("pre", { class: "table", tabindex: "0", "aria-label": t("results") }, j.table),
      downloads,
      j.diagnostics.length ? el("h3", {}, t("warnings")) : "",
      diagnosticsList(j.diagnostics) || "");
  } catch (err) {
    out.replaceChildren(statusLine(t("failed") + " " + err, true));
  } finally {
    button.disabled = false;
  }
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
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  out.replaceChildren(statusLine(t("working")));
  try {
    const page = new FormData();
    for (const [k, v] of data.entries()) page.append(k, v);
    page.append("format", "page");
    const r = await post("/api/declaration", page);
    if (!r.ok) {
      out.replaceChildren(statusLine(t("problems"), true), diagnosticsList(await problemOf(r)) || "");
      return;
    }
    const j = await r.json();
    const ws = j.worksheet;
    const asXlsx = new FormData();
    for (const [k, v] of data.entries()) asXlsx.append(k, v);
    asXlsx.append("format", "xlsx");
    out.replaceChildren(
      statusLine(t("declared") + " " + ws.declarant_name + " (" + ws.declarant_eori + "), " + ws.year),
      worksheetTable(ws),
      el("p", {}, ws.de_minimis.exempt ? t("de_minimis_exempt") : t("de_minimis_due")),
      el("p", { class: "downloads" },
        downloadButton(t("download_json"), "/api/declaration", data, "declaration-" + ws.year + ".json"),
        downloadButton(t("download_xlsx"), "/api/declaration", asXlsx, "declaration-" + ws.year + ".xlsx")),
      j.diagnostics.length ? el("h3", {}, t("warnings")) : "",
      diagnosticsList(j.diagnostics) || "");
  } catch (err) {
    out.replaceChildren(statusLine(t("failed") + " " + err, true));
  } finally {
    button.disabled = false;
  }
}

async function submitCheck(e) {
  e.preventDefault();
  const form = e.target;
  const out = document.getElementById("out-check");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  out.replaceChildren(statusLine(t("working")));
  try {
    const r = await post("/api/validate", new FormData(form));
    const list = await problemOf(r);
    out.replaceChildren(statusLine(r.ok ? t("valid") : t("invalid"), !r.ok), diagnosticsList(list) || "");
  } catch (err) {
    out.replaceChildren(statusLine(t("failed") + " " + err, true));
  } finally {
    button.disabled = false;
  }
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
});
