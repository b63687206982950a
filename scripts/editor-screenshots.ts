// `npm run editor:screenshots`: screenshots of the rule editor's demo page (the analyst's
// workbench) at 1440×900 and 1024×700, light and dark (the page's prefers-color-scheme, which
// the editor's default theme "auto" follows), with an example claim adjudicated. Builds
// dist/editor/ if it is stale, serves it on 127.0.0.1 and drives Debian's chromium through
// playwright-core. Writes docs/screenshots/workbench-{1440x900,1024x700}-{light,dark}.png.
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { buildEditor, isBuildFresh, OUTDIR, ROOT } from "./editor-build.js";
import { CHROMIUM, CHROMIUM_ARGS } from "./editor-loadtime.js";
import { serveDir } from "./editor-serve.js";

export const SCREENSHOT_DIR = join(ROOT, "docs/screenshots");
export const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
export const SCHEMES = ["light", "dark"] as const;
/** a denied line, adjustments and a trace: the result panel at its fullest */
const EXAMPLE = "24-ptp-indicator-0";

export async function takeScreenshots(outdir = SCREENSHOT_DIR): Promise<string[]> {
  if (!isBuildFresh()) await buildEditor();
  mkdirSync(outdir, { recursive: true });
  const server = await serveDir(OUTDIR);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const written: string[] = [];
  try {
    for (const viewport of VIEWPORTS) {
      for (const colorScheme of SCHEMES) {
        const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
        const page = await context.newPage();
        await page.goto(server.url);
        await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
        await page.selectOption(".ee-examples", EXAMPLE);
        await page.click(".ee-run");
        await page.waitForSelector(".ee-result .ee-paid", { timeout: 30_000 });
        // the rule that decided, shown in the rules (the result panel stays at its top)
        await page.evaluate(() => {
          const editor = (window as unknown as { edictEditor: { openFile(path: string): void } }).edictEditor;
          editor.openFile("rules/cms-edits/edits.edict");
        });
        await page.mouse.move(0, 0);
        await page.waitForTimeout(300); // monaco's fonts and the selection settle
        const file = join(outdir, `workbench-${viewport.width}x${viewport.height}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        written.push(file);
        await context.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await takeScreenshots();
  for (const f of files) console.log(`wrote ${relative(ROOT, f)}`);
}
