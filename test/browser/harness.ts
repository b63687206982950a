// The browser tests' harness: builds the demo page into a private temporary folder, serves it on
// 127.0.0.1 with a random port and launches Debian's chromium through playwright-core (each
// browser context a fresh, in-memory profile). It never downloads a browser: without /usr/bin/chromium it fails, saying so.
//
// It does not serve dist/editor: `tsup` (npm run build, and the CLI tests when the sources moved
// on) cleans dist/ and would delete the page under a running test. Building takes ~3 s.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { buildEditor, type BuildReport } from "../../scripts/editor-build.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../../scripts/editor-loadtime.js";
import { serveDir, type StaticServer } from "../../scripts/editor-serve.js";

export { CHROMIUM };

export interface Harness {
  server: StaticServer;
  /** what was built and served, with the size of every file */
  build: BuildReport;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console errors and uncaught page errors, in order */
  errors: string[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, so the rule editor's browser tests cannot run. ` +
        `Install Debian's package: "apt-get update && apt-get install -y chromium" (or set EDICT_CHROMIUM to a chromium binary).`,
    );
  }
  const outdir = mkdtempSync(join(tmpdir(), "edict-editor-build-"));
  const removeBuild = () => rmSync(outdir, { recursive: true, force: true });
  let build: BuildReport;
  let server: StaticServer;
  try {
    build = await buildEditor({ outdir });
    server = await serveDir(outdir);
  } catch (e) {
    removeBuild();
    throw e;
  }
  let browser: Browser;
  let context: BrowserContext;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  } catch (e) {
    await server.close();
    removeBuild();
    throw e;
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  return {
    server,
    build,
    browser,
    context,
    page,
    errors,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      removeBuild();
    },
  };
}
