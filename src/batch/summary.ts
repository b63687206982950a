// The summary of a batch run: claims by status, denial rate by CARC and by rule, money totals
// and the first-pass payment rate. It is folded from the output records alone (`factsOf`), so a
// resumed run that reads back the records already written ends with the same summary as an
// uninterrupted one. Money is integer cents. Pure: no I/O.
import { formatMoney, parseDecimalToCents } from "../model/money.js";
import type { OutputRecord, ResultRecord } from "./runner.js";
import type { Result } from "../model/types.js";

/** what the summary needs of one output record (small, so worker threads can send it) */
export type RecordFacts =
  | { error: true }
  | {
      error: false;
      status: string;
      billed: number;
      allowed: number;
      paid: number;
      patient: number;
      /** per line: status, reason ("CO-236") or null, deciding rule or null */
      lines: Array<[string, string | null, string | null]>;
    };

const cents = (s: string): number => parseDecimalToCents(s) ?? 0;

export function factsOf(record: OutputRecord): RecordFacts {
  return "error" in record ? { error: true } : resultFacts(record, record.decidedBy);
}

/** the facts of one result and its deciding rules (what `factsOf` reads of a result record) */
export function resultFacts(result: Pick<Result, "status" | "totals" | "lines">, decided: ResultRecord["decidedBy"]): RecordFacts {
  // the deciding rules are few (one per line that is not paid): a scan, no map; the last entry
  // of a line number counts, as it would in a map
  const ruleOf = (lineNumber: number): string | null => {
    for (let i = decided.length - 1; i >= 0; i--) if (decided[i]!.lineNumber === lineNumber) return decided[i]!.rule ?? null;
    return null;
  };
  return {
    error: false,
    status: result.status,
    billed: cents(result.totals.billed),
    allowed: cents(result.totals.allowed),
    paid: cents(result.totals.paid),
    patient: cents(result.totals.patientResponsibility),
    lines: result.lines.map((l) => [l.status, l.reason, l.status === "paid" ? null : ruleOf(l.lineNumber)]),
  };
}

export interface SummaryJson {
  records: number;
  /** malformed records (error records) */
  errors: number;
  /** adjudicated claims */
  claims: number;
  claimsByStatus: Record<string, number>;
  lines: number;
  linesByStatus: Record<string, number>;
  /** denied lines by CARC ("CO-236"): count and share of all adjudicated lines */
  deniedByReason: Array<{ reason: string; lines: number; rate: string }>;
  /** denied lines by the rule that decided them ("pack/rule"; "unknown" when no trace says) */
  deniedByRule: Array<{ rule: string; lines: number; rate: string }>;
  totals: { billed: string; allowed: string; paid: string; patientResponsibility: string };
  /** claims paid in full on first pass (every line paid: nothing denied or pended) ÷ adjudicated claims */
  firstPassPaymentRate: string;
}

const STATUSES = ["paid", "partial", "denied", "pended"] as const;
const LINE_STATUSES = ["paid", "denied", "pended"] as const;

/** a share as a percentage with two decimals, computed in integers ("12.34%") */
export function percent(part: number, whole: number): string {
  if (whole === 0) return "0.00%";
  const hundredths = Math.round((part * 10000) / whole); // exact for counts below 2^53 / 10^4
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}%`;
}

export class BatchSummary {
  records = 0;
  errors = 0;
  claims = 0;
  lines = 0;
  billed = 0;
  allowed = 0;
  paid = 0;
  patient = 0;
  readonly claimsByStatus = new Map<string, number>();
  readonly linesByStatus = new Map<string, number>();
  readonly deniedByReason = new Map<string, number>();
  readonly deniedByRule = new Map<string, number>();

  add(f: RecordFacts): void {
    this.records++;
    if (f.error) {
      this.errors++;
      return;
    }
    this.claims++;
    bump(this.claimsByStatus, f.status);
    this.billed += f.billed;
    this.allowed += f.allowed;
    this.paid += f.paid;
    this.patient += f.patient;
    for (const [status, reason, rule] of f.lines) {
      this.lines++;
      bump(this.linesByStatus, status);
      if (status !== "denied") continue;
      bump(this.deniedByReason, reason ?? "unknown");
      bump(this.deniedByRule, rule ?? "unknown");
    }
  }

  /** adds another summary's counts: a worker thread's, which may arrive as plain data with its maps */
  merge(other: Omit<BatchSummary, "add" | "merge" | "toJson" | "toText">): void {
    this.records += other.records;
    this.errors += other.errors;
    this.claims += other.claims;
    this.lines += other.lines;
    this.billed += other.billed;
    this.allowed += other.allowed;
    this.paid += other.paid;
    this.patient += other.patient;
    const pairs: Array<[Map<string, number>, ReadonlyMap<string, number>]> = [
      [this.claimsByStatus, other.claimsByStatus],
      [this.linesByStatus, other.linesByStatus],
      [this.deniedByReason, other.deniedByReason],
      [this.deniedByRule, other.deniedByRule],
    ];
    for (const [mine, theirs] of pairs) for (const [k, n] of theirs) mine.set(k, (mine.get(k) ?? 0) + n);
  }

  toJson(): SummaryJson {
    const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const byStatus = (m: Map<string, number>, names: readonly string[]) => {
      const out: Record<string, number> = {};
      for (const n of names) out[n] = m.get(n) ?? 0;
      return out;
    };
    return {
      records: this.records,
      errors: this.errors,
      claims: this.claims,
      claimsByStatus: byStatus(this.claimsByStatus, STATUSES),
      lines: this.lines,
      linesByStatus: byStatus(this.linesByStatus, LINE_STATUSES),
      deniedByReason: ranked(this.deniedByReason).map(([reason, lines]) => ({ reason, lines, rate: percent(lines, this.lines) })),
      deniedByRule: ranked(this.deniedByRule).map(([rule, lines]) => ({ rule, lines, rate: percent(lines, this.lines) })),
      totals: {
        billed: formatMoney(this.billed),
        allowed: formatMoney(this.allowed),
        paid: formatMoney(this.paid),
        patientResponsibility: formatMoney(this.patient),
      },
      firstPassPaymentRate: percent(this.claimsByStatus.get("paid") ?? 0, this.claims),
    };
  }

  toText(): string {
    const j = this.toJson();
    const n = thousands;
    const out: string[] = [];
    out.push(`${n(j.records)} records: ${n(j.claims)} claims adjudicated, ${n(j.errors)} malformed`);
    out.push(`claims: ${STATUSES.map((s) => `${s} ${n(j.claimsByStatus[s])}`).join(", ")}`);
    out.push(`lines: ${n(j.lines)} (${LINE_STATUSES.map((s) => `${s} ${n(j.linesByStatus[s])}`).join(", ")})`);
    out.push(`billed $${j.totals.billed}, allowed $${j.totals.allowed}, paid $${j.totals.paid}, patient responsibility $${j.totals.patientResponsibility}`);
    out.push(`first-pass payment rate: ${j.firstPassPaymentRate} of claims paid in full`);
    if (j.deniedByReason.length) {
      out.push("denial rate by reason (denied lines ÷ all lines):");
      for (const d of j.deniedByReason) out.push(`  ${d.reason.padEnd(8)} ${n(d.lines).padStart(10)}  ${d.rate.padStart(7)}`);
      out.push("denial rate by rule:");
      const width = Math.max(...j.deniedByRule.map((d) => d.rule.length));
      for (const d of j.deniedByRule) out.push(`  ${d.rule.padEnd(width)} ${n(d.lines).padStart(10)}  ${d.rate.padStart(7)}`);
    }
    return out.join("\n") + "\n";
  }
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** one line of a progress bar: done of total, rate and time left (seconds since start) */
export function progressLine(label: string, done: number, total: number, seconds: number, unit = "claims"): string {
  const width = 24;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const left = rate > 0 ? (total - done) / rate : NaN;
  const eta = Number.isFinite(left) ? duration(left) : "--";
  return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)}%  ${thousands(Math.round(done))}/${thousands(Math.round(total))} ${unit}  ${thousands(Math.round(rate))} ${unit}/s  ETA ${eta}`;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h${String(m).padStart(2, "0")}m` : m ? `${m}m${String(sec).padStart(2, "0")}s` : `${sec}s`;
}

/** 1234567 → "1,234,567", the same in every locale */
export function thousands(n: number): string {
  const digits = String(Math.abs(Math.trunc(n)));
  return (n < 0 ? "-" : "") + digits.replace(/\B(?=(\d{3})+$)/g, ",");
}
