// The phases of adjudication (grammar/SEMANTICS.md), written once and driven by either
// evaluator: rules decide edits, the plan's benefits decide coverage, authorization, limits,
// pricing and cost share; every decision can leave a trace entry. Pure: no clock, no I/O.
import { PHASES, type RulePhase, type Span } from "../syntax/ast.js";
import type { IrBenefit, IrRule, Program, ReasonCode, Value } from "../ir/ir.js";
import type { Claim, ClaimLine, Context, Result, ResultLine, TraceEntry, Fact, ClaimStatus } from "../model/types.js";
import { applyRate, formatMoney } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import { FactLog } from "../eval/values.js";

/** A rule as an evaluator prepared it: its condition and its `set allowed` amount, ready to run. */
export interface RuleCheck {
  rule: IrRule;
  /** whether the rule's condition holds for the line */
  test(claim: Claim, line: ClaimLine, context: Context, log: FactLog | null): boolean;
  /** the amount of a `set allowed` action, in cents (null when missing) */
  amount(claim: Claim, line: ClaimLine, context: Context, log: FactLog | null): number | null;
}

/** What differs between the reference interpreter and the compiled evaluator. */
export interface Evaluator {
  /**
   * the rules that may fire for `line`, per phase in the order of PHASES, each in evaluation
   * order (an index may leave out rules that cannot fire)
   */
  rulesFor(line: ClaimLine): ReadonlyArray<readonly RuleCheck[]>;
  /** the first benefit covering the line */
  benefitFor(claim: Claim, line: ClaimLine, context: Context): IrBenefit | null;
  /** the fee-schedule amount per unit for a procedure code */
  fee(code: string): number | null;
}

export interface AdjudicateOptions {
  trace?: boolean;
  /**
   * Rules not to run: whole phases of rules, and single rules by "pack/id". Only rules are
   * skipped, never the engine's own steps (benefits, authorization, limits, pricing, cost
   * share). None by default; an estimate skips the edits that need a finished claim.
   */
  skip?: { phases?: readonly RulePhase[]; rules?: readonly string[] };
}

interface LineState {
  line: ClaimLine;
  rules: ReadonlyArray<readonly RuleCheck[]>;
  status: "paid" | "denied" | "pended";
  reason: ReasonCode | null;
  decisionRemarks: readonly string[];
  /** remarks added by `remark` and `set allowed` actions; null until the first */
  remarks: Set<string> | null;
  benefit: IrBenefit | null;
  allowedOverride: number | null;
  allowed: number;
  adjustments: Array<{ group: string; reason: string; amount: number }>;
}

const NO_BENEFIT: ReasonCode = { group: "CO", carc: "204" };
const NO_AUTHORIZATION: ReasonCode = { group: "CO", carc: "197" };
const AUTHORIZATION_USED_UP: ReasonCode = { group: "CO", carc: "198" };
const LIMIT_REACHED: ReasonCode = { group: "CO", carc: "119" };
const PENDING_REVIEW: ReasonCode = { group: "CO", carc: "133" };

const NO_REMARKS: readonly string[] = [];
const addRemarks = (s: LineState, remarks: readonly string[]) => {
  if (remarks.length) remarks.forEach((r) => (s.remarks ??= new Set()).add(r));
};

const reasonText = (r: ReasonCode) => `${r.group}-${r.carc}`;
const at = (span: Span) => `${span.file}:${span.line}:${span.col}`;

export function adjudicate(program: Program, evaluator: Evaluator, claim: Claim, context: Context, options: AdjudicateOptions = {}): Result {
  const tracing = options.trace === true;
  const skipPhases = options.skip?.phases?.length ? new Set(options.skip.phases) : null;
  const skipRules = options.skip?.rules?.length ? new Set(options.skip.rules) : null;
  const trace: TraceEntry[] = [];
  const states: LineState[] = claim.lines.map((line) => ({
    line,
    rules: evaluator.rulesFor(line),
    status: "paid",
    reason: null,
    decisionRemarks: NO_REMARKS,
    remarks: null,
    benefit: null,
    allowedOverride: null,
    allowed: 0,
    adjustments: [],
  }));
  const plan = program.plan;
  const planRule = plan ? `${plan.pack}/plan` : `${program.name}/plan`;
  const planSpan: Span = plan?.span ?? { file: program.name, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };

  const note = (s: LineState, phase: string, rule: string, span: Span, facts: Fact[], action: string, cites?: string[]) => {
    if (!tracing) return;
    const entry: TraceEntry = { lineNumber: s.line.lineNumber, phase, rule, at: at(span), facts, action };
    if (cites && cites.length) entry.cites = cites;
    trace.push(entry);
  };

  const deny = (s: LineState, reason: ReasonCode, remarks: readonly string[]): boolean => {
    if (s.status === "denied") return false;
    s.status = "denied";
    s.reason = reason;
    s.decisionRemarks = remarks;
    return true;
  };
  const pend = (s: LineState, reason: ReasonCode, remarks: readonly string[]): boolean => {
    if (s.status !== "paid") return false;
    s.status = "pended";
    s.reason = reason;
    s.decisionRemarks = remarks;
    return true;
  };

  const runRules = (phase: RulePhase, phaseIndex: number) => {
    if (skipPhases?.has(phase)) return;
    for (const s of states) {
      for (const check of s.rules[phaseIndex]) {
        const rule = check.rule;
        if (skipRules?.has(`${rule.pack}/${rule.id}`)) continue;
        const action = rule.action;
        const canChange =
          action.kind === "remark" ||
          (action.kind === "deny" && s.status !== "denied") ||
          (action.kind === "pend" && s.status === "paid") ||
          (action.kind === "setAllowed" && s.status === "paid" && s.allowedOverride === null);
        if (!canChange && !tracing) continue; // cannot change the outcome; only the trace would show it
        const log = tracing ? new FactLog() : null;
        if (!check.test(claim, s.line, context, log)) continue;
        // what the trace says is only worded when there is a trace
        let did = "";
        switch (action.kind) {
          case "deny": {
            const changed = deny(s, action.reason, action.remarks);
            if (log) did = changed ? `deny ${reasonText(action.reason)}` : `deny ${reasonText(action.reason)} (already ${s.status} ${reasonText(s.reason!)})`;
            break;
          }
          case "pend": {
            const changed = pend(s, action.reason, action.remarks);
            if (log) did = changed ? `pend ${reasonText(action.reason)}` : `pend (already ${s.status})`;
            break;
          }
          case "remark":
            addRemarks(s, action.remarks);
            if (log) did = `remark ${action.remarks.join(", ")}`;
            break;
          case "setAllowed": {
            const amount = canChange ? check.amount(claim, s.line, context, log) : null;
            if (amount !== null) {
              s.allowedOverride = Math.max(0, amount);
              addRemarks(s, action.remarks);
              if (log) did = `set allowed ${formatMoney(s.allowedOverride)}`;
            } else if (log) did = "set allowed (no amount)";
            break;
          }
        }
        if (!log) continue;
        if ((action.kind === "deny" || action.kind === "pend") && action.remarks.length) did += ` remark ${action.remarks.join(", ")}`;
        note(s, phase, `${rule.pack}/${rule.id}`, rule.span, log.facts, did, rule.cites);
      }
    }
  };

  const payable = () => states.filter((s) => s.status === "paid");

  const findBenefits = () => {
    for (const s of states) {
      if (s.status === "denied") continue;
      const benefit = plan ? evaluator.benefitFor(claim, s.line, context) : null;
      if (benefit) s.benefit = benefit;
      else if (plan) deny(s, NO_BENEFIT, []);
      else pend(s, PENDING_REVIEW, []);
      if (!tracing) continue;
      const facts: Fact[] = [{ fact: "line.code", value: s.line.code }];
      if (benefit) note(s, "benefits", `${benefit.pack}/${benefit.id}`, benefit.span, facts, `covered by benefit ${benefit.id}`, benefit.cites);
      else if (plan) note(s, "benefits", planRule, planSpan, facts, `deny ${reasonText(NO_BENEFIT)}: no benefit covers ${s.line.code}`);
      else note(s, "benefits", planRule, planSpan, facts, `pend ${reasonText(PENDING_REVIEW)}: the ruleset has no plan, only edits`);
    }
  };

  const checkAuthorizations = () => {
    const taken = new Map<string, number>();
    for (const s of payable()) {
      const b = s.benefit!;
      if (!b.requiresAuthorization) continue;
      const line = s.line;
      const matching = context.authorizations.filter(
        (a) =>
          (claim.priorAuthorization === null || a.number === claim.priorAuthorization) &&
          a.codes.includes(line.code) &&
          a.from <= line.serviceDate &&
          line.serviceDate <= a.to,
      );
      const remaining = (a: { number: string; units: number; used: number }) => a.units - a.used - (taken.get(a.number) ?? 0);
      const chosen = matching.find((a) => remaining(a) >= line.units);
      const facts: Fact[] = [
        { fact: "line.code", value: line.code },
        { fact: "line.serviceDate", value: formatDate(line.serviceDate) },
        { fact: "line.units", value: line.units },
      ];
      if (claim.priorAuthorization !== null) facts.push({ fact: "claim.priorAuthorization", value: claim.priorAuthorization });
      if (matching.length === 0) {
        deny(s, NO_AUTHORIZATION, []);
        note(s, "authorization", `${b.pack}/${b.id}`, b.span, facts, `deny ${reasonText(NO_AUTHORIZATION)}: no authorization covers this code and date`, b.cites);
      } else if (!chosen) {
        facts.push(...matching.map((a) => ({ fact: `authorization ${a.number} units remaining`, value: remaining(a) })));
        deny(s, AUTHORIZATION_USED_UP, []);
        note(s, "authorization", `${b.pack}/${b.id}`, b.span, facts, `deny ${reasonText(AUTHORIZATION_USED_UP)}: authorized units are used up`, b.cites);
      } else {
        facts.push({ fact: `authorization ${chosen.number} units remaining`, value: remaining(chosen) });
        taken.set(chosen.number, (taken.get(chosen.number) ?? 0) + line.units);
        note(s, "authorization", `${b.pack}/${b.id}`, b.span, facts, `authorized by ${chosen.number}`, b.cites);
      }
    }
  };

  const checkLimits = () => {
    for (const b of program.benefits) {
      if (!b.limit) continue;
      const limit = b.limit;
      const before = context.accumulators[limit.accumulator] ?? 0;
      const lines = states.filter((s) => s.status === "paid" && s.benefit === b);
      if (lines.length === 0) continue;
      const entry = (s: LineState, used: number, action: string, reason?: ReasonCode) => {
        if (reason) deny(s, reason, []);
        if (tracing)
          note(
          s,
          "limits",
          `${b.pack}/${b.id}`,
          limit.span,
          [
            { fact: `${limit.accumulator} before this claim`, value: before },
            { fact: `${limit.unit} counted so far`, value: used },
            { fact: "limit", value: limit.max },
          ],
          action,
          b.cites,
        );
      };
      if (limit.unit === "visits") {
        const dates = [...new Set(lines.map((s) => s.line.serviceDate))].sort((x, y) => x - y);
        let visits = 0;
        for (const date of dates) {
          const within = before + visits < limit.max;
          for (const s of lines.filter((x) => x.line.serviceDate === date)) {
            if (within) entry(s, before + visits, `visit ${before + visits + 1} of ${limit.max}`);
            else entry(s, before + visits, `deny ${reasonText(LIMIT_REACHED)}: ${limit.max} visits already used`, LIMIT_REACHED);
          }
          if (within) visits++;
        }
      } else {
        let units = 0;
        for (const s of lines) {
          if (before + units + s.line.units <= limit.max) {
            entry(s, before + units, `units ${before + units + 1}–${before + units + s.line.units} of ${limit.max}`);
            units += s.line.units;
          } else entry(s, before + units, `deny ${reasonText(LIMIT_REACHED)}: over ${limit.max} units`, LIMIT_REACHED);
        }
      }
    }
  };

  const price = () => {
    for (const s of payable()) {
      const line = s.line;
      const fee = s.allowedOverride === null ? evaluator.fee(line.code) : null;
      const span = plan?.feeSchedule?.table.span ?? planSpan;
      if (s.allowedOverride === null && fee === null) {
        pend(s, PENDING_REVIEW, []);
        if (tracing) {
          const facts: Fact[] = [{ fact: "line.charge", value: formatMoney(line.charge) }, { fact: "line.code", value: line.code }];
          note(s, "pricing", planRule, span, facts, `pend ${reasonText(PENDING_REVIEW)}: no fee-schedule amount for ${line.code}; price by hand`);
        }
        continue;
      }
      const amount = s.allowedOverride ?? fee! * line.units;
      s.allowed = Math.min(line.charge, amount);
      const writeOff = line.charge - s.allowed;
      if (writeOff > 0) s.adjustments.push({ group: "CO", reason: "45", amount: writeOff });
      if (tracing) {
        const facts: Fact[] = [{ fact: "line.charge", value: formatMoney(line.charge) }];
        if (s.allowedOverride === null) facts.push({ fact: `fee for ${line.code}`, value: formatMoney(fee!) }, { fact: "line.units", value: line.units });
        else facts.push({ fact: "allowed set by rule", value: formatMoney(amount) });
        note(s, "pricing", planRule, span, facts, `allowed ${formatMoney(s.allowed)}${writeOff > 0 ? `, CO-45 ${formatMoney(writeOff)}` : ""}`);
      }
    }
  };

  const moneyDeltas = new Map<string, number>();
  const shareCosts = () => {
    if (!plan) return;
    const accumulated = (name: string) => (context.accumulators[name] ?? 0) + (moneyDeltas.get(name) ?? 0);
    const add = (name: string, amount: number) => moneyDeltas.set(name, (moneyDeltas.get(name) ?? 0) + amount);
    for (const s of payable()) {
      const network = claim.provider.network;
      const tier = plan.tiers[network];
      const terms = s.benefit!.costShare[network];
      let room = Math.max(0, tier.outOfPocket - accumulated(tier.outOfPocketAccumulator));
      let rest = s.allowed;
      const facts: Fact[] | null = tracing
        ? [
            { fact: "provider.network", value: network },
            { fact: `${tier.deductibleAccumulator} met before this line`, value: formatMoney(accumulated(tier.deductibleAccumulator)) },
            { fact: `${tier.outOfPocketAccumulator} before this line`, value: formatMoney(accumulated(tier.outOfPocketAccumulator)) },
          ]
        : null;
      const copay = Math.min(terms.copay, rest, room);
      rest -= copay;
      room -= copay;
      let deductible = 0;
      if (terms.deductible) {
        const remaining = Math.max(0, tier.deductible - accumulated(tier.deductibleAccumulator));
        deductible = Math.min(rest, remaining, room);
        rest -= deductible;
        room -= deductible;
      }
      const coinsurance = Math.min(applyRate(rest, terms.coinsurance), room);
      const paid = s.allowed - copay - deductible - coinsurance;
      if (copay > 0) s.adjustments.push({ group: "PR", reason: "3", amount: copay });
      if (deductible > 0) s.adjustments.push({ group: "PR", reason: "1", amount: deductible });
      if (coinsurance > 0) s.adjustments.push({ group: "PR", reason: "2", amount: coinsurance });
      add(tier.deductibleAccumulator, deductible);
      add(tier.outOfPocketAccumulator, copay + deductible + coinsurance);
      if (!facts) continue;
      const parts = [copay > 0 && `PR-3 ${formatMoney(copay)}`, deductible > 0 && `PR-1 ${formatMoney(deductible)}`, coinsurance > 0 && `PR-2 ${formatMoney(coinsurance)}`].filter(Boolean);
      note(s, "cost_share", `${s.benefit!.pack}/${s.benefit!.id}`, s.benefit!.span, facts, `${parts.length ? parts.join(", ") + "; " : "no cost share; "}paid ${formatMoney(paid)}`, s.benefit!.cites);
    }
  };

  PHASES.forEach((phase, phaseIndex) => {
    if (phase === "benefits") findBenefits();
    else if (phase === "authorization") checkAuthorizations();
    else if (phase === "limits") checkLimits();
    runRules(phase, phaseIndex);
    if (phase === "pricing") price(); // rules in pricing run before the fee step (SEMANTICS.md)
  });
  shareCosts();

  return buildResult(program, claim, states, moneyDeltas, tracing ? orderTrace(trace) : undefined);
}

function orderTrace(trace: TraceEntry[]): TraceEntry[] {
  return trace.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.lineNumber - b.entry.lineNumber || a.i - b.i).map((x) => x.entry);
}

function buildResult(program: Program, claim: Claim, states: LineState[], moneyDeltas: Map<string, number>, trace: TraceEntry[] | undefined): Result {
  const lines: ResultLine[] = [];
  const totals = { billed: 0, allowed: 0, paid: 0, patientResponsibility: 0 };
  for (const s of states) {
    if (s.status === "denied") s.adjustments = [{ group: s.reason!.group, reason: s.reason!.carc, amount: s.line.charge }];
    if (s.status !== "paid") s.allowed = 0;
    const adjusted = s.adjustments.reduce((sum, a) => sum + a.amount, 0);
    const paid = s.status === "paid" ? s.line.charge - adjusted : 0;
    const patient = s.adjustments.filter((a) => a.group === "PR").reduce((sum, a) => sum + a.amount, 0);
    totals.billed += s.line.charge;
    totals.allowed += s.allowed;
    totals.paid += paid;
    totals.patientResponsibility += patient;
    const decided = s.status === "paid" ? NO_REMARKS : s.decisionRemarks;
    const remarks = s.remarks === null && decided.length === 0 ? [] : [...new Set([...(s.remarks ?? []), ...decided])].sort();
    lines.push({
      lineNumber: s.line.lineNumber,
      status: s.status,
      reason: s.reason ? reasonText(s.reason) : null,
      billed: formatMoney(s.line.charge),
      allowed: formatMoney(s.allowed),
      paid: formatMoney(paid),
      patientResponsibility: formatMoney(patient),
      adjustments: s.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: formatMoney(a.amount) })),
      remarks,
    });
  }

  const accumulators: Record<string, string | number> = {};
  const counts = countDeltas(program, states);
  for (const acc of accumulatorsByName(program)) {
    const delta = acc.unit === "money" ? moneyDeltas.get(acc.name) ?? 0 : counts.get(acc.name) ?? 0;
    if (delta !== 0) accumulators[acc.name] = acc.unit === "money" ? formatMoney(delta) : delta;
  }

  const result: Result = {
    claimId: claim.id,
    ruleset: { name: program.name, version: program.version, hash: program.hash },
    status: claimStatus(lines),
    totals: {
      billed: formatMoney(totals.billed),
      allowed: formatMoney(totals.allowed),
      paid: formatMoney(totals.paid),
      patientResponsibility: formatMoney(totals.patientResponsibility),
    },
    lines,
    accumulators,
  };
  if (trace) result.trace = trace;
  return result;
}

const sortedAccumulators = new WeakMap<Program, Program["accumulators"]>();
/** the program's accumulators by name (results list them in that order), sorted once per program */
function accumulatorsByName(program: Program): Program["accumulators"] {
  let sorted = sortedAccumulators.get(program);
  if (!sorted) {
    sorted = [...program.accumulators].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedAccumulators.set(program, sorted);
  }
  return sorted;
}

/** visits: distinct dates with a paid line of the benefit; units: paid units */
function countDeltas(program: Program, states: LineState[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of program.benefits) {
    if (!b.limit) continue;
    const paid = states.filter((s) => s.status === "paid" && s.benefit === b);
    const delta = b.limit.unit === "visits" ? new Set(paid.map((s) => s.line.serviceDate)).size : paid.reduce((n, s) => n + s.line.units, 0);
    counts.set(b.limit.accumulator, (counts.get(b.limit.accumulator) ?? 0) + delta);
  }
  return counts;
}

function claimStatus(lines: ResultLine[]): ClaimStatus {
  if (lines.some((l) => l.status === "pended")) return "pended";
  if (lines.every((l) => l.status === "denied")) return "denied";
  if (lines.every((l) => l.status === "paid")) return "paid";
  return "partial";
}

export type { Value };
