// `edict test <pack>` as a user runs it: the shipped packs pass with full rule and branch
// coverage; a changed fee in a copy of demo-ppo fails with a readable diff and the trace.
import { describe, it, expect } from "vitest";
import { edict } from "./installed.js";
import { cpSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.js";

const caseCount = (pack: string) => readdirSync(join(pack, "tests")).filter((n) => n.endsWith(".json")).length;

/** a copy of rules/ in a temporary folder */
function copyOfRules(): string {
  const dir = tempDir("edict-test-");
  cpSync("rules", join(dir, "rules"), { recursive: true });
  return join(dir, "rules");
}

describe("edict test", () => {
  for (const pack of ["rules/demo-ppo", "rules/cms-edits"]) {
    it(`${pack} passes every case with full rule and branch coverage`, () => {
      const json = join(tempDir("edict-cov-"), "coverage.json");
      const r = edict(["test", pack, "--require-full-coverage", "--coverage-json", json]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const summary = r.stdout.match(/^(\d+) passed, 0 failed; rules (\d+)\/(\d+), branches (\d+)\/(\d+)$/m);
      expect(summary, r.stdout).not.toBeNull();
      const [, passed, rules, ruleTotal, branches, branchTotal] = summary!.map(Number);
      expect(passed).toBe(caseCount(pack));
      expect(rules).toBe(ruleTotal);
      expect(branches).toBe(branchTotal);
      expect(r.stdout).not.toContain("coverage gaps");
      const report = JSON.parse(readFileSync(json, "utf8"));
      expect(report).toMatchObject({ complete: true, gaps: [], tests: { passed, failed: 0, invalid: 0 } });
      expect(report.rules).toEqual({ covered: rules, total: ruleTotal });
      expect(report.items.every((i: { covered: boolean }) => i.covered)).toBe(true);
    });
  }

  it("rules/acme-payer passes; its own override is fully covered and the base packs' gaps are listed", () => {
    const json = join(tempDir("edict-cov-"), "coverage.json");
    const r = edict(["test", "rules/acme-payer", "--coverage-json", json]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${caseCount("rules/acme-payer")} passed, 0 failed; `, "m"));
    const report = JSON.parse(readFileSync(json, "utf8"));
    const acme = report.packs.find((p: { pack: string }) => p.pack === "acme-payer");
    expect(acme.rules.covered).toBe(acme.rules.total);
    expect(acme.branches.covered).toBe(acme.branches.total);
    expect(report.items.find((i: { name: string }) => i.name === "acme-payer/duplicate_of_paid")).toMatchObject({
      covered: true,
      at: "rules/acme-payer/payer.edict:14:1",
    });
    expect(report.items.some((i: { name: string }) => i.name === "demo-ppo/timely_filing_limit" || i.name === "demo-ppo/duplicate_of_paid")).toBe(false);
    // without --require-full-coverage, gaps are reported but do not fail the run
    expect(r.stdout).toContain("coverage gaps:");
    expect(edict(["test", "rules/acme-payer", "--require-full-coverage"]).code).toBe(1);
  });

  it("a changed fee in a copy of demo-ppo fails with the case, the line, expected and actual amount, and the trace", () => {
    const rules = copyOfRules();
    const fees = join(rules, "demo-ppo/tables/fees.csv");
    const text = readFileSync(fees, "utf8");
    const changed = text.replace(/^99213,94\.62$/m, "99213,99.00");
    expect(changed).not.toBe(text);
    writeFileSync(fees, changed);
    const r = edict(["test", join(rules, "demo-ppo")]);
    expect(r.code).toBe(1);
    const failure = r.stdout.split("\n\n").find((block) => block.includes("01-office-visit-in-network.json"))!;
    expect(failure).toBeDefined();
    expect(failure).toMatch(/^FAIL .*demo-ppo\/tests\/01-office-visit-in-network\.json — In-network office visit/);
    expect(failure).toContain("  line 1 allowed: expected 94.62, got 99.00");
    expect(failure).toContain("  line 1 paid: expected 69.62, got 74.00");
    expect(failure).toContain("  totals.allowed: expected 94.62, got 99.00");
    expect(failure).toContain("  trace of line 1 (line 1 paid, allowed 99.00, paid 74.00, member 25.00):");
    expect(failure).toMatch(/\[pricing\] allowed 99\.00, CO-45 21\.00 — demo-ppo\/plan at .*demo-ppo\/plan\.edict:\d+:1/);
    expect(failure).toContain("fee for 99213 = 99.00");
    expect(r.stdout).toMatch(/^\d+ passed, [1-9]\d* failed; rules /m);
  });

  it("a malformed test file exits 2 naming the file and the problem; no pack exits 3", () => {
    const rules = copyOfRules();
    writeFileSync(
      join(rules, "cms-edits/tests/99-broken.json"),
      JSON.stringify({ claim: {}, context: {}, expect: { lines: [{ lineNumber: 1, staus: "paid" }] } }),
    );
    const r = edict(["test", join(rules, "cms-edits")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("99-broken.json is not a valid test case");
    expect(r.stderr).toContain("expect.lines[0].staus: unknown key");
    const usage = edict(["test"]);
    expect(usage.code).toBe(3);
    expect(usage.stderr).toContain("edict test <pack folder>");
  });
});
