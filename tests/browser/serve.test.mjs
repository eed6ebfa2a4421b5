// `cbam serve` in a real browser: Debian's headless Chromium driven by playwright-core.
//
// Starts `cbam serve --port 0`, uploads the cement sample on the Installation page and checks
// the results table against what `cbam compute --format json` prints in the same run, switches
// to 简体中文, uploads a bad fixture and checks that its cell (as `cbam compute` names it on
// stderr) is on the page with the code's sentence from the Chinese catalog. Screenshots of both languages go to $SCREENSHOTS (default: a temporary
// directory; `docs/` to refresh the README's pictures).
//
// Usage (from the repository root, after `cargo build`):
//   npm ci --prefix tests/browser && CBAM=target/debug/cbam node --test tests/browser/
// Environment: CBAM (the binary, default target/debug/cbam), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOTS (a directory). The checks read text, not pixels: the pictures'
// Chinese glyphs need a CJK font (Debian's fonts-noto-cjk), the test does not.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cbamBin = resolve(root, process.env.CBAM || join(process.env.CARGO_TARGET_DIR || "target", "debug/cbam"));
const chromiumBin = process.env.CHROMIUM || "/usr/bin/chromium";
const sample = join(root, "samples/cement-integrated-cn.xlsx");
// A fixture whose one diagnostic names a cell (tests/fixtures/bad/README.md).
const bad = join(root, "tests/fixtures/bad/01-text-in-number.xlsx");
const shots = process.env.SCREENSHOTS || mkdtempSync(join(tmpdir(), "cbam-shots-"));
mkdirSync(shots, { recursive: true });
// No network here: nothing that phones home, no GPU, a profile of its own.
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let server;
let base;
let context;
let profile;

function cli(args) {
  const r = spawnSync(cbamBin, args, { cwd: root, encoding: "utf8" });
  if (r.error) throw r.error;
  return r;
}

// The server prints "cbam serving http://localhost:PORT/ (Ctrl-C stops it)" once it listens.
function startServer() {
  return new Promise((ok, fail) => {
    const p = spawn(cbamBin, ["serve", "--port", "0"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => fail(new Error("cbam serve did not start within 30 s: " + err)), 30000);
    p.stderr.setEncoding("utf8");
    p.stderr.on("data", (chunk) => {
      err += chunk;
      const m = err.match(/cbam serving (http:\/\/\S+\/)/);
      if (m && !base) {
        clearTimeout(timer);
        base = m[1];
        ok(p);
      }
    });
    p.on("exit", (code) => fail(new Error(`cbam serve exited (${code}): ${err}`)));
    p.on("error", fail);
  });
}

before(async () => {
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), "cbam-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumBin,
    headless: true,
    args: chromiumFlags,
    locale: "en-GB",
    viewport: { width: 1280, height: 900 },
    timeout: 60000,
  });
  context.setDefaultTimeout(30000);
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGINT");
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// The rows of the page's results table, keyed by CN code and product: each row's cells by their
// column (`data-col`), as the page shows them.
async function tableRows(table) {
  return new Map((await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) =>
    Object.fromEntries([...tr.querySelectorAll("td")].map((td) => [td.dataset.col, td.innerText.trim()])))))
    .map((row) => [row.cn_code + " " + row.product, row]));
}

// A decimal string rounded to `dp` decimals, half away from zero (as the CLI's table rounds),
// written with exactly `dp` decimals. Exact: digits, not floating point.
function rounded(value, dp) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  assert.ok(m, "a decimal: " + value);
  const [, sign, int, frac = ""] = m;
  const digits = BigInt(int + frac.padEnd(dp + 1, "0").slice(0, dp + 1));
  let n = digits / 10n + (digits % 10n >= 5n ? 1n : 0n);
  const s = n.toString().padStart(dp + 1, "0");
  const out = dp ? s.slice(0, -dp) + "." + s.slice(-dp) : s;
  return (sign && /[1-9]/.test(out) ? "-" : "") + out;
}

test("the Installation page computes the cement sample as the CLI does, in English and in Chinese, and names a bad cell", async () => {
  // What the CLI prints, in this run.
  const computed = cli(["compute", sample, "--format", "json"]);
  assert.equal(computed.status, 0, computed.stderr);
  const results = JSON.parse(computed.stdout);
  const goods = results.goods;
  assert.ok(goods.some((g) => g.cn_code === "25231000"), "the sample has clinker (CN 2523 10 00)");
  // The table shows SEE with the decimals the rules report (6 when they set none).
  const dp = results.regime.rounding ? results.regime.rounding.see_decimals : 6;
  const failed = cli(["compute", bad]);
  assert.equal(failed.status, 1, failed.stderr);
  // "error[input.type]: Processes!E4: expected …"
  const m = failed.stderr.match(/^error\[([a-z_.]+)\]: ([A-Za-z_ ]+![A-Z]+[0-9]+): (.*)$/m);
  assert.ok(m, "the CLI names a cell for the bad fixture:\n" + failed.stderr);
  const [, badCode, badCell, badMessage] = m;
  const zh = JSON.parse(readFileSync(join(root, "src/serve/assets/i18n-zh.json"), "utf8"));
  const zhCatalog = JSON.parse(readFileSync(join(root, "src/format/diagnostics-zh.json"), "utf8"));
  assert.ok(zhCatalog[badCode], `the Chinese catalog has ${badCode}`);

  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  // Every failed request but the one the bad workbook makes (422 on purpose).
  page.on("response", (r) => {
    if (r.status() >= 400 && !(r.status() === 422 && r.url().endsWith("/api/compute/page"))) pageErrors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(base + "#installation");
  await page.locator("#tab-installation[aria-selected=true]").waitFor();
  assert.equal(await page.locator("#lang").inputValue(), "en");

  // English: the sample's table, with the CLI's figures.
  await page.setInputFiles("#form-installation input[name=file]", sample);
  await page.click("#form-installation button[type=submit]");
  const table = page.locator("#out-installation table.results");
  await table.waitFor();
  const rows = await tableRows(table);
  const enHead = await table.locator("thead th").allInnerTexts();
  assert.ok(enHead.includes("SEE direct") && enHead.includes("SEE indirect"), "English column names: " + enHead);
  assert.equal(rows.size, goods.length, "one row per good");
  for (const g of goods) {
    const row = rows.get(g.cn_code + " " + g.product);
    assert.ok(row, `CN ${g.cn_code} ${g.product} is in the table`);
    assert.equal(row.see_direct, rounded(g.see_direct, dp), `SEE direct of ${g.cn_code} ${g.product} (CLI: ${g.see_direct})`);
    assert.equal(row.see_indirect, rounded(g.see_indirect, dp), `SEE indirect of ${g.cn_code} ${g.product} (CLI: ${g.see_indirect})`);
    assert.equal(row.see_total, rounded(g.see_total, dp), `SEE total of ${g.cn_code} ${g.product} (CLI: ${g.see_total})`);
  }
  const shownEn = await page.locator("#out-installation").innerText();
  assert.doesNotMatch(shownEn, /\b(null|undefined|NaN)\b/, "no stray value on the page");
  await page.screenshot({ path: join(shots, "serve-en.png"), fullPage: true });

  // 简体中文: every labelled element shows the Chinese string, the page says so, and a new
  // computation reports in Chinese.
  await page.selectOption("#lang", "zh");
  await page.waitForFunction(() => document.documentElement.lang === "zh-Hans");
  for (const key of ["title", "tab_installation", "installation_heading", "drop_workbook", "compute"]) {
    assert.ok(zh[key], key);
    const shown = await page.locator(`[data-i18n="${key}"]`).first().innerText();
    assert.equal(shown.trim(), zh[key], `the label '${key}' in Chinese`);
  }
  assert.equal(await page.title(), zh.title);
  await page.click("#form-installation button[type=submit]");
  await page.locator("#out-installation .status", { hasText: zh.computed }).waitFor();
  // The same rows and figures under Chinese column names.
  const zhRows = await tableRows(table);
  assert.deepEqual([...zhRows.entries()], [...rows.entries()]);
  const zhHead = await table.locator("thead th").allInnerTexts();
  for (const key of ["col_cn_code", "col_see_direct", "col_see_indirect", "col_default_share"]) {
    assert.ok(zhHead.includes(zh[key]), `the column '${zh[key]}' in Chinese: ${zhHead}`);
  }
  const shownZh = await page.locator("#out-installation").innerText();
  assert.ok(shownZh.includes(zh.carbon_price_heading), "the carbon price heading in Chinese");
  assert.doesNotMatch(shownZh, /\b(null|undefined|NaN)\b/, "no stray value on the Chinese page");
  await page.screenshot({ path: join(shots, "serve-zh.png"), fullPage: true });

  // A bad workbook: its cell, its code and the page's Chinese for "error".
  await page.setInputFiles("#form-installation input[name=file]", bad);
  await page.click("#form-installation button[type=submit]");
  const diag = page.locator("#out-installation ul.diags li").first();
  await diag.waitFor();
  const text = await diag.innerText();
  assert.ok(text.includes(badCell), `the cell ${badCell} on the page: ${text}`);
  assert.ok(text.includes(badCode), `the code ${badCode} on the page: ${text}`);
  assert.ok(text.startsWith(zh.error), `'${zh.error}' before the diagnostic: ${text}`);
  assert.ok(text.includes(zhCatalog[badCode]), `the code's Chinese sentence on the page: ${text}`);
  assert.ok(text.includes(zh.detail + ": " + badMessage), `the CLI's message as the detail: ${text}`);
  await page.locator("#out-installation .status.error", { hasText: zh.problems }).waitFor();
  await page.screenshot({ path: join(shots, "serve-zh-problem.png"), fullPage: true });

  assert.deepEqual(pageErrors, [], "no script error or failed request on the page");
  await page.close();
});

test("the page loads nothing from elsewhere", async () => {
  const page = await context.newPage();
  const foreign = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector("[data-i18n=title]").textContent.length > 0);
  for (const hash of ["#importer", "#check", "#blank"]) {
    await page.goto(base + hash);
    assert.equal(await page.locator(hash).isVisible(), true, hash + " shown");
  }
  assert.deepEqual(foreign, []);
  await page.close();
});

test("the Check page reads a supplier's statement PDF and refuses an altered one", async () => {
  // A statement made by the CLI in this run, and a copy with one digit of its recorded digest changed.
  const dir = mkdtempSync(join(tmpdir(), "cbam-check-"));
  const made = cli(["statement", sample, "-o", dir, "--lang", "en"]);
  assert.equal(made.status, 0, made.stderr);
  const pdf = join(dir, "cement-integrated-cn.pdf");
  const bytes = readFileSync(pdf);
  const at = bytes.indexOf("sha256:") + 7;
  assert.ok(at > 6, "the statement records its digest in the clear");
  const altered = Buffer.from(bytes);
  altered[at] = altered[at] === 0x30 ? 0x31 : 0x30;
  const alteredPath = join(dir, "altered.pdf");
  writeFileSync(alteredPath, altered);
  const computed = JSON.parse(cli(["compute", sample, "--format", "json"]).stdout);
  const clinker = computed.goods.find((g) => g.cn_code === "25231000");

  const page = await context.newPage();
  await page.goto(base + "?lang=en#check");
  await page.setInputFiles("#form-check input[name=file]", pdf);
  await page.click("#form-check button[type=submit]");
  const table = page.locator("#out-check table.results");
  await table.waitFor();
  const en = JSON.parse(readFileSync(join(root, "src/serve/assets/i18n-en.json"), "utf8"));
  assert.equal((await page.locator("#out-check .status").innerText()).trim(), en.pdf_intact);
  const row = table.locator("tbody tr", { hasText: "25231000" });
  const cells = await row.locator("td").allInnerTexts();
  assert.equal(cells[2], rounded(clinker.see_direct, 6), "the clinker's SEE direct as the statement states it");
  await page.screenshot({ path: join(shots, "serve-check-pdf.png"), fullPage: true });

  await page.setInputFiles("#form-check input[name=file]", alteredPath);
  await page.click("#form-check button[type=submit]");
  const diag = page.locator("#out-check ul.diags li").first();
  await diag.waitFor();
  const text = await diag.innerText();
  assert.ok(text.includes("verify.mismatch") && text.includes("altered.pdf"), text);
  assert.ok(text.includes("the attached data's SHA-256 is"), text);
  await page.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the Importer page makes a late quarterly report: the XML of cbam report, dated by the browser", async () => {
  const imports = join(root, "samples/imports-2025Q4.xlsx");
  const suppliers = ["cement-integrated-cn.xlsx", "aluminium-smelter-coal-cn.xlsx", "aluminium-smelter-hydro-cn.xlsx",
    "aluminium-extrusion-cn.xlsx", "ec-example-1-cement.xlsx"].map((n) => join(root, "samples", n));
  const dir = mkdtempSync(join(tmpdir(), "cbam-qreport-"));
  const xmlPath = join(dir, "q.xml");
  const made = cli(["report", "--imports", imports, "--suppliers", join(root, "samples"), "--period", "2025Q4",
    "--submission-date", "2026-01-20T09:00:00Z", "-o", xmlPath]);
  assert.equal(made.status, 0, made.stderr);
  const undated = (x) => x.replace(/<SubmissionDate>[^<]*<\/SubmissionDate>/, "<SubmissionDate/>");
  const expected = undated(readFileSync(xmlPath, "utf8"));

  const page = await context.newPage();
  await page.goto(base + "?lang=zh#importer");
  await page.setInputFiles("#form-importer input[name=imports]", imports);
  await page.setInputFiles("#form-importer input[name=suppliers]", suppliers);
  await page.fill("#form-qreport input[name=period]", "2025Q4");
  await page.click("#form-qreport button[type=submit]");
  const link = page.locator("#out-qreport a[download]");
  await link.waitFor();
  assert.equal(await link.getAttribute("download"), "qreport-2025Q4.xml");
  // Saved as a user saves it (the page's CSP lets no script read the blob back).
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const xml = readFileSync(await download.path(), "utf8");
  const dated = /<SubmissionDate>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)<\/SubmissionDate>/.exec(xml);
  assert.ok(dated, "a submission date from the browser's clock");
  assert.equal(undated(xml), expected, "the XML of cbam report on the same files");
  const zh = JSON.parse(readFileSync(join(root, "src/serve/assets/i18n-zh.json"), "utf8"));
  assert.ok((await page.locator("#out-qreport .status").innerText()).startsWith(zh.qreport_made));
  await page.screenshot({ path: join(shots, "serve-zh-qreport.png"), fullPage: true });
  await page.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the Installation page offers a 2026 workbook's operator report and the filled Communication template, the CLI's bytes", async () => {
  const sample2026 = join(root, "samples/2026/cement-integrated-cn.xlsx");
  const dir = mkdtempSync(join(tmpdir(), "cbam-downloads-"));
  let r = cli(["operator-report", sample2026, "-o", dir, "--lang", "en"]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(["template", "fill", sample, "-o", join(dir, "filled.xlsx"), "--density", "Diesel for kiln start-up=0.84"]);
  assert.equal(r.status, 0, r.stderr);
  const page = await context.newPage();
  await page.goto(base + "?lang=en#installation");
  const save = async (label) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#out-installation .downloads button", { hasText: label }).click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
  };
  const en = JSON.parse(readFileSync(join(root, "src/serve/assets/i18n-en.json"), "utf8"));

  await page.setInputFiles("#form-installation input[name=file]", sample2026);
  await page.click("#form-installation button[type=submit]");
  await page.locator("#out-installation table.results").waitFor();
  assert.equal(await page.locator("#out-installation .downloads button", { hasText: en.download_pdf }).count(), 0, "no transitional statement for 2026");
  const report = await save(en.download_operator_report);
  assert.equal(report.name, "cement-integrated-cn-operator-report.pdf");
  assert.ok(report.bytes.equals(readFileSync(join(dir, "cement-integrated-cn.pdf"))), "the PDF of cbam operator-report --lang en");

  await page.setInputFiles("#form-installation input[name=file]", sample);
  await page.fill("#form-installation input[name=density]", "Diesel for kiln start-up=0.84");
  await page.click("#form-installation button[type=submit]");
  await page.locator("#out-installation button", { hasText: en.download_pdf }).waitFor();
  const filled = await save(en.download_template);
  assert.equal(filled.name, "cement-integrated-cn-communication-template.xlsx");
  assert.ok(filled.bytes.equals(readFileSync(join(dir, "filled.xlsx"))), "the template of cbam template fill --density");
  await page.close();
  rmSync(dir, { recursive: true, force: true });
});
