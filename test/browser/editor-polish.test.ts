// The rule editor's rough edges, in a real browser (Debian's chromium via playwright-core): a
// failed checker worker is shown and reported, Enter ends a line instead of taking a completion,
// a phase hovers as a phase, "did you mean" is a quick fix, Back returns after go to definition,
// Ctrl+M and tab-focus mode, the dark theme and its bracket contrast, invalid try-it JSON reported.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { demoFiles, DEMO_ENTRY } from "../../scripts/editor-data.js";
import { ROOT } from "../../scripts/editor-build.js";
import { contrastRatio } from "../../src/editor/language/contrast.js";
import { startHarness, type Harness } from "./harness.js";
import type { EditorErrorEvent, ResultEvent, RuleEditor } from "../../src/editor/types.js";

const PLAN = "rules/demo-ppo/plan.edict";
const EDITS = "rules/cms-edits/edits.edict";
const files = demoFiles(ROOT);

interface PageEditor extends RuleEditor {
  codeEditor: {
    setSelection(range: object): void;
    getPosition(): { lineNumber: number; column: number } | null;
    revealLineInCenter(line: number): void;
    getScrolledVisiblePosition(position: object): { top: number; left: number; height: number } | null;
    getDomNode(): HTMLElement | null;
    getModel(): { getLineContent(line: number): string; getLineCount(): number } | null;
    focus(): void;
  };
}
declare const window: Window & { edictEditor: PageEditor; hostErrors: EditorErrorEvent[]; hostResults: ResultEvent[] };

let h: Harness;
let page: Page;

/**
 * a host page beside the built editor: one rule editor on a tiny pack, its checker worker from
 * `worker` (a URL relative to the page), its errors and results recorded on window
 */
const HOST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="edict-editor.css"><title>host</title></head>
<body style="margin:0"><div id="ed" style="height:600px"></div>
<script type="module">
  import { createRuleEditor } from "./edict-editor.js";
  const params = new URLSearchParams(location.search);
  window.hostErrors = [];
  window.hostResults = [];
  const editor = createRuleEditor(document.getElementById("ed"), {
    files: { "p/plan.edict": 'pack "p" version "1"\\n' },
    entry: "p",
    checkerWorker: new Worker(params.get("worker"), { type: "module" }),
    workerTimeoutMs: Number(params.get("timeout") ?? 30000),
    tabFocusMode: params.has("tabFocus"),
  });
  editor.onError((e) => window.hostErrors.push(e));
  window.edictEditor = editor;
</script></body></html>`;

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.build.outdir, "host.html"), HOST_PAGE);
  writeFileSync(join(h.build.outdir, "throwing.worker.js"), 'throw new Error("the checker broke while loading");\n');
  writeFileSync(join(h.build.outdir, "silent.worker.js"), "self.onmessage = () => {};\n");
  page = h.page;
  await page.goto(h.server.url);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
});

afterAll(async () => {
  await h?.close();
});

function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

async function selectWord(line: number, word: string, occurrence = 0): Promise<void> {
  await page.evaluate(
    ([line, word, occurrence]) => {
      const ed = window.edictEditor.codeEditor;
      const text = ed.getModel()!.getLineContent(line);
      let col = -1;
      for (let i = 0; i <= occurrence; i++) col = text.indexOf(word, col + 1);
      if (col < 0) throw new Error(`no ${word} on line ${line}`);
      ed.revealLineInCenter(line);
      ed.setSelection({ startLineNumber: line, startColumn: col + 1, endLineNumber: line, endColumn: col + 1 + word.length });
      ed.focus();
    },
    [line, word, occurrence] as const,
  );
}

async function restoreDemoPack(file = PLAN): Promise<void> {
  await page.keyboard.press("Escape");
  await page.evaluate(([files, entry, file]) => window.edictEditor.loadPack(files, entry, file), [files, DEMO_ENTRY, file] as const);
  await page.evaluate(() => window.edictEditor.check());
}

const position = () => page.evaluate(() => window.edictEditor.codeEditor.getPosition());

describe("a checker worker that fails", () => {
  async function host(query: string): Promise<Page> {
    const p = await h.context.newPage();
    await p.goto(`${h.server.url}host.html?${query}`);
    await p.waitForFunction(() => window.edictEditor !== undefined, undefined, { timeout: 30_000 });
    return p;
  }

  it("to load (a missing file) is shown where 'checking…' was, and onError is called", async () => {
    const p = await host("worker=missing.worker.js");
    await p.waitForSelector('.ee-statusbar[data-state="failed"]', { timeout: 15_000 });
    const status = await p.textContent(".ee-statusbar");
    expect(status).toMatch(/^The Edict checker worker failed: its script could not be loaded\./);
    expect(status).toContain("until the page is reloaded");
    expect(await p.getAttribute(".ee-statusbar", "role")).toBe("alert");
    const errors = await p.evaluate(() => window.hostErrors);
    expect(errors).toEqual([{ kind: "worker", message: "The Edict checker worker failed: its script could not be loaded.", fatal: true }]);
    // adjudicating afterwards fails at once, with the reason, instead of "Adjudicating…" for ever
    await p.click(".ee-run");
    await expect.poll(() => p.textContent(".ee-output"), { timeout: 5_000 }).toContain("Adjudication failed: The Edict checker worker failed");
    await p.close();
  });

  it("by throwing while it loads shows the worker's own message", async () => {
    const p = await host("worker=throwing.worker.js");
    await p.waitForSelector('.ee-statusbar[data-state="failed"]', { timeout: 15_000 });
    expect(await p.textContent(".ee-statusbar")).toContain("the checker broke while loading");
    const errors = await p.evaluate(() => window.hostErrors);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "worker", fatal: true });
    expect(errors[0].message).toContain("the checker broke while loading");
    await p.close();
  });

  it("by never answering is given up after workerTimeoutMs", async () => {
    const p = await host("worker=silent.worker.js&timeout=800");
    await p.waitForSelector('.ee-statusbar[data-state="failed"]', { timeout: 15_000 });
    expect(await p.textContent(".ee-statusbar")).toBe("The Edict checker worker has not answered for 1 s.");
    expect(await p.evaluate(() => window.hostErrors)).toEqual([
      { kind: "worker", message: "The Edict checker worker has not answered for 1 s.", fatal: false },
    ]);
    await p.close();
  });
});

describe("typing rules", () => {
  it("Enter after a whole phase name ends the line (it does not accept a completion)", async () => {
    const line = lineOf(files[PLAN], "  phase eligibility");
    await selectWord(line, "eligibility");
    await page.keyboard.press("Backspace");
    const before = await page.evaluate(() => window.edictEditor.codeEditor.getModel()!.getLineCount());
    // the space after `phase` opened the phase list; the whole word is typed, then Enter
    await page.keyboard.type("necessity", { delay: 30 });
    await page.locator(".suggest-widget.visible").waitFor({ timeout: 5_000 });
    await page.keyboard.press("Enter");
    const after = await page.evaluate((line) => {
      const model = window.edictEditor.codeEditor.getModel()!;
      return { count: model.getLineCount(), text: model.getLineContent(line), next: model.getLineContent(line + 1) };
    }, line);
    expect(after.text).toBe("  phase necessity");
    expect(after.count).toBe(before + 1);
    expect(after.next.trim()).toBe("");
    await restoreDemoPack();
  });

  it("Tab accepts a completion", async () => {
    const line = lineOf(files[PLAN], "  phase eligibility");
    await selectWord(line, "eligibility");
    await page.keyboard.press("Backspace");
    await page.keyboard.type("neces", { delay: 30 });
    await page.locator(".suggest-widget.visible").waitFor({ timeout: 5_000 });
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate((line) => window.edictEditor.codeEditor.getModel()!.getLineContent(line), line)).toBe("  phase necessity");
    await restoreDemoPack();
  });
});

describe("phases, quick fixes and Back", () => {
  it("hovering a phase named like a table shows the phase", async () => {
    await page.evaluate((path) => window.edictEditor.openFile(path), EDITS);
    const line = lineOf(files[EDITS], "  phase necessity");
    const point = await page.evaluate((line) => {
      const ed = window.edictEditor.codeEditor;
      ed.revealLineInCenter(line);
      const col = ed.getModel()!.getLineContent(line).indexOf("necessity") + 3;
      const at = ed.getScrolledVisiblePosition({ lineNumber: line, column: col })!;
      const box = ed.getDomNode()!.getBoundingClientRect();
      return { x: box.left + at.left + 2, y: box.top + at.top + at.height / 2 };
    }, line);
    await page.mouse.move(point.x - 40, point.y);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    const hover = page.locator(".monaco-hover:visible").filter({ hasText: "necessity" });
    await hover.first().waitFor({ timeout: 5_000 });
    const text = await hover.first().textContent();
    expect(text).toContain("phase 7 of 13");
    expect(text).not.toContain("Diagnoses that support a procedure"); // the table's title
    await page.mouse.move(5, 5);
    // F12 on it stays put: a phase is declared nowhere
    await selectWord(line, "necessity");
    await page.keyboard.press("F12");
    await page.waitForTimeout(500);
    expect(await position()).toMatchObject({ lineNumber: line });
    expect(await page.evaluate(() => window.edictEditor.activeFile)).toBe(EDITS);
    await restoreDemoPack();
  });

  it("offers the checker's 'did you mean' as a quick fix (Ctrl+.)", async () => {
    const broken = files[PLAN].replace("codes office_visit_codes", "codes office_visit_code");
    await page.evaluate(([text, path]) => window.edictEditor.setSource(text, path), [broken, PLAN] as const);
    const event = await page.evaluate(() => window.edictEditor.check());
    const d = event.diagnostics.find((x) => x.code === "unknown-valueset");
    expect(d?.suggestion?.text).toBe("office_visit_codes");
    const line = lineOf(broken, "codes office_visit_code");
    await selectWord(line, "office_visit_code");
    await page.keyboard.press("Control+.");
    const fix = page.locator(".action-widget").getByText("Change to `office_visit_codes`");
    await fix.waitFor({ timeout: 5_000 });
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate((path) => window.edictEditor.getSource(path), PLAN), { timeout: 5_000 }).toBe(files[PLAN]);
    await expect.poll(() => page.evaluate(() => window.edictEditor.getMarkers()), { timeout: 5_000 }).toEqual([]);
    await restoreDemoPack();
  });

  it("Back (Alt+← and the button) returns to where go to definition left, across files", async () => {
    // a rule in plan.edict that names a table of cms-edits/edits.edict
    const probe = `${files[PLAN]}\nrule polish_probe "probe"\n  phase validity\n  cite "x"\n  when line.code in procedures\n  then deny CO-4\n`;
    await page.evaluate(([text, path]) => window.edictEditor.setSource(text, path), [probe, PLAN] as const);
    await page.evaluate(() => window.edictEditor.check());
    const line = lineOf(probe, "when line.code in procedures");
    await selectWord(line, "procedures");
    expect(await page.isDisabled(".ee-back")).toBe(true);
    await page.keyboard.press("F12");
    await expect.poll(() => page.evaluate(() => window.edictEditor.activeFile)).toBe(EDITS);
    expect((await position())?.lineNumber).toBe(lineOf(files[EDITS], "table procedures"));
    expect(await page.isDisabled(".ee-back")).toBe(false);
    await page.keyboard.press("Alt+ArrowLeft");
    await expect.poll(() => page.evaluate(() => window.edictEditor.activeFile)).toBe(PLAN);
    expect(await page.evaluate(() => window.edictEditor.getSelection())).toMatchObject({ file: PLAN, line, endLine: line });
    expect(await page.isDisabled(".ee-back")).toBe(true);
    // again, with the button
    await selectWord(line, "procedures");
    await page.keyboard.press("F12");
    await expect.poll(() => page.evaluate(() => window.edictEditor.activeFile)).toBe(EDITS);
    await page.click(".ee-back");
    await expect.poll(() => page.evaluate(() => window.edictEditor.activeFile)).toBe(PLAN);
    expect((await position())?.lineNumber).toBe(line);
    await restoreDemoPack();
  });
});

describe("keyboard users", () => {
  it("see the Ctrl+M hint, and Ctrl+M makes Tab leave the editor", async () => {
    expect(await page.textContent(".ee-keyhint")).toBe("Tab indents · Ctrl+M: Tab moves focus");
    const line = lineOf(files[PLAN], "  phase eligibility");
    await selectWord(line, "phase");
    await page.keyboard.press("Control+m");
    expect(await page.textContent(".ee-keyhint")).toBe("Tab moves focus · Ctrl+M: Tab indents");
    await page.keyboard.press("Tab");
    const inCode = () => page.evaluate(() => !!document.activeElement?.closest(".ee-code"));
    expect(await inCode()).toBe(false);
    expect(await page.evaluate((line) => window.edictEditor.codeEditor.getModel()!.getLineContent(line), line)).toBe("  phase eligibility");
    // and back: Tab indents again
    await selectWord(line, "phase");
    await page.keyboard.press("Control+m");
    await page.keyboard.press("Home");
    await page.keyboard.press("Tab");
    expect(await inCode()).toBe(true);
    expect(await page.evaluate((line) => window.edictEditor.codeEditor.getModel()!.getLineContent(line), line)).not.toBe("  phase eligibility");
    await restoreDemoPack();
  });

  it("can start in tab-focus mode (setTabFocusMode, the tabFocusMode option)", async () => {
    await page.evaluate(() => window.edictEditor.setTabFocusMode(true));
    expect(await page.getAttribute(".edict-editor", "data-tab-focus")).toBe("true");
    await selectWord(lineOf(files[PLAN], "  phase eligibility"), "phase");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest(".ee-code"))).toBe(false);
    await page.evaluate(() => window.edictEditor.setTabFocusMode(false));
    expect(await page.textContent(".ee-keyhint")).toBe("Tab indents · Ctrl+M: Tab moves focus");
    // the option, on a host page
    const p = await h.context.newPage();
    await p.goto(`${h.server.url}host.html?worker=edict.worker.js&tabFocus=1`);
    await p.waitForSelector('.ee-statusbar[data-state="ok"]', { timeout: 30_000 });
    expect(await p.getAttribute(".edict-editor", "data-tab-focus")).toBe("true");
    expect(await p.textContent(".ee-keyhint")).toBe("Tab moves focus · Ctrl+M: Tab indents");
    await p.close();
  });
});

describe("themes", () => {
  const background = () => page.evaluate(() => getComputedStyle(document.querySelector(".ee-code .monaco-editor-background")!).backgroundColor);
  const hex = (rgb: string) =>
    `#${(rgb.match(/\d+/g) ?? [])
      .slice(0, 3)
      .map((n) => Number(n).toString(16).padStart(2, "0"))
      .join("")}`;

  it("follow prefers-color-scheme by default, and the theme option overrides it", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => page.getAttribute(".edict-editor", "data-theme")).toBe("dark");
    expect(await page.evaluate(() => window.edictEditor.theme)).toBe("dark");
    await expect.poll(background).toBe("rgb(30, 30, 30)");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(() => page.getAttribute(".edict-editor", "data-theme")).toBe("light");
    await expect.poll(background).toBe("rgb(255, 255, 255)");
    await page.evaluate(() => window.edictEditor.setTheme("dark"));
    expect(await page.getAttribute(".edict-editor", "data-theme")).toBe("dark");
    // "dark" chosen: the page's scheme no longer moves it
    await page.emulateMedia({ colorScheme: "light" });
    expect(await page.getAttribute(".edict-editor", "data-theme")).toBe("dark");
    await page.evaluate(() => window.edictEditor.setTheme("auto"));
    expect(await page.getAttribute(".edict-editor", "data-theme")).toBe("light");
  });

  for (const theme of ["light", "dark"] as const) {
    it(`colour brackets at 4.5:1 or more against the ${theme} background, as rendered`, async () => {
      await page.evaluate((theme) => window.edictEditor.setTheme(theme), theme);
      await page.evaluate((path) => window.edictEditor.openFile(path), EDITS);
      const line = lineOf(files[EDITS], "and (no m in line.modifiers");
      await page.evaluate((line) => window.edictEditor.codeEditor.revealLineInCenter(line), line);
      await page.waitForTimeout(300);
      const colours = await page.evaluate(() =>
        [...document.querySelectorAll(".ee-code .view-lines span[class*='bracket-highlighting-']")].map((s) => getComputedStyle(s).color),
      );
      const levels = [...new Set(colours)];
      expect(levels.length).toBeGreaterThanOrEqual(2); // nested brackets: more than one level shown
      const bg = hex(await background());
      for (const c of levels) {
        const ratio = contrastRatio(hex(c), bg);
        expect({ colour: c, enough: ratio >= 4.5 }).toEqual({ colour: c, enough: true });
      }
      await page.evaluate(() => window.edictEditor.setTheme("auto"));
      await restoreDemoPack();
    });
  }
});

describe("the try-it panel", () => {
  it("reports invalid claim JSON through onResult as bad input", async () => {
    await page.evaluate(() => {
      window.hostResults = [];
      window.edictEditor.onResult((r) => window.hostResults.push(r));
    });
    await page.click(".ee-tab >> text=claim.json");
    await page.click(".ee-json .view-lines");
    await page.keyboard.press("Control+a");
    await page.keyboard.type("{ not json");
    await page.click(".ee-run");
    await expect.poll(() => page.evaluate(() => window.hostResults.length)).toBe(1);
    const [r] = await page.evaluate(() => window.hostResults);
    expect(r.kind).toBe("bad-input");
    if (r.kind !== "bad-input") return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path).toBe("claim");
    expect(r.issues[0].message).toMatch(/^claim\.json is not valid JSON/);
  });
});

describe("the layout", () => {
  /** the demo page at a viewport size, example 24 (two lines, a denial) adjudicated */
  async function at(width: number, height: number): Promise<Page> {
    const context = await h.browser.newContext({ viewport: { width, height } });
    const p = await context.newPage();
    await p.goto(h.server.url);
    await p.waitForSelector("body[data-ready]", { timeout: 30_000 });
    await p.selectOption(".ee-examples", "24-ptp-indicator-0");
    await p.click(".ee-run");
    await p.waitForSelector(".ee-result .ee-paid", { timeout: 10_000 });
    return p;
  }

  const boxes = (p: Page) =>
    p.evaluate(() => {
      const box = (selector: string) => {
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
      };
      const output = document.querySelector(".ee-output") as HTMLElement;
      return {
        code: box(".ee-code"),
        output: box(".ee-output"),
        table: box(".ee-lines"),
        overflowY: getComputedStyle(output).overflowY,
        page: document.documentElement.scrollWidth,
      };
    });

  it("at 1024×700 shows the whole width of the results table, and scrolls to its last row", async () => {
    const p = await at(1024, 700);
    const b = await boxes(p);
    expect(b.page).toBeLessThanOrEqual(1024); // nothing pushes the page sideways
    expect(b.table.width).toBeGreaterThanOrEqual(440); // its columns are not squeezed
    expect(b.table.left).toBeGreaterThanOrEqual(b.output.left);
    expect(b.table.right).toBeLessThanOrEqual(b.output.right);
    expect(b.overflowY).toBe("auto");
    // the last line's row can be brought into the output's view
    await p.locator(".ee-lines tbody tr").last().scrollIntoViewIfNeeded();
    const row = await p.locator(".ee-lines tbody tr").last().boundingBox();
    const out = (await boxes(p)).output;
    expect(row!.y).toBeGreaterThanOrEqual(out.top - 1);
    expect(row!.y + row!.height).toBeLessThanOrEqual(out.bottom + 1);
    // and the code keeps half the width
    expect(b.code.width).toBeGreaterThan(440);
    await p.context().close();
  });

  it("at 1440×900 gives the code most of the width, the results table still whole", async () => {
    const p = await at(1440, 900);
    const b = await boxes(p);
    expect(b.code.width).toBeGreaterThanOrEqual(720);
    expect(b.table.right).toBeLessThanOrEqual(b.output.right);
    await p.context().close();
  });
});
