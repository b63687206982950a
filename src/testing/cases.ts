// The test-case format analysts write by hand (rules/<pack>/tests/*.json): a claim, its context
// and a PARTIAL expectation of the result. Validated strictly, so a misspelled key is an error
// and not a check that silently never runs. Browser-safe: no file system, clock or environment.
import { parseMoney } from "../model/money.js";

export type ClaimStatusText = "paid" | "partial" | "denied" | "pended";
export type LineStatusText = "paid" | "denied" | "pended";

export const MONEY_FIELDS = ["billed", "allowed", "paid", "patientResponsibility"] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

export interface ExpectedAdjustment {
  group: string;
  reason: string;
  /** cents */
  amount: number;
}

/** what one result line must say; only the fields given are checked */
export interface LineExpectation {
  lineNumber: number;
  status?: LineStatusText;
  /** "CO-236", or null for a line that must have no deciding reason */
  reason?: string | null;
  /** cents */
  billed?: number;
  allowed?: number;
  paid?: number;
  patientResponsibility?: number;
  /** compared as a multiset (order ignored) */
  adjustments?: ExpectedAdjustment[];
  /** compared as a set (order ignored) */
  remarks?: string[];
  /** rules ("pack/id") that must each have a trace entry on this line: the rule fired there */
  fired?: string[];
}

export interface Expectation {
  claimId?: string;
  status?: ClaimStatusText;
  /** cents, only the totals given */
  totals?: Partial<Record<MoneyField, number>>;
  /** matched by lineNumber, not by position; lines not named are not checked */
  lines?: LineExpectation[];
  /** name → money (as written: "25.00" or 25) or count; an accumulator the result omits moved by 0 */
  accumulators?: Record<string, string | number>;
}

export interface TestCase {
  /** the file name (or whatever name the host gave the case) */
  name: string;
  description: string;
  claim: unknown;
  context: unknown;
  expect: Expectation;
}

export type TestCaseParse = { ok: true; testCase: TestCase } | { ok: false; errors: string[] };

const TOP_KEYS = ["description", "claim", "context", "expect"];
const EXPECT_KEYS = ["claimId", "status", "totals", "lines", "accumulators"];
const LINE_KEYS = ["lineNumber", "status", "reason", ...MONEY_FIELDS, "adjustments", "remarks", "fired"];
const CLAIM_STATUSES = ["paid", "partial", "denied", "pended"];
const LINE_STATUSES = ["paid", "denied", "pended"];
const REASON = /^[A-Z]{2}-[A-Z0-9]{1,5}$/;

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => x !== null && typeof x === "object" && !Array.isArray(x);
const show = (x: unknown) => JSON.stringify(x) ?? String(x);

/** validates one test file's JSON; every problem is reported with its path inside the file */
export function parseTestCase(name: string, json: unknown): TestCaseParse {
  const errors: string[] = [];
  const problem = (path: string, message: string) => errors.push(`${path}: ${message}`);

  const unknownKeys = (object: Json, allowed: string[], path: string) => {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) problem(path ? `${path}.${key}` : key, `unknown key (expected one of ${allowed.join(", ")})`);
    }
  };
  const money = (value: unknown, path: string): number | undefined => {
    const parsed = parseMoney(value, { allowNegative: true });
    if (parsed.ok) return parsed.cents;
    // most messages already quote the value; say it when they do not
    problem(path, parsed.message.includes(String(value)) ? parsed.message : `${parsed.message}, not ${show(value)}`);
    return undefined;
  };

  if (!isObject(json)) return { ok: false, errors: ["the file must hold one JSON object with claim, context and expect"] };
  unknownKeys(json, TOP_KEYS, "");
  if (json.description !== undefined && typeof json.description !== "string") problem("description", "must be text");
  for (const key of ["claim", "context"] as const) {
    if (json[key] === undefined) problem(key, "required (the JSON object, written inline)");
    else if (!isObject(json[key])) problem(key, "must be a JSON object");
  }

  const expectation: Expectation = {};
  const raw = json.expect;
  if (raw === undefined) problem("expect", "required (what the result must contain)");
  else if (!isObject(raw)) problem("expect", "must be a JSON object");
  else {
    unknownKeys(raw, EXPECT_KEYS, "expect");
    if (raw.claimId !== undefined) {
      if (typeof raw.claimId === "string") expectation.claimId = raw.claimId;
      else problem("expect.claimId", "must be text");
    }
    if (raw.status !== undefined) {
      if (CLAIM_STATUSES.includes(raw.status as string)) expectation.status = raw.status as ClaimStatusText;
      else problem("expect.status", `must be one of ${CLAIM_STATUSES.join(", ")}, not ${show(raw.status)}`);
    }
    if (raw.totals !== undefined) {
      if (!isObject(raw.totals)) problem("expect.totals", "must be a JSON object");
      else {
        unknownKeys(raw.totals, [...MONEY_FIELDS], "expect.totals");
        const totals: Partial<Record<MoneyField, number>> = {};
        for (const field of MONEY_FIELDS) {
          if (raw.totals[field] === undefined) continue;
          const cents = money(raw.totals[field], `expect.totals.${field}`);
          if (cents !== undefined) totals[field] = cents;
        }
        expectation.totals = totals;
      }
    }
    if (raw.lines !== undefined) {
      if (!Array.isArray(raw.lines)) problem("expect.lines", "must be a list of line expectations");
      else {
        const seen = new Set<number>();
        expectation.lines = [];
        raw.lines.forEach((entry, i) => {
          const path = `expect.lines[${i}]`;
          if (!isObject(entry)) return problem(path, "must be a JSON object with a lineNumber");
          unknownKeys(entry, LINE_KEYS, path);
          const n = entry.lineNumber;
          if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1)
            return problem(`${path}.lineNumber`, `required: the line's number (a whole number ≥ 1), not ${show(n)}`);
          if (seen.has(n)) problem(`${path}.lineNumber`, `line ${n} is expected twice`);
          seen.add(n);
          const line: LineExpectation = { lineNumber: n };
          if (entry.status !== undefined) {
            if (LINE_STATUSES.includes(entry.status as string)) line.status = entry.status as LineStatusText;
            else problem(`${path}.status`, `must be one of ${LINE_STATUSES.join(", ")}, not ${show(entry.status)}`);
          }
          if (entry.reason !== undefined) {
            if (entry.reason === null || (typeof entry.reason === "string" && REASON.test(entry.reason))) line.reason = entry.reason;
            else problem(`${path}.reason`, `must be a reason like "CO-236" (or null), not ${show(entry.reason)}`);
          }
          for (const field of MONEY_FIELDS) {
            if (entry[field] === undefined) continue;
            const cents = money(entry[field], `${path}.${field}`);
            if (cents !== undefined) line[field] = cents;
          }
          if (entry.adjustments !== undefined) {
            if (!Array.isArray(entry.adjustments)) problem(`${path}.adjustments`, "must be a list of { group, reason, amount }");
            else {
              line.adjustments = [];
              entry.adjustments.forEach((a, j) => {
                const at = `${path}.adjustments[${j}]`;
                if (!isObject(a)) return problem(at, "must be a JSON object { group, reason, amount }");
                unknownKeys(a, ["group", "reason", "amount"], at);
                if (typeof a.group !== "string" || !/^[A-Z]{2}$/.test(a.group))
                  return problem(`${at}.group`, `must be a group code like "CO" or "PR", not ${show(a.group)}`);
                if (typeof a.reason !== "string" || !/^[A-Z0-9]{1,5}$/.test(a.reason))
                  return problem(`${at}.reason`, `must be a CARC like "45", not ${show(a.reason)}`);
                const amount = money(a.amount, `${at}.amount`);
                if (amount !== undefined) line.adjustments!.push({ group: a.group, reason: a.reason, amount });
              });
            }
          }
          if (entry.remarks !== undefined) {
            if (Array.isArray(entry.remarks) && entry.remarks.every((r) => typeof r === "string")) line.remarks = entry.remarks as string[];
            else problem(`${path}.remarks`, 'must be a list of remark codes like ["N362"]');
          }
          if (entry.fired !== undefined) {
            if (Array.isArray(entry.fired) && entry.fired.every((r) => typeof r === "string" && /^[^/\s]+\/[A-Za-z_][A-Za-z0-9_]*$/.test(r)))
              line.fired = entry.fired as string[];
            else problem(`${path}.fired`, 'must be a list of rules as "pack/id", like ["cms-edits/ncci_ptp"]');
          }
          expectation.lines!.push(line);
        });
      }
    }
    if (raw.accumulators !== undefined) {
      if (!isObject(raw.accumulators)) problem("expect.accumulators", "must be a JSON object of accumulator name → amount or count");
      else {
        const accumulators: Record<string, string | number> = {};
        for (const [key, value] of Object.entries(raw.accumulators)) {
          if (typeof value === "number" || typeof value === "string") accumulators[key] = value;
          else problem(`expect.accumulators.${key}`, `must be an amount or a count, not ${show(value)}`);
        }
        expectation.accumulators = accumulators;
      }
    }
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    testCase: { name, description: (json.description as string | undefined) ?? "", claim: json.claim, context: json.context, expect: expectation },
  };
}
