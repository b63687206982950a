// Fix hints: each kind found from the deciding rule of an example claim, and every hint checked
// here independently of src/fixes — its change applied to the contract JSON and the claim
// adjudicated again through the public `adjudicate` — pays the line as the hint promises.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suggestFixes, type FixChange, type FixHint, type Result } from "../../src/index.js";
import { contractSchemas } from "../../src/model/schemas.js";
import { shippedPack } from "../support/packs.js";

interface LineJson {
  lineNumber: number;
  units: number;
  modifiers?: string[];
  diagnosisPointers: number[];
}
interface ClaimJson {
  receivedDate: string;
  diagnoses: string[];
  lines: LineJson[];
}
interface ContextJson {
  authorizations?: Array<{ number: string | number }>;
}
const ruleset = shippedPack("demo-ppo");
const example = (name: string): { claim: ClaimJson; context: ContextJson } => ({
  claim: JSON.parse(readFileSync(`examples/claims/${name}/claim.json`, "utf8")),
  context: JSON.parse(readFileSync(`examples/claims/${name}/context.json`, "utf8")),
});

/** the change applied to copies of the JSON input, as a billing clerk would make it */
function applyFix(claim: ClaimJson, context: ContextJson, change: FixChange): { claim: ClaimJson; context: ContextJson } {
  const c = structuredClone(claim);
  const x = structuredClone(context);
  const lineOf = (n: number) => c.lines.find((l) => l.lineNumber === n)!;
  switch (change.kind) {
    case "modifier":
      lineOf(change.lineNumber).modifiers = [...(lineOf(change.lineNumber).modifiers ?? []), change.add];
      break;
    case "units":
      expect(lineOf(change.lineNumber).units).toBe(change.from);
      lineOf(change.lineNumber).units = change.to;
      break;
    case "diagnosis":
      if (change.addedToClaim) {
        c.diagnoses.push(change.diagnosis);
        expect(c.diagnoses.length).toBe(change.pointer);
      } else expect(c.diagnoses[change.pointer - 1].replace(".", "")).toBe(change.diagnosis.replace(".", ""));
      lineOf(change.lineNumber).diagnosisPointers.push(change.pointer);
      break;
    case "authorization":
      x.authorizations = [
        ...(x.authorizations ?? []).filter((a) => String(a.number) !== (change.existing ?? change.authorization.number)),
        change.authorization,
      ];
      break;
    case "receivedDate":
      expect(c.receivedDate).toBe(change.from);
      c.receivedDate = change.to;
      break;
  }
  return { claim: c, context: x };
}

/** adjudicates the corrected input and checks the hint's promise: the line paid, the amount, the claim status, no paid line lost */
function expectVerified(input: { claim: ClaimJson; context: ContextJson }, before: Result, hint: FixHint): Result {
  const fixed = applyFix(input.claim, input.context, hint.change);
  const out = ruleset.adjudicate(fixed.claim, fixed.context);
  if (!out.ok) throw new Error(`the corrected claim is malformed: ${JSON.stringify(out.issues)}`);
  const line = out.result.lines.find((l) => l.lineNumber === hint.lineNumber)!;
  expect(line.status, hint.message).toBe("paid");
  expect(line.paid, hint.message).toBe(hint.verified.paid);
  expect(out.result.status).toBe(hint.verified.claimStatus);
  for (const l of before.lines) if (l.status === "paid") expect(out.result.lines.find((m) => m.lineNumber === l.lineNumber)!.status).toBe("paid");
  return out.result;
}

function hintsFor(input: { claim: ClaimJson; context: ContextJson }) {
  const out = suggestFixes(ruleset, input.claim, input.context);
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out;
}

describe("fix hints", () => {
  it("a PTP pair with modifier indicator 1: a bypass modifier on the column-two line, 59 first", () => {
    const input = example("25-ptp-indicator-1-no-modifier");
    const { result, fixes } = hintsFor(input);
    expect(result.lines[1]).toMatchObject({ status: "denied", reason: "CO-236" });
    expect(fixes.map((f) => f.change)).toEqual(["59", "XE", "XS", "XP", "XU"].map((add) => ({ kind: "modifier", lineNumber: 2, add })));
    expect(fixes[0]).toMatchObject({ lineNumber: 2, was: { status: "denied", reason: "CO-236" }, decidedBy: { rule: "cms-edits/ncci_ptp", phase: "ptp" } });
    expect(fixes[0]!.message).toBe("with modifier 59 on line 2, line 2 pays 23.14 — verified by re-adjudication");
    for (const hint of fixes) expect(expectVerified(input, result, hint).status).toBe("paid");
  });

  it("a PTP pair with modifier indicator 0 has no hint: no modifier bypasses it", () => {
    const input = example("24-ptp-indicator-0");
    const { result, fixes } = hintsFor(input);
    expect(result.lines[1]!.reason).toBe("CO-236");
    expect(fixes).toEqual([]);
  });

  it("medical necessity: first the claim's own supporting diagnosis, then diagnoses from the necessity table", () => {
    const input = example("33-necessity-not-supported");
    const { result, fixes } = hintsFor(input);
    expect(result.lines[0]).toMatchObject({ status: "denied", reason: "CO-50" });
    expect(fixes[0]!.change).toEqual({ kind: "diagnosis", lineNumber: 1, diagnosis: "M25.561", pointer: 2, addedToClaim: false });
    expect(fixes[0]!.decidedBy.rule).toBe("cms-edits/not_medically_necessary");
    expect(fixes.slice(1).every((f) => f.change.kind === "diagnosis" && f.change.addedToClaim)).toBe(true);
    expect(fixes.length).toBeGreaterThan(1);
    for (const hint of fixes) expectVerified(input, result, hint);
  });

  it("MUE per line: the most units within the edit", () => {
    const input = example("30-mue-mai1-per-line");
    const { result, fixes } = hintsFor(input);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.change).toEqual({ kind: "units", lineNumber: 1, from: 5, to: 4 });
    expectVerified(input, result, fixes[0]!);
    // one more unit is still over the edit: the hint is the largest that pays
    const over = ruleset.adjudicate(applyFix(input.claim, input.context, { kind: "units", lineNumber: 1, from: 5, to: 5 }).claim, input.context);
    expect(over.ok && over.result.lines[0]!.status).toBe("denied");
  });

  it("no authorization: a new one covering the line's code and date", () => {
    const input = example("34-no-authorization");
    const { result, fixes } = hintsFor(input);
    expect(result.lines[0]!.reason).toBe("CO-197");
    expect(fixes[0]!.change).toMatchObject({
      kind: "authorization",
      existing: null,
      authorization: { codes: ["97110"], from: "2026-02-05", to: "2026-02-05" },
    });
    expect(fixes[0]!.decidedBy.phase).toBe("authorization");
    for (const hint of fixes) expectVerified(input, result, hint);
  });

  it("authorization used up or outside its dates: the existing authorization changed", () => {
    for (const name of ["37-authorization-units-used-up", "36-prior-authorization-number-on-claim"]) {
      const input = example(name);
      const { result, fixes } = hintsFor(input);
      expect(fixes[0]!.change).toMatchObject({ kind: "authorization", existing: expect.any(String) });
      for (const hint of fixes) expectVerified(input, result, hint);
    }
  });

  it("an authorization for other codes on the date: the line's code added to it", () => {
    const input = example("35-authorization-wrong-dates-or-codes");
    const { result, fixes } = hintsFor(input);
    const line2 = fixes.filter((f) => f.lineNumber === 2);
    expect(line2[0]!.change).toMatchObject({ kind: "authorization", existing: "6101", authorization: { number: "6101", codes: ["97110", "97112", "97140"] } });
    expect(line2[0]!.message).toBe("with 97140 added to the codes of authorization 6101, line 2 pays 23.14 — verified by re-adjudication");
    for (const hint of fixes) expectVerified(input, result, hint);
  });

  it("tries a bounded number of corrected claims per line, and finds the most units by halving", () => {
    const input = example("30-mue-mai1-per-line");
    input.claim.lines[0]!.units = 1_000_000;
    let runs = 0;
    const counting = {
      ...ruleset,
      adjudicateParsed: (...args: Parameters<typeof ruleset.adjudicateParsed>) => {
        runs++;
        return ruleset.adjudicateParsed(...args);
      },
    };
    const out = suggestFixes(counting, input.claim, input.context);
    expect(out.ok && out.fixes.map((f) => f.change)).toEqual([{ kind: "units", lineNumber: 1, from: 1_000_000, to: 4 }]);
    // one traced adjudication, then at most one try for 999,999 and ~20 halvings
    expect(runs).toBeLessThanOrEqual(1 + 1 + 21);
    expect(runs).toBeGreaterThan(2);
  });

  it("timely filing: the latest receipt date within the limit", () => {
    const input = example("16-timely-filing");
    const { result, fixes } = hintsFor(input);
    expect(result.lines[0]!.reason).toBe("CO-29");
    expect(fixes.map((f) => f.change)).toEqual([{ kind: "receivedDate", from: "2027-01-06", to: "2027-01-05" }]);
    expectVerified(input, result, fixes[0]!);
  });

  it("leaves the result as adjudicate gives it, and gives the same hints each time and in both evaluators", () => {
    const input = example("42-multi-line-mixed");
    const plain = ruleset.adjudicate(input.claim, input.context);
    const a = hintsFor(input);
    expect(plain.ok && JSON.stringify(a.result)).toBe(plain.ok && JSON.stringify(plain.result));
    expect(hintsFor(input).fixes).toEqual(a.fixes);
    const reference = suggestFixes(ruleset, input.claim, input.context, { evaluator: "reference" });
    expect(reference.ok && reference.fixes).toEqual(a.fixes);
    expect(a.fixes.length).toBeGreaterThan(0);
  });

  it("reports malformed input as issues, and bounds the hints per line", () => {
    const out = suggestFixes(ruleset, { id: 1 }, {});
    expect(out.ok).toBe(false);
    const one = suggestFixes(ruleset, example("25-ptp-indicator-1-no-modifier").claim, example("25-ptp-indicator-1-no-modifier").context, { maxPerLine: 1 });
    expect(one.ok && one.fixes.map((f) => f.change)).toEqual([{ kind: "modifier", lineNumber: 2, add: "59" }]);
  });
});

describe("property: every hint, applied, pays its line as promised", () => {
  const names = [
    "16-timely-filing",
    "25-ptp-indicator-1-no-modifier",
    "29-ptp-against-history",
    "30-mue-mai1-per-line",
    "33-necessity-not-supported",
    "34-no-authorization",
    "35-authorization-wrong-dates-or-codes",
    "37-authorization-units-used-up",
    "42-multi-line-mixed",
  ];
  it("on example claims varied in units, modifiers, pointers and received date", () => {
    let hinted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.record({ units: fc.integer({ min: 1, max: 9 }), dropModifiers: fc.boolean(), firstPointerOnly: fc.boolean() }), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.integer({ min: 0, max: 400 }),
        (name, changes, receivedLater) => {
          const input = example(name);
          input.claim.lines.forEach((line, i) => {
            const v = changes[i % changes.length]!;
            line.units = v.units;
            if (v.dropModifiers) line.modifiers = [];
            if (v.firstPointerOnly) line.diagnosisPointers = line.diagnosisPointers.slice(0, 1);
          });
          const received = new Date(`${input.claim.receivedDate}T00:00:00Z`);
          received.setUTCDate(received.getUTCDate() + receivedLater);
          input.claim.receivedDate = received.toISOString().slice(0, 10);
          const out = suggestFixes(ruleset, input.claim, input.context);
          if (!out.ok) throw new Error(JSON.stringify(out.issues));
          // the shape schemas/fixes.schema.json describes, and as JSON
          expect(contractSchemas().FixHintsSchema.parse(JSON.parse(JSON.stringify(out.fixes)))).toEqual(out.fixes);
          for (const hint of out.fixes) {
            const line = out.result.lines.find((l) => l.lineNumber === hint.lineNumber)!;
            expect(line.status).not.toBe("paid");
            expect(hint.was).toEqual({ status: line.status, reason: line.reason });
            expectVerified(input, out.result, hint);
            hinted++;
          }
        },
      ),
      { numRuns: 60, seed: 16 },
    );
    expect(hinted).toBeGreaterThan(20);
  });
});
