// Builds the editor's symbol index (value sets, tables and their columns, rules, benefits,
// parameters, accumulators, plans) from the parsed .edict files of the in-memory pack.
import { parse } from "../syntax/parser.js";
import type * as A from "../syntax/ast.js";
import { joinPath } from "../check/packs.js";
import type { NamedSymbol, PackFiles, SymbolIndex, TableSymbol } from "./protocol.js";

/** the folder a file is in: "rules/demo-ppo/plan.edict" → "rules/demo-ppo" */
function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

function csvRows(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  return Math.max(0, lines.length - 1);
}

function codeItems(items: A.CodeItem[]): string[] {
  return items.map((i) => (i.to !== undefined ? `${i.from}..${i.to}` : i.from));
}

/** every .edict file of `files` is parsed (not only the packs the entry reaches) */
export function buildSymbolIndex(files: PackFiles, parsed?: Map<string, A.SourceFile>): SymbolIndex {
  const index: SymbolIndex = { valuesets: [], tables: [], symbols: [], plans: [] };
  const normalized = new Map(Object.entries(files).map(([p, t]) => [joinPath(".", p), t]));
  for (const path of [...normalized.keys()].filter((p) => p.endsWith(".edict")).sort()) {
    const ast = parsed?.get(path) ?? parse(normalized.get(path) ?? "", path).ast;
    for (const d of ast.declarations) addDeclaration(index, d, folderOf(path), normalized);
  }
  return index;
}

function addDeclaration(index: SymbolIndex, d: A.Declaration, dir: string, files: Map<string, string>): void {
  const named = (kind: NamedSymbol["kind"], name: A.Name, title: A.Text | undefined, detail?: string) =>
    index.symbols.push({ kind, name: name.text, title: title?.value, detail, nameSpan: name.span, span: d.span });
  switch (d.kind) {
    case "valueset":
      index.valuesets.push({ name: d.name.text, title: d.title?.value, codeKind: d.codeKind, items: codeItems(d.items), nameSpan: d.name.span, span: d.span });
      break;
    case "table": {
      const path = joinPath(dir, d.path.value);
      const columns: TableSymbol["columns"] = d.columns.map((c) => ({ name: c.name.text, type: c.type, key: c.key, optional: c.optional, span: c.name.span }));
      if (d.active) {
        columns.push({ name: d.active.from.text, type: "date", key: false, optional: false, span: d.active.from.span });
        columns.push({ name: d.active.until.text, type: "date", key: false, optional: true, span: d.active.until.span });
      }
      index.tables.push({
        name: d.name.text,
        title: d.title?.value,
        path,
        columns,
        dated: !!d.active,
        rows: csvRows(files.get(path)),
        nameSpan: d.name.span,
        span: d.span,
      });
      break;
    }
    case "rule":
      named("rule", d.name, d.title, d.phase.value);
      break;
    case "benefit":
      named("benefit", d.name, d.title);
      break;
    case "parameter":
      named("parameter", d.name, d.title, literalText(d.value));
      break;
    case "accumulator":
      named("accumulator", d.name, d.title, d.unit);
      break;
    case "plan":
      index.plans.push(d.span);
      break;
    default:
      break;
  }
}

function literalText(v: A.Literal): string {
  switch (v.kind) {
    case "string":
      return JSON.stringify(v.value);
    case "money":
      return `$${v.text}`;
    case "percent":
      return `${v.text}%`;
    case "duration":
      return `${v.amount} ${v.unit}`;
    case "boolean":
      return String(v.value);
    default:
      return v.text;
  }
}
