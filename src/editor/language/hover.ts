// What hovering a word shows: CARC/RARC descriptions for codes, the doc of a field, the contents
// of a value set, the columns of a table, a rule's title and phase. Markdown, no monaco.
import { FUNCTIONS, ROOTS } from "../../ir/types.js";
import { DEFAULT_REASON_CODES } from "../../model/reason-codes.js";
import type { Span, SymbolIndex } from "../protocol.js";
import { bindingsIn, declarationAround, describeType, fieldsOf, tableNamed, tokenAt, typeOfPath, type Scope } from "./analysis.js";

export interface Hover {
  /** markdown paragraphs */
  contents: string[];
  /** 1-based columns on the hovered line, end exclusive */
  startColumn: number;
  endColumn: number;
}

const MAX_ITEMS = 40;

export function hoverAt(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex): Hover | undefined {
  const line = lines[lineNumber - 1] ?? "";
  const token = tokenAt(line, column);
  if (!token) return undefined;
  const at = (contents: string[]): Hover => ({ contents, startColumn: token.startColumn, endColumn: token.endColumn });

  if (token.kind === "reason") {
    const [group, code] = token.text.split("-");
    const carc = DEFAULT_REASON_CODES.carc.get(code);
    const groupText = DEFAULT_REASON_CODES.groups.get(group);
    return at([`**${token.text}** — ${carc ?? "not a CARC in the code table"}`, `Group ${group}: ${groupText ?? "not a known group code"}`]);
  }
  if (token.kind === "code") {
    const rarc = DEFAULT_REASON_CODES.rarc.get(token.text);
    const declaration = declarationAround(lines, lineNumber - 1);
    const before = declaration.text.slice(0, lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + token.startColumn - 1);
    if (rarc && /\bremark\s+(?:[A-Z0-9]+\s*,\s*)*$/.test(before)) return at([`**${token.text}** (remark code, RARC) — ${rarc}`]);
    return undefined;
  }
  if (token.kind !== "ident") return undefined;

  const declaration = declarationAround(lines, lineNumber - 1);
  const offset = lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + token.startColumn - 1;
  const scope: Scope = { bindings: bindingsIn(declaration.text), symbols, offset };
  const path = token.path;

  if (path.length > 1) {
    const owner = typeOfPath(path.slice(0, -1), scope);
    const field = owner && fieldsOf(owner, symbols).find((f) => f.name === token.text);
    if (field) return at([`**${path.join(".")}**: ${describeType(field.type, field.optional)}`, field.doc]);
    return undefined;
  }
  const name = token.text;
  const binding = scope.bindings.find((b) => b.name === name);
  if (binding) {
    const type = typeOfPath([name], scope);
    return at([
      `**${name}**: ${type ? describeType(type) : "variable"}`,
      `Each element of \`${binding.collection.join(".")}${binding.lookup ? "[…]" : ""}\` in turn.`,
    ]);
  }
  if (ROOTS[name]) return at([`**${name}**: ${describeType(ROOTS[name].type)}`, ROOTS[name].doc]);
  if (FUNCTIONS[name])
    return at([`**${name}**(${FUNCTIONS[name].params.map((p) => describeType(p)).join(", ")}) → ${describeType(FUNCTIONS[name].result)}`, FUNCTIONS[name].doc]);
  const valueset = symbols.valuesets.find((v) => v.name === name);
  if (valueset) {
    const shown = valueset.items.slice(0, MAX_ITEMS).join(", ") + (valueset.items.length > MAX_ITEMS ? `, … (${valueset.items.length} items)` : "");
    return at([`**${name}** — ${valueset.codeKind} value set${valueset.title ? `: ${valueset.title}` : ""}`, `{ ${shown} }`, whereDeclared(valueset.nameSpan)]);
  }
  const table = tableNamed(symbols, name);
  if (table) {
    const columns = table.columns.map((c) => `- \`${c.name}\`: ${c.type}${c.key ? " (key)" : ""}${c.optional ? " (may be empty)" : ""}`).join("\n");
    return at([
      `**${name}** — table${table.title ? `: ${table.title}` : ""}`,
      `from \`${table.path}\`${table.rows !== undefined ? `, ${table.rows} rows` : ""}${table.dated ? ", dated rows (look up with `on` a date)" : ""}`,
      columns,
      whereDeclared(table.nameSpan),
    ]);
  }
  const symbol = symbols.symbols.find((s) => s.name === name);
  if (symbol) {
    const detail = symbol.kind === "rule" ? `phase ${symbol.detail}` : symbol.kind === "parameter" ? `= ${symbol.detail}` : symbol.detail;
    return at([`**${name}** — ${symbol.kind}${symbol.title ? `: ${symbol.title}` : ""}`, detail ?? "", whereDeclared(symbol.nameSpan)].filter(Boolean));
  }
  return undefined;
}

function whereDeclared(span: Span): string {
  return `_declared at ${span.file}:${span.line}:${span.col}_`;
}
