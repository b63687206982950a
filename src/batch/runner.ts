// Adjudicates the records of a batch one after another, carrying each member's state from one
// claim to the next (./carry.ts). The caller feeds records in processing order (./order.ts) and
// calls `startGroup` at each new member key; state lives only for the current group, so memory
// does not grow with the batch. Each record becomes one output line: the result with `line` (its
// input line number) first and `decidedBy` last, or `{"error": {"line", "claimId"?, "issues"}}`.
// Pure: no I/O.
import type { Ruleset } from "../engine/ruleset.js";
import { contextIssues, parseClaim, parseContext } from "../model/schemas.js";
import { readRecordText } from "../model/read-record.js";
import type { Claim, Context, InputIssue, Result } from "../model/types.js";
import { applyState, advanceState, emptyState, type MemberState } from "./carry.js";
import type { Decisions } from "../engine/adjudicate.js";
import { claimIdOf, parseRecordText, splitRecord } from "./records.js";
import type { Limits } from "../common/limits.js";
import { type OutputBuffer, writeResult } from "./write.js";
import { resultFacts, type RecordFacts } from "./summary.js";

export interface RunnerOptions {
  /** include each result's trace in the output (off by default: it is large) */
  trace?: boolean;
  evaluator?: "compiled" | "reference";
  /** size limits of each record (src/common/limits.ts) */
  limits?: Partial<Limits>;
}

/** a result as a batch writes it */
export type ResultRecord = { line: number } & Result & { decidedBy: Decisions["decidedBy"] };
export interface ErrorRecord {
  error: { line: number; claimId?: string; issues: InputIssue[] };
}
export type OutputRecord = ResultRecord | ErrorRecord;

export const isErrorRecord = (r: OutputRecord): r is ErrorRecord => "error" in r;

export interface Processed {
  record: OutputRecord;
  /** the record as one line of NDJSON, without the newline */
  json: string;
  /** for a result: the claim and the context it was adjudicated with (state applied) */
  claim?: Claim;
  context?: Context;
}

export type DefaultContext = { ok: true; context: Context } | { ok: false; issues: InputIssue[] } | null;

/** parses the batch's `--context` once for a ruleset; null when there is none */
export function parseDefaultContext(ruleset: Ruleset, json: unknown | undefined, limits?: Partial<Limits>): DefaultContext {
  if (json === undefined) return null;
  const parsed = parseContext(json, { accumulators: ruleset.program.accumulators, limits });
  return parsed.ok ? { ok: true, context: parsed.context } : { ok: false, issues: contextIssues(parsed.issues) };
}

export type ParsedRecord = { ok: true; claim: Claim; context: Context } | { ok: false; claimId: string | null; issues: InputIssue[] };

/**
 * Parses one NDJSON record against a ruleset (whose accumulator declarations read the context):
 * its claim and its own context, or else the batch's default context.
 */
export function parseRecord(text: string, ruleset: Ruleset, defaultContext: DefaultContext, limits?: Partial<Limits>, countedKeys = -1): ParsedRecord {
  // the one-pass reader takes the plain valid records; the rest (and every error) are read below
  const read = readRecordText(text, { accumulators: ruleset.program.accumulators, limits });
  if (read !== null) {
    if (read.context !== undefined) return { ok: true, claim: read.claim, context: read.context };
    if (defaultContext?.ok) return { ok: true, claim: read.claim, context: defaultContext.context };
  }
  return parseRecordGenerally(text, ruleset, defaultContext, limits, countedKeys);
}

/** parseRecord without the one-pass reader: the strict JSON reader, then validation (the judge in tests) */
export function parseRecordGenerally(text: string, ruleset: Ruleset, defaultContext: DefaultContext, limits?: Partial<Limits>, countedKeys = -1): ParsedRecord {
  const parsed = parseRecordText(text, limits, countedKeys);
  if (!parsed.ok) return { ok: false, claimId: null, issues: parsed.issues };
  const split = splitRecord(parsed.value);
  if (!split.ok) return { ok: false, claimId: claimIdOf(parsed.value), issues: split.issues };
  const claim = parseClaim(split.claim, { limits });
  let context: DefaultContext;
  if (split.context !== undefined) {
    const c = parseContext(split.context, { accumulators: ruleset.program.accumulators, limits });
    context = c.ok ? { ok: true, context: c.context } : { ok: false, issues: contextIssues(c.issues) };
  } else context = defaultContext;
  if (claim.ok && context?.ok) return { ok: true, claim: claim.claim, context: context.context };
  const issues = [
    ...(claim.ok ? [] : claim.issues),
    ...(context === null
      ? [{ path: "context", message: 'no context: pass --context <file>, or write the record as { "claim": …, "context": … }' }]
      : context.ok
        ? []
        : context.issues),
  ];
  return { ok: false, claimId: claimIdOf(parsed.value), issues };
}

/** what a batch needs of one adjudication: the result, the deciding rules, the authorization units taken */
export interface BatchAdjudication {
  result: Result;
  decided: Decisions["decidedBy"];
  /** authorization number → units the claim took */
  units: Map<string, number>;
}

/**
 * Adjudicates one claim for a batch: the result, and what the engine recorded as it ran (the
 * deciding rule of each line that is not paid, the authorization units the claim took), so no
 * claim runs twice.
 */
export function adjudicateForBatch(ruleset: Ruleset, claim: Claim, context: Context, options: RunnerOptions): BatchAdjudication {
  const { result, decisions } = ruleset.adjudicateWithDecisions(claim, context, { trace: options.trace, evaluator: options.evaluator });
  return { result, decided: decisions.decidedBy, units: decisions.authorizationUnits };
}

function withoutTrace(result: Result): Omit<Result, "trace"> {
  const { trace, ...untraced } = result;
  void trace;
  return untraced;
}

/** one adjudicated record: the result as written (no trace unless asked for), its deciding rules, its inputs */
interface Adjudicated {
  body: Result;
  decided: Decisions["decidedBy"];
  claim: Claim;
  context: Context;
}

export class BatchRunner {
  private states = new Map<string, MemberState>();

  constructor(
    readonly ruleset: Ruleset,
    private readonly defaultContext: DefaultContext,
    private readonly options: RunnerOptions = {},
  ) {}

  /** forgets the carried state: the next record belongs to other members */
  startGroup(): void {
    if (this.states.size) this.states = new Map();
  }

  /**
   * adjudicates one record (its NDJSON text and input line number) and carries its member's
   * state; `countedKeys`: the keys the batch's index counted in the record's bytes, or -1
   */
  process(text: string, line: number, countedKeys = -1): Processed {
    const o = this.outcome(text, line, countedKeys);
    if ("error" in o) return { record: o, json: JSON.stringify(o) };
    const record = { line, ...o.body, decidedBy: o.decided } as ResultRecord;
    return { record, json: JSON.stringify(record), claim: o.claim, context: o.context };
  }

  /**
   * `process`, with the output line (the bytes of its `json` and a newline) written into `out`
   * (./write.ts) and no record object built: what a batch run calls. Returns what the summary
   * needs of the record.
   */
  processInto(text: string, line: number, countedKeys: number, out: OutputBuffer): RecordFacts {
    const o = this.outcome(text, line, countedKeys);
    if ("error" in o) {
      out.text(JSON.stringify(o) + "\n");
      return { error: true };
    }
    writeResult(out, line, o.body, o.decided);
    return resultFacts(o.body, o.decided);
  }

  private outcome(text: string, line: number, countedKeys: number): ErrorRecord | Adjudicated {
    const parsed = parseRecord(text, this.ruleset, this.defaultContext, this.options.limits, countedKeys);
    if (!parsed.ok) return this.error(line, parsed.claimId, parsed.issues);
    try {
      return this.adjudicate(parsed.claim, parsed.context);
    } catch (e) {
      // one claim the engine cannot finish must not stop the batch: it becomes an error record
      // (its member's state is not advanced, as for a malformed record) and the run goes on
      return this.error(line, parsed.claim.id, [{ path: "claim", message: `could not be adjudicated: ${e instanceof Error ? e.message : String(e)}` }]);
    }
  }

  private adjudicate(claim: Claim, base: Context): Adjudicated {
    const program = this.ruleset.program;
    let state = this.states.get(claim.member.id);
    if (!state) this.states.set(claim.member.id, (state = emptyState()));
    const context = applyState(base, state);
    const { result, decided, units } = adjudicateForBatch(this.ruleset, claim, context, this.options);
    advanceState(state, program, claim, result, units);
    // an untraced result has no trace field to leave out: no copy of it without one
    const body = this.options.trace || !("trace" in result) ? result : (withoutTrace(result) as Result);
    return { body, decided, claim, context };
  }

  private error(line: number, claimId: string | null, issues: InputIssue[]): ErrorRecord {
    return { error: claimId === null ? { line, issues } : { line, claimId, issues } };
  }
}
