// The pure parts of impact analysis and estimates, and the engine's skip option.
import { describe, it, expect } from "vitest";
import { shippedPack } from "../support/packs.js";
import { changedLines, compareClaim, DiffReport, responsibleRule } from "../../src/batch/diff.js";
import { estimate, skippedRules } from "../../src/estimate/estimate.js";
import { parsePlannedServices } from "../../src/model/planned.js";
import { parseClaim, parseContext, type Result, type TraceEntry } from "../../src/index.js";
import { CONTEXT, officeVisit } from "./support.js";

const demo = () => shippedPack("demo-ppo");
const context = () => {
  const c = parseContext(CONTEXT, { accumulators: demo().program.accumulators });
  if (!c.ok) throw new Error("bad context");
  return c.context;
};
const claimOf = (json: unknown) => {
  const c = parseClaim(json);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.claim;
};

const entry = (lineNumber: number, rule: string, action: string): TraceEntry => ({ lineNumber, phase: "p", rule, at: "x:1:1", facts: [], action });

describe("diff", () => {
  it("names the first decision where the two traces part", () => {
    const base = [entry(1, "a/pricing", "allowed $10.00"), entry(1, "a/office", "PR-3 $25.00; paid $1.00"), entry(2, "a/office", "x")];
    const head = [entry(1, "a/pricing", "allowed $10.00"), entry(1, "a/office", "PR-3 $30.00; paid $0.00"), entry(2, "a/office", "x")];
    expect(responsibleRule(1, base, head)).toBe("a/office");
    // a rule that fires only under the head rules
    const denied = [entry(1, "a/pricing", "allowed $10.00"), entry(1, "a/new_rule", "deny CO-50")];
    expect(responsibleRule(1, base, [entry(1, "a/new_edit", "deny CO-4"), ...base])).toBe("a/new_edit");
    expect(responsibleRule(1, base, denied)).toBe("a/new_rule");
    expect(responsibleRule(2, base, head)).toBe("unattributed");
  });

  it("compares status, reason and amounts line by line and sums deltas in cents", () => {
    const base = demo().adjudicateParsed(claimOf(officeVisit("C-1", "M-1", "2026-03-02")), context());
    const head = structuredClone(base) as Result;
    head.lines[0].paid = "40.00";
    head.totals.paid = "40.00";
    head.lines[0].patientResponsibility = "146.81";
    head.totals.patientResponsibility = "146.81";
    expect(changedLines(base, base)).toEqual([]);
    const change = compareClaim(3, base, head, () => ({ base: [], head: [] }))!;
    expect(change.lines.map((l) => l.changed)).toEqual([["paid", "patientResponsibility"]]);
    expect(change.paid.delta).toBe("-12.09");
    const report = new DiffReport();
    report.add(base, head, change);
    report.add(base, base, null);
    expect(report.toJson()).toMatchObject({
      claims: 2,
      changedClaims: 1,
      changedLines: 1,
      paid: { delta: "-12.09" },
      patientResponsibility: { delta: "+12.09" },
    });
  });
});

describe("estimate", () => {
  it("skips the duplicates phase and rules that read the received date, and says why", () => {
    const skipped = skippedRules(demo().program);
    expect(skipped.map((s) => s.rule)).toEqual(["demo-ppo/timely_filing_limit", "demo-ppo/duplicate_of_paid"]);
    expect(skipped[0].why).toContain("claim.receivedDate");
    expect(skippedRules(shippedPack("cms-edits").program)).toEqual([]);
  });

  it("planned services: defaults, and every problem with its path", () => {
    const ok = parsePlannedServices({
      member: { id: "M", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1982453106", network: "in" },
      diagnoses: ["J02.9"],
      services: [{ serviceDate: "2026-03-02", code: "99213" }],
    });
    expect(ok.ok && ok.planned.services[0]).toMatchObject({ units: 1, charge: null, placeOfService: "11", diagnosisPointers: [1] });
    const bad = parsePlannedServices({
      member: { id: "M", birthDate: "1980-02-30", sex: "F" },
      provider: { npi: "1", network: "in" },
      diagnoses: ["J02.9"],
      services: [
        { serviceDate: "2026-03-02", code: "99213" },
        { serviceDate: "2026-03-02", code: "9921", units: 0, diagnosisPointers: [2], colour: 1 },
      ],
    });
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.issues.map((i) => i.path).sort();
    expect(paths).toEqual(
      ["member.birthDate", "provider.npi", "services[1].code", "services[1].colour", "services[1].diagnosisPointers[0]", "services[1].units"].sort(),
    );
    expect(parsePlannedServices({ services: [] }).ok).toBe(false);
  });

  it("an estimate is the claim's adjudication without the skipped rules: no duplicate, no timely filing", () => {
    const planned = {
      member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1982453106", network: "out" },
      diagnoses: ["J02.9"],
      services: [{ serviceDate: "2024-03-02", code: "99215", charge: "250.00" }],
    };
    const history = {
      ...CONTEXT,
      coverage: [{ planId: "DEMO-PPO-2026", from: "2024-01-01", to: null }],
      history: [{ claimId: "P-1", serviceDate: "2024-03-02", code: "99215", providerNpi: "1982453106", status: "paid" }],
    };
    const ctx = parseContext(history, { accumulators: demo().program.accumulators });
    if (!ctx.ok) throw new Error("bad context");
    const out = estimate(demo(), planned, ctx.context);
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.estimate.services[0]).toMatchObject({ status: "paid", allowed: "186.81", planPays: "52.09", patientOwes: "134.72", chargeFrom: "given" });
    expect(out.estimate.totals).toEqual({ charge: "250.00", allowed: "186.81", planPays: "52.09", patientOwes: "134.72" });
    // the same service as a claim received today is a duplicate and late
    const asClaim = demo().adjudicateParsed(claimOf({ ...officeVisit("C-1", "M-1", "2024-03-02"), receivedDate: "2026-01-05" }), ctx.context, { trace: true });
    expect(asClaim.lines[0].status).toBe("denied");
    expect(
      asClaim
        .trace!.filter((t) => t.action.startsWith("deny"))
        .map((t) => t.rule)
        .sort(),
    ).toEqual(["demo-ppo/duplicate_of_paid", "demo-ppo/timely_filing_limit"]);
  });

  it("a service without a charge is priced at the fee schedule", () => {
    const out = estimate(
      demo(),
      {
        member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
        provider: { npi: "1982453106", network: "in" },
        diagnoses: ["J02.9"],
        services: [{ serviceDate: "2026-03-02", code: "99213" }],
      },
      context(),
    );
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.estimate.services[0]).toMatchObject({ charge: "94.62", chargeFrom: "fee schedule", allowed: "94.62", planPays: "69.62", patientOwes: "25.00" });
  });
});

describe("engine skip option", () => {
  it("skips whole phases and single rules, and nothing by default", () => {
    const claim = claimOf({ ...officeVisit("C-1", "M-1", "2025-01-02"), receivedDate: "2026-03-01" });
    const late = { ...context(), coverage: context().coverage.map((c) => ({ ...c, from: 0, to: null })) };
    const r = demo();
    const plain: Result = r.adjudicateParsed(claim, late);
    expect(plain.lines[0].reason).toBe("CO-29");
    expect(r.adjudicateParsed(claim, late, { skip: {} })).toEqual(plain);
    expect(r.adjudicateParsed(claim, late, { skip: { rules: ["demo-ppo/timely_filing_limit"] } }).lines[0].status).toBe("paid");
    expect(r.adjudicateParsed(claim, late, { skip: { phases: ["eligibility"] } }).lines[0].status).toBe("paid");
    expect(r.adjudicateParsed(claim, late, { skip: { phases: ["duplicates"] } }).lines[0].reason).toBe("CO-29");
  });
});
