// The judge of test/model/read-record*.test.ts: the one-pass reader (src/model/read-record.ts)
// against the general path (parseRecordGenerally: the strict JSON reader, then validation) on
// one record's text, comparing prototypes, key order and values.
import { readRecordText } from "../../src/model/read-record.js";
import { parseDefaultContext, parseRecordGenerally } from "../../src/batch/runner.js";
import { splitRecord } from "../../src/batch/records.js";
import { parseJsonText } from "../../src/model/json.js";
import type { Limits } from "../../src/common/limits.js";
import { CONTEXT } from "../batch/support.js";
import { loadPack } from "../../src/node/index.js";

export type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const loaded = loadPack("rules/demo-ppo");
if (!loaded.ok) throw new Error("demo-ppo does not compile");
const ruleset = loaded.ruleset;
export const accumulators = ruleset.program.accumulators;
const defaultContext = parseDefaultContext(ruleset, CONTEXT);

/** where a and b differ (prototype, key order, value: Object.is), or null when they are the same */
export function difference(a: unknown, b: unknown, path = "$"): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return `${path}: ${String(a)} ≠ ${String(b)}`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: another prototype`;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join("\u0000") !== kb.join("\u0000")) return `${path}: keys ${ka.join(",")} ≠ ${kb.join(",")}`;
  for (const k of ka) {
    const d = difference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

/**
 * The reader against the general path on one text: null when the reader declines, else where
 * its answer differs from the general path's ("" when the general path refuses the record).
 */
export function disagreement(text: string, limits?: Partial<Limits>): string | null | undefined {
  const read = readRecordText(text, { accumulators, limits });
  if (read === null) return undefined;
  const general = parseRecordGenerally(text, ruleset, defaultContext, limits);
  if (!general.ok) return `the general path refuses it: ${JSON.stringify(general.issues)}`;
  const hasContext = splitRecord((parseJsonText(text) as { value: unknown }).value);
  if (read.context === undefined && hasContext.ok && hasContext.context !== undefined) return "the record's context was lost";
  return difference(read.claim, general.claim, "claim") ?? (read.context === undefined ? null : difference(read.context, general.context, "context"));
}
