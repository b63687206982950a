// The result of a claim from its final line states: the money of each line, the totals, the
// claim status (grammar/SEMANTICS.md §3) and the accumulator deltas, formatted for the contract.
import type { Program, ReasonCode } from "../ir/ir.js";
import type { Claim, ClaimStatus, Result, ResultLine, TraceEntry } from "../model/types.js";
import { formatMoney } from "../model/money.js";
import { NO_REMARKS, reasonText, type LineState } from "./state.js";

export function buildResult(program: Program, claim: Claim, states: LineState[], moneyDeltas: Map<string, number>, trace: TraceEntry[] | undefined): Result {
  const lines: ResultLine[] = new Array(states.length);
  let billed = 0;
  let allowed = 0;
  let paidTotal = 0;
  let patientTotal = 0;
  let denied = 0;
  let pended = 0;
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    const charge = s.line.charge;
    // each adjustment is written once, in its final form, from the line's money (adjustmentsOf's
    // order), into a list of its size (a list grown by push holds room for 17)
    let adjustments: ResultLine["adjustments"];
    let patient = 0;
    let paid = 0;
    let billedText: string | null = null;
    if (s.status === "denied") {
      denied++;
      const reason = s.reason!;
      // the amount is the charge, formatted once for both (resultLine's billed)
      adjustments = [{ group: reason.group, reason: reason.carc, amount: (billedText = money(charge)) }];
      if (reason.group === "PR") patient = charge;
    } else if (s.coordinated !== null) {
      let adjusted = 0;
      const coordinated = s.coordinated;
      adjustments = new Array(coordinated.length);
      for (let k = 0; k < coordinated.length; k++) {
        const a = coordinated[k]!;
        adjusted += a.amount;
        if (a.group === "PR") patient += a.amount;
        adjustments[k] = { group: a.group, reason: a.reason, amount: money(a.amount) };
      }
      if (s.status === "paid") paid = charge - adjusted;
    } else {
      const { writeOff, copay, deductible, coinsurance } = s;
      const count = (writeOff > 0 ? 1 : 0) + (copay > 0 ? 1 : 0) + (deductible > 0 ? 1 : 0) + (coinsurance > 0 ? 1 : 0);
      adjustments = count === 0 ? [] : new Array(count);
      let k = 0;
      if (writeOff > 0) adjustments[k++] = { group: "CO", reason: "45", amount: money(writeOff) };
      if (copay > 0) adjustments[k++] = { group: "PR", reason: "3", amount: money(copay) };
      if (deductible > 0) adjustments[k++] = { group: "PR", reason: "1", amount: money(deductible) };
      if (coinsurance > 0) adjustments[k] = { group: "PR", reason: "2", amount: money(coinsurance) };
      // none is below zero (the steps take min and max of amounts that are not), so the sums are the list's
      patient = copay + deductible + coinsurance;
      if (s.status === "paid") paid = charge - writeOff - patient;
    }
    if (s.status === "pended") pended++;
    if (s.status !== "paid") s.allowed = 0;
    billed += charge;
    allowed += s.allowed;
    paidTotal += paid;
    patientTotal += patient;
    lines[i] = resultLine(s, billedText ?? money(charge), paid, patient, adjustments);
  }
  const result: Result = {
    claimId: claim.id,
    ruleset: program.signature
      ? { name: program.name, version: program.version, hash: program.hash, keyId: program.signature.keyId, signature: program.signature.signature }
      : { name: program.name, version: program.version, hash: program.hash },
    // as claimStatus(lines), from the counts
    status: pended > 0 ? "pended" : denied === lines.length ? "denied" : denied === 0 ? "paid" : "partial",
    totals: {
      billed: money(billed),
      allowed: money(allowed),
      paid: money(paidTotal),
      patientResponsibility: money(patientTotal),
    },
    lines,
    accumulators: accumulatorDeltas(program, states, moneyDeltas),
  };
  if (trace) result.trace = trace;
  return result;
}

function resultLine(s: LineState, billed: string, paid: number, patient: number, adjustments: ResultLine["adjustments"]): ResultLine {
  const decided = s.status === "paid" ? NO_REMARKS : s.decisionRemarks;
  const remarks = s.remarks === null && decided.length === 0 ? [] : [...new Set([...(s.remarks ?? []), ...decided])].sort();
  return {
    lineNumber: s.line.lineNumber,
    status: s.status,
    reason: s.reason ? reasonTextOf(s.reason) : null,
    billed,
    allowed: money(s.allowed),
    paid: money(paid),
    patientResponsibility: money(patient),
    adjustments,
    remarks,
  };
}

/** zero, formatted: a denied line's allowed, paid and patient share, most lines' patient share */
const ZERO = "0.00";

/** formatMoney, with zero (a denied line has three, most lines a patient share of zero) as one constant rather than a new string */
const money = (cents: number): string => (cents === 0 ? ZERO : formatMoney(cents));

/** the text of each reason code met so far: a result line's reason is not a new string a line */
const reasonTexts = new Map<ReasonCode, string>();
function reasonTextOf(r: ReasonCode): string {
  let text = reasonTexts.get(r);
  if (text === undefined) {
    text = reasonText(r);
    // reason codes are the program's and the engine's own few constants; a host that loads
    // program after program starts the memo afresh rather than growing it
    if (reasonTexts.size >= 4096) reasonTexts.clear();
    reasonTexts.set(r, text);
  }
  return text;
}

/** what this claim adds to each accumulator, by name; zero deltas are left out */
function accumulatorDeltas(program: Program, states: LineState[], moneyDeltas: Map<string, number>): Record<string, string | number> {
  const accumulators: Record<string, string | number> = {};
  for (const acc of accumulatorsByName(program)) {
    const delta = acc.unit === "money" ? (moneyDeltas.get(acc.name) ?? 0) : countDelta(program, states, acc.name);
    if (delta !== 0) accumulators[acc.name] = acc.unit === "money" ? money(delta) : delta;
  }
  return accumulators;
}

const sortedAccumulators = new WeakMap<Program, Program["accumulators"]>();
/** the last program asked about and its sorted accumulators (one program at a time is the rule: no WeakMap probe a claim) */
let lastProgram: Program | null = null;
let lastSorted: Program["accumulators"] = [];
/** the program's accumulators by name (results list them in that order), sorted once per program */
function accumulatorsByName(program: Program): Program["accumulators"] {
  if (program === lastProgram) return lastSorted;
  let sorted = sortedAccumulators.get(program);
  if (!sorted) {
    sorted = [...program.accumulators].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedAccumulators.set(program, sorted);
  }
  lastProgram = program;
  lastSorted = sorted;
  return sorted;
}

/** what the claim adds to a count accumulator, over the benefits limited by it: visits, distinct dates with a paid line of the benefit; units, paid units */
function countDelta(program: Program, states: LineState[], accumulator: string): number {
  let total = 0;
  for (const b of program.benefits) {
    if (!b.limit || b.limit.accumulator !== accumulator) continue;
    if (b.limit.unit === "visits") {
      const dates = new Set<number>();
      for (const s of states) if (s.status === "paid" && s.benefit === b) dates.add(s.line.serviceDate);
      total += dates.size;
    } else {
      for (const s of states) if (s.status === "paid" && s.benefit === b) total += s.line.units;
    }
  }
  return total;
}

export function claimStatus(lines: readonly ResultLine[]): ClaimStatus {
  if (lines.some((l) => l.status === "pended")) return "pended";
  if (lines.every((l) => l.status === "denied")) return "denied";
  if (lines.every((l) => l.status === "paid")) return "paid";
  return "partial";
}
