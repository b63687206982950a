// One record of an NDJSON batch: a claim, or `{ "claim": …, "context": … }`. Splits a record
// into its claim and context JSON, and extracts the grouping key (member id) and the sort key
// (first date of service) that order a batch. Pure: no I/O.
import { parseDate } from "../model/dates.js";
import type { InputIssue } from "../model/types.js";
import { parseJsonText } from "../model/json.js";
import type { Limits } from "../common/limits.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export type SplitRecord = { ok: true; claim: unknown; context: unknown | undefined } | { ok: false; issues: InputIssue[] };

/**
 * A record is the claim itself, or an object whose only fields are `claim` (required) and
 * `context` (optional; else the batch's `--context`).
 */
export function splitRecord(value: unknown): SplitRecord {
  if (!isRecord(value)) return { ok: false, issues: [{ path: "record", message: 'expected a claim or { "claim": …, "context": … } (a JSON object)' }] };
  if (!Object.hasOwn(value, "claim")) return { ok: true, claim: value, context: undefined };
  const unknown = Object.keys(value)
    .filter((k) => k !== "claim" && k !== "context")
    .sort();
  if (unknown.length) {
    return {
      ok: false,
      issues: unknown.map((k) => ({
        path: `record[${JSON.stringify(k)}]`,
        message: `unknown field ${JSON.stringify(k)} (a record is a claim, or { "claim": …, "context": … })`,
      })),
    };
  }
  return { ok: true, claim: value.claim, context: value.context };
}

/**
 * parses one NDJSON line; a syntax error becomes an issue (its column is on the record's line).
 * `countedKeys`: the keys the batch's index counted in the record (src/model/json.ts), or -1.
 */
export function parseRecordText(
  text: string,
  limits: Partial<Limits> = {},
  countedKeys = -1,
): { ok: true; value: unknown } | { ok: false; issues: InputIssue[] } {
  const parsed = parseJsonText(text, limits, countedKeys);
  if (parsed.ok) return parsed;
  return { ok: false, issues: [{ path: "record", message: `not valid JSON: column ${parsed.col}: ${parsed.message}` }] };
}

/** the member id of a record's claim, when it has one (a string) */
export function memberIdOf(value: unknown): string | null {
  const split = splitRecord(value);
  if (!split.ok || !isRecord(split.claim)) return null;
  const member = split.claim.member;
  if (!isRecord(member) || typeof member.id !== "string") return null;
  return member.id;
}

/** the claim id of a record, when it has one (for error records) */
export function claimIdOf(value: unknown): string | null {
  const split = isRecord(value) ? splitRecord(value) : null;
  const claim = split?.ok ? split.claim : null;
  return isRecord(claim) && typeof claim.id === "string" ? claim.id : null;
}

/** lowest valid date of service of the claim's lines (a day number), or null */
export function firstServiceDay(value: unknown): number | null {
  const split = splitRecord(value);
  if (!split.ok || !isRecord(split.claim) || !Array.isArray(split.claim.lines)) return null;
  let first: number | null = null;
  for (const line of split.claim.lines) {
    if (!isRecord(line)) continue;
    const d = parseDate(line.serviceDate);
    if (d.ok && (first === null || d.day < first)) first = d.day;
  }
  return first;
}

/** member id and first date of service of one record's text, for ordering a batch */
export function indexKeyOf(text: string): { member: string | null; day: number } {
  // only for ordering: the record is read strictly (duplicate keys, depth) when it is processed
  let value: unknown;
  let ok = true;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    ok = false;
  }
  const member = ok ? memberIdOf(value) : null;
  const day = ok ? firstServiceDay(value) : null;
  // a claim with no valid date of service comes first among its member's claims
  return { member, day: day ?? -2147483648 };
}
