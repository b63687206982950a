// One pass from a record's text to the validated claim and context: a fast path. Read the general
// way, a batch record is walked three times (JSON.parse; the strict reader's key and depth check,
// ./json.ts; validation, ./fast-parse.ts), which took twice the engine's own time per claim
// (bench/NOTES.md, "Batch"). This reads the text once and builds the normalised values with
// ./fast-parse.ts's own constructors and field readers (same objects, keys in the same order,
// same cents, day numbers and codes).
//
// It reads only the plain shape of a valid record: `{"claim": …, "context": …}` or a bare claim,
// printable ASCII strings without escapes, whole or two-place decimal numbers without sign or
// exponent, each key once and only the keys the contract names. On anything else (an escape, a
// non-ASCII character, an unknown or repeated key, another number form, a value a check refuses,
// prior payers, a key order it cannot place, limits set very low) it returns null and the caller
// takes the general path (./json.ts then ./schemas.ts), which is the judge: it decides such
// records and words every error, so what a caller gets is the general path's answer by
// construction. test/model/read-record.test.ts holds the two equal on generated and damaged records.
import { compareAuthorizationNumber, compareCoverage, compareHistory, historyInOrder } from "./order.js";
import { MAX_CENTS } from "./money.js";
import type { Limits } from "../common/limits.js";
import type { Authorization, Claim, ClaimLine, Context, Coverage, HistoryEntry, Member, Provider } from "./types.js";
import {
  AuthorizationOf,
  ClaimOf,
  ContextOf,
  CoverageOf,
  EMPLOYMENTS,
  FREQUENCIES,
  GIVE_UP,
  HistoryOf,
  ID_FIELDS,
  LineOf,
  MAX_VALID_FIELDS,
  MemberOf,
  NETWORKS,
  ProviderOf,
  RELATIONSHIPS,
  SEXES,
  authorizationNumber,
  dayAt,
  decimalCents,
  diagnosis,
  listOf,
  modifier,
  no,
  normalProcedureAt,
  npiAt,
  numberCents,
  passFor,
  procedure,
  str,
  text,
  unitOf,
  type Pass,
} from "./fast-parse.js";

export interface RecordReadOptions {
  limits?: Partial<Limits>;
  /** the plan's accumulator declarations, which read the context's accumulators (as parseContext's) */
  accumulators?: ReadonlyArray<{ name: string; unit: "money" | "count" }>;
}

/** a record read: its claim, and its own context (undefined when the record is a bare claim or has none) */
export interface RecordRead {
  claim: Claim;
  context: Context | undefined;
}

/**
 * the record's claim and context when the text is a valid record of the plain shape above;
 * null when the general path must read it (it may be valid, or not)
 */
export function readRecordText(source: string, options: RecordReadOptions = {}): RecordRead | null {
  const p = passFor(options.limits);
  // limits this low could refuse what the reader's shapes hold (key counts, nesting): not ours
  if (p.limits.listItems < MAX_VALID_FIELDS || p.limits.jsonDepth < MAX_NESTING || p.limits.stringLength < 10 || source.length > p.limits.inputBytes)
    return null;
  t = source;
  i = 0;
  try {
    const read = recordOf(p, options);
    skipWs();
    return i === t.length ? read : null;
  } catch (e) {
    if (e === GIVE_UP) return null;
    return null; // not expected; the general path reports whatever it is
  } finally {
    t = "";
  }
}

/** the deepest nesting of objects and lists in a record this reader accepts (record, claim, lines, a line, its pointers) */
const MAX_NESTING = 5;

// ------------------------------------------------------------------------------ the text
// The text and the reading position, for the one record being read (reading is synchronous).
let t = "";
let i = 0;

function skipWs(): void {
  const s = t;
  let j = i;
  let c = s.charCodeAt(j);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++j);
  i = j;
}

// Records rarely hold white space: each reader below looks at the next character first and
// skips white space only when that character is some.

/** the character c, after white space */
function expect(c: number): void {
  let d = t.charCodeAt(i);
  if (d <= 32) {
    skipWs();
    d = t.charCodeAt(i);
  }
  if (d !== c) no();
  i++;
}

/** the next character after white space, not read */
function peek(): number {
  const d = t.charCodeAt(i);
  if (d > 32) return d;
  skipWs();
  return t.charCodeAt(i);
}

/**
 * A string of printable ASCII without escapes (anything else: not ours). A short one is taken
 * from `shortStrings` when it was read before (codes, dates of history, NPIs, statuses, plan ids repeat
 * across records): no new string for it, and, as JSON.parse's short strings are, the same string
 * each time, which compares by identity and keeps its hash for the engine's maps.
 */
function string(): string {
  stringSpan();
  const s = t;
  const start = stringStart;
  const length = stringLength;
  const j = start + length;
  if (length > SEEN_LENGTH || length === 0) return s.slice(start, j);
  // the slot by a few of its characters: short strings that differ mostly differ at the end
  const h =
    Math.imul(Math.imul(Math.imul(length, 31) + s.charCodeAt(start), 31) + s.charCodeAt(j - 2), 31) +
    s.charCodeAt(j - 1) * 7 +
    s.charCodeAt(start + (length >> 1));
  const slot = (h ^ (h >>> 11)) & (SEEN_SLOTS - 1);
  // compared with the slot's copy of its characters, not with the string: the strings lie all
  // over the heap, and reaching one costs more than comparing a dozen bytes next to each other
  const at = slot * SEEN_LENGTH;
  if (seenLengths[slot] === length && sameCodes(seenChars, at, start, length)) return shortStrings[slot]!;
  seenLengths[slot] = length;
  for (let k = 0; k < length; k++) seenChars[at + k] = s.charCodeAt(start + k);
  return (shortStrings[slot] = s.slice(start, j));
}

/** where the last string read stands in the text: its first character and its length */
let stringStart = 0;
let stringLength = 0;

/** reads a string of printable ASCII without escapes (anything else: not ours), noting where it stands */
function stringSpan(): void {
  expect(34);
  const s = t;
  const start = i;
  let j = start;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 34) break;
    // NaN (the end of the text) fails the range too
    if (!(c >= 32 && c <= 126) || c === 92) no();
    j++;
  }
  i = j + 1;
  stringStart = start;
  stringLength = j - start;
}

/**
 * A procedure code (fast-parse's procedure), one in normal form checked where it stands in the
 * text: the string string() gives may be one read long before, out of the processor's caches.
 */
function procedureCode(p: Pass): string {
  const v = string();
  return normalProcedureAt(t, stringStart, stringLength) ? v : procedure(v, p);
}

/** an NPI (fast-parse's npi), checked where it stands in the text (as procedureCode) */
function npiCode(): string {
  const v = string();
  npiAt(t, stringStart, stringLength);
  return v;
}

/**
 * the short strings read last, by a hash of their text (one in each slot), with each one's length
 * and characters (SEEN_LENGTH bytes a slot; a length of 0, never stored, is an empty slot)
 */
const SEEN_SLOTS = 4096;
const SEEN_LENGTH = 12;
const shortStrings: string[] = new Array<string>(SEEN_SLOTS).fill("");
const seenLengths = new Uint8Array(SEEN_SLOTS);
const seenChars = new Uint8Array(SEEN_SLOTS * SEEN_LENGTH);

/** whether the text at `start` holds the `length` character codes of `codes` from `at` */
function sameCodes(codes: Uint8Array, at: number, start: number, length: number): boolean {
  const s = t;
  for (let j = 0; j < length; j++) if (codes[at + j] !== s.charCodeAt(start + j)) return false;
  return true;
}

/**
 * The keys an object of one shape may have, each found by a hash of its characters and then
 * compared character by character: no string is made for a key. `shape.name` is the key's
 * index; `shape.keys` the lookup (one class, so reading it is the same everywhere).
 */
class Keys {
  readonly hashes: Int32Array;
  /** the names' characters one after another (ASCII), name k's from starts[k] to starts[k + 1] */
  readonly chars: Uint8Array;
  readonly starts: Int32Array;
  constructor(readonly names: readonly string[]) {
    this.hashes = Int32Array.from(names, (n) => hashOf(n));
    const all = names.join("");
    this.chars = Uint8Array.from(all, (c) => c.charCodeAt(0));
    this.starts = new Int32Array(names.length + 1);
    for (let k = 0; k < names.length; k++) this.starts[k + 1] = this.starts[k]! + names[k]!.length;
  }
}

type Shape<N extends string> = { readonly keys: Keys } & { readonly [K in N]: number };

function shapeOf<const N extends string>(...names: N[]): Shape<N> {
  const shape: Record<string, unknown> = { keys: new Keys(names) };
  names.forEach((n, k) => {
    shape[n] = k;
  });
  return shape as Shape<N>;
}

function hashOf(s: string): number {
  let h = 0;
  for (let k = 0; k < s.length; k++) h = (Math.imul(h, 31) + s.charCodeAt(k)) | 0;
  return h;
}

/**
 * `"key":`, one of the shape's keys: its index (any other key is not ours). `guess`, the index
 * the key likely has (the one after the previous key's: records usually keep the contract's
 * order), is tried first.
 */
function key(keys: Keys, guess: number): number {
  expect(34);
  const { names, hashes } = keys;
  if (guess < names.length) {
    // compared with the name's character codes (a typed array), cheaper to read than the string's
    const at = keys.starts[guess]!;
    const length = keys.starts[guess + 1]! - at;
    if (t.charCodeAt(i + length) === 34 && sameCodes(keys.chars, at, i, length)) {
      i += length + 1;
      expect(58);
      return guess;
    }
  }
  const s = t;
  const start = i;
  let j = start;
  let h = 0;
  for (;;) {
    const c = s.charCodeAt(j);
    if (c === 34) break;
    if (!(c >= 32 && c <= 126) || c === 92) no();
    h = (Math.imul(h, 31) + c) | 0;
    j++;
  }
  const length = j - start;
  i = j + 1;
  expect(58);
  for (let k = 0; k < names.length; k++) if (hashes[k] === h && sameText(names[k]!, start, length)) return k;
  return no();
}

/** whether the text at `start` is `name`, `length` characters long */
function sameText(name: string, start: number, length: number): boolean {
  if (name.length !== length) return false;
  const s = t;
  for (let j = 0; j < length; j++) if (name.charCodeAt(j) !== s.charCodeAt(start + j)) return false;
  return true;
}

/** the bits of the named keys (for the required ones) */
function bits<N extends string>(shape: Shape<N>, ...names: N[]): number {
  let b = 0;
  for (const n of names) b |= 1 << shape[n];
  return b;
}

/** one of the given strings, as fast-parse's oneOf accepts it: that string itself (no new one) */
function oneOfText<T extends string>(values: readonly T[]): T {
  expect(34);
  for (const v of values)
    if (t.charCodeAt(i + v.length) === 34 && sameText(v, i, v.length)) {
      i += v.length + 1;
      return v;
    }
  return no();
}

/** "00" to "99", made once: a place of service is two ASCII digits (/^\d{2}$/) */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

function twoDigits(): string {
  expect(34);
  const d1 = t.charCodeAt(i) - 48;
  const d2 = t.charCodeAt(i + 1) - 48;
  if (!(d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) || t.charCodeAt(i + 2) !== 34) no();
  i += 3;
  return TWO_DIGITS[d1 * 10 + d2]!;
}

/** a date, "YYYY-MM-DD" (fast-parse's day), read where it stands */
function date(): number {
  expect(34);
  if (t.charCodeAt(i + 10) !== 34) no();
  const d = dayAt(t, i);
  i += 11;
  return d;
}

/** after `{` or `[`: whether the object or list has a member (else its close is read) */
function opens(open: number, close: number): boolean {
  expect(open);
  if (peek() === close) {
    i++;
    return false;
  }
  return true;
}

/** after a member: whether another follows (`,`), else its close */
function more(close: number): boolean {
  if (t.charCodeAt(i) <= 32) skipWs();
  const c = t.charCodeAt(i++);
  if (c === 44) return true;
  if (c !== close) no();
  return false;
}

/** the literal `true`, `false` or `null` as written (true, false, null), or not ours */
function literal(): boolean | null {
  skipWs();
  if (t.startsWith("true", i)) {
    i += 4;
    return true;
  }
  if (t.startsWith("false", i)) {
    i += 5;
    return false;
  }
  if (t.startsWith("null", i)) {
    i += 4;
    return null;
  }
  return no();
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** the digits of a whole number: at most 15 (a safe integer), no leading zero, as JSON writes it; returns its value */
function digits(): number {
  const s = t;
  const start = i;
  let j = start;
  let v = 0;
  let c = s.charCodeAt(j);
  while (isDigit(c)) {
    v = v * 10 + (c - 48);
    c = s.charCodeAt(++j);
  }
  const n = j - start;
  if (n === 0 || n > 15 || (n > 1 && s.charCodeAt(start) === 48)) no();
  i = j;
  return v;
}

/** the end of a number: another fraction digit or an exponent is a form this reader leaves alone */
function numberEnds(): void {
  const c = t.charCodeAt(i);
  if (isDigit(c) || c === 46 || c === 101 || c === 69) no();
}

/** a whole number written as digits alone (JSON.parse gives the same safe integer) */
function whole(): number {
  skipWs();
  const v = digits();
  numberEnds();
  return v;
}

/** a whole number ≥ 1 (fast-parse's positiveInt) */
function positive(): number {
  const v = whole();
  if (v < 1) no();
  return v;
}

/**
 * An amount of money: a string (fast-parse's decimalCents of it), or a number with at most two
 * decimal places, read as cents. For such a number d below MAX_CENTS, fast-parse's numberCents
 * of JSON.parse's double v (the double nearest d) gives the same: round(v × 100) is d's cents,
 * exactly, as v × 100 is within far less than ½ of them, and cents ÷ 100 (rounded correctly) is v.
 */
function money(p: Pass): number {
  if (peek() === 34) {
    // read where it stands, as decimalCents reads the string: no string is made for it
    stringSpan();
    if (stringLength > p.limits.stringLength) no();
    return decimalCents(t, stringStart, stringStart + stringLength);
  }
  let cents = digits() * 100;
  if (t.charCodeAt(i) === 46) {
    const d1 = t.charCodeAt(++i);
    if (!isDigit(d1)) no();
    cents += (d1 - 48) * 10;
    const d2 = t.charCodeAt(++i);
    if (isDigit(d2)) {
      cents += d2 - 48;
      i++;
    }
  }
  numberEnds();
  if (cents > MAX_CENTS) no();
  return cents;
}

/** a plain number's value, as JSON.parse gives it: digits, and at most two decimal places */
function plainNumber(): number {
  skipWs();
  const start = i;
  const v = digits();
  if (t.charCodeAt(i) === 46) {
    if (!isDigit(t.charCodeAt(++i))) no();
    if (isDigit(t.charCodeAt(++i))) i++;
    numberEnds();
    return Number(t.slice(start, i));
  }
  numberEnds();
  return v;
}

/** strings, read into a list of exactly their number (lists are made by fast-parse's listOf) */
function strings(p: Pass, read: (s: string, p: Pass) => string): string[] {
  let n = 0;
  if (opens(91, 93))
    do scratch[n++] = read(string(), p);
    while (more(93));
  if (n > p.limits.listItems) no();
  const out = listOf<string>(n);
  for (let k = 0; k < n; k++) out[k] = scratch[k]!;
  return out;
}
// The lists' items are gathered in these (one for each kind of list, as lists of one kind never
// nest), then copied into a list of their number. They keep their last items until overwritten.
const scratch: string[] = [];

/** a bit for each field an object has had, so a repeated key is not ours */
function once(seen: number, bit: number): number {
  if (seen & bit) no();
  return seen | bit;
}

// ------------------------------------------------------------------------------ the record

const RECORD = shapeOf("claim", "context");
const CLAIM = shapeOf("id", "receivedDate", "member", "provider", "diagnoses", "lines", "priorAuthorization", "priorPayers", "frequencyCode", "replaces");

function recordOf(p: Pass, options: RecordReadOptions): RecordRead {
  if (!opens(123, 125)) no();
  // a bare claim when its first key is not one of the record's: read its fields from that one
  const at = i;
  skipWs();
  if (!t.startsWith('"claim"', i) && !t.startsWith('"context"', i)) {
    i = at;
    return { claim: claimOf(p), context: undefined };
  }
  let seen = 0;
  let k = -1;
  let claim: Claim | undefined;
  let context: Context | undefined;
  do {
    k = key(RECORD.keys, k + 1);
    seen = once(seen, 1 << k);
    if (!opens(123, 125)) no();
    if (k === RECORD.claim) claim = claimOf(p);
    else context = contextOf(p, options);
  } while (more(125));
  if (claim === undefined) no();
  return { claim, context };
}

// ------------------------------------------------------------------------------ claim

const CLAIM_REQUIRED = bits(CLAIM, "id", "receivedDate", "member", "provider", "diagnoses", "lines");
/** what the lines are checked against: they must come after it */
const BEFORE_LINES = bits(CLAIM, "receivedDate", "diagnoses");

/** a claim's fields, its `{` read and at least one field to come (fast-parse's claimOf, in the text's order) */
function claimOf(p: Pass): Claim {
  let seen = 0;
  let k = -1;
  let id = "";
  let receivedDate = 0;
  let member: Member | undefined;
  let provider: Provider | undefined;
  let diagnoses: string[] = [];
  let lines: ClaimLine[] = [];
  let priorAuthorization: string | null = null;
  let frequencyCode: string | undefined;
  let replaces: string | undefined;
  do {
    k = key(CLAIM.keys, k + 1);
    seen = once(seen, 1 << k);
    switch (k) {
      case CLAIM.id:
        id = text(string(), p, true);
        break;
      case CLAIM.receivedDate:
        receivedDate = date();
        break;
      case CLAIM.member:
        member = memberOf(p);
        break;
      case CLAIM.provider:
        provider = providerOf();
        break;
      case CLAIM.diagnoses:
        diagnoses = strings(p, diagnosis);
        if (diagnoses.length === 0) no();
        break;
      case CLAIM.lines:
        if ((seen & BEFORE_LINES) !== BEFORE_LINES) no();
        lines = linesOf(p, receivedDate, diagnoses);
        break;
      case CLAIM.priorAuthorization:
        priorAuthorization = peek() === 110 ? (literal() === null ? null : no()) : authorization(p);
        break;
      case CLAIM.priorPayers:
        // none is read here (an empty list is none); any is the general path's
        if (opens(91, 93)) no();
        break;
      case CLAIM.frequencyCode:
        frequencyCode = oneOfText(FREQUENCIES);
        break;
      default: // replaces
        replaces = text(string(), p);
    }
  } while (more(125));
  if ((seen & CLAIM_REQUIRED) !== CLAIM_REQUIRED) no();
  if (frequencyCode === "1" && replaces !== undefined) no();
  const claim = new ClaimOf(id, receivedDate, member!, provider!, diagnoses, lines, priorAuthorization, listOf(0));
  if (frequencyCode !== undefined) claim.frequencyCode = frequencyCode as Claim["frequencyCode"];
  if (replaces !== undefined) claim.replaces = replaces;
  return claim;
}

/** an authorization number: a string or a whole number (fast-parse's authorizationNumber) */
function authorization(p: Pass): string {
  return authorizationNumber(peek() === 34 ? string() : whole(), p);
}

const MEMBER = shapeOf("id", "birthDate", "sex");

function memberOf(p: Pass): Member {
  let seen = 0;
  let k = -1;
  let id = "";
  let birthDate = 0;
  let sex = "";
  if (opens(123, 125))
    do {
      k = key(MEMBER.keys, k + 1);
      seen = once(seen, 1 << k);
      if (k === MEMBER.id) id = text(string(), p, true);
      else if (k === MEMBER.birthDate) birthDate = date();
      else sex = oneOfText(SEXES);
    } while (more(125));
  if (seen !== 7) no();
  return new MemberOf(id, birthDate, sex as Member["sex"]);
}

const PROVIDER = shapeOf("npi", "network");

function providerOf(): Provider {
  let seen = 0;
  let k = -1;
  let number = "";
  let network = "";
  if (opens(123, 125))
    do {
      k = key(PROVIDER.keys, k + 1);
      seen = once(seen, 1 << k);
      if (k === PROVIDER.npi) number = npiCode();
      else network = oneOfText(NETWORKS);
    } while (more(125));
  if (seen !== 3) no();
  return new ProviderOf(number, network as Provider["network"]);
}

const lineScratch: ClaimLine[] = [];

function linesOf(p: Pass, receivedDate: number, diagnoses: readonly string[]): ClaimLine[] {
  let n = 0;
  // line numbers strictly rising so far: then no number repeats and the lines need no sort
  let rising = true;
  let charges = 0;
  if (opens(91, 93))
    do {
      const l = lineOf(p, receivedDate, diagnoses);
      if (rising && n > 0 && l.lineNumber <= lineScratch[n - 1]!.lineNumber) rising = false;
      if (!rising) for (let k = 0; k < n; k++) if (lineScratch[k]!.lineNumber === l.lineNumber) no();
      charges += l.charge;
      if (charges > MAX_CENTS) no();
      lineScratch[n++] = l;
    } while (more(93));
  if (n === 0 || n > p.limits.claimLines) no();
  const lines = listOf<ClaimLine>(n);
  for (let k = 0; k < n; k++) lines[k] = lineScratch[k]!;
  if (!rising) lines.sort((a, b) => a.lineNumber - b.lineNumber);
  return lines;
}

const LINE = shapeOf("lineNumber", "serviceDate", "code", "modifiers", "units", "charge", "placeOfService", "diagnosisPointers");
const LINE_REQUIRED = bits(LINE, "lineNumber", "serviceDate", "code", "units", "charge", "placeOfService", "diagnosisPointers");
const pointerScratch: number[] = [];

function lineOf(p: Pass, receivedDate: number, diagnoses: readonly string[]): ClaimLine {
  let seen = 0;
  let k = -1;
  let lineNumber = 0;
  let serviceDate = 0;
  let code = "";
  let mods: string[] | undefined;
  let units = 0;
  let charge = 0;
  let placeOfService = "";
  let pointers: number[] = [];
  let lineDiagnoses: string[] = [];
  if (opens(123, 125))
    do {
      k = key(LINE.keys, k + 1);
      seen = once(seen, 1 << k);
      switch (k) {
        case LINE.lineNumber:
          lineNumber = positive();
          break;
        case LINE.serviceDate:
          serviceDate = date();
          if (serviceDate > receivedDate) no();
          break;
        case LINE.code:
          code = procedureCode(p);
          break;
        case LINE.modifiers:
          mods = strings(p, modifier);
          break;
        case LINE.units:
          units = positive();
          if (units > p.limits.units) no();
          break;
        case LINE.charge:
          charge = money(p);
          break;
        case LINE.placeOfService:
          placeOfService = twoDigits();
          break;
        default: {
          // diagnosisPointers
          let n = 0;
          if (opens(91, 93))
            do {
              const pointer = positive();
              if (pointer > diagnoses.length) no();
              for (let j = 0; j < n; j++) if (pointerScratch[j] === pointer) no();
              pointerScratch[n++] = pointer;
            } while (more(93));
          if (n === 0 || n > p.limits.listItems) no();
          pointers = listOf<number>(n);
          lineDiagnoses = listOf<string>(n);
          for (let j = 0; j < n; j++) {
            pointers[j] = pointerScratch[j]!;
            lineDiagnoses[j] = diagnoses[pointerScratch[j]! - 1]!;
          }
        }
      }
    } while (more(125));
  if ((seen & LINE_REQUIRED) !== LINE_REQUIRED) no();
  return new LineOf(lineNumber, serviceDate, code, mods ?? listOf(0), units, charge, placeOfService, pointers, lineDiagnoses);
}

// ------------------------------------------------------------------------------ context

const CONTEXT = shapeOf("asOf", "coverage", "otherCoverage", "accumulators", "authorizations", "history");

/** a context's fields, its `{` read (fast-parse's contextOf, in the text's order) */
function contextOf(p: Pass, options: RecordReadOptions): Context {
  let seen = 0;
  let k = -1;
  let asOf = 0;
  let coverage: Coverage[] = listOf(0);
  let otherCoverage: Coverage[] = listOf(0);
  let authorizations: Authorization[] = listOf(0);
  let history: HistoryEntry[] = listOf(0);
  let count = 0;
  do {
    k = key(CONTEXT.keys, k + 1);
    seen = once(seen, 1 << k);
    switch (k) {
      case CONTEXT.asOf:
        asOf = date();
        break;
      case CONTEXT.coverage:
        coverage = coverageOf(p);
        break;
      case CONTEXT.otherCoverage:
        otherCoverage = coverageOf(p);
        break;
      case CONTEXT.accumulators:
        count = accumulatorsOf(p, options);
        break;
      case CONTEXT.authorizations:
        authorizations = authorizationsOf(p);
        break;
      default: // history
        history = historyOf(p);
    }
  } while (more(125));
  if (!(seen & (1 << CONTEXT.asOf))) no();

  // the accumulators, as fast-parse's contextOf builds them from the names in sorted order
  const rawAccumulators: Record<string, number | string> = Object.create(null);
  for (let k = 0; k < count; k++) rawAccumulators[names[k]!] = values[k]!;
  let accumulators = Object.create(null) as Record<string, number>;
  if (options.accumulators) {
    const declared = options.accumulators;
    for (const d of declared) accumulators[d.name] = 0;
    for (let k = 0; k < count; k++) {
      const name = names[k]!;
      const unit = unitOf(declared, name);
      const value = values[k]!;
      if (unit === undefined) no();
      else if (unit === "count") {
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) no();
        accumulators[name] = value + 0;
      } else accumulators[name] = centsOf[k]!;
    }
  } else accumulators = Object.assign(Object.create(null), rawAccumulators) as Record<string, number>;
  return new ContextOf(asOf, coverage, otherCoverage, accumulators, rawAccumulators, authorizations, history);
}

/** a context's accumulators: their names in sorted order, raw values and cents (count: accumulatorsOf's) */
const names: string[] = [];
const values: Array<number | string> = [];
const centsOf: number[] = [];

/**
 * Reads the accumulators into names, values and centsOf, and returns their number. A name the
 * plan declares is taken as the declaration's own string (no string made for it); with
 * declarations given, any other name is refused by fast-parse's contextOf, so it is not ours.
 */
function accumulatorsOf(p: Pass, options: RecordReadOptions): number {
  let n = 0;
  if (opens(123, 125))
    do {
      const name = accumulatorName(options.accumulators);
      // the zod record treats this key specially; leave it to that path
      if (name === "__proto__") no();
      let value: number | string;
      let amount: number;
      if (peek() === 34) {
        value = str(string(), p, ID_FIELDS.has(name));
        amount = decimalCents(value);
      } else {
        value = plainNumber();
        if (name === "units" && value > p.limits.units) no();
        amount = numberCents(value);
      }
      // insertion into sorted order (a plan has a handful); a repeated name is not ours
      let k = n++;
      for (; k > 0 && names[k - 1]! >= name; k--) {
        if (names[k - 1] === name) no();
        names[k] = names[k - 1]!;
        values[k] = values[k - 1]!;
        centsOf[k] = centsOf[k - 1]!;
      }
      names[k] = name;
      values[k] = value;
      centsOf[k] = amount;
    } while (more(125));
  if (n > p.limits.listItems) no();
  return n;
}

/** `"name":` of an accumulator: a declared name's own string, or (no declarations) the text's */
function accumulatorName(declared: RecordReadOptions["accumulators"]): string {
  expect(34);
  const start = i;
  for (;;) {
    const c = t.charCodeAt(i);
    if (c === 34) break;
    if (!(c >= 32 && c <= 126) || c === 92) no();
    i++;
  }
  const length = i++ - start;
  expect(58);
  if (declared === undefined) return t.slice(start, start + length);
  for (let k = 0; k < declared.length; k++) {
    const name = declared[k]!.name;
    if (sameText(name, start, length)) return name;
  }
  return no();
}

const coverageScratch: Coverage[] = [];

function coverageOf(p: Pass): Coverage[] {
  let n = 0;
  if (opens(91, 93))
    do coverageScratch[n++] = periodOf(p);
    while (more(93));
  if (n > p.limits.listItems) no();
  const out = listOf<Coverage>(n);
  for (let k = 0; k < n; k++) out[k] = coverageScratch[k]!;
  return n > 1 ? out.sort(compareCoverage) : out;
}

const PERIOD = shapeOf("planId", "from", "to", "relationship", "employment", "cobra", "medicare", "subscriberBirthDate", "employerSize", "parentsSeparated");
const PERIOD_REQUIRED = bits(PERIOD, "planId", "from");

function periodOf(p: Pass): Coverage {
  let seen = 0;
  let k = -1;
  let planId = "";
  let from = 0;
  let to: number | null = null;
  let relationship: string | null = null;
  let employment: string | null = null;
  let cobra = false;
  let medicare = false;
  let subscriberBirthDate: number | null = null;
  let employerSize: number | null = null;
  let parentsSeparated = false;
  if (opens(123, 125))
    do {
      k = key(PERIOD.keys, k + 1);
      seen = once(seen, 1 << k);
      switch (k) {
        case PERIOD.planId:
          planId = text(string(), p, true);
          break;
        case PERIOD.from:
          from = date();
          break;
        case PERIOD.to:
          to = peek() === 110 ? (literal() === null ? null : no()) : date();
          break;
        case PERIOD.relationship:
          relationship = oneOfText(RELATIONSHIPS);
          break;
        case PERIOD.employment:
          employment = oneOfText(EMPLOYMENTS);
          break;
        case PERIOD.cobra:
          cobra = flag();
          break;
        case PERIOD.medicare:
          medicare = flag();
          break;
        case PERIOD.subscriberBirthDate:
          subscriberBirthDate = date();
          break;
        case PERIOD.employerSize:
          employerSize = whole();
          break;
        default: // parentsSeparated
          parentsSeparated = flag();
      }
    } while (more(125));
  if ((seen & PERIOD_REQUIRED) !== PERIOD_REQUIRED) no();
  if (to !== null && to < from) no();
  return new CoverageOf(planId, from, to, relationship, employment, cobra, medicare, subscriberBirthDate, employerSize, parentsSeparated);
}

/** true or false (fast-parse's bool of a given field) */
function flag(): boolean {
  const v = literal();
  if (v === null) no();
  return v;
}

const authorizationScratch: Authorization[] = [];

function authorizationsOf(p: Pass): Authorization[] {
  let n = 0;
  if (opens(91, 93))
    do {
      const a = authorizationOf(p);
      for (let k = 0; k < n; k++) if (authorizationScratch[k]!.number === a.number) no();
      authorizationScratch[n++] = a;
    } while (more(93));
  if (n > p.limits.listItems) no();
  const out = listOf<Authorization>(n);
  for (let k = 0; k < n; k++) out[k] = authorizationScratch[k]!;
  if (n > 1) out.sort(compareAuthorizationNumber);
  return out;
}

const AUTHORIZATION = shapeOf("number", "codes", "from", "to", "units", "used");

function authorizationOf(p: Pass): Authorization {
  let seen = 0;
  let k = -1;
  let number = "";
  let codes: string[] = [];
  let from = 0;
  let to = 0;
  let units = 0;
  let used = 0;
  if (opens(123, 125))
    do {
      k = key(AUTHORIZATION.keys, k + 1);
      seen = once(seen, 1 << k);
      switch (k) {
        case AUTHORIZATION.number:
          number = authorization(p);
          break;
        case AUTHORIZATION.codes:
          codes = strings(p, procedure);
          if (codes.length === 0) no();
          break;
        case AUTHORIZATION.from:
          from = date();
          break;
        case AUTHORIZATION.to:
          to = date();
          break;
        case AUTHORIZATION.units:
          units = positive();
          if (units > p.limits.units) no();
          break;
        default: // used
          used = whole();
      }
    } while (more(125));
  if (seen !== 63 || to < from) no();
  return new AuthorizationOf(number, codes, from, to, units, used);
}

const historyScratch: HistoryEntry[] = [];

function historyOf(p: Pass): HistoryEntry[] {
  let n = 0;
  if (opens(91, 93))
    do historyScratch[n++] = entryOf(p);
    while (more(93));
  if (n > p.limits.listItems) no();
  const out = listOf<HistoryEntry>(n);
  for (let k = 0; k < n; k++) out[k] = historyScratch[k]!;
  if (!historyInOrder(out)) out.sort(compareHistory);
  return out;
}

const ENTRY = shapeOf("claimId", "serviceDate", "code", "modifiers", "providerNpi", "status");
const ENTRY_REQUIRED = bits(ENTRY, "claimId", "serviceDate", "code", "providerNpi", "status");

function entryOf(p: Pass): HistoryEntry {
  let seen = 0;
  let k = -1;
  let claimId = "";
  let serviceDate = 0;
  let code = "";
  let mods: string[] | undefined;
  let providerNpi = "";
  let status = "";
  if (opens(123, 125))
    do {
      k = key(ENTRY.keys, k + 1);
      seen = once(seen, 1 << k);
      switch (k) {
        case ENTRY.claimId:
          claimId = text(string(), p, true);
          break;
        case ENTRY.serviceDate:
          serviceDate = date();
          break;
        case ENTRY.code:
          code = procedureCode(p);
          break;
        case ENTRY.modifiers:
          mods = strings(p, modifier);
          break;
        case ENTRY.providerNpi:
          providerNpi = npiCode();
          break;
        default: // status
          status = text(string(), p);
      }
    } while (more(125));
  if ((seen & ENTRY_REQUIRED) !== ENTRY_REQUIRED) no();
  return new HistoryOf(claimId, serviceDate, code, mods ?? listOf(0), providerNpi, status);
}
