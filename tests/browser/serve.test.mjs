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
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from "node:fs";
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

// The rows of the page's results table (the text `cbam compute` prints), keyed by CN code and
// product: the columns are split on runs of two or more spaces.
function tableRows(text, headers) {
  const lines = text.split("\n");
  const head = lines.findIndex((l) => l.startsWith("CN code"));
  assert.ok(head >= 0, "no table header in:\n" + text);
  const columns = lines[head].trim().split(/\s{2,}/);
  for (const h of headers) assert.ok(columns.includes(h), `no column '${h}' in '${lines[head]}'`);
  const rows = new Map();
  for (const l of lines.slice(head + 1)) {
    if (!l.trim()) break;
    const cells = l.trim().split(/\s{2,}/);
    assert.equal(cells.length, columns.length, "a row of the table: " + l);
    const row = Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    rows.set(row["CN code"] + " " + row["product"], row);
  }
  return rows;
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
  const zhCatalog = JSON.parse(readFileSync(join(root, "src/serve/assets/diagnostics-zh.json"), "utf8"));
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
  const table = page.locator("#out-installation pre.table");
  await table.waitFor();
  const rows = tableRows(await table.innerText(), ["SEE direct", "SEE indirect"]);
  assert.equal(rows.size, goods.length, "one row per good");
  for (const g of goods) {
    const row = rows.get(g.cn_code + " " + g.product);
    assert.ok(row, `CN ${g.cn_code} ${g.product} is in the table`);
    assert.equal(row["SEE direct"], rounded(g.see_direct, dp), `SEE direct of ${g.cn_code} ${g.product} (CLI: ${g.see_direct})`);
    assert.equal(row["SEE indirect"], rounded(g.see_indirect, dp), `SEE indirect of ${g.cn_code} ${g.product} (CLI: ${g.see_indirect})`);
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
  assert.deepEqual([...tableRows(await table.innerText(), ["SEE direct"]).keys()], [...rows.keys()]);
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
