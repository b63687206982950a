// The validation fast path: claim and context JSON checked against the contract (docs/CONTRACT.md)
// and normalised in one hand-written pass, with no zod. It answers only "valid, and here is the
// normalised value" or "not sure": on anything it does not accept (bad input, or input shaped in
// a way it does not handle, such as objects with an unusual prototype or limits set very low) it
// returns null and ./schemas.ts runs the zod schemas, which also write the error messages. It
// must accept exactly what the zod path accepts and build the same value, key order included;
// test/model/fast-parse.test.ts checks both with properties. Its constructors and field readers
// are exported for ./read-record.ts, the one-pass reader of a record's text, so the two build
// the same values by the same code.
import { compareAuthorizationNumber, compareCoverage, compareHistory, historyInOrder } from "./order.js";
import { MAX_CENTS } from "./money.js";
import { dayFromCivil, daysInMonth } from "./dates.js";
import { isDiagnosisCode, isModifier, isProcedureCode, normalizeCode } from "./codes.js";
import { limitsWith, type Limits } from "../common/limits.js";
import type { Authorization, Claim, ClaimLine, Context, Coverage, HistoryEntry, Member, PriorPayer, PriorPayerLine, Provider } from "./types.js";

/** thrown inside the pass to give up; caught at the entry points, never escapes */
export const GIVE_UP = Symbol("fast path gives up");
export function no(): never {
  throw GIVE_UP;
}

type Json = Record<string, unknown>;

// ------------------------------------------------------------------------------ building
// The normalised objects are made by constructors whose prototype is Object.prototype, not by
// object literals: they are the same plain objects (same keys in the same order, same prototype).
// V8 records, for each literal, how much of what it allocated lived long; once most of it did (a
// host holding many parsed claims, as the benchmark's set-up does), it allocates from that place
// in the old generation for good, where each dead claim waits for a full collection and keeps
// the younger objects it points at alive through the scavenges until then: validation cost
// about twice as much. A constructor call carries no such record. Lists come from listOf, one
// `new Array` for all of them; measured (bench/NOTES.md), that leaves no such slowdown.

/** builds `new F(...)` objects that are plain: Object.prototype is their prototype */
function plain<F extends abstract new (...args: never[]) => unknown>(f: unknown): F {
  (f as { prototype: object }).prototype = Object.prototype;
  return f as F;
}

export const MemberOf = plain<new (id: string, birthDate: number, sex: Member["sex"]) => Member>(function (
  this: Member,
  id: string,
  birthDate: number,
  sex: Member["sex"],
) {
  this.id = id;
  this.birthDate = birthDate;
  this.sex = sex;
});

export const ProviderOf = plain<new (npi: string, network: Provider["network"]) => Provider>(function (
  this: Provider,
  npi: string,
  network: Provider["network"],
) {
  this.npi = npi;
  this.network = network;
});

type LineArgs = [number, number, string, string[], number, number, string, number[], string[]];
export const LineOf = plain<new (...args: LineArgs) => ClaimLine>(function (
  this: ClaimLine,
  lineNumber: number,
  serviceDate: number,
  code: string,
  modifiers: string[],
  units: number,
  charge: number,
  placeOfService: string,
  diagnosisPointers: number[],
  diagnoses: string[],
) {
  this.lineNumber = lineNumber;
  this.serviceDate = serviceDate;
  this.code = code;
  this.modifiers = modifiers;
  this.units = units;
  this.charge = charge;
  this.placeOfService = placeOfService;
  this.diagnosisPointers = diagnosisPointers;
  this.diagnoses = diagnoses;
});

type ClaimArgs = [string, number, Member, Provider, string[], ClaimLine[], string | null, PriorPayer[]];
export const ClaimOf = plain<new (...args: ClaimArgs) => Claim>(function (
  this: Claim,
  id: string,
  receivedDate: number,
  member: Member,
  provider: Provider,
  diagnoses: string[],
  lines: ClaimLine[],
  priorAuthorization: string | null,
  priorPayers: PriorPayer[],
) {
  this.id = id;
  this.receivedDate = receivedDate;
  this.member = member;
  this.provider = provider;
  this.diagnoses = diagnoses;
  this.principalDiagnosis = diagnoses[0]!;
  this.lines = lines;
  this.priorAuthorization = priorAuthorization;
  this.priorPayers = priorPayers;
});

type HistoryArgs = [string, number, string, string[], string, string];
export const HistoryOf = plain<new (...args: HistoryArgs) => HistoryEntry>(function (
  this: HistoryEntry,
  claimId: string,
  serviceDate: number,
  code: string,
  modifiers: string[],
  providerNpi: string,
  status: string,
) {
  this.claimId = claimId;
  this.serviceDate = serviceDate;
  this.code = code;
  this.modifiers = modifiers;
  this.providerNpi = providerNpi;
  this.status = status;
});

type CoverageArgs = [string, number, number | null, string | null, string | null, boolean, boolean, number | null, number | null, boolean];
export const CoverageOf = plain<new (...args: CoverageArgs) => Coverage>(function (
  this: Coverage,
  planId: string,
  from: number,
  to: number | null,
  relationship: string | null,
  employment: string | null,
  cobra: boolean,
  medicare: boolean,
  subscriberBirthDate: number | null,
  employerSize: number | null,
  parentsSeparated: boolean,
) {
  this.planId = planId;
  this.from = from;
  this.to = to;
  this.relationship = relationship;
  this.employment = employment;
  this.cobra = cobra;
  this.medicare = medicare;
  this.subscriberBirthDate = subscriberBirthDate;
  this.employerSize = employerSize;
  this.parentsSeparated = parentsSeparated;
});

type ContextArgs = [number, Coverage[], Coverage[], Record<string, number>, Record<string, number | string>, Authorization[], HistoryEntry[]];
export const ContextOf = plain<new (...args: ContextArgs) => Context>(function (
  this: Context,
  asOf: number,
  coverage: Coverage[],
  otherCoverage: Coverage[],
  accumulators: Record<string, number>,
  rawAccumulators: Record<string, number | string>,
  authorizations: Authorization[],
  history: HistoryEntry[],
) {
  this.asOf = asOf;
  this.coverage = coverage;
  this.otherCoverage = otherCoverage;
  this.accumulators = accumulators;
  this.rawAccumulators = rawAccumulators;
  this.authorizations = authorizations;
  this.history = history;
});

export const AuthorizationOf = plain<new (number: string, codes: string[], from: number, to: number, units: number, used: number) => Authorization>(function (
  this: Authorization,
  number: string,
  codes: string[],
  from: number,
  to: number,
  units: number,
  used: number,
) {
  this.number = number;
  this.codes = codes;
  this.from = from;
  this.to = to;
  this.units = units;
  this.used = used;
});

type Adjustment = PriorPayer["adjustments"][number];
const AdjustmentOf = plain<new (group: string, reason: string, amount: number) => Adjustment>(function (
  this: Adjustment,
  group: string,
  reason: string,
  amount: number,
) {
  this.group = group;
  this.reason = reason;
  this.amount = amount;
});

const PayerLineOf = plain<new (lineNumber: number, allowed: number, paid: number, adjustments: Adjustment[]) => PriorPayerLine>(function (
  this: PriorPayerLine,
  lineNumber: number,
  allowed: number,
  paid: number,
  adjustments: Adjustment[],
) {
  this.lineNumber = lineNumber;
  this.allowed = allowed;
  this.paid = paid;
  this.adjustments = adjustments;
});

const PayerOf = plain<new (payerId: string, lines: PriorPayerLine[], adjustments: Adjustment[]) => PriorPayer>(function (
  this: PriorPayer,
  payerId: string,
  lines: PriorPayerLine[],
  adjustments: Adjustment[],
) {
  this.payerId = payerId;
  this.lines = lines;
  this.adjustments = adjustments;
});

/** a new list of n slots: every list of the normalised value comes from here (see above) */
export function listOf<T>(n: number): T[] {
  return new Array<T>(n);
}

/** the deepest path a valid claim or context has (priorPayers[i].lines[j].adjustments[k].amount is 7) */
const MAX_VALID_DEPTH = 7;
/** the most fields a valid strict object has (a claim: 10) */
export const MAX_VALID_FIELDS = 12;

export interface Pass {
  limits: Limits;
}

const DEFAULT_PASS: Pass = { limits: limitsWith(undefined) };
export const passFor = (limits: Partial<Limits> | undefined): Pass => (limits ? { limits: limitsWith(limits) } : DEFAULT_PASS);

function record(v: unknown): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) no();
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) no();
  return v as Json;
}

/** an object with only the given fields (a strict object); returns it */
function strict(v: unknown, allowed: ReadonlySet<string>, p: Pass): Json {
  const o = record(v);
  for (const k in o) if (!allowed.has(k)) no();
  if (p.limits.listItems < MAX_VALID_FIELDS && Object.keys(o).length > p.limits.listItems) no();
  return o;
}

/**
 * The strict-object check of the hot shapes, made after their fields are read: `given`, the
 * shape's required fields (each read and checked, so there) and the optional ones the object
 * has (`has`), must be the number of keys it has; then it has no other. Cheaper than looking
 * each key up in the shape's field set.
 */
function onlyFields(o: Json, given: number, p: Pass): void {
  let keys = 0;
  for (const _ in o) keys++;
  if (keys !== given || keys > p.limits.listItems) no();
}

/** 1 when the object has the (optional) field, whatever it holds, else 0 (for onlyFields) */
const has = (o: Json, field: string): number => (field in o ? 1 : 0);

function list(v: unknown, p: Pass, max = p.limits.listItems): unknown[] {
  if (!Array.isArray(v) || v.length > max) no();
  return v;
}

/** a string within its size limit: ids (id, planId, claimId) have their own */
export function str(v: unknown, p: Pass, id = false): string {
  if (typeof v !== "string" || v.length > (id ? p.limits.idLength : p.limits.stringLength)) no();
  return v;
}

export function text(v: unknown, p: Pass, id = false): string {
  const s = str(v, p, id);
  // a first character above the space is not white space: no need to trim
  if (s.length === 0 || (s.charCodeAt(0) <= 32 && s.trim() === "")) no();
  return s;
}

export function positiveInt(v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) no();
  return v;
}

export function nonNegativeInt(v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) no();
  return v;
}

export function units(v: unknown, p: Pass): number {
  const n = positiveInt(v);
  if (n > p.limits.units) no();
  return n;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  if (c < 0 || c > 9) no();
  return c;
};

/** the last date read and its day number: dates repeat within a record (lines, history, coverage) */
let lastDateText = "";
let lastDay = 0;

/** strict YYYY-MM-DD read by character codes (./dates.ts parseDate, without the regex) */
export function day(v: unknown, p: Pass): number {
  const s = str(v, p);
  if (s === lastDateText) return lastDay;
  if (s.length !== 10) no();
  lastDay = dayAt(s, 0);
  lastDateText = s;
  return lastDay;
}

/** the day number of the strict YYYY-MM-DD at s[at, at + 10) */
export function dayAt(s: string, at: number): number {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) no();
  const year = digit(s, at) * 1000 + digit(s, at + 1) * 100 + digit(s, at + 2) * 10 + digit(s, at + 3);
  const month = digit(s, at + 5) * 10 + digit(s, at + 6);
  const d = digit(s, at + 8) * 10 + digit(s, at + 9);
  if (year !== monthYear || month !== monthMonth) {
    if (month < 1 || month > 12) no();
    monthDays = daysInMonth(year, month);
    monthFirst = dayFromCivil(year, month, 1);
    monthYear = year;
    monthMonth = month;
  }
  if (d < 1 || d > monthDays) no();
  // dayFromCivil counts the day of the month on from the first
  return monthFirst + d - 1;
}

/** the month of the last date read: its year, month, number of days and first day's number (dates cluster in a few months) */
let monthYear = -1;
let monthMonth = -1;
let monthDays = 0;
let monthFirst = 0;

function cents(v: unknown, p: Pass): number {
  if (typeof v === "number") return numberCents(v);
  return decimalCents(str(v, p));
}

/**
 * A JSON number as cents, as ./money.ts parseMoney reads it (through its shortest decimal text,
 * String(v)). When c = round(v × 100) gives back v as c / 100, v is the double nearest a decimal
 * with at most two places; below MAX_CENTS two such decimals never share a double, so String(v)
 * is that decimal and parseMoney gives c. Any other number is read through its text.
 */
export function numberCents(v: number): number {
  if (!(v >= 0)) no(); // NaN and negatives (-0 is 0, as in parseMoney)
  const c = Math.round(v * 100);
  if (c <= MAX_CENTS && c / 100 === v) return c + 0; // + 0: -0 reads as 0
  if (!Number.isFinite(v)) no();
  return decimalCents(String(v));
}

/**
 * "125", "125.5", "125.50" → cents, read by character codes in integer arithmetic (what
 * ./money.ts parseMoney gives for the contract's money strings, \d+(.\d{1,2})?); of s[from, to)
 */
export function decimalCents(s: string, from = 0, to = s.length): number {
  let i = from;
  let whole = 0;
  let digits = 0;
  while (i < to && s.charCodeAt(i) !== 46) {
    const c = digit(s, i++);
    // leading zeros do not count toward the twelve whole digits parseMoney allows
    if (digits > 0 || c !== 0) digits++;
    whole = whole * 10 + c;
  }
  if (i === from || digits > 12) no();
  let hundredths = 0;
  if (i < to) {
    const places = to - i - 1;
    if (places < 1 || places > 2) no();
    hundredths = digit(s, i + 1) * 10 + (places === 2 ? digit(s, i + 2) : 0);
  }
  const magnitude = whole * 100 + hundredths;
  if (magnitude > MAX_CENTS) no();
  return magnitude;
}

/**
 * Validated codes by their text as written → normalised code. Codes repeat across claims (a
 * pack's procedures, a population's diagnoses), so most are checked once; the maps are bounded
 * and start over when full.
 */
class CodeCache {
  private readonly map = new Map<string, string>();
  constructor(
    private readonly valid: (s: string) => boolean,
    private readonly normalize: (s: string) => string = normalizeCode,
  ) {}
  get(s: string): string {
    const hit = this.map.get(s);
    if (hit !== undefined) return hit;
    if (!this.valid(s)) no();
    if (this.map.size >= 65_536) this.map.clear();
    const code = this.normalize(s);
    this.map.set(s, code);
    return code;
  }
}
const procedures = new CodeCache(isProcedureCode);
const diagnosisCodes = new CodeCache(isDiagnosisCode);
const modifierCodes = new CodeCache(isModifier);

// Codes as the contract's examples write them (upper case, no white space) are read by character
// codes first: a probe of a cache holding thousands of codes misses the processor's caches
// (NCCI-scale packs: 10,000 procedures, 27,000 diagnoses in 20,000 bench claims). Anything else
// (lower case, spaces, a shape these do not know) goes to the cache and its regular expression.
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;
const isAlnumCode = (c: number): boolean => isDigitCode(c) || isUpperCode(c);

/** whether s is a procedure code in normal form: /^(?:\d{5}|\d{4}[FTUMA]|[A-V]\d{4})$/ */
function normalProcedure(s: string): boolean {
  return normalProcedureAt(s, 0, s.length);
}

/** whether s[at, at + length) is a procedure code in normal form (normalProcedure of that text) */
export function normalProcedureAt(s: string, at: number, length: number): boolean {
  if (length !== 5) return false;
  const c0 = s.charCodeAt(at);
  if (!isDigitCode(s.charCodeAt(at + 1)) || !isDigitCode(s.charCodeAt(at + 2)) || !isDigitCode(s.charCodeAt(at + 3))) return false;
  const c4 = s.charCodeAt(at + 4);
  if (isDigitCode(c0)) return isDigitCode(c4) || c4 === 70 || c4 === 84 || c4 === 85 || c4 === 77 || c4 === 65; // F T U M A
  return c0 >= 65 && c0 <= 86 && isDigitCode(c4); // A–V
}

/** a diagnosis in upper case, no white space, /^[A-Z]\d[A-Z0-9](?:\.?[A-Z0-9]{1,4})?$/, normalised (the dot dropped); null for anything else */
function normalDiagnosis(s: string): string | null {
  const n = s.length;
  if (n < 3 || n > 8 || !isUpperCode(s.charCodeAt(0)) || !isDigitCode(s.charCodeAt(1)) || !isAlnumCode(s.charCodeAt(2))) return null;
  const dot = n > 3 && s.charCodeAt(3) === 46;
  const rest = dot ? 4 : 3;
  if (dot ? n === 4 : n > 7) return null;
  for (let i = rest; i < n; i++) if (!isAlnumCode(s.charCodeAt(i))) return null;
  return dot ? s.slice(0, 3) + s.slice(4) : s;
}

export function procedure(v: unknown, p: Pass): string {
  const s = str(v, p);
  return normalProcedure(s) ? s : procedures.get(s);
}

export function diagnosis(v: unknown, p: Pass): string {
  const s = str(v, p);
  return normalDiagnosis(s) ?? diagnosisCodes.get(s);
}

/** a modifier in normal form, two upper-case letters or digits (/^[A-Z0-9]{2}$/), or any through the cache */
export function modifier(v: unknown, p: Pass): string {
  const s = str(v, p);
  return s.length === 2 && isAlnumCode(s.charCodeAt(0)) && isAlnumCode(s.charCodeAt(1)) ? s : modifierCodes.get(s);
}

function modifiers(v: unknown, p: Pass): string[] {
  if (v === undefined) return listOf(0);
  const xs = list(v, p);
  const out = listOf<string>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = modifier(xs[i], p);
  return out;
}

/** ten ASCII digits (/^\d{10}$/), read by character codes: cheaper than a cache probe */
export function npi(v: unknown, p: Pass): string {
  const s = str(v, p);
  npiAt(s, 0, s.length);
  return s;
}

/** s[at, at + length) is ten ASCII digits (npi's check of that text), else gives up */
export function npiAt(s: string, at: number, length: number): void {
  if (length !== 10) no();
  for (let i = at; i < at + 10; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) no();
  }
}

export function oneOf<T extends string>(v: unknown, p: Pass, values: readonly T[]): T {
  if (!values.includes(str(v, p) as T)) no();
  return v as T;
}

const AUTHORIZATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 .\-_/]{0,49}$/;
export function authorizationNumber(v: unknown, p: Pass): string {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) no();
    return String(v);
  }
  const s = str(v, p);
  if (!AUTHORIZATION_NUMBER.test(s) || s.trimEnd() !== s) no();
  return s;
}

const bool = (v: unknown): boolean => {
  if (v !== undefined && typeof v !== "boolean") no();
  return v === true;
};

/** the length of the longest path to a value (the root's fields are at 1), as src/model/schemas.ts counts it */
function depthOf(v: unknown, at = 0): number {
  let deepest = at;
  if (Array.isArray(v)) for (const x of v) deepest = Math.max(deepest, depthOf(x, at + 1));
  else if (typeof v === "object" && v !== null) for (const k of Object.keys(v)) deepest = Math.max(deepest, depthOf((v as Json)[k], at + 1));
  return deepest;
}

/** a valid document is at most MAX_VALID_DEPTH deep: below that limit, measure it */
function checkDepth(json: unknown, limits: Limits): void {
  if (limits.jsonDepth < MAX_VALID_DEPTH && depthOf(json) > limits.jsonDepth) no();
}

// ------------------------------------------------------------------------------ claim

const PAYER_FIELDS = new Set(["payerId", "lines", "adjustments"]);
const PAYER_LINE_FIELDS = new Set(["lineNumber", "allowed", "paid", "adjustments"]);
const ADJUSTMENT_FIELDS = new Set(["group", "reason", "amount"]);
export const SEXES = ["F", "M", "U"] as const;
export const NETWORKS = ["in", "out"] as const;
const GROUPS = ["CO", "PR", "OA", "PI", "CR"] as const;
export const FREQUENCIES = ["1", "7", "8"] as const;
const CARC_SHAPE = /^[A-Z0-9]{1,5}$/;

function adjustments(v: unknown, p: Pass): Array<{ group: string; reason: string; amount: number }> {
  if (v === undefined) return listOf(0);
  const xs = list(v, p);
  const out = listOf<Adjustment>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const a = strict(xs[i], ADJUSTMENT_FIELDS, p);
    const group = oneOf(a.group, p, GROUPS);
    const reason = str(a.reason, p);
    if (!CARC_SHAPE.test(reason)) no();
    out[i] = new AdjustmentOf(group, reason, cents(a.amount, p));
  }
  return out;
}

/** the normalised claim when the JSON is a valid claim; null when the zod path must decide */
export function fastParseClaim(json: unknown, options: { limits?: Partial<Limits>; planned?: boolean } = {}): Claim | null {
  try {
    return claimOf(json, passFor(options.limits), options.planned === true);
  } catch (e) {
    if (e === GIVE_UP) return null;
    return null; // a getter that throws, say: the zod path reports it
  }
}

function claimOf(json: unknown, p: Pass, planned: boolean): Claim {
  const c = record(json);
  const id = text(c.id, p, true);
  const receivedDate = day(c.receivedDate, p);
  const m = record(c.member);
  const member = new MemberOf(text(m.id, p, true), day(m.birthDate, p), oneOf(m.sex, p, SEXES));
  onlyFields(m, 3, p); // id, birthDate, sex
  const pr = record(c.provider);
  const provider = new ProviderOf(npi(pr.npi, p), oneOf(pr.network, p, NETWORKS));
  onlyFields(pr, 2, p); // npi, network
  const rawDiagnoses = list(c.diagnoses, p);
  if (rawDiagnoses.length === 0) no();
  const diagnoses = listOf<string>(rawDiagnoses.length);
  for (let i = 0; i < rawDiagnoses.length; i++) diagnoses[i] = diagnosis(rawDiagnoses[i], p);
  const rawLines = list(c.lines, p, p.limits.claimLines);
  if (rawLines.length === 0) no();
  const lines = listOf<ClaimLine>(rawLines.length);
  // line numbers strictly rising so far: then no number repeats and the lines need no sort
  let rising = true;
  let charges = 0;
  for (let i = 0; i < rawLines.length; i++) {
    const l = record(rawLines[i]);
    const lineNumber = positiveInt(l.lineNumber);
    if (rising && i > 0 && lineNumber <= lines[i - 1]!.lineNumber) rising = false;
    if (!rising) for (let k = 0; k < i; k++) if (lines[k]!.lineNumber === lineNumber) no();
    const serviceDate = day(l.serviceDate, p);
    if (!planned && serviceDate > receivedDate) no();
    const code = procedure(l.code, p);
    const mods = modifiers(l.modifiers, p);
    const u = units(l.units, p);
    const charge = cents(l.charge, p);
    charges += charge;
    if (charges > MAX_CENTS) no();
    const placeOfService = str(l.placeOfService, p);
    // two ASCII digits (/^\d{2}$/)
    if (placeOfService.length !== 2) no();
    digit(placeOfService, 0);
    digit(placeOfService, 1);
    const rawPointers = list(l.diagnosisPointers, p);
    if (rawPointers.length === 0) no();
    const diagnosisPointers = listOf<number>(rawPointers.length);
    const lineDiagnoses = listOf<string>(rawPointers.length);
    for (let j = 0; j < rawPointers.length; j++) {
      const pointer = positiveInt(rawPointers[j]);
      if (pointer > diagnoses.length) no();
      for (let k = 0; k < j; k++) if (diagnosisPointers[k] === pointer) no();
      diagnosisPointers[j] = pointer;
      lineDiagnoses[j] = diagnoses[pointer - 1]!;
    }
    // lineNumber, serviceDate, code, units, charge, placeOfService, diagnosisPointers; modifiers
    onlyFields(l, 7 + has(l, "modifiers"), p);
    lines[i] = new LineOf(lineNumber, serviceDate, code, mods, u, charge, placeOfService, diagnosisPointers, lineDiagnoses);
  }
  if (!rising) lines.sort((a, b) => a.lineNumber - b.lineNumber);
  const pa = c.priorAuthorization;
  const priorAuthorization = pa === undefined || pa === null ? null : authorizationNumber(pa, p);
  const priorPayers = c.priorPayers === undefined ? listOf<PriorPayer>(0) : payersOf(c.priorPayers, p, lines);
  const frequencyCode = c.frequencyCode === undefined ? undefined : oneOf(c.frequencyCode, p, FREQUENCIES);
  const replaces = c.replaces === undefined ? undefined : text(c.replaces, p);
  if (frequencyCode === "1" && replaces !== undefined) no();
  // id, receivedDate, member, provider, diagnoses, lines; the optional ones given
  onlyFields(c, 6 + has(c, "priorAuthorization") + has(c, "priorPayers") + has(c, "frequencyCode") + has(c, "replaces"), p);
  const claim = new ClaimOf(id, receivedDate, member, provider, diagnoses, lines, priorAuthorization, priorPayers);
  if (frequencyCode !== undefined) claim.frequencyCode = frequencyCode;
  if (replaces !== undefined) claim.replaces = replaces;
  checkDepth(json, p.limits);
  return claim;
}

/** prior payers; `lines` are the claim's lines sorted by number */
function payersOf(v: unknown, p: Pass, claimLines: readonly ClaimLine[]): PriorPayer[] {
  const xs = list(v, p);
  const out = listOf<PriorPayer>(xs.length);
  const chargeOf = new Map<number, number>();
  for (const l of claimLines) chargeOf.set(l.lineNumber, l.charge);
  const paidSoFar = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) {
    const payer = strict(xs[i], PAYER_FIELDS, p);
    const payerId = text(payer.payerId, p);
    const rawLines = list(payer.lines, p);
    const lines = listOf<PriorPayerLine>(rawLines.length);
    const listed = new Set<number>();
    for (let j = 0; j < rawLines.length; j++) {
      const l = strict(rawLines[j], PAYER_LINE_FIELDS, p);
      const lineNumber = positiveInt(l.lineNumber);
      const charge = chargeOf.get(lineNumber);
      if (charge === undefined || listed.has(lineNumber)) no();
      listed.add(lineNumber);
      const allowed = cents(l.allowed, p);
      const paid = cents(l.paid, p);
      const total = (paidSoFar.get(lineNumber) ?? 0) + paid;
      if (total > charge) no();
      paidSoFar.set(lineNumber, total);
      lines[j] = new PayerLineOf(lineNumber, allowed, paid, adjustments(l.adjustments, p));
    }
    lines.sort((a, b) => a.lineNumber - b.lineNumber);
    out[i] = new PayerOf(payerId, lines, adjustments(payer.adjustments, p));
  }
  return out;
}

// ------------------------------------------------------------------------------ context

export const RELATIONSHIPS = ["self", "spouse", "child", "other"] as const;
export const EMPLOYMENTS = ["active", "retired", "laid_off"] as const;
export const ID_FIELDS = new Set(["id", "planId", "claimId"]);

export interface FastContextOptions {
  limits?: Partial<Limits>;
  accumulators?: ReadonlyArray<{ name: string; unit: "money" | "count" }>;
  allowUnknown?: boolean;
}

/** the normalised context when the JSON is a valid context; null when the zod path must decide */
export function fastParseContext(json: unknown, options: FastContextOptions = {}): Context | null {
  try {
    return contextOf(json, passFor(options.limits), options);
  } catch (e) {
    if (e === GIVE_UP) return null;
    return null;
  }
}

function coverageOf(v: unknown, p: Pass): Coverage[] {
  if (v === undefined) return listOf(0);
  const xs = list(v, p);
  const out = listOf<Coverage>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const c = record(xs[i]);
    const planId = text(c.planId, p, true);
    const from = day(c.from, p);
    const to = c.to === undefined || c.to === null ? null : day(c.to, p);
    if (to !== null && to < from) no();
    out[i] = new CoverageOf(
      planId,
      from,
      to,
      c.relationship === undefined ? null : oneOf(c.relationship, p, RELATIONSHIPS),
      c.employment === undefined ? null : oneOf(c.employment, p, EMPLOYMENTS),
      bool(c.cobra),
      bool(c.medicare),
      c.subscriberBirthDate === undefined ? null : day(c.subscriberBirthDate, p),
      c.employerSize === undefined ? null : nonNegativeInt(c.employerSize),
      bool(c.parentsSeparated),
    );
    // planId, from; the optional ones given
    onlyFields(
      c,
      2 +
        has(c, "to") +
        has(c, "relationship") +
        has(c, "employment") +
        has(c, "cobra") +
        has(c, "medicare") +
        has(c, "subscriberBirthDate") +
        has(c, "employerSize") +
        has(c, "parentsSeparated"),
      p,
    );
  }
  return out.length > 1 ? out.sort(compareCoverage) : out;
}

/** whether names are in the order Array.prototype.sort() puts them (UTF-16 code units, as `<` compares) */
export function sorted(names: readonly string[]): boolean {
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) return false;
  return true;
}

/** the unit a plan declares for an accumulator, or undefined (a scan: plans declare a handful) */
export function unitOf(declared: ReadonlyArray<{ name: string; unit: "money" | "count" }>, name: string): "money" | "count" | undefined {
  let unit: "money" | "count" | undefined;
  // the last declaration of a name wins, as when they were put in a Map
  for (let i = 0; i < declared.length; i++) if (declared[i]!.name === name) unit = declared[i]!.unit;
  return unit;
}

function contextOf(json: unknown, p: Pass, options: FastContextOptions): Context {
  const c = record(json);
  const asOf = day(c.asOf, p);
  const coverage = coverageOf(c.coverage, p);
  const otherCoverage = coverageOf(c.otherCoverage, p);

  const rawAuthorizations = c.authorizations === undefined ? listOf(0) : list(c.authorizations, p);
  const authorizations = listOf<Authorization>(rawAuthorizations.length);
  const numbers = rawAuthorizations.length > 1 ? new Set<string>() : null;
  for (let i = 0; i < rawAuthorizations.length; i++) {
    const a = record(rawAuthorizations[i]);
    const number = authorizationNumber(a.number, p);
    if (numbers !== null) {
      if (numbers.has(number)) no();
      numbers.add(number);
    }
    const rawCodes = list(a.codes, p);
    if (rawCodes.length === 0) no();
    const codes = listOf<string>(rawCodes.length);
    for (let j = 0; j < rawCodes.length; j++) codes[j] = procedure(rawCodes[j], p);
    const from = day(a.from, p);
    const to = day(a.to, p);
    if (to < from) no();
    authorizations[i] = new AuthorizationOf(number, codes, from, to, units(a.units, p), nonNegativeInt(a.used));
    onlyFields(a, 6, p); // number, codes, from, to, units, used
  }
  if (authorizations.length > 1) authorizations.sort(compareAuthorizationNumber);

  const rawHistory = c.history === undefined ? listOf(0) : list(c.history, p);
  const history = listOf<HistoryEntry>(rawHistory.length);
  for (let i = 0; i < rawHistory.length; i++) {
    const h = record(rawHistory[i]);
    history[i] = new HistoryOf(
      text(h.claimId, p, true),
      day(h.serviceDate, p),
      procedure(h.code, p),
      modifiers(h.modifiers, p),
      npi(h.providerNpi, p),
      text(h.status, p),
    );
    // claimId, serviceDate, code, providerNpi, status; modifiers
    onlyFields(h, 5 + has(h, "modifiers"), p);
  }
  if (!historyInOrder(history)) history.sort(compareHistory);

  const rawAccumulators: Record<string, number | string> = Object.create(null);
  let names: string[] = [];
  let centsOf: number[] = [];
  let accumulators = Object.create(null) as Record<string, number>;
  if (c.accumulators !== undefined) {
    const acc = record(c.accumulators);
    names = Object.keys(acc);
    if (names.length > p.limits.listItems) no();
    if (!sorted(names)) names.sort();
    centsOf = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      // the zod record treats this key specially; leave it to that path
      if (name === "__proto__") no();
      const value = acc[name];
      let amount: number;
      if (typeof value === "string") {
        // decimalCents reads exactly the money shape \d+(.\d{1,2})? that parseMoney accepts
        amount = decimalCents(str(value, p, ID_FIELDS.has(name)));
      } else if (typeof value === "number") {
        if (name === "units" && value > p.limits.units) no();
        amount = numberCents(value);
      } else no();
      rawAccumulators[name] = value;
      centsOf[i] = amount;
    }
  }
  if (options.accumulators) {
    const declared = options.accumulators;
    for (const d of declared) accumulators[d.name] = 0;
    // names in sorted order rather than rawAccumulators' own order: the two differ only for
    // integer-like names, which an object lists first in numeric order whatever the insertion order
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const unit = unitOf(declared, name);
      const value = rawAccumulators[name]!;
      if (unit === undefined) {
        if (!options.allowUnknown) no();
      } else if (unit === "count") {
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) no();
        accumulators[name] = value + 0;
      } else accumulators[name] = centsOf[i]!;
    }
  } else accumulators = Object.assign(Object.create(null), rawAccumulators) as Record<string, number>;
  // asOf; coverage, otherCoverage, accumulators, authorizations, history
  onlyFields(c, 1 + has(c, "coverage") + has(c, "otherCoverage") + has(c, "accumulators") + has(c, "authorizations") + has(c, "history"), p);
  checkDepth(json, p.limits);
  return new ContextOf(asOf, coverage, otherCoverage, accumulators, rawAccumulators, authorizations, history);
}
