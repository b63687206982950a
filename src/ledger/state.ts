// The pure half of the ledger: the member's context built from what the ledger holds, a posting's
// effect as stored (so a reversal subtracts exactly what was added, whatever rules decide later),
// the reversal shown for a replaced or voided claim, the content hash of a claim, and the
// enrollment a host gives. What a claim changes is computed by src/batch/carry.ts, as in batch runs.
import { createHash } from "node:crypto";
import type { Program } from "../ir/ir.js";
import { parseContext } from "../model/schemas.js";
import { formatDate } from "../model/dates.js";
import { formatMoney, parseDecimalToCents } from "../model/money.js";
import type { Claim, Context, HistoryEntry, InputIssue, Result, ResultLine } from "../model/types.js";
import { applyState, type ClaimEffect, type MemberState } from "../batch/carry.js";

// ------------------------------------------------------------------------------ plan years

/** the plan year a ruleset's accumulators belong to: its first day, or "none" for a ruleset without one */
export function planYearOf(program: Program): string {
  return program.plan?.year ? formatDate(program.plan.year.from) : "none";
}

// ------------------------------------------------------------------------------ enrollment

/** what the ledger keeps of an enrollment: the context's lists as given (validated), without asOf or accumulators */
export interface EnrollmentJson {
  coverage: unknown[];
  authorizations: unknown[];
  history: unknown[];
}

export interface Enrollment {
  json: EnrollmentJson;
  /** opening balances of the plan year: every declared accumulator, cents or counts */
  opening: Array<{ name: string; unit: "money" | "count"; value: number }>;
}

const PLACEHOLDER_AS_OF = "1970-01-01";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates an enrollment: a context without (or with an ignored) `asOf`, whose accumulators are
 * the member's totals of the ruleset's plan year before the ledger. Issues name paths under `root`
 * ("" for a body that is the enrollment itself, "context" when it rides along with a claim).
 */
export function parseEnrollment(json: unknown, program: Program, root = ""): { ok: true; enrollment: Enrollment } | { ok: false; issues: InputIssue[] } {
  const where = (path: string): string => (path === "context" ? root || "(body)" : root ? `${root}.${path}` : path);
  if (!isRecord(json))
    return {
      ok: false,
      issues: [{ path: root || "(body)", message: "expected an enrollment: { coverage, authorizations?, history?, accumulators? } (a JSON object)" }],
    };
  const parsed = parseContext({ asOf: PLACEHOLDER_AS_OF, ...json }, { accumulators: program.accumulators });
  if (!parsed.ok) return { ok: false, issues: parsed.issues.map((i) => ({ path: where(i.path), message: i.message })) };
  const list = (key: string): unknown[] => (Array.isArray(json[key]) ? (json[key] as unknown[]) : []);
  return {
    ok: true,
    enrollment: {
      json: { coverage: list("coverage"), authorizations: list("authorizations"), history: list("history") },
      opening: program.accumulators.map((a) => ({ name: a.name, unit: a.unit, value: parsed.context.accumulators[a.name] ?? 0 })),
    },
  };
}

/** the state of a member as the ledger holds it, for one plan year */
export interface LedgerState {
  enrollment: EnrollmentJson;
  /** opening + posted, by accumulator name */
  accumulators: Map<string, number>;
  paidLines: HistoryEntry[];
  authorizationUnits: Map<string, number>;
}

/**
 * The context a claim is adjudicated with: the enrollment as of `asOf`, with the ledger's
 * accumulators, paid lines and authorization units added the way a batch carries them.
 */
export function memberContext(state: LedgerState, program: Program, asOf: string): Context {
  const parsed = parseContext({ asOf, ...state.enrollment }, { accumulators: program.accumulators });
  // the enrollment was validated when stored; a failure here means the stored text was altered
  if (!parsed.ok) throw new Error(`the stored enrollment no longer validates: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  const carried: MemberState = { deltas: state.accumulators, history: state.paidLines, authorizationUnits: state.authorizationUnits };
  return applyState(parsed.context, carried);
}

// ------------------------------------------------------------------------------ effects

/** a posting's effect as stored: what it added, so a reversal takes exactly that away */
export interface StoredEffect {
  planYear: string;
  accumulators: Array<{ name: string; unit: "money" | "count"; delta: number }>;
  paidLines: Array<{ serviceDate: number; code: string; modifiers: string[]; providerNpi: string }>;
  authorizationUnits: Array<{ number: string; units: number }>;
}

export function storedEffect(effect: ClaimEffect, program: Program): StoredEffect {
  const units = new Map(program.accumulators.map((a) => [a.name, a.unit]));
  return {
    planYear: planYearOf(program),
    accumulators: [...effect.deltas]
      .filter(([, delta]) => delta !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, delta]) => ({ name, unit: units.get(name) ?? "money", delta })),
    paidLines: effect.history.map((h) => ({ serviceDate: h.serviceDate, code: h.code, modifiers: h.modifiers, providerNpi: h.providerNpi })),
    authorizationUnits: [...effect.authorizationUnits].filter(([, units]) => units !== 0).map(([number, units]) => ({ number, units })),
  };
}

/** a void changes nothing itself; it only reverses */
export const emptyEffect = (planYear: string): StoredEffect => ({ planYear, accumulators: [], paidLines: [], authorizationUnits: [] });

// ------------------------------------------------------------------------------ reversals

export interface ReversalLine {
  lineNumber: number;
  billed: string;
  allowed: string;
  paid: string;
  patientResponsibility: string;
  adjustments: Array<{ group: string; reason: string; amount: string }>;
}

/** a posted claim taken back, as an 835 shows it (CLP02 22): the original's amounts negated */
export interface Reversal {
  claimId: string;
  status: "reversed";
  /** the posting reversed */
  posting: number;
  ruleset: Result["ruleset"];
  totals: Result["totals"];
  lines: ReversalLine[];
  /** the accumulator deltas taken back: money as strings, counts as integers */
  accumulators: Record<string, string | number>;
}

const negate = (money: string): string => {
  const cents = parseDecimalToCents(money);
  if (cents === null) throw new Error(`internal: a stored amount is not money: ${money}`);
  return formatMoney(-cents);
};

const negateLine = (l: ResultLine): ReversalLine => ({
  lineNumber: l.lineNumber,
  billed: negate(l.billed),
  allowed: negate(l.allowed),
  paid: negate(l.paid),
  patientResponsibility: negate(l.patientResponsibility),
  adjustments: l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: negate(a.amount) })),
});

export function reversalOf(result: Result, posting: number): Reversal {
  const accumulators: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(result.accumulators)) accumulators[name] = typeof value === "number" ? -value : negate(value);
  return {
    claimId: result.claimId,
    status: "reversed",
    posting,
    ruleset: result.ruleset,
    totals: {
      billed: negate(result.totals.billed),
      allowed: negate(result.totals.allowed),
      paid: negate(result.totals.paid),
      patientResponsibility: negate(result.totals.patientResponsibility),
    },
    lines: result.lines.map(negateLine),
    accumulators,
  };
}

// ------------------------------------------------------------------------------ claims

export type PostingKind = "original" | "replacement" | "void";

/** what a submission asks for: frequency code "7" (or `replaces` alone) replaces, "8" voids */
export function postingKind(claim: Claim): { kind: PostingKind; target: string | null } {
  const code = claim.frequencyCode ?? (claim.replaces !== undefined ? "7" : "1");
  if (code === "1") return { kind: "original", target: null };
  return { kind: code === "7" ? "replacement" : "void", target: claim.replaces ?? claim.id };
}

/**
 * SHA-256 of the normalised claim: two spellings of one claim ("120" and "120.00", "J06.9" and
 * "J069") are the same submission; any change that could change the result is a different one.
 */
export function contentHash(claim: Claim): string {
  return createHash("sha256").update("edict-claim-1\n").update(JSON.stringify(claim)).digest("hex");
}
