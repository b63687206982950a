// Reads the text around the cursor the way completion, hover and go-to-definition need it: the
// declaration the cursor is in, the quantifier variables it binds, the type of a dotted path and
// the token under the cursor. Pure functions over text and the symbol index (no monaco).
import { RECORDS, ROOTS, T, typeName, type Type } from "../../ir/types.js";
import type { ColumnSymbol, SymbolIndex, TableSymbol } from "../protocol.js";
import { DECLARATION_START } from "./configuration.js";

/** blanks out strings and comments (same length, so offsets still match) */
export function codeOnly(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"?|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, " "));
}

export interface DeclarationText {
  /** 0-based index of the declaration's first line */
  startLine: number;
  /** the declaration's text up to the next declaration */
  text: string;
}

/** the declaration that holds line `lineIndex` (0-based): it starts at the nearest line above that begins with a declaration keyword */
export function declarationAround(lines: string[], lineIndex: number): DeclarationText {
  let start = lineIndex;
  while (start > 0 && !DECLARATION_START.test(lines[start])) start--;
  let end = lineIndex + 1;
  while (end < lines.length && !DECLARATION_START.test(lines[end])) end++;
  return { startLine: start, text: lines.slice(start, end).join("\n") };
}

export interface Binding {
  name: string;
  /** the collection as written, e.g. "claim.lines", "ptp" */
  collection: string[];
  /** `ptp[…]`: the collection is a table lookup */
  lookup: boolean;
  /** offset of the binding in the declaration text */
  offset: number;
}

const PATH = String.raw`([a-z_]\w*(?:\s*\.\s*[a-z_]\w*)*)`;
const BINDERS = [
  new RegExp(String.raw`\b(?:any|no|count)\s+([a-z_]\w*)\s+in\s+${PATH}(\s*\[)?`, "g"),
  new RegExp(String.raw`\bfor\s+([a-z_]\w*)\s+in\s+${PATH}(\s*\[)?`, "g"),
];

/** the quantifier variables a declaration binds: `any o in claim.lines`, `sum … for o in …`; a precedence rule's `first` and `second` */
export function bindingsIn(declaration: string): Binding[] {
  const code = codeOnly(declaration);
  const found: Binding[] = [];
  // a precedence rule compares two coverages, typed as the items of context.coverage
  if (/^\s*precedence\b/.test(code))
    for (const name of ["first", "second"]) found.push({ name, collection: ["context", "coverage"], lookup: false, offset: 0 });
  for (const re of BINDERS) {
    for (const m of code.matchAll(re)) {
      found.push({ name: m[1], collection: m[2].split(".").map((s) => s.trim()), lookup: m[3] !== undefined, offset: m.index ?? 0 });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

export interface Scope {
  bindings: Binding[];
  symbols: SymbolIndex;
  /** offset of the cursor in the declaration text: the nearest binding before it wins */
  offset: number;
}

const COLUMN_TYPES: Record<string, Type> = {
  procedure: T.code("procedure"),
  diagnosis: T.code("diagnosis"),
  modifier: T.code("modifier"),
  code: T.code("code"),
  pattern: T.pattern,
  text: T.text,
  integer: T.integer,
  money: T.money,
  percent: T.percent,
  date: T.date,
  boolean: T.boolean,
};

export function tableNamed(symbols: SymbolIndex, name: string): TableSymbol | undefined {
  return symbols.tables.find((t) => t.name === name);
}

function bindingFor(scope: Scope, name: string): Binding | undefined {
  const all = scope.bindings.filter((b) => b.name === name);
  return all.filter((b) => b.offset <= scope.offset).pop() ?? all[0];
}

/** the type of a dotted path like ["claim", "member"] or ["edit", "modifier_indicator"]; undefined when unknown */
export function typeOfPath(path: string[], scope: Scope, depth = 0): Type | undefined {
  if (path.length === 0 || depth > 8) return undefined;
  const [first, ...rest] = path;
  let type: Type | undefined;
  const binding = bindingFor(scope, first);
  if (binding) {
    if (binding.lookup) type = tableNamed(scope.symbols, binding.collection[0]) ? { t: "row", table: binding.collection[0] } : undefined;
    else {
      const collection = typeOfPath(binding.collection, scope, depth + 1);
      type = collection?.t === "list" ? collection.of : undefined;
    }
  } else if (ROOTS[first]) type = ROOTS[first].type;
  else if (tableNamed(scope.symbols, first)) type = { t: "row", table: first }; // `fee schedule fees.amount`
  for (const field of rest) {
    if (!type) return undefined;
    type = fieldsOf(type, scope.symbols).find((f) => f.name === field)?.type;
  }
  return type;
}

export interface FieldEntry {
  name: string;
  type: Type;
  optional: boolean;
  doc: string;
  column?: ColumnSymbol;
}

/** the fields of a record or the columns of a table row */
export function fieldsOf(type: Type, symbols: SymbolIndex): FieldEntry[] {
  if (type.t === "record") {
    return Object.entries(RECORDS[type.name]).map(([name, f]) => ({ name, type: f.type, optional: !!f.optional, doc: f.doc }));
  }
  if (type.t === "row") {
    const table = tableNamed(symbols, type.table);
    return (table?.columns ?? []).map((c) => ({
      name: c.name,
      type: COLUMN_TYPES[c.type] ?? T.text,
      optional: c.optional,
      doc: `Column \`${c.name}\` of table \`${table!.name}\`${table!.title ? ` (${table!.title})` : ""}: ${c.type}${c.key ? ", key" : ""}${c.optional ? ", may be empty" : ""}.`,
      column: c,
    }));
  }
  return [];
}

export function describeType(type: Type, optional = false): string {
  return `${typeName(type)}${optional ? " (may be missing)" : ""}`;
}

export interface TokenAt {
  kind: "reason" | "code" | "ident" | "other";
  text: string;
  /** 1-based columns, end exclusive */
  startColumn: number;
  endColumn: number;
  /** for an identifier: the dotted path that ends with it, e.g. ["line", "code"] */
  path: string[];
}

const TOKEN =
  /(?<reason>(?:CO|PR|OA|PI|CR)-[A-Z0-9]+)|(?<date>\d{4}-\d{2}-\d{2})|(?<money>\$\d+(?:\.\d+)?)|(?<percent>\d+(?:\.\d+)?%)|(?<code>[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+\*?|\.\*|\*)?|\d+[A-Z][A-Z0-9]*\*?|\d+\*?)|(?<ident>[a-z_][A-Za-z0-9_]*)/g;

/** the token under the 1-based column of a line (strings and comments have none) */
export function tokenAt(line: string, column: number): TokenAt | undefined {
  const code = codeOnly(line);
  for (const m of code.matchAll(TOKEN)) {
    const start = (m.index ?? 0) + 1;
    const end = start + m[0].length;
    if (column < start || column > end) continue;
    const groups = m.groups ?? {};
    const kind = groups.reason ? "reason" : groups.code ? "code" : groups.ident ? "ident" : "other";
    const path = kind === "ident" ? pathEndingAt(code, end - 1) : [];
    return { kind, text: m[0], startColumn: start, endColumn: end, path };
  }
  return undefined;
}

/** the dotted path that ends at 0-based offset `end` (exclusive) of a line: "any x in claim.member.sex" → ["claim","member","sex"] */
export function pathEndingAt(line: string, end: number): string[] {
  const m = /([a-z_]\w*(?:\s*\.\s*[a-z_]\w*)*)$/.exec(line.slice(0, end));
  return m ? m[1].split(".").map((s) => s.trim()) : [];
}

/**
 * true when the identifier starting at 1-based `startColumn` of `line` is the phase of a rule
 * (`phase necessity`): it names a phase there, whatever table or value set shares its name
 */
export function isPhasePosition(line: string, startColumn: number): boolean {
  return /\bphase\s+$/.test(codeOnly(line.slice(0, startColumn - 1)));
}
