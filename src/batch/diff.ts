// Impact analysis between two versions of the rules: which lines of a claim change status,
// reason or amount, the rule responsible for each (read from the two traces), and a report that
// sums the changes by rule with the paid and patient-responsibility deltas. Money is integer
// cents. Pure: no I/O.
import { formatMoney, parseDecimalToCents } from "../model/money.js";
import type { Result, ResultLine, TraceEntry } from "../model/types.js";
import { percent, thousands } from "./summary.js";
import { PHASES, type Phase } from "../common/phases.js";

/** what of a line is compared */
export const COMPARED = ["status", "reason", "allowed", "paid", "patientResponsibility", "adjustments"] as const;
export type Compared = (typeof COMPARED)[number];

export interface LineSide {
  status: string;
  reason: string | null;
  allowed: string;
  paid: string;
  patientResponsibility: string;
  adjustments: string;
}

export interface LineChange {
  lineNumber: number;
  changed: Compared[];
  /** "pack/rule" whose decision differs first in the line's two traces */
  rule: string;
  base: LineSide | null;
  head: LineSide | null;
}

export interface ClaimChange {
  /** input line of the record */
  line: number;
  claimId: string;
  status: { base: string; head: string };
  paid: { base: string; head: string; delta: string };
  patientResponsibility: { base: string; head: string; delta: string };
  lines: LineChange[];
}

const cents = (s: string) => parseDecimalToCents(s) ?? 0;
const signed = (c: number) => (c > 0 ? `+${formatMoney(c)}` : formatMoney(c));

function side(l: ResultLine): LineSide {
  return {
    status: l.status,
    reason: l.reason,
    allowed: l.allowed,
    paid: l.paid,
    patientResponsibility: l.patientResponsibility,
    adjustments: l.adjustments.map((a) => `${a.group}-${a.reason} ${a.amount}`).join(", "),
  };
}

/** the lines whose status, reason or amounts differ (rules not yet named) */
export function changedLines(base: Result, head: Result): Array<Omit<LineChange, "rule">> {
  const numbers = [...new Set([...base.lines, ...head.lines].map((l) => l.lineNumber))].sort((a, b) => a - b);
  const out: Array<Omit<LineChange, "rule">> = [];
  for (const n of numbers) {
    const b = base.lines.find((l) => l.lineNumber === n);
    const h = head.lines.find((l) => l.lineNumber === n);
    const bs = b ? side(b) : null;
    const hs = h ? side(h) : null;
    const changed = COMPARED.filter((k) => (bs ? bs[k] : undefined) !== (hs ? hs[k] : undefined));
    if (changed.length) out.push({ lineNumber: n, changed, base: bs, head: hs });
  }
  return out;
}

/**
 * The rule responsible for a line's change: the first decision (rule and action) where the
 * line's trace under the head rules departs from its trace under the base rules. A rule that
 * only one side has (added, removed, or newly firing) is that departure.
 */
export function responsibleRule(lineNumber: number, baseTrace: readonly TraceEntry[], headTrace: readonly TraceEntry[]): string {
  const b = baseTrace.filter((t) => t.lineNumber === lineNumber);
  const h = headTrace.filter((t) => t.lineNumber === lineNumber);
  for (let i = 0; i < Math.max(b.length, h.length); i++) {
    const x = b[i];
    const y = h[i];
    if (x && y && x.rule === y.rule && x.action === y.action) continue;
    // a decision only one side took: name the rule of the side that has the extra decision
    if (x && y && x.rule !== y.rule) {
      if (h.slice(i + 1).some((t) => t.rule === x.rule && t.action === x.action)) return y.rule;
      if (b.slice(i + 1).some((t) => t.rule === y.rule && t.action === y.action)) return x.rule;
      // each side has a decision the other lacks: the earlier one in phase order made the
      // difference (a rule the head disabled leaves the line to a later phase, which is not
      // responsible for it)
      const px = PHASES.indexOf(x.phase as Phase);
      const py = PHASES.indexOf(y.phase as Phase);
      if (px >= 0 && py >= 0 && px !== py) return px < py ? x.rule : y.rule;
    }
    return (y ?? x)!.rule;
  }
  return "unattributed";
}

/** compares one claim's two results; null when nothing compared differs */
export function compareClaim(
  line: number,
  base: Result,
  head: Result,
  traces: () => { base: readonly TraceEntry[]; head: readonly TraceEntry[] },
): ClaimChange | null {
  const lines = changedLines(base, head);
  if (!lines.length) return null;
  const t = traces();
  const bp = cents(base.totals.paid);
  const hp = cents(head.totals.paid);
  const bq = cents(base.totals.patientResponsibility);
  const hq = cents(head.totals.patientResponsibility);
  return {
    line,
    claimId: head.claimId,
    status: { base: base.status, head: head.status },
    paid: { base: base.totals.paid, head: head.totals.paid, delta: signed(hp - bp) },
    patientResponsibility: { base: base.totals.patientResponsibility, head: head.totals.patientResponsibility, delta: signed(hq - bq) },
    lines: lines.map((l) => ({ ...l, rule: responsibleRule(l.lineNumber, t.base, t.head) })),
  };
}

interface RuleTally {
  claims: number;
  lines: number;
  paid: number;
  patient: number;
  statusChanges: number;
}

export interface DiffSummaryJson {
  claims: number;
  changedClaims: number;
  changedLines: number;
  /** claims whose claim-level status changed */
  statusChanges: number;
  malformed: number;
  paid: { base: string; head: string; delta: string };
  patientResponsibility: { base: string; head: string; delta: string };
  byRule: Array<{ rule: string; claims: number; lines: number; statusChanges: number; paidDelta: string; patientResponsibilityDelta: string }>;
}

/** sums compared claims; by rule, a line's money delta counts for the rule responsible for it */
export class DiffReport {
  private claims = 0;
  private changedClaims = 0;
  private changedLines = 0;
  private statusChanges = 0;
  private malformed = 0;
  private basePaid = 0;
  private headPaid = 0;
  private basePatient = 0;
  private headPatient = 0;
  private readonly byRule = new Map<string, RuleTally>();

  addMalformed(): void {
    this.malformed++;
  }

  add(base: Result, head: Result, change: ClaimChange | null): void {
    this.claims++;
    this.basePaid += cents(base.totals.paid);
    this.headPaid += cents(head.totals.paid);
    this.basePatient += cents(base.totals.patientResponsibility);
    this.headPatient += cents(head.totals.patientResponsibility);
    if (!change) return;
    this.changedClaims++;
    if (change.status.base !== change.status.head) this.statusChanges++;
    const seen = new Set<string>();
    for (const l of change.lines) {
      this.changedLines++;
      const t = this.byRule.get(l.rule) ?? { claims: 0, lines: 0, paid: 0, patient: 0, statusChanges: 0 };
      if (!seen.has(l.rule)) {
        seen.add(l.rule);
        t.claims++;
      }
      t.lines++;
      if ((l.base?.status ?? null) !== (l.head?.status ?? null)) t.statusChanges++;
      t.paid += cents(l.head?.paid ?? "0") - cents(l.base?.paid ?? "0");
      t.patient += cents(l.head?.patientResponsibility ?? "0") - cents(l.base?.patientResponsibility ?? "0");
      this.byRule.set(l.rule, t);
    }
  }

  toJson(): DiffSummaryJson {
    return {
      claims: this.claims,
      changedClaims: this.changedClaims,
      changedLines: this.changedLines,
      statusChanges: this.statusChanges,
      malformed: this.malformed,
      paid: { base: formatMoney(this.basePaid), head: formatMoney(this.headPaid), delta: signed(this.headPaid - this.basePaid) },
      patientResponsibility: { base: formatMoney(this.basePatient), head: formatMoney(this.headPatient), delta: signed(this.headPatient - this.basePatient) },
      byRule: [...this.byRule]
        .sort((a, b) => b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1))
        .map(([rule, t]) => ({
          rule,
          claims: t.claims,
          lines: t.lines,
          statusChanges: t.statusChanges,
          paidDelta: signed(t.paid),
          patientResponsibilityDelta: signed(t.patient),
        })),
    };
  }

  toText(): string {
    const j = this.toJson();
    const n = thousands;
    const out = [
      `${n(j.claims)} claims compared: ${n(j.changedClaims)} changed (${percent(j.changedClaims, j.claims)}), ${n(j.changedLines)} lines; ${n(j.statusChanges)} claims changed status; ${n(j.malformed)} malformed records`,
      `paid:                   $${j.paid.base} → $${j.paid.head}  (${j.paid.delta})`,
      `patient responsibility: $${j.patientResponsibility.base} → $${j.patientResponsibility.head}  (${j.patientResponsibility.delta})`,
    ];
    if (j.byRule.length) {
      out.push("by rule responsible:");
      const width = Math.max(...j.byRule.map((r) => r.rule.length));
      for (const r of j.byRule) {
        out.push(
          `  ${r.rule.padEnd(width)}  ${n(r.claims).padStart(7)} claims ${n(r.lines).padStart(7)} lines  paid ${r.paidDelta.padStart(12)}  patient ${r.patientResponsibilityDelta.padStart(12)}`,
        );
      }
    }
    return out.join("\n") + "\n";
  }
}

/** a changed claim as readable text: the claim, then each changed line with its rule */
export function claimChangeText(c: ClaimChange): string {
  const out = [
    `${c.claimId} (input line ${c.line}): ${c.status.base === c.status.head ? c.status.head : `${c.status.base} → ${c.status.head}`}, paid $${c.paid.base} → $${c.paid.head} (${c.paid.delta}), patient $${c.patientResponsibility.base} → $${c.patientResponsibility.head} (${c.patientResponsibility.delta})`,
  ];
  for (const l of c.lines) {
    const parts = l.changed.map((k) => {
      const b = l.base ? String(l.base[k] ?? "none") : "absent";
      const h = l.head ? String(l.head[k] ?? "none") : "absent";
      return `${k} ${b || "none"} → ${h || "none"}`;
    });
    out.push(`  line ${l.lineNumber}: ${parts.join("; ")}  [${l.rule}]`);
  }
  return out.join("\n") + "\n";
}
