// Edict's library API: compile a pack from files the host supplies, then adjudicate claims
// synchronously and purely. Browser-safe: no file system, clock or environment below here.
import { checkRuleset, type CheckOptions } from "./check/ruleset.js";
import { memoryHost, type PackHost } from "./check/packs.js";
import type { Program } from "./ir/ir.js";
import type { Diagnostic } from "./syntax/diagnostic.js";
import { adjudicate as runPhases, type Evaluator, type AdjudicateOptions as EngineOptions } from "./engine/adjudicate.js";
import { compiledEvaluator } from "./compile/evaluator.js";
import { referenceEvaluator } from "./eval/reference.js";
import { parseClaim, parseContext } from "./model/schemas.js";
import type { Result, InputIssue, Claim, Context } from "./model/types.js";

export interface AdjudicateOptions {
  /** include the trace of every decision (off by default: it is large) */
  trace?: boolean;
  /** "compiled" (default) or "reference", the tree-walking executable specification */
  evaluator?: "compiled" | "reference";
  /** rule phases and rules ("pack/id") not to run; none by default (see src/engine/adjudicate.ts) */
  skip?: EngineOptions["skip"];
}

export type Adjudication = { ok: true; result: Result } | { ok: false; issues: InputIssue[] };

export interface Ruleset {
  readonly name: string;
  readonly version: string;
  /** SHA-256 of every source and table file: same hash + same input → same output */
  readonly hash: string;
  readonly program: Program;
  /** validates the claim and context (JSON values) and adjudicates; never throws on bad input */
  adjudicate(claim: unknown, context: unknown, options?: AdjudicateOptions): Adjudication;
  /** adjudicates input already validated with parseClaim/parseContext */
  adjudicateParsed(claim: Claim, context: Context, options?: AdjudicateOptions): Result;
  /** the plan's fee-schedule amount per unit for a procedure code, in cents (null: none) */
  fee(code: string): number | null;
}

export type CompileOutput = { ok: true; ruleset: Ruleset; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compiles the pack in folder `entry`, reading files through `host`, or from a plain object of
 * path → text (e.g. `{ "demo-ppo/plan.edict": "…", "demo-ppo/tables/fees.csv": "…" }`).
 */
export function compilePack(entry: string, files: PackHost | Record<string, string>, options: CheckOptions = {}): CompileOutput {
  const host = isHost(files) ? files : memoryHost(files);
  const checked = checkRuleset(entry, host, options);
  if (!checked.program) return { ok: false, diagnostics: checked.diagnostics };
  return { ok: true, ruleset: makeRuleset(checked.program), diagnostics: checked.diagnostics };
}

function isHost(x: PackHost | Record<string, string>): x is PackHost {
  return typeof (x as PackHost).read === "function" && typeof (x as PackHost).list === "function";
}

export function makeRuleset(program: Program): Ruleset {
  let compiled: Evaluator | undefined;
  let reference: Evaluator | undefined;
  const evaluatorFor = (kind: AdjudicateOptions["evaluator"]) =>
    kind === "reference" ? (reference ??= referenceEvaluator(program)) : (compiled ??= compiledEvaluator(program));

  const adjudicateParsed = (claim: Claim, context: Context, options: AdjudicateOptions = {}) =>
    runPhases(program, evaluatorFor(options.evaluator), claim, context, options.skip ? { trace: options.trace, skip: options.skip } : { trace: options.trace });

  return {
    name: program.name,
    version: program.version,
    hash: program.hash,
    program,
    adjudicateParsed,
    fee: (code) => evaluatorFor("compiled").fee(code),
    adjudicate(claimJson, contextJson, options = {}) {
      const claim = parseClaim(claimJson);
      const context = parseContext(contextJson, { accumulators: program.accumulators });
      if (!claim.ok || !context.ok) return { ok: false, issues: [...(claim.ok ? [] : claim.issues), ...(context.ok ? [] : context.issues)] };
      return { ok: true, result: adjudicateParsed(claim.claim, context.context, options) };
    },
  };
}

export { checkRuleset, memoryHost };
export type { PackHost, Program, Diagnostic };
export { formatDiagnostic } from "./syntax/diagnostic.js";
export { parse, print, format } from "./syntax/index.js";
export { explain } from "./trace/explain.js";
export { parseClaim, parseContext } from "./model/schemas.js";
export type * from "./model/types.js";
