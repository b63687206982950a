// The X12 segment layer: finds the sender's delimiters in the ISA header, splits the text into
// segments and elements, and writes segments back with the same delimiters. Hand-written rather
// than taken from node-x12 or x12-parser: both load Node's `stream` module (and node-x12 also
// `crypto`), which the browser-safe core cannot import; the choice is explained in README.md here.

export interface Delimiters {
  /** between elements (ISA's 4th character) */
  element: string;
  /** between the parts of a composite element (ISA16) */
  component: string;
  /** between repeated elements (ISA11 in 5010); null when the sender gave none */
  repetition: string | null;
  /** after each segment */
  segment: string;
  /** what the sender put after each segment terminator (usually "" or a line break) */
  suffix: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { element: "*", component: ":", repetition: "^", segment: "~", suffix: "\n" };

export interface Segment {
  /** the segment id, e.g. "CLM" */
  id: string;
  /** the elements by their X12 number: e[1] is CLM01; e[0] is the id */
  e: string[];
  /** 1-based ordinal of the segment in the file */
  ordinal: number;
}

export class X12SyntaxError extends Error {}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

/** the delimiters of an interchange, from its ISA header (which is fixed-width: 106 characters) */
export function readDelimiters(text: string, start: number): Delimiters {
  const element = text[start + 3];
  if (element === undefined || /[A-Za-z0-9\s]/.test(element)) {
    throw new X12SyntaxError('the ISA segment has no element separator after "ISA"');
  }
  // the 16th element separator is followed by ISA16 (component separator) and the terminator;
  // counting separators instead of trusting offset 105 also reads ISA headers padded wrongly
  let at = start + 3;
  for (let n = 1; n < 16; n++) {
    at = text.indexOf(element, at + 1);
    if (at < 0 || at - start > 200) throw new X12SyntaxError("the ISA segment does not have its 16 elements");
  }
  const component = text[at + 1];
  const segment = text[at + 2];
  if (component === undefined || segment === undefined) throw new X12SyntaxError("the ISA segment ends before its component separator and segment terminator");
  if (segment === element || segment === component || /[A-Za-z0-9 ]/.test(segment)) {
    throw new X12SyntaxError(`the character after ISA16 (${JSON.stringify(segment)}) cannot be a segment terminator`);
  }
  const isa11 = text.slice(start, at).split(element)[11] ?? "";
  const repetition = isa11.length === 1 && !/[A-Za-z0-9 ]/.test(isa11) && isa11 !== component ? isa11 : null;
  let suffixEnd = at + 3;
  while (text[suffixEnd] === "\r" || text[suffixEnd] === "\n") suffixEnd++;
  return { element, component, repetition, segment, suffix: text.slice(at + 3, suffixEnd) };
}

/**
 * Splits X12 text into segments. `text` must start (after white space) with ISA, unless
 * `bare` is set: then a lone transaction set (ST…SE, as some payers publish samples) is read
 * with the element separator after its first segment id and ":" between components.
 */
export function splitSegments(text: string, options: { bare?: boolean } = {}): { delimiters: Delimiters; segments: Segment[] } {
  let start = 0;
  while (start < text.length && /[\s\uFEFF]/.test(text[start]!)) start++;
  let delimiters: Delimiters;
  if (text.startsWith("ISA", start)) {
    delimiters = readDelimiters(text, start);
  } else if (options.bare && /^[A-Z][A-Z0-9]{1,2}[^A-Za-z0-9\s]/.test(text.slice(start, start + 4))) {
    const element = text.slice(start).match(/^[A-Z][A-Z0-9]{1,2}(.)/)![1]!;
    const segment = text.slice(start).match(/^[^\r\n]*?([~'!|\n])/)?.[1] ?? "~";
    delimiters = { element, component: ":", repetition: null, segment, suffix: segment === "\n" ? "" : "\n" };
  } else {
    const head = text.slice(start, start + 20).replace(/\s+/g, " ");
    throw new X12SyntaxError(`not X12: the text does not start with an ISA segment${head ? ` (it starts with ${JSON.stringify(head)})` : " (it is empty)"}`);
  }
  const segments: Segment[] = [];
  const { element, segment } = delimiters;
  let from = start;
  while (from < text.length) {
    let to = text.indexOf(segment, from);
    if (to < 0) to = text.length;
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && (text.charCodeAt(b - 1) === 10 || text.charCodeAt(b - 1) === 13)) b--;
    if (a < b) {
      const e = text.slice(a, b).split(element);
      segments.push({ id: e[0]!, e, ordinal: segments.length + 1 });
    }
    from = to + 1;
  }
  return { delimiters, segments };
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export const isSegmentId = (id: string) => SEGMENT_ID.test(id);

/** the components of a composite element value (a plain value is one component) */
export function components(value: string | undefined, delimiters: Delimiters): string[] {
  if (value === undefined || value === "") return [];
  return value.split(delimiters.component);
}

/** X12 text from segments given as element lists (trailing empty elements dropped, as X12 requires) */
export class SegmentWriter {
  private readonly parts: string[] = [];
  count = 0;
  constructor(readonly delimiters: Delimiters) {}

  /** adds a segment; composite elements are given as arrays of components */
  add(id: string, ...elements: Array<string | number | undefined | null | Array<string | undefined | null>>): void {
    const { element, component } = this.delimiters;
    const values = elements.map((v) => (Array.isArray(v) ? trimEnd(v.map((c) => c ?? "")).join(component) : v == null ? "" : String(v)));
    this.parts.push(id + (values.length ? element + trimEnd(values).join(element) : ""));
    this.count++;
  }

  /** adds a pre-built segment text (the fixed-width ISA) */
  raw(text: string): void {
    this.parts.push(text);
    this.count++;
  }

  text(): string {
    const { segment, suffix } = this.delimiters;
    return this.parts.map((p) => p + segment + suffix).join("");
  }
}

function trimEnd(values: string[]): string[] {
  let n = values.length;
  while (n > 0 && values[n - 1] === "") n--;
  return n === values.length ? values : values.slice(0, n);
}
