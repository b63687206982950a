// What one claim of a member leaves for the member's next claim: the accumulator deltas of its
// result, its paid lines as history entries, and the authorization units its lines took. In a
// batch, a claim's context describes the member before the batch and the carried state is added
// to it; the ledger (src/ledger) keeps the same state in its tables. Pure: no I/O.
import { compareHistory, historyInOrder } from "../model/order.js";
import type { Claim, ClaimLine, Context, HistoryEntry, Result } from "../model/types.js";
import type { Program } from "../ir/ir.js";
import { parseDecimalToCents } from "../model/money.js";
import { HistoryOf } from "../model/fast-parse.js";

export interface MemberState {
  /** accumulator name → cents (money) or count added by earlier claims of the batch */
  deltas: Map<string, number>;
  /** paid lines of earlier claims of the batch, as history entries */
  history: HistoryEntry[];
  /** authorization number → units taken by earlier claims of the batch */
  authorizationUnits: Map<string, number>;
}

export function emptyState(): MemberState {
  return { deltas: new Map(), history: [], authorizationUnits: new Map() };
}

/** the context a claim is adjudicated with: its own context plus what earlier claims carried */
export function applyState(context: Context, state: MemberState): Context {
  if (state.deltas.size === 0 && state.history.length === 0 && state.authorizationUnits.size === 0) return context;
  // copied key by key: `Object.assign` onto a null-prototype object is the generic, slower path
  const accumulators: Record<string, number> = Object.create(null);
  const input = context.accumulators;
  for (const name in input) if (Object.hasOwn(input, name)) accumulators[name] = input[name]!;
  for (const [name, delta] of state.deltas) accumulators[name] = (accumulators[name] ?? 0) + delta;
  const history = state.history.length ? mergeHistory(context.history, state.history) : context.history;
  const authorizations = state.authorizationUnits.size
    ? context.authorizations.map((a) => {
        const taken = state.authorizationUnits.get(a.number);
        return taken ? { ...a, used: a.used + taken } : a;
      })
    : context.authorizations;
  return { ...context, accumulators, history, authorizations };
}

/**
 * `[...input, ...carried].sort(compareHistory)` without sorting the whole list for every claim:
 * the sort is stable, so it equals a merge of each part sorted on its own that takes the input's
 * entry first on a tie. Both parts are usually in order already. Always a new list.
 */
export function mergeHistory(input: readonly HistoryEntry[], carried: readonly HistoryEntry[]): HistoryEntry[] {
  const a = historyInOrder(input) ? input : [...input].sort(compareHistory);
  const b = historyInOrder(carried) ? carried : [...carried].sort(compareHistory);
  if (a.length === 0) return b === carried ? b.slice() : (b as HistoryEntry[]);
  const out: HistoryEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compareHistory(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** accumulator name → unit, once per program (a batch asks for every claim) */
const unitsOf = new WeakMap<Program, Map<string, "money" | "count">>();

/**
 * What a decided claim changes in its member's state: the result's accumulator deltas (cents or
 * counts, by the plan's declarations), its paid lines as history entries (`status: "paid"`), and
 * the authorization units (number → units) its lines took. Batch runs add it to the carried
 * state; the ledger (src/ledger) stores it with the posting and subtracts it again to reverse.
 */
export interface ClaimEffect {
  deltas: Map<string, number>;
  history: HistoryEntry[];
  authorizationUnits: Map<string, number>;
}

export function claimEffect(program: Program, claim: Claim, result: Result, authorizationUnits: ReadonlyMap<string, number>): ClaimEffect {
  const effect: ClaimEffect = { deltas: new Map(), history: [], authorizationUnits: new Map(authorizationUnits) };
  addResult(effect, program, claim, result);
  return effect;
}

/** the result's accumulator deltas and paid lines, added to `into` (an effect, or a member's state) */
function addResult(into: { deltas: Map<string, number>; history: HistoryEntry[] }, program: Program, claim: Claim, result: Result): void {
  let units = unitsOf.get(program);
  if (!units) unitsOf.set(program, (units = new Map(program.accumulators.map((a) => [a.name, a.unit]))));
  const deltas = into.deltas;
  const accumulators = result.accumulators;
  for (const name in accumulators) {
    if (!Object.hasOwn(accumulators, name)) continue;
    const value = accumulators[name]!;
    const amount = units.get(name) === "count" || typeof value === "number" ? Number(value) : (parseDecimalToCents(String(value)) ?? 0);
    deltas.set(name, (deltas.get(name) ?? 0) + amount);
  }
  const lines = result.lines;
  // a short claim's line is found by a scan; a long one's through a map (no quadratic search)
  let byNumber: Map<number, ClaimLine> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.status !== "paid") continue;
    if (claim.lines.length > 32) byNumber ??= new Map(claim.lines.map((l) => [l.lineNumber, l]));
    const l = byNumber ? byNumber.get(line.lineNumber) : lineNumbered(claim.lines, line.lineNumber);
    if (!l) continue;
    // built as the record readers build the input's entries (same keys, order and prototype):
    // a claim's merged history then holds entries of one shape, and no object literal's
    // allocation site learns that its entries live long (src/model/fast-parse.ts, "building")
    into.history.push(new HistoryOf(claim.id, l.serviceDate, l.code, l.modifiers.slice(), claim.provider.npi, "paid"));
  }
}

/** the claim's line of that number (the last one, as a map from line numbers would keep) */
function lineNumbered(lines: readonly ClaimLine[], lineNumber: number): ClaimLine | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.lineNumber === lineNumber) return lines[i];
  return undefined;
}

/** adds an effect to a member's state */
export function addEffect(state: MemberState, effect: ClaimEffect): void {
  for (const [name, delta] of effect.deltas) state.deltas.set(name, (state.deltas.get(name) ?? 0) + delta);
  state.history.push(...effect.history);
  for (const [number, taken] of effect.authorizationUnits) state.authorizationUnits.set(number, (state.authorizationUnits.get(number) ?? 0) + taken);
}

/**
 * Adds a claim's outcome to its member's state: the result's accumulator deltas, its paid lines
 * as history entries (`status: "paid"`), and `authorizationUnits` (number → units) its lines took.
 */
export function advanceState(state: MemberState, program: Program, claim: Claim, result: Result, authorizationUnits: ReadonlyMap<string, number>): void {
  // what `addEffect(state, claimEffect(…))` adds, without building the effect first
  addResult(state, program, claim, result);
  for (const [number, taken] of authorizationUnits) state.authorizationUnits.set(number, (state.authorizationUnits.get(number) ?? 0) + taken);
}
