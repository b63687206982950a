// Fix hints in the rule editor's try-it panel (Debian's chromium via playwright-core): a PTP
// denial and a necessity denial each show their hints under the lines table, and the first
// hint, applied to the claim in the panel and adjudicated again there, pays the line as it says.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ROOT } from "../../scripts/editor-build.js";
import type { RuleEditor } from "../../src/editor/types.js";
import { startHarness, type Harness } from "./harness.js";

declare const window: Window & { edictEditor: RuleEditor };

interface ClaimJson {
  diagnoses: string[];
  lines: Array<{ lineNumber: number; modifiers?: string[]; diagnosisPointers: number[] }>;
}
const claimOf = (example: string): ClaimJson => JSON.parse(readFileSync(join(ROOT, "examples/claims", example, "claim.json"), "utf8"));

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  page = h.page;
  await page.goto(h.server.url);
  await page.waitForSelector("body[data-ready]", { timeout: 30_000 });
});

afterAll(async () => {
  await h?.close();
});

async function hintsOf(example: string): Promise<Array<{ line: string; kind: string; paid: string; text: string }>> {
  await page.selectOption(".ee-examples", example);
  await page.click(".ee-run");
  await page.waitForSelector(".ee-result .ee-fixes", { timeout: 10_000 });
  return page.$$eval(".ee-fixes .ee-fix", (els) =>
    els.map((e) => ({
      line: (e.closest("[data-line]") as HTMLElement).dataset.line ?? "",
      kind: (e as HTMLElement).dataset.kind ?? "",
      paid: (e as HTMLElement).dataset.paid ?? "",
      text: e.textContent ?? "",
    })),
  );
}

/** adjudicates `claim` in the panel (as a user pasting the corrected claim would) and reads the line's status and paid */
async function lineAfter(claim: ClaimJson, lineNumber: number): Promise<{ status: string; paid: string }> {
  const reply = await page.evaluate((claim) => window.edictEditor.adjudicate(claim), claim);
  if (reply.kind !== "result") throw new Error(`expected a result, got ${reply.kind}`);
  const row = await page.$$eval(`.ee-lines tbody tr[data-line="${lineNumber}"] td`, (tds) => tds.map((td) => td.textContent ?? ""));
  return { status: row[2]!, paid: row[5]! };
}

describe("fix hints in the try-it panel", () => {
  it("shows a bypass modifier for a PTP denial, and the corrected claim pays as the hint says", async () => {
    const hints = await hintsOf("25-ptp-indicator-1-no-modifier");
    expect(hints[0]).toEqual({
      line: "2",
      kind: "modifier",
      paid: "23.14",
      text: "with modifier 59 on line 2, line 2 pays 23.14 — verified by re-adjudication",
    });
    expect(hints.map((x) => x.text.match(/modifier (\w+)/)?.[1])).toEqual(["59", "XE", "XS", "XP", "XU"]);
    expect(await page.textContent('.ee-fixes > ul > li[data-line="2"] > b')).toBe("Line 2");
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "test-artifacts", "editor-fix-hints.png") });
    const claim = claimOf("25-ptp-indicator-1-no-modifier");
    claim.lines[1]!.modifiers = [...(claim.lines[1]!.modifiers ?? []), "59"];
    expect(await lineAfter(claim, 2)).toEqual({ status: "paid", paid: "23.14" });
    // every line paid: no hints to show
    expect(await page.locator(".ee-fixes").count()).toBe(0);
  });

  it("shows a supporting diagnosis for a necessity denial, and the corrected claim pays as the hint says", async () => {
    const hints = await hintsOf("33-necessity-not-supported");
    expect(hints[0]).toMatchObject({ line: "1", kind: "diagnosis", paid: "34.35" });
    expect(hints[0]!.text).toBe("with line 1 pointing also at the claim's diagnosis M25.561 (pointer 2), line 1 pays 34.35 — verified by re-adjudication");
    const claim = claimOf("33-necessity-not-supported");
    claim.lines[0]!.diagnosisPointers.push(2);
    expect(await lineAfter(claim, 1)).toEqual({ status: "paid", paid: "34.35" });
  });

  it("says when no correction pays a denied line, without console errors", async () => {
    await hintsOf("24-ptp-indicator-0");
    expect(await page.textContent('.ee-fixes li[data-line="2"]')).toContain("no correction found that would pay it");
    expect(h.errors).toEqual([]);
  });
});
