// The sort key of a batch record (./order.ts: member id and first date of service) read from the
// record's raw UTF-8 bytes, without building the value: a batch orders every record before it
// adjudicates any, and parsing each record twice (once for its key, once to adjudicate it) cost
// as much as the adjudication. The scanner checks the whole record against the JSON grammar as
// it goes and returns a key only when it is sure `sortKeyOf` would return the same one; anything
// it is not sure of (invalid JSON, deep nesting, a member id or date that is not plain ASCII, a
// record that is not an object) returns null, and the caller parses the text instead.
// test/batch/scan.test.ts holds it to `sortKeyOf` on valid and tricky records. Pure: no I/O.
import { dayFromCivil, daysInMonth, parseDate } from "../model/dates.js";

/** the day of a record with no valid date of service (it comes first among its member's claims) */
export const NO_DAY = -2147483648;

/** what `sortKeyOf` returns but the input line: member id as JSON text ("" when none), first day */
export interface ScannedKey {
  member: string;
  day: number;
  /**
   * the object keys the record names, counted as the scanner reads them (a repeated key each
   * time): the strict reader (src/model/json.ts) compares it with the keys the parsed value holds
   * instead of counting them in the text again
   */
  keys: number;
}

/** nesting the scanner follows; deeper records go to the parser */
const MAX_DEPTH = 64;

// the scanner's state: one record at a time, on one thread
const EMPTY = new Uint8Array(0);
let b: Uint8Array = EMPTY;
let p = 0;
let e = 0;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

// the hot loops copy the state into locals: V8 keeps those in registers
function ws(): void {
  const buf = b;
  const end = e;
  let q = p;
  while (q < end) {
    const c = buf[q]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    q++;
  }
  p = q;
}

// a string token: `p` at its opening quote, left past its closing one
const BAD = -1;
const PLAIN = 0; // ASCII, no escape: the bytes are the text
const ESCAPED = 1; // ASCII with escapes
const WIDE = 2; // has bytes beyond ASCII
let tokenStart = 0;
let tokenEnd = 0;

function str(): number {
  const buf = b;
  const end = e;
  let q = p + 1;
  tokenStart = q;
  let kind = PLAIN;
  while (q < end) {
    const c = buf[q++]!;
    if (c > 0x22 && c !== 0x5c && c < 0x80) continue; // the common case: a plain character
    if (c === 0x22) {
      tokenEnd = q - 1;
      p = q;
      return kind;
    }
    if (c === 0x5c) {
      if (kind === PLAIN) kind = ESCAPED;
      if (q >= end) return BAD;
      const x = buf[q++]!;
      if (x === 0x75) {
        if (q + 4 > end) return BAD;
        for (let i = 0; i < 4; i++) if (!isHex(buf[q++]!)) return BAD;
      } else if (x !== 0x22 && x !== 0x5c && x !== 0x2f && x !== 0x62 && x !== 0x66 && x !== 0x6e && x !== 0x72 && x !== 0x74) return BAD;
    } else if (c < 0x20) return BAD;
    else if (c >= 0x80) kind = WIDE;
  }
  return BAD;
}

/** the text of the last string token, which was PLAIN or ESCAPED (ASCII) */
function tokenText(kind: number): string {
  let s = "";
  for (let i = tokenStart; i < tokenEnd; i++) s += String.fromCharCode(b[i]!);
  return kind === PLAIN ? s : (JSON.parse(`"${s}"`) as string);
}

/** whether the last string token, which was PLAIN, spells `name` (ASCII) */
function tokenIs(name: string): boolean {
  if (tokenEnd - tokenStart !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (b[tokenStart + i] !== name.charCodeAt(i)) return false;
  return true;
}

// an object key: the name when it is one of those asked about, else OTHER; BAD_KEY when invalid
const OTHER = "";
const BAD_KEY = null;
/** keys read so far in the record */
let keyCount = 0;
function key(names: readonly string[]): string | null {
  const buf = b;
  const end = e;
  const start = p;
  if (start >= end || buf[start] !== 0x22) return BAD_KEY;
  let q = keyStringEnd(buf, start, end);
  if (q < 0) return BAD_KEY;
  let found: string = OTHER;
  if (names.length) {
    tokenStart = start + 1;
    tokenEnd = q - 1;
    for (let i = 0; i < names.length; i++) if (tokenIs(names[i]!)) found = names[i]!;
    // a name written with escapes: decoded, when it is ASCII (beyond ASCII it is none of the names);
    // a key without a backslash (keyStringEnd says) has none, and is not walked again
    if (found === OTHER && sawEscape && asciiWithEscape(buf, tokenStart, tokenEnd)) {
      const text = tokenText(ESCAPED);
      for (const n of names) if (text === n) found = n;
    }
  }
  q = wsFrom(buf, q, end);
  if (q >= end || buf[q] !== 0x3a) return BAD_KEY;
  p = wsFrom(buf, q + 1, end);
  keyCount++;
  return found;
}

/** whether a string `stringEnd` read since this was last cleared had a backslash in it (rare: set only then) */
let sawEscape = false;

/** `stringEnd` of a key, noting in `sawEscape` whether it had a backslash */
function keyStringEnd(buf: Uint8Array, q: number, end: number): number {
  sawEscape = false;
  return stringEnd(buf, q, end);
}

/** whether bytes [s, t) of a valid string token are ASCII with an escape in them (`str`'s ESCAPED) */
function asciiWithEscape(buf: Uint8Array, s: number, t: number): boolean {
  let escaped = false;
  for (let i = s; i < t; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return false;
    if (c === 0x5c) escaped = true;
  }
  return escaped;
}

/** after a member or element: true to go on, false at the close, null when invalid */
function next(close: number): boolean | null {
  ws();
  if (p >= e) return null;
  const c = b[p++]!;
  if (c === 0x2c) {
    ws();
    return true;
  }
  return c === close ? false : null;
}

/** opens an object or array at `p`: false when it is empty (and already closed) */
function open(close: number): boolean {
  p++;
  ws();
  if (p < e && b[p] === close) {
    p++;
    return false;
  }
  return true;
}

// `unsure` is set when the scanner cannot say what the parser would; the key is then null
let unsure = false;

/** the openers of the containers `skip` is inside, innermost last */
const OPENERS = new Uint8Array(MAX_DEPTH);

/** past the white space from q */
function wsFrom(buf: Uint8Array, q: number, end: number): number {
  while (q < end) {
    const c = buf[q]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    q++;
  }
  return q;
}

/** past the string token whose opening quote is at q (the grammar `str` checks), or -1 when invalid */
function stringEnd(buf: Uint8Array, q: number, end: number): number {
  q++;
  while (q < end) {
    const c = buf[q++]!;
    if (c > 0x22 && c !== 0x5c) continue; // a plain character, or one beyond ASCII (nothing here reads it)
    if (c === 0x22) return q;
    if (c === 0x5c) {
      sawEscape = true;
      if (q >= end) return -1;
      const x = buf[q++]!;
      if (x === 0x75) {
        if (q + 4 > end) return -1;
        for (let i = 0; i < 4; i++) if (!isHex(buf[q++]!)) return -1;
      } else if (x !== 0x22 && x !== 0x5c && x !== 0x2f && x !== 0x62 && x !== 0x66 && x !== 0x6e && x !== 0x72 && x !== 0x74) return -1;
    } else if (c < 0x20) return -1;
  }
  return -1;
}

/** past the object key (a string, white space, a colon, white space) at q, or -1 when invalid */
function keyEnd(buf: Uint8Array, q: number, end: number): number {
  if (q >= end || buf[q] !== 0x22) return -1;
  q = stringEnd(buf, q, end);
  if (q < 0) return -1;
  q = wsFrom(buf, q, end);
  if (q >= end || buf[q] !== 0x3a) return -1;
  return wsFrom(buf, q + 1, end);
}

/**
 * Skips one value at `p` (whitespace before it already skipped); false when invalid. Most of a
 * record's bytes are in values no key depends on (the context's history, a line's other
 * fields), so this is the scanner's hot loop: one loop over the bytes with its state in locals
 * and the open containers on a small stack, instead of calls per token through the shared
 * state. It checks the grammar as `str`, `key` and `next` do (and JSON's for literals and numbers), and counts
 * each object key in `keyCount`.
 */
function skip(depth: number): boolean {
  const buf = b;
  const end = e;
  let q = p;
  let sp = 0; // containers open
  let keys = 0;
  let ok = false;
  scan: for (;;) {
    // a value at q
    if (q >= end) break;
    const c = buf[q]!;
    if (c === 0x22) {
      q = stringEnd(buf, q, end);
      if (q < 0) break;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth + sp >= MAX_DEPTH) {
        unsure = true;
        break;
      }
      q = wsFrom(buf, q + 1, end);
      if (q < end && buf[q] === (c === 0x7b ? 0x7d : 0x5d))
        q++; // empty
      else {
        OPENERS[sp++] = c;
        if (c === 0x7b) {
          q = keyEnd(buf, q, end);
          if (q < 0) break;
          keys++;
        }
        continue;
      }
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : NULL;
      if (q + word.length > end) break;
      for (let i = 0; i < word.length; i++) if (buf[q + i] !== word[i]) break scan;
      q += word.length;
    } else {
      q = numberEnd(buf, q, end);
      if (q < 0) break;
    }
    // after a value: go on in its container, or close it
    for (;;) {
      if (sp === 0) {
        ok = true;
        break scan;
      }
      q = wsFrom(buf, q, end);
      if (q >= end) break scan;
      const x = buf[q++]!;
      const opener = OPENERS[sp - 1]!;
      if (x === 0x2c) {
        q = wsFrom(buf, q, end);
        if (opener === 0x7b) {
          q = keyEnd(buf, q, end);
          if (q < 0) break scan;
          keys++;
        }
        continue scan;
      }
      if (x !== (opener === 0x7b ? 0x7d : 0x5d)) break scan;
      sp--;
    }
  }
  p = q;
  keyCount += keys;
  return ok;
}

const TRUE = Uint8Array.from([0x74, 0x72, 0x75, 0x65]);
const FALSE = Uint8Array.from([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL = Uint8Array.from([0x6e, 0x75, 0x6c, 0x6c]);

/** past the number at q (JSON's grammar), or -1 when invalid */
function numberEnd(buf: Uint8Array, q: number, end: number): number {
  if (q < end && buf[q] === 0x2d) q++;
  if (q >= end) return -1;
  if (buf[q] === 0x30) q++;
  else if (buf[q]! >= 0x31 && buf[q]! <= 0x39) while (q < end && isDigit(buf[q]!)) q++;
  else return -1;
  if (q < end && buf[q] === 0x2e) {
    q++;
    if (!(q < end && isDigit(buf[q]!))) return -1;
    while (q < end && isDigit(buf[q]!)) q++;
  }
  if (q < end && (buf[q] === 0x65 || buf[q] === 0x45)) {
    q++;
    if (q < end && (buf[q] === 0x2b || buf[q] === 0x2d)) q++;
    if (!(q < end && isDigit(buf[q]!))) return -1;
    while (q < end && isDigit(buf[q]!)) q++;
  }
  return q;
}

/** the string token at p, read: its kind, or undefined when it is invalid JSON or when its text depends on how its bytes decode (left to the parser: unsure) */
function readableString(): number | undefined {
  const kind = str();
  if (kind === BAD) return undefined;
  if (kind === WIDE) return void (unsure = true);
  return kind;
}

/** a string value that must be read (member id, date): its text, null when not a string, undefined when invalid */
function stringValue(depth: number): string | null | undefined {
  if (p < e && b[p] === 0x22) {
    const kind = readableString();
    return kind === undefined ? undefined : tokenText(kind);
  }
  return skip(depth) ? null : undefined;
}

/** what a claim object gives the key; `member`/`day` null when it gives none */
interface ClaimKey {
  member: string | null;
  day: number | null;
}

const MEMBER_KEYS = ["id"] as const;
const CLAIM_KEYS = ["member", "lines"] as const;
const RECORD_KEYS = ["claim", "context", "member", "lines"] as const;

/** a claim's `member`: its `id` when it is an object whose last `id` is a string */
function memberValue(depth: number): string | null | undefined {
  if (p >= e || b[p] !== 0x7b) return skip(depth) ? null : undefined;
  if (depth >= MAX_DEPTH) return void (unsure = true);
  let id: string | null = null;
  if (!open(0x7d)) return null;
  for (;;) {
    const k = key(MEMBER_KEYS);
    if (k === BAD_KEY) return undefined;
    if (k === "id") {
      const v = stringValue(depth + 1);
      if (v === undefined) return undefined;
      id = v;
    } else if (!skip(depth + 1)) return undefined;
    const more = next(0x7d);
    if (more === null) return undefined;
    if (!more) return id;
  }
}

/** the day of the last string token, which was PLAIN, as parseDate reads it (YYYY-MM-DD); null when not a date */
function tokenDay(): number | null {
  const s = tokenStart;
  if (tokenEnd - s !== 10 || b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return null;
  for (const i of DATE_DIGITS) if (!isDigit(b[s + i]!)) return null;
  const d = (i: number) => b[s + i]! - 0x30;
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayFromCivil(year, month, day);
}
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** a claim's `lines`: the lowest valid date of service of its object elements, null when none */
function linesValue(depth: number): number | null | undefined {
  if (p >= e || b[p] !== 0x5b) return skip(depth) ? null : undefined;
  if (depth >= MAX_DEPTH) return void (unsure = true);
  let first: number | null = null;
  if (!open(0x5d)) return null;
  for (;;) {
    if (p < e && b[p] === 0x7b) {
      const date = lineDay(depth + 1);
      if (date === undefined) return undefined;
      if (date !== null && (first === null || date < first)) first = date;
    } else if (!skip(depth + 1)) return undefined;
    const more = next(0x5d);
    if (more === null) return undefined;
    if (!more) return first;
  }
}

/**
 * A claim line (the object at `p`, at nesting `depth`): the day of its last `serviceDate`, as
 * JSON.parse keeps the last of a repeated key (a string read as parseDate reads it); null when it has none,
 * undefined when invalid (or `unsure` is set). A claim's lines hold most of the keys the scanner
 * reads one by one, so a line's own members are read here with the state in locals, each key
 * compared with `serviceDate` directly, instead of through `key`, `next` and the shared state.
 * Its other values are skipped by `skip`. Checks the grammar and counts the keys as those do.
 */
function lineDay(depth: number): number | null | undefined {
  if (depth >= MAX_DEPTH) return void (unsure = true);
  const buf = b;
  const end = e;
  let q = wsFrom(buf, p + 1, end); // past the line's `{`
  if (q < end && buf[q] === 0x7d) {
    p = q + 1;
    return null; // no members
  }
  let keys = 0;
  let day: number | null = null;
  for (;;) {
    // a key of the line, then its colon
    if (q >= end || buf[q] !== 0x22) return undefined;
    const from = q + 1;
    q = keyStringEnd(buf, q, end);
    if (q < 0) return undefined;
    const isDate = namesServiceDate(buf, from, q - 1);
    q = wsFrom(buf, q, end);
    if (q >= end || buf[q] !== 0x3a) return undefined;
    q = wsFrom(buf, q + 1, end);
    keys++;
    // its value
    p = q;
    if (isDate && q < end && buf[q] === 0x22) {
      const kind = readableString();
      if (kind === undefined) return undefined;
      if (kind === PLAIN) day = tokenDay();
      else {
        const d = parseDate(tokenText(kind));
        day = d.ok ? d.day : null;
      }
    } else {
      if (isDate) day = null; // a `serviceDate` that is not a string: none
      if (!skip(depth + 1)) return undefined;
    }
    // then a comma and the next member, or the line's close
    q = wsFrom(buf, p, end);
    if (q >= end) return undefined;
    const x = buf[q++]!;
    if (x === 0x7d) break;
    if (x !== 0x2c) return undefined;
    q = wsFrom(buf, q, end);
  }
  p = q;
  keyCount += keys;
  return day;
}

const SERVICE_DATE = Uint8Array.from("serviceDate", (c) => c.charCodeAt(0));

/** whether the key in bytes [s, t) (the last `keyStringEnd` read) names `serviceDate`, as `key` decides */
function namesServiceDate(buf: Uint8Array, s: number, t: number): boolean {
  if (t - s === SERVICE_DATE.length) {
    let same = true;
    for (let i = 0; i < SERVICE_DATE.length && same; i++) same = buf[s + i] === SERVICE_DATE[i];
    if (same) return true;
  }
  // written with escapes: decoded, when it is ASCII (beyond ASCII it is not the name)
  if (!sawEscape || !asciiWithEscape(buf, s, t)) return false;
  tokenStart = s;
  tokenEnd = t;
  return tokenText(ESCAPED) === "serviceDate";
}

/**
 * The members of an object that hold a claim's key (`member`, `lines`; and `claim` and
 * `context` at the top of a record), each the last of its name, as JSON.parse keeps the last.
 */
function claimObject(depth: number, top: boolean): (ClaimKey & { claim?: ClaimKey | null; other: boolean }) | undefined {
  if (depth >= MAX_DEPTH) return void (unsure = true);
  const found: ClaimKey & { claim?: ClaimKey | null; other: boolean } = { member: null, day: null, other: false };
  if (!open(0x7d)) return found;
  for (;;) {
    const k = key(top ? RECORD_KEYS : CLAIM_KEYS);
    if (k === BAD_KEY) return undefined;
    // beside `claim`, a record may hold only `context`
    if (top && k !== "claim" && k !== "context") found.other = true;
    if (k === "member") {
      const v = memberValue(depth + 1);
      if (v === undefined) return undefined;
      found.member = v;
    } else if (k === "lines") {
      const v = linesValue(depth + 1);
      if (v === undefined) return undefined;
      found.day = v;
    } else if (k === "claim") {
      // the record is { claim, context }: its claim, when an object, gives the key
      if (p < e && b[p] === 0x7b) {
        const c = claimObject(depth + 1, false);
        if (c === undefined) return undefined;
        found.claim = c;
      } else if (!skip(depth + 1)) return undefined;
      else found.claim = null;
    } else if (!skip(depth + 1)) return undefined;
    const more = next(0x7d);
    if (more === null) return undefined;
    if (!more) return found;
  }
}

/**
 * The sort key of the record in bytes [start, end) (one NDJSON line without its newline), or
 * null when the scanner is not sure of it: then parse the text (`sortKeyOf`).
 */
export function scanSortKey(bytes: Uint8Array, start: number, end: number): ScannedKey | null {
  b = bytes;
  p = start;
  e = end;
  unsure = false;
  keyCount = 0;
  // a byte-order mark, as the text reader takes it
  if (e - p >= 3 && b[p] === 0xef && b[p + 1] === 0xbb && b[p + 2] === 0xbf) p += 3;
  ws();
  if (p >= e || b[p] !== 0x7b) {
    b = EMPTY;
    return null;
  }
  const top = claimObject(0, true);
  if (top !== undefined) ws();
  const whole = top !== undefined && !unsure && p === e;
  b = EMPTY;
  if (!whole) return null;
  let claim: ClaimKey | null;
  if (top.claim === undefined)
    claim = top; // no `claim` member: the record is the claim
  else claim = top.other ? null : top.claim; // { claim, context } and nothing else
  const member = claim?.member ?? null;
  return { member: member === null ? "" : JSON.stringify(member), day: claim?.day ?? NO_DAY, keys: keyCount };
}
