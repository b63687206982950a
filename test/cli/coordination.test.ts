// Coordination of benefits through the `edict` binary: `explain` on a secondary claim prints
// every quantity of the formula and which bound; the coordination packs check clean and pass
// their tests; a claim with bad prior payers is answered with the path of each problem.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";
import { writeFileSync } from "node:fs";

describe("edict and coordination of benefits", () => {
  it("explain on a Medicare secondary claim prints the three amounts of 42 CFR 411.33(a) and which bound", () => {
    const r = edict(["explain", "--rules", "rules/medicare-demo", "examples/coordination/03-medicare-secondary/claim.json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync("examples/coordination/03-medicare-secondary/explain.txt", "utf8"));
    expect(r.stdout).toContain(
      "(1) charge or amount accepted in full − prior payments = 30.00; (2) normal benefit (paid as primary) = 103.13; (3) higher allowed − prior payments = 30.00",
    );
    expect(r.stdout).toContain("[coordination] pays 9.16 (bound: (3) higher allowed − prior payments); OA-23 20.00; member owes 0.00");
  });

  it("adjudicate --trace --format text on a standard secondary claim shows the allowable expense and the bound", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--trace", "--format", "text", "examples/coordination/01-standard/claim.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("allowable expense (the highest allowed, at most the charge) = 100.00");
    expect(r.stdout).toContain("pays 20.00 (bound: allowable expense − prior payments); OA-23 80.00; member owes 0.00");
  });

  for (const pack of ["rules/order-of-benefits", "rules/medicare-demo", "rules/demo-ppo-nondup"]) {
    it(`${pack} checks clean and passes its tests`, () => {
      expect(edict(["check", pack]).code).toBe(0);
      const r = edict(["test", pack]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\d+ passed, 0 failed; /m);
    });
  }

  it("rules/order-of-benefits is fully covered by its own tests", () => {
    const r = edict(["test", "rules/order-of-benefits", "--require-full-coverage"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^22 passed, 0 failed; rules 8\/8, branches (\d+)\/\1$/m);
  });

  it("a claim whose prior payers paid more than a line's charge is malformed (exit 2), with the path", () => {
    const claim = JSON.parse(readFileSync("examples/coordination/01-standard/claim.json", "utf8"));
    claim.priorPayers[0].lines[0].paid = "130.00";
    const dir = tempDir("edict-cob-");
    writeFileSync(join(dir, "claim.json"), JSON.stringify(claim));
    writeFileSync(join(dir, "context.json"), readFileSync("examples/coordination/01-standard/context.json", "utf8"));
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", join(dir, "claim.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("priorPayers[0].lines[0].paid: the prior payers paid 130.00 for line 1, more than its charge 120.00");
  });
});
