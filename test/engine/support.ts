// Small hand-written packs and claims for the phase tests: compile a few lines of .edict, build
// the state of one claim, run one phase's step on it and look at the lines.
import { compilePack, type Program } from "../../src/index.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { referenceEvaluator } from "../../src/eval/reference.js";
import { newClaimState, type AdjudicateOptions } from "../../src/engine/adjudicate.js";
import type { ClaimState } from "../../src/engine/state.js";
import { parseClaim, parseContext } from "../../src/model/schemas.js";
import { formatDiagnostic } from "../../src/common/diagnostic.js";

/** a pack "t" of `source`, with a fee table `fees.csv` (code,amount) when `fees` is given */
export function program(source: string, fees?: string): Program {
  const files: Record<string, string> = { "t/main.edict": `pack "t" version "1"\n${source}` };
  if (fees !== undefined) files["t/fees.csv"] = `code,amount\n${fees}`;
  const out = compilePack("t", files);
  if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join("\n"));
  return out.ruleset.program;
}

/** a plan with one in-network tier; `benefits` are its benefit declarations */
export const PLAN = (benefits: string) => `
table fees "Fees" from "fees.csv" { key code: procedure amount: money }
accumulator deductible "Deductible met": money
accumulator oop "Out of pocket": money
plan "P" {
  fee schedule fees.amount
  network in { deductible $100.00 accumulator deductible out_of_pocket $150.00 accumulator oop coinsurance 20% }
  network out { deductible $100.00 accumulator deductible out_of_pocket $150.00 accumulator oop coinsurance 20% }
}
${benefits}`;

export interface LineInput {
  code: string;
  charge?: string;
  units?: number;
  serviceDate?: string;
  modifiers?: string[];
}

export function claimJson(lines: LineInput[], extra: Record<string, unknown> = {}) {
  return {
    id: "C-1",
    receivedDate: "2026-03-01",
    member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
    provider: { npi: "1234567893", network: "in" },
    diagnoses: ["J06.9"],
    lines: lines.map((l, i) => ({
      lineNumber: i + 1,
      serviceDate: l.serviceDate ?? "2026-02-10",
      code: l.code,
      modifiers: l.modifiers ?? [],
      units: l.units ?? 1,
      charge: l.charge ?? "100.00",
      placeOfService: "11",
      diagnosisPointers: [1],
    })),
    ...extra,
  };
}

export function contextJson(extra: Record<string, unknown> = {}) {
  return { asOf: "2026-03-01", coverage: [{ planId: "P", from: "2026-01-01", to: null }], ...extra };
}

/** the state of a claim before any phase ran, on the compiled or the reference evaluator */
export function stateOf(
  p: Program,
  claim: unknown,
  context: unknown = contextJson(),
  options: AdjudicateOptions & { evaluator?: "compiled" | "reference" } = {},
): ClaimState {
  const c = parseClaim(claim);
  const x = parseContext(context, { accumulators: p.accumulators });
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  if (!x.ok) throw new Error(JSON.stringify(x.issues));
  const evaluator = options.evaluator === "reference" ? referenceEvaluator(p) : compiledEvaluator(p);
  return newClaimState(p, evaluator, c.claim, x.context, options);
}

/** each line as `status reason`, e.g. ["paid", "denied CO-204"] */
export const statuses = (state: ClaimState): string[] => state.lines.map((s) => (s.reason ? `${s.status} ${s.reason.group}-${s.reason.carc}` : s.status));

/** a line with a benefit already found, for the phases after benefits */
export function withBenefits(state: ClaimState): ClaimState {
  for (const s of state.lines) {
    const b = state.evaluator.benefitFor(state.claim, s.line, state.context);
    if (b) s.benefit = b;
  }
  return state;
}
