// A batch's output lines written as UTF-8 bytes into one reused buffer. A result line is written
// by code that knows its shape (./runner.ts: `line`, the result's fields, `decidedBy`), field by
// field, instead of `JSON.stringify` of a new object holding the result: the string that builds
// is a second copy of every line, and its encoding a third. The bytes must be exactly those of
// `JSON.stringify(record) + "\n"`: every object's keys are checked against the shape as they are
// written, and anything else (a trace, a key the shape does not name, a value of another type)
// rewinds the line and writes `JSON.stringify` of it instead. test/batch/write.test.ts holds the
// two equal. Pure: no I/O.
import type { Result } from "../model/types.js";
import type { Decisions } from "../engine/adjudicate.js";

const encoder = new TextEncoder();

/** thrown (and caught in `writeResult`) when a value is not of the shape the writer knows */
const SURPRISE = new Error("not the result shape the writer knows");

/** a ruleset as written: its strings (`keyId` undefined for an unsigned one) and its bytes */
interface WrittenRuleset {
  name: string;
  version: string;
  hash: string;
  keyId: string | undefined;
  signature: string | undefined;
  bytes: Uint8Array;
}

export class OutputBuffer {
  bytes: Uint8Array;
  /** bytes written so far */
  length = 0;
  /**
   * The last ruleset written into this buffer: a run's results all name one ruleset (a new object
   * each, holding the program's same strings), whose ~120 bytes are then copied rather than each
   * character checked for escapes again.
   */
  lastRuleset: WrittenRuleset | null = null;

  constructor(size = 1 << 16) {
    this.bytes = new Uint8Array(size);
  }

  private room(k: number): void {
    if (this.length + k <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + k));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** text known to be ASCII that JSON writes as it is (the shape's own punctuation and keys) */
  ascii(s: string): void {
    const len = s.length;
    this.room(len);
    const b = this.bytes;
    let n = this.length;
    for (let i = 0; i < len; i++) b[n++] = s.charCodeAt(i);
    this.length = n;
  }

  /** bytes of the shape's own punctuation and keys, encoded once (`ascii` of a constant) */
  raw(f: Uint8Array): void {
    const len = f.length;
    if (this.length + len > this.bytes.length) this.room(len);
    const b = this.bytes;
    let n = this.length;
    for (let i = 0; i < len; i++) b[n++] = f[i]!;
    this.length = n;
  }

  /** a JSON string: plain ASCII copied, anything else through `JSON.stringify` */
  string(s: unknown): void {
    if (typeof s !== "string") throw SURPRISE;
    const len = s.length;
    if (this.length + len + 2 > this.bytes.length) this.room(len + 2);
    const b = this.bytes;
    const start = this.length;
    let n = start;
    b[n++] = 0x22;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        this.length = start;
        this.text(JSON.stringify(s));
        return;
      }
      b[n++] = c;
    }
    b[n++] = 0x22;
    this.length = n;
  }

  /** a JSON number as `JSON.stringify` writes it */
  number(v: unknown): void {
    if (typeof v !== "number") throw SURPRISE;
    this.ascii(Number.isFinite(v) ? String(v) : "null");
  }

  /** any text (JSON already), encoded as UTF-8 */
  text(s: string): void {
    this.room(s.length * 3);
    this.length += encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
  }

  /** the bytes written so far (a view of the buffer: valid until the next write or `clear`) */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** the bytes written so far, copied out, and the buffer emptied */
  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * whether an object's own enumerable keys are exactly `names`, in that order (as JSON would write
 * them). `for…in` lists an object's own keys before any it inherits, so once the keys it lists
 * are `names`, the last one being the object's own says that all of them are: one `hasOwn`
 * an object instead of one a key.
 */
function keysAre(o: unknown, names: readonly string[]): boolean {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return false;
  let i = 0;
  for (const k in o) if (names[i++] !== k) return false;
  return i === names.length && (i === 0 || Object.hasOwn(o, names[i - 1]!));
}

const RESULT = ["claimId", "ruleset", "status", "totals", "lines", "accumulators"];
const RULESET = ["name", "version", "hash"];
const SIGNED = ["name", "version", "hash", "keyId", "signature"];
const TOTALS = ["billed", "allowed", "paid", "patientResponsibility"];
const LINE = ["lineNumber", "status", "reason", "billed", "allowed", "paid", "patientResponsibility", "adjustments", "remarks"];
const ADJUSTMENT = ["group", "reason", "amount"];
const DECIDED = ["lineNumber", "rule"];

function array(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw SURPRISE;
  return v;
}

/** the shape's punctuation and keys, as bytes */
const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const B_NULL = bytesOf("null");
const B_OPEN_LINE = bytesOf('{"line":');
const B_CLAIM_ID = bytesOf(',"claimId":');
const B_RULESET_NAME = bytesOf(',"ruleset":{"name":');
const B_VERSION = bytesOf(',"version":');
const B_HASH = bytesOf(',"hash":');
const B_KEY_ID = bytesOf(',"keyId":');
const B_SIGNATURE = bytesOf(',"signature":');
const B_CLOSE_STATUS = bytesOf('},"status":');
const B_TOTALS_BILLED = bytesOf(',"totals":{"billed":');
const B_ALLOWED = bytesOf(',"allowed":');
const B_PAID = bytesOf(',"paid":');
const B_PATIENT = bytesOf(',"patientResponsibility":');
const B_CLOSE_LINES = bytesOf('},"lines":[');
const B_STATUS = bytesOf(',"status":');
const B_REASON = bytesOf(',"reason":');
const B_BILLED = bytesOf(',"billed":');
const B_ADJUSTMENTS = bytesOf(',"adjustments":[');
const B_AMOUNT = bytesOf(',"amount":');
const B_CLOSE = bytesOf("}");
const B_CLOSE_REMARKS = bytesOf('],"remarks":[');
const B_COMMA = bytesOf(",");
const B_CLOSE_LIST_OBJECT = bytesOf("]}");
const B_CLOSE_ACCUMULATORS = bytesOf('],"accumulators":{');
const B_COLON = bytesOf(":");
const B_CLOSE_DECIDED = bytesOf('},"decidedBy":[');
const B_RULE = bytesOf(',"rule":');
const B_END = bytesOf("]}\n");
const B_FIRST_LINE_NUMBER = bytesOf('{"lineNumber":');
const B_NEXT_LINE_NUMBER = bytesOf(',{"lineNumber":');
const B_FIRST_GROUP = bytesOf('{"group":');
const B_NEXT_GROUP = bytesOf(',{"group":');

function stringOrNull(out: OutputBuffer, v: unknown): void {
  if (v === null) out.raw(B_NULL);
  else out.string(v);
}

function rulesetFields(out: OutputBuffer, rs: Result["ruleset"]): void {
  const signed = keysAre(rs, SIGNED);
  if (!signed && !keysAre(rs, RULESET)) throw SURPRISE;
  const last = out.lastRuleset;
  // strict equality: a cached string equals only a string of the same text
  if (
    last !== null &&
    rs.name === last.name &&
    rs.version === last.version &&
    rs.hash === last.hash &&
    (signed ? rs.keyId === last.keyId && rs.signature === last.signature : last.keyId === undefined)
  ) {
    out.raw(last.bytes);
    return;
  }
  const start = out.length;
  out.raw(B_RULESET_NAME);
  out.string(rs.name);
  out.raw(B_VERSION);
  out.string(rs.version);
  out.raw(B_HASH);
  out.string(rs.hash);
  if (signed) {
    out.raw(B_KEY_ID);
    out.string(rs.keyId);
    out.raw(B_SIGNATURE);
    out.string(rs.signature);
  }
  // every field was a string (`string` throws on anything else)
  out.lastRuleset = {
    name: rs.name,
    version: rs.version,
    hash: rs.hash,
    keyId: signed ? rs.keyId : undefined,
    signature: signed ? rs.signature : undefined,
    bytes: out.bytes.slice(start, out.length),
  };
}

function resultFields(out: OutputBuffer, line: number, result: Result, decidedBy: Decisions["decidedBy"]): void {
  if (!keysAre(result, RESULT)) throw SURPRISE;
  out.raw(B_OPEN_LINE);
  out.number(line);
  out.raw(B_CLAIM_ID);
  out.string(result.claimId);
  rulesetFields(out, result.ruleset);
  out.raw(B_CLOSE_STATUS);
  out.string(result.status);
  const t = result.totals;
  if (!keysAre(t, TOTALS)) throw SURPRISE;
  out.raw(B_TOTALS_BILLED);
  out.string(t.billed);
  out.raw(B_ALLOWED);
  out.string(t.allowed);
  out.raw(B_PAID);
  out.string(t.paid);
  out.raw(B_PATIENT);
  out.string(t.patientResponsibility);
  out.raw(B_CLOSE_LINES);
  const lines = array(result.lines) as Result["lines"];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!keysAre(l, LINE)) throw SURPRISE;
    out.raw(i === 0 ? B_FIRST_LINE_NUMBER : B_NEXT_LINE_NUMBER);
    out.number(l.lineNumber);
    out.raw(B_STATUS);
    out.string(l.status);
    out.raw(B_REASON);
    stringOrNull(out, l.reason);
    out.raw(B_BILLED);
    out.string(l.billed);
    out.raw(B_ALLOWED);
    out.string(l.allowed);
    out.raw(B_PAID);
    out.string(l.paid);
    out.raw(B_PATIENT);
    out.string(l.patientResponsibility);
    out.raw(B_ADJUSTMENTS);
    const adjustments = array(l.adjustments) as Result["lines"][number]["adjustments"];
    for (let j = 0; j < adjustments.length; j++) {
      const a = adjustments[j]!;
      if (!keysAre(a, ADJUSTMENT)) throw SURPRISE;
      out.raw(j === 0 ? B_FIRST_GROUP : B_NEXT_GROUP);
      out.string(a.group);
      out.raw(B_REASON);
      out.string(a.reason);
      out.raw(B_AMOUNT);
      out.string(a.amount);
      out.raw(B_CLOSE);
    }
    out.raw(B_CLOSE_REMARKS);
    const remarks = array(l.remarks);
    for (let j = 0; j < remarks.length; j++) {
      if (j > 0) out.raw(B_COMMA);
      out.string(remarks[j]);
    }
    out.raw(B_CLOSE_LIST_OBJECT);
  }
  out.raw(B_CLOSE_ACCUMULATORS);
  const accumulators = result.accumulators;
  if (typeof accumulators !== "object" || accumulators === null || Array.isArray(accumulators)) throw SURPRISE;
  let first = true;
  for (const name in accumulators) {
    if (!Object.hasOwn(accumulators, name)) throw SURPRISE;
    if (!first) out.raw(B_COMMA);
    first = false;
    out.string(name);
    out.raw(B_COLON);
    const v = accumulators[name];
    if (typeof v === "number") out.number(v);
    else out.string(v);
  }
  out.raw(B_CLOSE_DECIDED);
  const decided = array(decidedBy) as Decisions["decidedBy"];
  for (let i = 0; i < decided.length; i++) {
    const d = decided[i]!;
    if (!keysAre(d, DECIDED)) throw SURPRISE;
    out.raw(i === 0 ? B_FIRST_LINE_NUMBER : B_NEXT_LINE_NUMBER);
    out.number(d.lineNumber);
    out.raw(B_RULE);
    stringOrNull(out, d.rule);
    out.raw(B_CLOSE);
  }
  out.raw(B_END);
}

/**
 * Writes one result line (with its newline): the bytes of
 * `JSON.stringify({ line, ...result, decidedBy }) + "\n"`.
 */
export function writeResult(out: OutputBuffer, line: number, result: Result, decidedBy: Decisions["decidedBy"]): void {
  const start = out.length;
  if (!("trace" in result)) {
    try {
      resultFields(out, line, result, decidedBy);
      return;
    } catch (e) {
      if (e !== SURPRISE) throw e;
      out.length = start;
    }
  }
  out.text(JSON.stringify({ line, ...result, decidedBy }) + "\n");
}
