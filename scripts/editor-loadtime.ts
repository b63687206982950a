// `npm run editor:loadtime [-- runs]`: measures how long the demo page takes to be usable in
// Debian's chromium: builds the page into a temporary folder (tsup cleans dist/, so a build there
// may vanish mid-run), serves it on 127.0.0.1, and in each run opens it in a fresh browser context
// (cold cache, no code cache) and waits until the editor has checked the shipped packs
// (body[data-ready]). Prints every run, the median and the worst, and writes them to
// test-artifacts/editor-loadtime.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cpus, loadavg, tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { buildEditor, ROOT } from "./editor-build.js";
import { serveDir } from "./editor-serve.js";

export const CHROMIUM = process.env.EDICT_CHROMIUM ?? "/usr/bin/chromium";
/** the flags this machine's closed network needs (see the browser tests' harness) */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LoadTiming {
  /** navigation start → the first check of the pack answered and shown (the page is usable) */
  readyMillis: number;
  domContentLoadedMillis: number;
  loadEventMillis: number;
}

export interface LoadTimeReport {
  runs: LoadTiming[];
  medianReadyMillis: number;
  worstReadyMillis: number;
  chromium: string;
  cores: number;
  loadAverage: number[];
  measuredAt: string;
}

/**
 * one cold load of the page at `url` in a fresh browser context (its own cache, so no HTTP or code
 * cache from an earlier load): the timings, and the console errors and page errors it caused
 */
export async function loadOnce(browser: Browser, url: string): Promise<LoadTiming & { errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url);
    await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const ready = (window as Window & { edictReadyMillis?: number }).edictReadyMillis ?? NaN;
      return {
        readyMillis: Math.round(ready),
        domContentLoadedMillis: Math.round(nav.domContentLoadedEventEnd),
        loadEventMillis: Math.round(nav.loadEventEnd),
      };
    });
    return { ...timing, errors };
  } finally {
    await context.close();
  }
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

export async function measureLoadTime(runs = 5): Promise<LoadTimeReport> {
  const outdir = mkdtempSync(join(tmpdir(), "edict-editor-loadtime-"));
  await buildEditor({ outdir });
  const server = await serveDir(outdir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const version = browser.version();
  const timings: LoadTiming[] = [];
  try {
    for (let i = 0; i < runs; i++) timings.push(await loadOnce(browser, server.url));
  } finally {
    await browser.close();
    await server.close();
    rmSync(outdir, { recursive: true, force: true });
  }
  const ready = timings.map((t) => t.readyMillis);
  return {
    runs: timings,
    medianReadyMillis: median(ready),
    worstReadyMillis: Math.max(...ready),
    chromium: version,
    cores: cpus().length,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    measuredAt: new Date().toISOString(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = await measureLoadTime(Number(process.argv[2] ?? 5));
  for (const [i, r] of report.runs.entries())
    console.log(`run ${i + 1}: ready ${r.readyMillis} ms (DOMContentLoaded ${r.domContentLoadedMillis} ms, load ${r.loadEventMillis} ms)`);
  console.log(
    `median ready ${report.medianReadyMillis} ms, worst ${report.worstReadyMillis} ms — chromium ${report.chromium}, ${report.cores} cores, load average ${report.loadAverage.join(" ")}`,
  );
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  writeFileSync(join(ROOT, "test-artifacts/editor-loadtime.json"), JSON.stringify(report, null, 2) + "\n");
}
