// The rule editor in a real browser (Debian's chromium via playwright-core): the demo page loads
// cleanly and fast, markers carry the checker's messages, completion, hover, go-to-definition and
// formatting work, example claims adjudicate to their expected amounts and the trace leads to rules.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { compilePack, formatDiagnostic, format } from "../../src/index.js";
import { RECORDS } from "../../src/ir/types.js";
import { describeCarc } from "../../src/model/reason-codes.js";
import { demoFiles, DEMO_ENTRY } from "../../scripts/editor-data.js";
import { ROOT } from "../../scripts/editor-build.js";
import { loadOnce, median, type LoadTiming } from "../../scripts/editor-loadtime.js";
import { startHarness, type Harness } from "./harness.js";
import type { Diagnostic, MarkerInfo, ResultEvent, RuleEditor, SelectionInfo } from "../../src/editor/types.js";
import { tempDir } from "../support/temp.js";

const ARTIFACTS = join(ROOT, "test-artifacts");
const PLAN = "rules/demo-ppo/plan.edict";
const EDITS = "rules/cms-edits/edits.edict";
/**
 * cold loads, each in a fresh browser context. Their times are recorded in
 * test-artifacts/editor-load.json, not asserted: timing is measured by `npm run editor:loadtime`
 * on a quiet machine (editor/README.md), never by a timed test.
 */
const LOAD_RUNS = 5;

const files = demoFiles(ROOT);
const expectedOf = (example: string) => JSON.parse(readFileSync(join(ROOT, "examples/claims", example, "expected.json"), "utf8"));

let h: Harness;
let page: Page;
let loads: Array<LoadTiming & { errors: string[] }> = [];

/** the editor on the page, with its monaco editor (a non-interface extra the demo exposes) */
interface PageEditor extends RuleEditor {
  codeEditor: {
    setSelection(range: object): void;
    setPosition(position: object): void;
    getPosition(): { lineNumber: number; column: number } | null;
    revealLineInCenter(line: number): void;
    getScrolledVisiblePosition(position: object): { top: number; left: number; height: number } | null;
    getDomNode(): HTMLElement | null;
    getModel(): { getLineContent(line: number): string } | null;
    focus(): void;
  };
}
declare const window: Window & { edictEditor: PageEditor; edictReadyMillis?: number };

/**
 * runs `edict check rules/demo-ppo` on `files` written to a temporary folder, with the CLI's code
 * from source (src/cli/main.ts through tsx, so no build of dist/ is needed), and splits what it
 * prints into one block per diagnostic, paths made relative to that folder again
 */
function edictCheck(files: Record<string, string>): { status: number | null; diagnostics: string[]; summary: string } {
  const dir = tempDir("edict-check-");
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const script = `import(${JSON.stringify(join(ROOT, "src/cli/main.ts"))}).then((m) => { process.exitCode = m.run(process.argv.slice(1), (s) => process.stdout.write(s), (s) => process.stderr.write(s + "\\n")); })`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script, "check", join(dir, DEMO_ENTRY)], { cwd: ROOT, encoding: "utf8" });
    if (r.error) throw r.error;
    const lines = r.stderr
      .split(dir + "/")
      .join("")
      .trimEnd()
      .split("\n");
    const summary = lines.pop() ?? "";
    const diagnostics: string[] = [];
    for (const line of lines) {
      if (line.startsWith("  ") && diagnostics.length) diagnostics[diagnostics.length - 1] += `\n${line}`;
      else diagnostics.push(line);
    }
    return { status: r.status, diagnostics, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

/** selects `word` on the line holding `needle` (the shown file) */
async function selectWord(line: number, word: string): Promise<void> {
  await page.evaluate(
    ([line, word]) => {
      const ed = window.edictEditor.codeEditor;
      const col = ed.getModel()!.getLineContent(line).indexOf(word) + 1;
      if (col < 1) throw new Error(`no ${word} on line ${line}`);
      ed.revealLineInCenter(line);
      ed.setSelection({ startLineNumber: line, startColumn: col, endLineNumber: line, endColumn: col + word.length });
      ed.focus();
    },
    [line, word] as const,
  );
}

async function restoreDemoPack(file = PLAN): Promise<void> {
  await page.keyboard.press("Escape");
  await page.evaluate(([files, entry, file]) => window.edictEditor.loadPack(files, entry, file), [files, DEMO_ENTRY, file] as const);
  await page.evaluate(() => window.edictEditor.check());
}

async function markers(path?: string): Promise<MarkerInfo[]> {
  return page.evaluate((path) => window.edictEditor.getMarkers(path), path);
}

async function runExample(name: string): Promise<void> {
  await page.selectOption(".ee-examples", name);
  await page.click(".ee-run");
  await page.waitForSelector(".ee-result .ee-paid", { timeout: 10_000 });
}

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  // cold loads first, each in its own context (no HTTP or code cache from another load)
  loads = [];
  for (let i = 0; i < LOAD_RUNS; i++) loads.push(await loadOnce(h.browser, h.server.url));
  mkdirSync(ARTIFACTS, { recursive: true });
  const ready = loads.map((l) => l.readyMillis);
  writeFileSync(
    join(ARTIFACTS, "editor-load.json"),
    JSON.stringify(
      { runs: loads, medianReadyMillis: median(ready), worstReadyMillis: Math.max(...ready), files: h.build.files, measuredAt: new Date().toISOString() },
      null,
      2,
    ) + "\n",
  );
  // the page the other tests drive
  await page.goto(h.server.url);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
});

afterAll(async () => {
  await h?.close();
});

describe("the rule editor demo page", () => {
  it("loads without console errors and checks the shipped packs clean", async () => {
    expect(h.errors).toEqual([]);
    expect(await page.textContent(".ee-statusbar")).toMatch(/^No problems/);
    const tabs = await page.$$eval(".ee-file", (els) => els.map((e) => (e as HTMLElement).dataset.path));
    expect(tabs).toEqual(expect.arrayContaining(Object.keys(files)));
    expect(await markers()).toEqual([]);
  });

  it(`becomes ready (pack checked) on each of ${LOAD_RUNS} cold loads, without console errors`, () => {
    const ready = loads.map((l) => l.readyMillis);
    console.log(
      `editor ready after ${ready.join(", ")} ms (median ${median(ready)} ms); DOMContentLoaded ${loads.map((l) => l.domContentLoadedMillis).join(", ")} ms`,
    );
    expect(loads.flatMap((l) => l.errors)).toEqual([]);
    for (const l of loads) {
      expect(l.readyMillis).toBeGreaterThan(0);
      // ready means the first check came back, which needs the page's script to have run
      expect(l.readyMillis).toBeGreaterThanOrEqual(l.domContentLoadedMillis);
    }
  });

  it("marks an unknown field on its line with the checker's message and hint", async () => {
    const line = lineOf(files[PLAN], "when claim.receivedDate > line.serviceDate");
    await selectWord(line, "serviceDate");
    await page.keyboard.type("serviceDat");
    await page.keyboard.press("Escape");
    await expect.poll(() => markers(PLAN), { timeout: 5_000 }).not.toEqual([]);

    const edited = { ...files, [PLAN]: files[PLAN].replace("line.serviceDate + timely_filing", "line.serviceDat + timely_filing") };
    const expected = compilePack(DEMO_ENTRY, edited).diagnostics;
    expect(expected).toHaveLength(1);
    const [d] = expected;
    expect(d.code).toBe("unknown-field");
    expect(await markers(PLAN)).toEqual([
      { file: PLAN, severity: "error", message: `${d.message}\nhint: ${d.hint}`, line, col: d.span.col, endLine: d.span.endLine, endCol: d.span.endCol },
    ]);
    expect(d.span.line).toBe(line);
    expect(await page.textContent(`.ee-file[data-path="${PLAN}"] .ee-badge`)).toBe("1");
    await restoreDemoPack();
    await expect.poll(() => markers(PLAN)).toEqual([]);
  });

  it("completes the fields of a claim line after `line.`", async () => {
    const line = lineOf(files[PLAN], "when claim.receivedDate > line.serviceDate");
    await selectWord(line, "timely_filing");
    await page.keyboard.press("End");
    await page.keyboard.type(" and line.");
    const rows = page.locator(".suggest-widget.visible .monaco-list-row .label-name");
    await rows.first().waitFor({ timeout: 5_000 });
    const labels = await rows.allTextContents();
    expect(new Set(labels)).toEqual(new Set(Object.keys(RECORDS.line)));
    // the selected item's details carry the field's type and doc
    expect(await page.locator(".suggest-widget.visible").textContent()).toMatch(/code|date|integer|money/);
    await restoreDemoPack();
  });

  it("shows a CARC's description when hovering the code", async () => {
    const line = lineOf(files[PLAN], "then deny CO-26");
    const point = await page.evaluate((line) => {
      const ed = window.edictEditor.codeEditor;
      ed.revealLineInCenter(line);
      const col = ed.getModel()!.getLineContent(line).indexOf("CO-26") + 3;
      const at = ed.getScrolledVisiblePosition({ lineNumber: line, column: col })!;
      const box = ed.getDomNode()!.getBoundingClientRect();
      return { x: box.left + at.left + 2, y: box.top + at.top + at.height / 2 };
    }, line);
    await page.mouse.move(point.x - 40, point.y);
    await page.mouse.move(point.x, point.y, { steps: 4 });
    const hover = page.locator(".monaco-hover:visible").filter({ hasText: "CO-26" });
    await hover.first().waitFor({ timeout: 5_000 });
    const text = await hover.first().textContent();
    expect(text).toContain(describeCarc("26"));
    expect(text).toContain("Contractual obligation");
    await page.mouse.move(5, 5);
  });

  it("goes to the definition of a value set and of a table column", async () => {
    const use = lineOf(files[PLAN], "codes office_visit_codes");
    await selectWord(use, "office_visit_codes");
    await page.keyboard.press("F12");
    const declared = lineOf(files[PLAN], "valueset office_visit_codes");
    await expect.poll(() => page.evaluate(() => window.edictEditor.codeEditor.getPosition()?.lineNumber)).toBe(declared);

    await page.evaluate((path) => window.edictEditor.openFile(path), EDITS);
    const column = lineOf(files[EDITS], "where edit.modifier_indicator = 0");
    await selectWord(column, "modifier_indicator");
    await page.keyboard.press("F12");
    await expect
      .poll(() => page.evaluate(() => window.edictEditor.codeEditor.getPosition()?.lineNumber))
      .toBe(lineOf(files[EDITS], "  modifier_indicator: integer"));
    await restoreDemoPack();
  });

  it("formats the document with Edict's formatter (Shift+Alt+F)", async () => {
    const messy = files[PLAN]
      .replace("  phase eligibility\n  cite", "      phase    eligibility\n cite")
      .replace("benefit office_visits", "benefit   office_visits");
    await page.evaluate(([text, path]) => window.edictEditor.setSource(text, path), [messy, PLAN] as const);
    await selectWord(1, "Demo");
    await page.keyboard.press("Shift+Alt+F");
    const expected = format(messy, PLAN).text;
    expect(expected).not.toBe(messy);
    await expect.poll(() => page.evaluate((path) => window.edictEditor.getSource(path), PLAN), { timeout: 5_000 }).toBe(expected);
    await restoreDemoPack();
  });

  for (const example of ["01-office-visit-in-network", "08-priced-but-not-covered", "24-ptp-indicator-0"]) {
    it(`adjudicates example ${example} to its expected paid amount`, async () => {
      const expected = expectedOf(example);
      await runExample(example);
      // locators are strict: a second .ee-paid (once, the "paid" status badge) fails the test
      const paid = page.locator(".ee-result .ee-paid");
      expect(await paid.getAttribute("data-paid")).toBe(expected.totals.paid);
      expect(await paid.textContent()).toBe(`paid ${expected.totals.paid}`);
      expect(await page.locator(".ee-summary").getAttribute("data-status")).toBe(expected.status);
      expect(await page.locator(".ee-summary .ee-status").textContent()).toBe(expected.status);
      const rows = await page.$$eval(".ee-lines tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
      expect(rows.map((r) => r[5])).toEqual(expected.lines.map((l: { paid: string }) => l.paid));
      // every adjustment is shown with its CARC's description
      for (const [i, l] of expected.lines.entries()) {
        for (const a of l.adjustments) expect(rows[i][7]).toContain(`${a.group}-${a.reason} ${a.amount} — ${describeCarc(a.reason)}`);
      }
    });
  }

  it("selects a rule's whole source span when its trace entry is clicked", async () => {
    let result: ResultEvent | undefined;
    await runExample("24-ptp-indicator-0");
    result = await page.evaluate(() => window.edictEditor.adjudicate());
    expect(result.kind).toBe("result");
    await page.click('.ee-trace-entry[data-rule="cms-edits/ncci_ptp"]');
    const compiled = compilePack(DEMO_ENTRY, files);
    if (!compiled.ok) throw new Error("the demo pack does not compile");
    const rule = compiled.ruleset.program.rules.find((r) => r.id === "ncci_ptp")!;
    const selection = await page.evaluate(() => window.edictEditor.getSelection());
    expect(selection).toEqual<SelectionInfo>({ file: EDITS, line: rule.span.line, col: rule.span.col, endLine: rule.span.endLine, endCol: rule.span.endCol });
    expect(await page.getAttribute(`.ee-file[data-path="${EDITS}"]`, "aria-selected")).toBe("true");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "editor.png") });
  });

  it("validates the try-it claim against the contract's JSON Schema", async () => {
    const claim = JSON.parse(readFileSync(join(ROOT, "examples/claims/01-office-visit-in-network/claim.json"), "utf8"));
    // monaco shows JSON Schema problems as warnings
    const squiggles = () => page.locator(".ee-json .squiggly-warning, .ee-json .squiggly-error").count();
    await page.evaluate((claim) => window.edictEditor.setClaim(claim), claim);
    await page.click(".ee-tab >> text=claim.json");
    // receivedDate (line 3, in view) must be a date string: a marker from the claim's JSON Schema
    // (monaco's JSON worker), not from Edict
    const broken = { ...claim, receivedDate: 20260217 };
    await page.evaluate((claim) => window.edictEditor.setClaim(claim), broken);
    await expect.poll(squiggles, { timeout: 10_000 }).toBeGreaterThan(0);
    // the example claim itself is valid: the marker goes
    await page.evaluate((claim) => window.edictEditor.setClaim(claim), claim);
    await expect.poll(squiggles, { timeout: 10_000 }).toBe(0);
  });

  it("reports exactly the diagnostics of `edict check` for a broken pack", async () => {
    const broken = {
      ...files,
      [PLAN]: files[PLAN]
        .replace("line.serviceDate + timely_filing", "line.serviceDat + timely_filing")
        .replace("codes office_visit_codes", "codes office_visit_code"),
      [EDITS]: files[EDITS]
        .replace("then deny CO-4\n", "then deny CO-999\n")
        .replace('  cite "CMS Medicare Code Editor, sex conflict edits"', '  cit "CMS Medicare Code Editor, sex conflict edits"'),
      "rules/cms-edits/tables/mue.csv": files["rules/cms-edits/tables/mue.csv"] + "99999,lots,1\n",
    };
    // what `edict check` prints for the same files on disk: the CLI's own code (from source, in a
    // child process, as a user runs it), one "file:line:col: severity: message" block per diagnostic
    const printed = edictCheck(broken);
    expect(printed.status).toBe(1);
    const blocks = printed.diagnostics;
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    expect(printed.summary).toBe(`${blocks.filter((b) => b.includes(": error: ")).length} errors`);

    await page.evaluate(([files, entry]) => window.edictEditor.loadPack(files, entry), [broken, DEMO_ENTRY] as const);
    const event = await page.evaluate(() => window.edictEditor.check());
    expect(event.ok).toBe(false);
    expect(event.diagnostics.map((d: Diagnostic) => formatDiagnostic(d)).sort()).toEqual([...blocks].sort());
    // and exactly what the core checker gives in this process, field by field
    expect(event.diagnostics).toEqual(compilePack(DEMO_ENTRY, broken).diagnostics);
    expect(await page.evaluate(() => window.edictEditor.getDiagnostics())).toEqual(event.diagnostics);
    // the markers say what `edict check` prints: file:line:col: severity: message, then the hint
    const asCheckPrints = (m: MarkerInfo) => `${m.file}:${m.line}:${m.col}: ${m.severity}: ${m.message.replace("\nhint: ", "\n  hint: ")}`;
    const shown = (await markers()).map(asCheckPrints).sort();
    expect(shown).toEqual([...blocks].sort());
    await restoreDemoPack();
    await expect.poll(() => markers()).toEqual([]);
    expect(h.errors).toEqual([]);
  });
});
