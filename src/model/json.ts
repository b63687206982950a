// Reading JSON input documents (claims, contexts, batch records, test cases) strictly: an error
// says line and column; a leading byte-order mark is accepted; a key given twice in one object is
// an error (JSON.parse would silently keep the last); nesting and size are bounded
// (src/common/limits.ts). A validating scan runs first, then the platform's JSON.parse builds the
// value, so the two always agree on what is JSON.
import { DEFAULT_LIMITS, type Limits } from "../common/limits.js";

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string; line: number; col: number };

type JsonLimits = Pick<Limits, "jsonDepth" | "inputBytes">;

const describe = (c: string | undefined): string =>
  c === undefined
    ? "the end of the text"
    : c.charCodeAt(0) < 32
      ? `the control character U+${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`
      : `"${c}"`;

/**
 * parses a JSON document; never throws. `countedKeys`, when the caller has already counted the
 * keys the text names, each time it names one (a batch's index reads every record's bytes,
 * src/batch/scan.ts), saves counting them again; it must be that count, or -1.
 */
export function parseJsonText(text: string, limits: Partial<JsonLimits> = {}, countedKeys = -1): JsonParse {
  const maxDepth = limits.jsonDepth ?? DEFAULT_LIMITS.jsonDepth;
  const maxChars = limits.inputBytes ?? DEFAULT_LIMITS.inputBytes;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.length - start > maxChars)
    return {
      ok: false,
      message: `the document is longer than ${grouped(maxChars)} characters, the limit for one input (raise it with --limit inputBytes=…)`,
      line: 1,
      col: 1,
    };
  // The common case, a well-formed document, costs the platform's parser and two quick counts:
  // JSON.parse keeps the last of a repeated key, so the document repeats none exactly when it
  // names as many keys as the value holds; and the value's nesting is measured. Anything else
  // goes to the scan, which finds the first problem and its position.
  const body = start ? text.slice(start) : text;
  let value: unknown;
  let parsed = false;
  try {
    value = JSON.parse(body);
    parsed = true;
  } catch {
    // the scan says where and why
  }
  if (parsed) {
    const shape = measure(value, 0, maxDepth);
    if (shape !== null && shape === (countedKeys >= 0 ? countedKeys : keysInText(body))) return { ok: true, value };
  }
  const problem = scan(text, start, maxDepth);
  if (problem) {
    const { line, col } = position(text, problem.at);
    return { ok: false, message: problem.message, line, col };
  }
  try {
    return { ok: true, value: parsed ? value : JSON.parse(body) };
  } catch (e) {
    // the scan accepts exactly JSON, so this is not reached; kept so nothing here can throw
    return { ok: false, message: `not valid JSON (${(e as Error).message})`, line: 1, col: 1 };
  }
}

/**
 * The number of object members in a parsed value, or null when its objects and lists nest more
 * than `maxDepth` deep (containers inside `depth` others at this point).
 */
function measure(v: unknown, depth: number, maxDepth: number): number | null {
  if (typeof v !== "object" || v === null) return 0;
  if (depth >= maxDepth) return null;
  let keys = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" && x !== null) {
        const n = measure(x, depth + 1, maxDepth);
        if (n === null) return null;
        keys += n;
      }
    }
    return keys;
  }
  for (const k of Object.keys(v)) {
    keys++;
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === "object" && x !== null) {
      const n = measure(x, depth + 1, maxDepth);
      if (n === null) return null;
      keys += n;
    }
  }
  return keys;
}

/** the keys a well-formed JSON text names: its strings followed by ":" (each time it names one) */
export function keysInText(text: string): number {
  let keys = 0;
  let i = text.indexOf('"');
  while (i >= 0) {
    // the closing quote: the next one not escaped by an odd run of backslashes
    let j = text.indexOf('"', i + 1);
    for (;;) {
      let slashes = 0;
      while (text.charCodeAt(j - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
      j = text.indexOf('"', j + 1);
    }
    let k = j + 1;
    let c = text.charCodeAt(k);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(++k);
    if (c === 58) keys++;
    i = text.indexOf('"', k);
  }
  return keys;
}

/** the strict scan alone: the first problem of a text, or null when it is JSON within the depth (tests compare the quick path with it) */
export function scanJsonText(text: string, maxDepth: number = DEFAULT_LIMITS.jsonDepth): string | null {
  return scan(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, maxDepth)?.message ?? null;
}

/** "line 3, column 7: …", as messages show a JSON error */
export function jsonErrorText(e: { message: string; line: number; col: number }): string {
  return `line ${e.line}, column ${e.col}: ${e.message}`;
}

function position(text: string, at: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: at - lineStart + 1 };
}

interface Frame {
  object: boolean;
  /** the keys read so far (objects) */
  keys: Set<string> | null;
}

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number) => c >= 48 && c <= 57;

function scan(text: string, from: number, maxDepth: number): { message: string; at: number } | null {
  const n = text.length;
  let i = from;
  const stack: Frame[] = [];
  const skipWs = () => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const fail = (message: string, at = i) => ({ message, at });
  const found = () => describe(i < n ? text[i] : undefined);

  /** reads a string at i (a `"`); returns its end or an error */
  const string = (): { end: number } | { message: string; at: number } => {
    let j = i + 1;
    for (;;) {
      if (j >= n) return fail("this text has no closing quote", i);
      const c = text.charCodeAt(j);
      if (c === 34) return { end: j + 1 };
      if (c < 32) return fail(`a text may not hold ${describe(text[j])}; write it as an escape like \\n`, j);
      if (c === 92) {
        const e = text[j + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return fail("\\u must be followed by four hexadecimal digits", j);
          j += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
        else return fail(`"\\${e ?? ""}" is not an escape JSON knows (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`, j);
      } else j++;
    }
  };

  /** reads a number at i; returns its end or an error */
  const number = (): { end: number } | { message: string; at: number } => {
    let j = i;
    if (text.charCodeAt(j) === 45) j++;
    if (text.charCodeAt(j) === 48) j++;
    else if (isDigit(text.charCodeAt(j))) while (isDigit(text.charCodeAt(j))) j++;
    else return fail("a number needs digits after its minus sign", i);
    if (text.charCodeAt(j) === 46) {
      j++;
      if (!isDigit(text.charCodeAt(j))) return fail("a number needs digits after its decimal point", j);
      while (isDigit(text.charCodeAt(j))) j++;
    }
    if (text.charCodeAt(j) === 101 || text.charCodeAt(j) === 69) {
      j++;
      if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
      if (!isDigit(text.charCodeAt(j))) return fail("a number needs digits in its exponent", j);
      while (isDigit(text.charCodeAt(j))) j++;
    }
    if (isDigit(text.charCodeAt(j)) && text.charCodeAt(i) === 48) return fail("a number may not start with 0 (write 7, not 07)", i);
    return { end: j };
  };

  for (;;) {
    // expecting a value
    skipWs();
    if (i >= n) return fail(stack.length ? "the text ends before its last object or list is closed" : "there is no JSON value here (the text is empty)");
    const c = text.charCodeAt(i);
    let valueDone = false;
    if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) return fail(`objects and lists are nested more than ${maxDepth} deep here (the limit; raise it with --limit jsonDepth=…)`);
      const object = c === 123;
      stack.push({ object, keys: object ? new Set() : null });
      i++;
      skipWs();
      if (text.charCodeAt(i) === (object ? 125 : 93)) {
        i++;
        stack.pop();
        valueDone = true;
      } else if (object) {
        const key = readKey();
        if (key) return key;
        continue;
      } else continue;
    } else if (c === 34) {
      const s = string();
      if ("message" in s) return s;
      i = s.end;
      valueDone = true;
    } else if (c === 45 || isDigit(c)) {
      const m = number();
      if ("message" in m) return m;
      i = m.end;
      valueDone = true;
    } else {
      const word = /^(true|false|null)/.exec(text.slice(i, i + 5));
      if (!word) return fail(`expected a value (an object, list, text, number, true, false or null), found ${found()}`);
      i += word[1].length;
      valueDone = true;
    }
    // after a value: close containers or read the next member
    while (valueDone) {
      skipWs();
      const top = stack[stack.length - 1];
      if (!top) {
        if (i < n) return fail(`expected the end of the text after the JSON value, found ${found()}`);
        return null;
      }
      if (i >= n) return fail("the text ends before its last object or list is closed");
      const d = text.charCodeAt(i);
      if (d === 44) {
        i++;
        if (top.object) {
          const key = readKey();
          if (key) return key;
        }
        valueDone = false;
      } else if (d === (top.object ? 125 : 93)) {
        i++;
        stack.pop();
      } else {
        return fail(top.object ? `expected "," or "}" after the value, found ${found()}` : `expected "," or "]" after the value, found ${found()}`);
      }
    }
  }

  /** reads `"key" :` inside the innermost object; an error, or null when the value comes next */
  function readKey(): { message: string; at: number } | null {
    skipWs();
    if (text.charCodeAt(i) !== 34) return fail(`expected a key in double quotes, found ${found()}`);
    const at = i;
    const s = string();
    if ("message" in s) return s;
    const raw = text.slice(i + 1, s.end - 1);
    const key = raw.includes("\\") ? (JSON.parse(text.slice(i, s.end)) as string) : raw;
    const keys = stack[stack.length - 1].keys!;
    if (keys.has(key))
      return fail(`the key ${JSON.stringify(key)} appears twice in this object (each key once: JSON readers disagree on which one counts)`, at);
    keys.add(key);
    i = s.end;
    skipWs();
    if (text.charCodeAt(i) !== 58) return fail(`expected ":" after the key, found ${found()}`);
    i++;
    return null;
  }
}

/** a whole number with thousands separators, "1,000,000", the same in every locale */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
