// The rule editor as a workbench, in a real browser (Debian's chromium via playwright-core): a draft
// survives a reload, saving hands the edited files to the host or downloads them as a zip, the
// pack's tests run with the differences `edict test` prints, coverage marks an unexercised rule,
// the try-it panel flags a result that departs from the example's expectation, and the impact of
// a $30 copay lists exactly the claims `edict diff` lists.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { compilePack } from "../../src/index.js";
import { runTests, formatOutcome, formatSummary } from "../../src/testing/run-tests.js";
import { coverageGaps } from "../../src/testing/coverage.js";
import { demoExamples, demoFiles, DEMO_ENTRY } from "../../scripts/editor-data.js";
import { ROOT } from "../../scripts/editor-build.js";
import { unzipFiles } from "../../src/editor/workbench/zip.js";
import { startHarness, type Harness } from "./harness.js";
import type { RuleEditor, SaveEvent } from "../../src/editor/index.js";
import { tempDir } from "../support/temp.js";

const ARTIFACTS = join(ROOT, "test-artifacts");
const PLAN = `${DEMO_ENTRY}/plan.edict`;
const TEST_01 = `${DEMO_ENTRY}/tests/01-office-visit-in-network.json`;
const files = demoFiles(ROOT);
const examples = demoExamples(ROOT);
const COPAY_25 = 'parameter office_copay "In-network office visit copay" = $25.00';
const COPAY_30 = 'parameter office_copay "In-network office visit copay" = $30.00';
const withCopay30 = { ...files, [PLAN]: files[PLAN].replace(COPAY_25, COPAY_30) };

/** the editor on the page, with its monaco editor (a non-interface extra the demo exposes) */
interface PageEditor extends RuleEditor {
  codeEditor: { revealLineInCenter(line: number): void; getModel(): { getLineContent(line: number): string } | null };
}
declare const window: Window & { edictEditor: PageEditor; savedByHost?: SaveEvent };

let h: Harness;
let page: Page;

async function ready(): Promise<void> {
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
  await page.evaluate(() => window.edictEditor.draftChecked());
}

/** back to the shipped packs, no draft kept, no workbench panel */
async function reset(): Promise<void> {
  await page.evaluate(
    async ([files, entry]) => {
      window.edictEditor.loadPack(files, entry);
      await window.edictEditor.flushDraft();
      await window.edictEditor.check();
    },
    [files, DEMO_ENTRY] as const,
  );
}

async function edit(path: string, text: string): Promise<void> {
  await page.evaluate(([text, path]) => window.edictEditor.setSource(text, path), [text, path] as const);
}

/** `edict <args>` with the CLI's code from source (src/cli/main.ts through tsx), as a user runs it */
function edict(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const script = `import(${JSON.stringify(join(ROOT, "src/cli/main.ts"))}).then(async (m) => { process.exitCode = await m.run(process.argv.slice(1), (s) => process.stdout.write(s), (s) => process.stderr.write(s + "\\n")); })`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeFiles(dir: string, pack: Record<string, string>): void {
  for (const [path, text] of Object.entries(pack)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  await page.goto(h.server.url);
  await ready();
});

afterAll(async () => {
  await h?.close();
});

describe("the rule editor as a workbench", () => {
  it("keeps an edit as a draft across a reload, and warns before leaving it", async () => {
    expect(await page.evaluate(() => window.edictEditor.dirty)).toBe(false);
    await edit(PLAN, withCopay30[PLAN]);
    await page.evaluate(() => window.edictEditor.flushDraft());
    expect(await page.evaluate(() => window.edictEditor.dirty)).toBe(true);
    expect(await page.isVisible(".ee-dirty")).toBe(true);
    // leaving asks first: the beforeunload event is cancelled
    const cancelled = await page.evaluate(() => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(cancelled).toBe(true);

    await page.reload();
    await ready();
    expect(await page.evaluate(() => window.edictEditor.draftChecked())).toBe(true);
    expect(await page.evaluate((path) => window.edictEditor.getSource(path), PLAN)).toBe(withCopay30[PLAN]);
    expect(await page.evaluate(() => window.edictEditor.dirty)).toBe(true);
    expect(await page.textContent(".ee-draft-notice")).toMatch(/^Restored your unsaved changes from /);

    // discarding goes back to the pack as loaded, and a reload finds no draft
    await page.click(".ee-draft-notice .ee-discard");
    await expect.poll(() => page.evaluate((path) => window.edictEditor.getSource(path), PLAN)).toBe(files[PLAN]);
    expect(await page.evaluate(() => window.edictEditor.dirty)).toBe(false);
    await page.reload();
    await ready();
    expect(await page.evaluate(() => window.edictEditor.draftChecked())).toBe(false);
    expect(await page.evaluate((path) => window.edictEditor.getSource(path), PLAN)).toBe(files[PLAN]);
    const notWarned = await page.evaluate(() => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(notWarned).toBe(false);
  });

  it("hands the edited files to the host's save handler", async () => {
    await edit(PLAN, withCopay30[PLAN]);
    await page.evaluate(() => {
      window.edictEditor.onSave((event) => {
        window.savedByHost = event;
        return true;
      });
    });
    await page.click(".ee-save");
    await page.waitForFunction(() => window.savedByHost !== undefined);
    const saved = await page.evaluate(() => window.savedByHost!);
    expect(saved.entry).toBe(DEMO_ENTRY);
    expect(saved.files).toEqual(withCopay30);
    expect(await page.evaluate(() => window.edictEditor.dirty)).toBe(false);
    expect(await page.textContent(".ee-wb-status")).toBe("Saved.");
  });

  it("downloads the edited pack as a zip that opens again", async () => {
    // (the pack still holds the $30 copay of the test before)
    expect(await page.evaluate((path) => window.edictEditor.getSource(path), PLAN)).toBe(withCopay30[PLAN]);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(".ee-download")]);
    expect(download.suggestedFilename()).toBe("demo-ppo.zip");
    const dir = tempDir("edict-zip-");
    try {
      const path = join(dir, "demo-ppo.zip");
      await download.saveAs(path);
      const bytes = readFileSync(path);
      // the packs' common folder is rules/, so the zip holds rules/demo-ppo/… and rules/cms-edits/…
      expect(await unzipFiles(new Uint8Array(bytes))).toEqual(withCopay30);
      if (existsSync("/usr/bin/unzip")) expect(spawnSync("/usr/bin/unzip", ["-tq", path]).status).toBe(0);
      // and the zip opens as a pack: rules/demo-ppo is the entry (it includes rules/cms-edits)
      await reset();
      await page.evaluate(async (data) => window.edictEditor.openZip(new Blob([new Uint8Array(data)])), [...bytes]);
      expect(await page.evaluate(() => window.edictEditor.entry)).toBe(DEMO_ENTRY);
      expect(await page.evaluate(() => window.edictEditor.getFiles())).toEqual(withCopay30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await reset();
  });

  it("runs the pack's tests and shows a broken case's differences as `edict test` prints them", async () => {
    const case01 = JSON.parse(files[TEST_01]);
    case01.expect.totals.paid = "70.00";
    const broken = { ...files, [TEST_01]: `${JSON.stringify(case01, null, 2)}\n` };
    await edit(TEST_01, broken[TEST_01]);
    await page.click(".ee-run-tests");
    await page.waitForSelector(".ee-test[data-status=failed]", { timeout: 20_000 });

    // what the library (and so `edict test rules/demo-ppo`) reports for the same files
    const compiled = compilePack(DEMO_ENTRY, broken);
    if (!compiled.ok) throw new Error("the demo pack does not compile");
    const cases = Object.fromEntries(
      Object.entries(broken)
        .filter(([p]) => p.startsWith(`${DEMO_ENTRY}/tests/`))
        .map(([p, t]) => [p, JSON.parse(t)]),
    );
    const run = runTests(compiled.ruleset, cases);
    const failed = run.outcomes.filter((o) => o.status === "failed");
    expect(failed.map((o) => o.name)).toEqual([TEST_01]);
    expect(failed[0].differences.map((d) => d.message)).toEqual(["totals.paid: expected 70.00, got 69.62"]);

    const row = page.locator(`.ee-test[data-status=failed]`);
    expect(await row.getAttribute("data-name")).toBe(TEST_01);
    expect(await row.locator(".ee-differences li").allTextContents()).toEqual(failed[0].differences.map((d) => d.message));
    expect(await row.locator(".ee-test-output pre").textContent()).toBe(formatOutcome(failed[0]));
    expect(await page.locator(".ee-test[data-status=passed]").count()).toBe(run.passed);
    expect(await page.textContent(".ee-tests-summary")).toContain(formatSummary(run));
    await reset();
  });

  it("marks a rule the tests never exercise in the gutter", async () => {
    const rule = [
      'rule huge_units "More than 999 units on one line"',
      "  phase eligibility",
      '  cite "Workbench test"',
      "  when line.units > 999",
      "  then deny CO-29",
      "",
    ].join("\n");
    const at = "// ---------------------------------------------------------------- duplicates";
    const edited = { ...files, [PLAN]: files[PLAN].replace(at, `${rule}\n${at}`) };
    const compiled = compilePack(DEMO_ENTRY, edited);
    if (!compiled.ok) throw new Error(`the edited pack does not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
    const cases = Object.fromEntries(
      Object.entries(edited)
        .filter(([p]) => p.startsWith(`${DEMO_ENTRY}/tests/`))
        .map(([p, t]) => [p, JSON.parse(t)]),
    );
    const gaps = coverageGaps(runTests(compiled.ruleset, cases).coverage!);
    // the shipped tests cover everything else: the new rule and its condition are the only gaps
    expect(gaps).toHaveLength(2);
    const line = edited[PLAN].split("\n").indexOf(rule.split("\n")[0]) + 1;

    await edit(PLAN, edited[PLAN]);
    await page.evaluate(() => window.edictEditor.runTests());
    const marks = await page.evaluate(() => window.edictEditor.getCoverageMarks());
    const item = marks.find((m) => m.kind === "item")!;
    expect(item).toEqual({ file: PLAN, kind: "item", message: gaps.find((g) => g.endsWith("never fired")), line, col: 1, endLine: line, endCol: 1 });
    const condition = marks.find((m) => m.kind === "condition")!;
    expect(condition.message).toBe(gaps.find((g) => g.includes("never true")));
    expect(condition.line).toBe(line + 3);
    expect(await page.evaluate((line) => window.edictEditor.codeEditor.getModel()!.getLineContent(line), condition.line)).toContain("line.units > 999");
    expect(marks).toHaveLength(2);
    // and it is drawn: the gutter mark beside the rule's first line
    await page.evaluate((line) => window.edictEditor.codeEditor.revealLineInCenter(line), line);
    await expect.poll(() => page.locator(".ee-code .ee-cov-gap").count()).toBe(1);
    expect(await page.textContent(".ee-gaps")).toContain(gaps[0]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "workbench-tests.png") });
    await reset();
  });

  it("flags a try-it result that differs from the example's expectation", async () => {
    await page.selectOption(".ee-examples", "01-office-visit-in-network");
    await page.click(".ee-run");
    await page.waitForSelector(".ee-result .ee-paid");
    expect(await page.getAttribute(".ee-expected", "data-match")).toBe("true");
    await edit(PLAN, withCopay30[PLAN]);
    await page.evaluate(() => window.edictEditor.check());
    await page.click(".ee-run");
    await page.waitForSelector('.ee-expected[data-match="false"]');
    const expected = JSON.parse(readFileSync(join(ROOT, "examples/claims/01-office-visit-in-network/expected.json"), "utf8")).totals;
    const paid = await page.getAttribute(".ee-result .ee-paid", "data-paid");
    expect(paid).not.toBe(expected.paid);
    expect(await page.textContent(".ee-expected .ee-mismatch")).toContain(`paid ${expected.paid} → ${paid}`);
    await reset();
  });

  it("lists exactly the claims `edict diff` lists for a $30 office copay, each openable side by side", async () => {
    // `edict diff` on the example claims, with the packs on disk (the CLI from source)
    const dir = tempDir("edict-impact-");
    let cli: {
      claims: Array<{ claimId: string; paid: { base: string; head: string; delta: string }; lines: Array<{ rule: string }> }>;
      summary: { paid: { delta: string }; changedClaims: number };
    };
    try {
      writeFiles(join(dir, "base"), files);
      writeFiles(join(dir, "head"), withCopay30);
      writeFileSync(join(dir, "claims.ndjson"), examples.map((e) => JSON.stringify({ claim: e.claim, context: e.context })).join("\n") + "\n");
      const r = edict([
        "diff",
        "--base",
        join(dir, "base", DEMO_ENTRY),
        "--head",
        join(dir, "head", DEMO_ENTRY),
        "--format",
        "json",
        join(dir, "claims.ndjson"),
      ]);
      expect(r.status, r.stderr).toBe(0);
      cli = JSON.parse(r.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(cli.claims.length).toBeGreaterThan(0);

    await edit(PLAN, withCopay30[PLAN]);
    await page.click(".ee-impact-open");
    await page.click(".ee-impact-run");
    await page.waitForSelector(".ee-impact-result", { timeout: 30_000 });
    const listed = await page.$$eval(".ee-impact-claim", (rows) => rows.map((r) => (r as HTMLElement).dataset.claim));
    expect(listed).toEqual(cli.claims.map((c) => c.claimId));
    const rules = await page.$$eval(".ee-impact-rules tbody tr", (rows) => rows.map((r) => (r as HTMLElement).dataset.rule));
    expect(new Set(rules)).toEqual(new Set(cli.claims.flatMap((c) => c.lines.map((l) => l.rule))));
    expect(await page.textContent(".ee-impact-summary")).toContain(`${cli.summary.changedClaims} changed`);

    // the same claims as an NDJSON file (streamed in the worker): the same changes
    const ndjson = examples.map((e) => JSON.stringify({ claim: e.claim, context: e.context })).join("\n") + "\n";
    const fromFile = await page.evaluate(async (text) => {
      const reply = await window.edictEditor.impact(new Blob([text]));
      return reply.kind === "impact" ? reply.changes.map((c) => c.claimId) : reply.kind;
    }, ndjson);
    expect(fromFile).toEqual(cli.claims.map((c) => c.claimId));

    // a claim's two results side by side: as loaded and as edited
    const first = cli.claims[0];
    await page.click(`.ee-impact-claim[data-claim="${first.claimId}"]`);
    expect(await page.getAttribute('.ee-side[data-side="base"] .ee-paid', "data-paid")).toBe(first.paid.base);
    expect(await page.getAttribute('.ee-side[data-side="head"] .ee-paid', "data-paid")).toBe(first.paid.head);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "workbench-impact.png") });
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ]) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(ARTIFACTS, `workbench-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await reset();
    expect(h.errors).toEqual([]);
  });
});
