// `edict diff`: a copy of demo-ppo with a changed copay reports exactly the claims that use the
// copay, attributed to the office-visit benefit, with the right total delta.
import { describe, it, expect, beforeAll } from "vitest";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadPack } from "../../src/node/index.js";
import { parseClaim, parseContext, type Ruleset } from "../../src/index.js";
import { formatMoney, parseDecimalToCents } from "../../src/model/money.js";
import { edict, generatedLines, writeLines } from "./batch-support.js";
import { tempDir } from "../support/temp.js";

const dir = tempDir("edict-diff-test-");
const input = join(dir, "claims.ndjson");
const head = join(dir, "rules/demo-ppo");
let lines: string[] = [];

const load = (path: string): Ruleset => {
  const out = loadPack(path);
  if (!out.ok) throw new Error(`${path} does not load`);
  return out.ruleset;
};
const cents = (s: string) => parseDecimalToCents(s)!;

beforeAll(() => {
  cpSync("rules", join(dir, "rules"), { recursive: true });
  const plan = join(head, "plan.edict");
  const text = readFileSync(plan, "utf8");
  const changed = text.replace(
    'parameter office_copay "In-network office visit copay" = $25.00',
    'parameter office_copay "In-network office visit copay" = $30.00',
  );
  expect(changed).not.toBe(text);
  writeFileSync(plan, changed);
  lines = generatedLines(23, 300);
  lines.splice(40, 0, "[1, 2]");
  writeLines(input, lines);
});

describe("edict diff", () => {
  it("reports exactly the claims whose copay changes, under the office-visit benefit, with the total delta", () => {
    const r = edict(["diff", "--base", "rules/demo-ppo", "--head", head, "--format", "json", input]);
    expect(r.code).toBe(2); // one malformed record, reported
    const report = JSON.parse(r.stdout);
    const changes = report.claims.filter((c: { error?: unknown }) => !c.error);
    expect(report.claims.filter((c: { error?: unknown }) => c.error)).toEqual([{ error: { line: 41, issues: [expect.objectContaining({ path: "record" })] } }]);

    // independently: which lines took the copay under the base rules (their traces say so), and
    // what the head rules make of them
    const base = load("rules/demo-ppo");
    const headRules = load(head);
    const expected = new Map<string, number>(); // claim id → paid delta in cents
    let copayLines = 0;
    lines.forEach((text, i) => {
      if (i === 40) return;
      const { claim, context } = JSON.parse(text);
      const c = parseClaim(claim);
      const x = parseContext(context, { accumulators: base.program.accumulators });
      if (!c.ok || !x.ok) throw new Error("generated record is malformed");
      const b = base.adjudicateParsed(c.claim, x.context, { trace: true });
      const h = headRules.adjudicateParsed(c.claim, x.context);
      const usesCopay = b.trace!.some((t) => t.phase === "cost_share" && t.rule === "demo-ppo/office_visits" && /PR-3 /.test(t.action));
      if (usesCopay) copayLines += b.trace!.filter((t) => t.phase === "cost_share" && t.rule === "demo-ppo/office_visits" && /PR-3 /.test(t.action)).length;
      const delta = cents(h.totals.paid) - cents(b.totals.paid);
      if (usesCopay) expected.set(b.claimId, delta);
      else expect(JSON.stringify(h.lines)).toBe(JSON.stringify(b.lines)); // a claim without the copay does not change
    });
    expect(expected.size).toBeGreaterThan(20);
    // a claim uses the copay and changes unless the allowed amount was under $25 already
    const reported = new Map<string, string>(changes.map((c: { claimId: string; paid: { delta: string } }) => [c.claimId, c.paid.delta]));
    for (const [id, delta] of expected) {
      if (delta === 0) expect(reported.has(id)).toBe(false);
      else expect(reported.get(id)).toBe(delta > 0 ? `+${formatMoney(delta)}` : formatMoney(delta));
    }
    expect([...reported.keys()].every((id) => expected.has(id))).toBe(true);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(0);
    expect(report.summary).toMatchObject({
      claims: 300,
      malformed: 1,
      changedClaims: reported.size,
      statusChanges: 0,
      paid: { delta: formatMoney(total) },
      patientResponsibility: { delta: `+${formatMoney(-total)}` },
    });
    // every changed line is the office-visit benefit's, $5.00 or less each
    expect(report.summary.byRule).toEqual([expect.objectContaining({ rule: "demo-ppo/office_visits", claims: reported.size, paidDelta: formatMoney(total) })]);
    for (const c of changes)
      for (const l of c.lines) {
        expect(l.rule).toBe("demo-ppo/office_visits");
        expect(l.changed).toEqual(expect.arrayContaining(["paid", "patientResponsibility", "adjustments"]));
        expect(cents(l.base.paid) - cents(l.head.paid)).toBeLessThanOrEqual(500);
      }
    expect(report.summary.changedLines).toBeLessThanOrEqual(copayLines);
  });

  it("the text report names each claim and line and ends with the totals by rule", () => {
    const r = edict(["diff", "--base", "rules/demo-ppo", "--head", head, input]);
    expect(r.stdout).toMatch(/C-23-\d+ \(input line \d+\): \w+, paid \$[\d.]+ → \$[\d.]+ \(-[\d.]+\)/);
    expect(r.stdout).toMatch(/ {2}line \d+: paid [\d.]+ → [\d.]+; patientResponsibility 25\.00 → (30\.00|[\d.]+); .*\[demo-ppo\/office_visits\]/);
    expect(r.stdout).toMatch(/by rule responsible:\n {2}demo-ppo\/office_visits +\d+ claims +\d+ lines +paid +-[\d.]+ +patient +\+[\d.]+\n$/);
    expect(r.stdout).toContain("input line 41 is malformed");
  });

  it("the same rules on both sides change nothing", () => {
    const r = edict(["diff", "--base", "rules/demo-ppo", "--head", "rules/demo-ppo", "--format", "json", input]);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ claims: 300, changedClaims: 0, changedLines: 0, paid: { delta: "0.00" }, byRule: [] });
  });

  it("explains a wrong command line", () => {
    expect(edict(["diff", "--head", head, input]).stderr).toMatch(/--base <pack folder>/);
    expect(edict(["diff", "--base", "rules/demo-ppo", "--head", head, "--format", "xml", input]).code).toBe(3);
  });
});
