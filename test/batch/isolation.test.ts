// Batch isolation: a claim the engine cannot finish becomes an error record with its input line
// and claim id, its member's state is not advanced, and the next record is adjudicated.
import { describe, it, expect } from "vitest";
import { BatchRunner } from "../../src/batch/runner.js";
import { responsibleRule } from "../../src/batch/diff.js";
import { parseClaim, parseContext, type Context, type Ruleset } from "../../src/index.js";
import { shippedPack } from "../support/packs.js";
import { loadPack } from "../../src/node/index.js";
import { CONTEXT, officeVisit } from "./support.js";

/** the batch's default context, parsed for the demo pack */
function defaultContext(): { ok: true; context: Context } {
  const parsed = parseContext(CONTEXT, { accumulators: shippedPack("demo-ppo").program.accumulators });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { ok: true, context: parsed.context };
}

describe("batch isolation", () => {
  it("turns an exception inside adjudication into an error record and goes on", () => {
    const demo = shippedPack("demo-ppo");
    const failing: Ruleset = {
      ...demo,
      adjudicateWithDecisions(claim, context, options) {
        if (claim.id === "C-BOOM") throw new RangeError("formatMoney: 1e+300 is not a whole number of cents");
        return demo.adjudicateWithDecisions(claim, context, options);
      },
    };
    const runner = new BatchRunner(failing, defaultContext());
    runner.startGroup();
    const first = runner.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1);
    const boom = runner.process(JSON.stringify(officeVisit("C-BOOM", "M-1", "2026-03-03")), 2);
    const after = runner.process(JSON.stringify(officeVisit("C-3", "M-1", "2026-03-04")), 3);
    expect(boom.record).toEqual({
      error: {
        line: 2,
        claimId: "C-BOOM",
        issues: [{ path: "claim", message: "could not be adjudicated: formatMoney: 1e+300 is not a whole number of cents" }],
      },
    });
    expect("error" in first.record).toBe(false);
    expect("error" in after.record).toBe(false);
    // the failed claim added nothing: the third claim sees only the first one's deductible
    const alone = new BatchRunner(demo, defaultContext());
    alone.startGroup();
    alone.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1);
    expect(after.json.replace('"line":3', "")).toBe(alone.process(JSON.stringify(officeVisit("C-3", "M-1", "2026-03-04")), 3).json.replace('"line":3', ""));
  });

  it("a record past the money bound is an error record naming the line's charge, not a crash", () => {
    const demo = shippedPack("demo-ppo");
    const runner = new BatchRunner(demo, defaultContext());
    const claim = officeVisit("C-BIG", "M-2", "2026-03-02");
    claim.lines = Array.from({ length: 1000 }, (_, i) => ({ ...claim.lines[0], lineNumber: i + 1, charge: "99999999999.99" }));
    const p = runner.process(JSON.stringify(claim), 7);
    expect(p.record).toEqual({
      error: { line: 7, claimId: "C-BIG", issues: [{ path: "lines[1].charge", message: expect.stringContaining("the largest total Edict keeps exact") }] },
    });
  });
});

describe("diff attribution", () => {
  it("names the rule a head pack disabled, not the later step that then decides the line", () => {
    const base = shippedPack("demo-ppo");
    const acme = loadPack("rules/acme-payer");
    if (!acme.ok) throw new Error("acme-payer does not load");
    // a claim received more than a year after its service: demo-ppo denies it (timely filing),
    // acme-payer disables that rule and the line is priced and paid
    const late = { ...officeVisit("C-LATE", "M-1", "2025-02-03"), receivedDate: "2026-03-02" };
    const context = { ...CONTEXT, coverage: [{ planId: "DEMO-PPO-2026", from: "2025-01-01", to: null }] };
    const run = (r: Ruleset) => {
      const c = parseClaim(late);
      const x = parseContext(context, { accumulators: r.program.accumulators });
      if (!c.ok || !x.ok) throw new Error("bad input");
      return r.adjudicateParsed(c.claim, x.context, { trace: true });
    };
    const b = run(base);
    const h = run(acme.ruleset);
    expect(b.lines[0].reason).toBe("CO-29");
    expect(h.lines[0].reason).not.toBe("CO-29");
    expect(responsibleRule(1, b.trace!, h.trace!)).toBe("demo-ppo/timely_filing_limit");
  });
});
