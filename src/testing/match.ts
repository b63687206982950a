// Compares a result with a test case's partial expectation: only what the expectation says is
// checked, lines are matched by lineNumber, money by cents (so 25, "25" and "25.00" agree).
// Every difference is one readable sentence: `line 2 reason: expected CO-236, got CO-151`.
import type { Accumulator } from "../ir/ir.js";
import type { Result, ResultLine, TraceEntry } from "../model/types.js";
import { formatMoney, parseMoney } from "../model/money.js";
import { MONEY_FIELDS, type Expectation, type ExpectedAdjustment } from "./cases.js";

export interface Difference {
  /** the line the difference is on, or null for the claim as a whole */
  lineNumber: number | null;
  /** what differs: "status", "reason", "paid", "totals.paid", "accumulators.pt_visits", "line" */
  field: string;
  expected: string;
  actual: string;
  /** the whole sentence */
  message: string;
}

function difference(lineNumber: number | null, field: string, expected: string, actual: string): Difference {
  const where = lineNumber === null ? field : field === "line" ? `line ${lineNumber}` : `line ${lineNumber} ${field}`;
  return { lineNumber, field, expected, actual, message: `${where}: expected ${expected}, got ${actual}` };
}

const cents = (text: string) => {
  const parsed = parseMoney(text, { allowNegative: true });
  return parsed.ok ? parsed.cents : null;
};
const adjustmentText = (a: { group: string; reason: string; amount: string }) => `${a.group}-${a.reason} ${a.amount}`;
const listText = (items: string[]) => (items.length ? `[${items.join(", ")}]` : "none");
const sorted = (items: string[]) => [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The differences between `result` and what `expectation` says; empty when the result contains
 * everything expected. `accumulators` are the ruleset's declarations (money or count).
 */
export function compareResult(result: Result, expectation: Expectation, accumulators: readonly Accumulator[] = []): Difference[] {
  const out: Difference[] = [];
  if (expectation.claimId !== undefined && expectation.claimId !== result.claimId) out.push(difference(null, "claimId", expectation.claimId, result.claimId));
  if (expectation.status !== undefined && expectation.status !== result.status) out.push(difference(null, "status", expectation.status, result.status));
  for (const field of MONEY_FIELDS) {
    const expected = expectation.totals?.[field];
    if (expected !== undefined && expected !== cents(result.totals[field]))
      out.push(difference(null, `totals.${field}`, formatMoney(expected), result.totals[field]));
  }
  for (const expected of expectation.lines ?? []) {
    const line = result.lines.find((l) => l.lineNumber === expected.lineNumber);
    if (!line) {
      const numbers = result.lines.map((l) => l.lineNumber).join(", ");
      out.push(
        difference(
          expected.lineNumber,
          "line",
          `a line ${expected.lineNumber}`,
          `none (the claim has line${result.lines.length === 1 ? "" : "s"} ${numbers || "none"})`,
        ),
      );
      continue;
    }
    out.push(...compareLine(line, expected, result.trace));
  }
  const units = new Map(accumulators.map((a) => [a.name, a.unit]));
  for (const [name, value] of Object.entries(expectation.accumulators ?? {})) {
    const actual = result.accumulators[name];
    if (units.get(name) === "count" || (!units.has(name) && typeof value === "number" && typeof actual !== "string")) {
      const got = typeof actual === "number" ? actual : 0;
      if (value !== got) out.push(difference(null, `accumulators.${name}`, String(value), String(got)));
    } else {
      const expected = parseMoney(value, { allowNegative: true });
      const got = typeof actual === "string" ? cents(actual) : (actual ?? 0);
      if (!expected.ok || expected.cents !== got) {
        out.push(
          difference(null, `accumulators.${name}`, expected.ok ? formatMoney(expected.cents) : String(value), got === null ? String(actual) : formatMoney(got)),
        );
      }
    }
  }
  return out;
}

function compareLine(line: ResultLine, expected: NonNullable<Expectation["lines"]>[number], trace: readonly TraceEntry[] | undefined): Difference[] {
  const out: Difference[] = [];
  const n = line.lineNumber;
  if (expected.status !== undefined && expected.status !== line.status) out.push(difference(n, "status", expected.status, line.status));
  if (expected.reason !== undefined && expected.reason !== line.reason)
    out.push(difference(n, "reason", expected.reason ?? "no reason", line.reason ?? "no reason"));
  for (const field of MONEY_FIELDS) {
    const want = expected[field];
    if (want !== undefined && want !== cents(line[field])) out.push(difference(n, field, formatMoney(want), line[field]));
  }
  if (expected.adjustments !== undefined) {
    const want = sorted(expected.adjustments.map((a: ExpectedAdjustment) => adjustmentText({ ...a, amount: formatMoney(a.amount) })));
    const got = sorted(line.adjustments.map(adjustmentText));
    if (want.join("|") !== got.join("|")) out.push(difference(n, "adjustments", listText(want), listText(got)));
  }
  if (expected.remarks !== undefined) {
    const want = sorted([...new Set(expected.remarks.map((r) => r.toUpperCase()))]);
    const got = sorted([...new Set(line.remarks)]);
    if (want.join("|") !== got.join("|")) out.push(difference(n, "remarks", listText(want), listText(got)));
  }
  if (expected.fired !== undefined) {
    const traced = new Set((trace ?? []).filter((t) => t.lineNumber === n).map((t) => t.rule));
    const missing = expected.fired.filter((r) => !traced.has(r));
    if (missing.length)
      out.push(difference(n, "fired", listText(missing), trace ? `no trace entry of ${missing.length === 1 ? "it" : "them"}` : "a result without a trace"));
  }
  return out;
}
