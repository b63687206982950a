// A checked program bound to its evaluators: what a host holds to adjudicate claims. Validates
// contract JSON (src/model) and runs the stages (./adjudicate.ts) with the evaluator asked for.
import type { Program } from "../ir/ir.js";
import type { Evaluator, ExprObserver } from "../runtime/evaluator.js";
import { compiledEvaluator } from "../compile/evaluator.js";
import { referenceEvaluator } from "../eval/reference.js";
import { contextIssues, parseClaim, parseContext } from "../model/schemas.js";
import type { Limits } from "../common/limits.js";
import type { Result, InputIssue, Claim, Context } from "../model/types.js";
import { adjudicate as runStages, adjudicateWithDecisions, type AdjudicateOptions as EngineOptions, type Decisions } from "./adjudicate.js";

export interface AdjudicateOptions {
  /** include the trace of every decision (off by default: it is large) */
  trace?: boolean;
  /** "compiled" (default) or "reference", the tree-walking executable specification */
  evaluator?: "compiled" | "reference";
  /** rule phases and rules ("pack/id") not to run; none by default (see ./adjudicate.ts) */
  skip?: EngineOptions["skip"];
  /** sees every expression evaluated (coverage); runs an evaluator built for this observer */
  observer?: ExprObserver;
  /** size limits of the claim and context (src/common/limits.ts); the defaults otherwise */
  limits?: Partial<Limits>;
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
  /**
   * adjudicateParsed, and which rule decided each line that is not paid and the authorization
   * units the claim took, recorded as the claim ran: no trace needed to know them
   */
  adjudicateWithDecisions(claim: Claim, context: Context, options?: AdjudicateOptions): { result: Result; decisions: Decisions };
  /** the plan's fee-schedule amount per unit for a procedure code, in cents (null: none) */
  fee(code: string): number | null;
}

const NO_OPTIONS: EngineOptions = Object.freeze({});

export function makeRuleset(program: Program): Ruleset {
  let compiled: Evaluator | undefined;
  let reference: Evaluator | undefined;
  const observed = new WeakMap<ExprObserver, { compiled?: Evaluator; reference?: Evaluator }>();
  const evaluatorFor = (kind: AdjudicateOptions["evaluator"], observer?: ExprObserver): Evaluator => {
    if (!observer) return kind === "reference" ? (reference ??= referenceEvaluator(program)) : (compiled ??= compiledEvaluator(program));
    let built = observed.get(observer);
    if (!built) observed.set(observer, (built = {}));
    return kind === "reference"
      ? (built.reference ??= referenceEvaluator(program, { observer }))
      : (built.compiled ??= compiledEvaluator(program, { observer }));
  };

  const engineOptions = (options: AdjudicateOptions): EngineOptions => (options.skip ? { trace: options.trace, skip: options.skip } : { trace: options.trace });
  const adjudicateParsed = (claim: Claim, context: Context, options?: AdjudicateOptions) =>
    options === undefined
      ? // the common call: no options, nothing to allocate
        runStages(program, (compiled ??= compiledEvaluator(program)), claim, context, NO_OPTIONS)
      : runStages(program, evaluatorFor(options.evaluator, options.observer), claim, context, engineOptions(options));

  return {
    name: program.name,
    version: program.version,
    hash: program.hash,
    program,
    adjudicateParsed,
    adjudicateWithDecisions: (claim, context, options = {}) =>
      adjudicateWithDecisions(program, evaluatorFor(options.evaluator, options.observer), claim, context, engineOptions(options)),
    fee: (code) => evaluatorFor("compiled").fee(code),
    adjudicate(claimJson, contextJson, options = {}) {
      const claim = parseClaim(claimJson, { limits: options.limits });
      const context = parseContext(contextJson, { accumulators: program.accumulators, limits: options.limits });
      if (!claim.ok || !context.ok) return { ok: false, issues: [...(claim.ok ? [] : claim.issues), ...(context.ok ? [] : contextIssues(context.issues))] };
      try {
        return { ok: true, result: adjudicateParsed(claim.claim, context.context, options) };
      } catch (e) {
        // a bug in Edict, or rules past what the engine can compute (money beyond exact cents):
        // an answer about this claim, not an exception out of the host's call
        return { ok: false, issues: [{ path: "claim", message: `could not be adjudicated: ${e instanceof Error ? e.message : String(e)}` }] };
      }
    },
  };
}
