// The canonical formatter (`edict fmt`): prints an AST in one fixed style. Comments are put
// back before the declaration that follows them. Printing what it parsed changes nothing.
import type * as A from "./ast.js";
import type { Diagnostic } from "./diagnostic.js";
import { parse } from "./parser.js";

const INDENT = "  ";
const WIDTH = 96;

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function codeItems(items: A.CodeItem[]): string {
  return items.map((i) => (i.to !== undefined ? `${i.from}..${i.to}` : i.from)).join(", ");
}

function codeSet(set: { items: A.CodeItem[] }): string {
  return set.items.length ? `{ ${codeItems(set.items)} }` : "{ }";
}

export function printLiteral(e: A.Literal): string {
  switch (e.kind) {
    case "string":
      return quote(e.value);
    case "integer":
      return e.text;
    case "money":
      return `$${e.text}`;
    case "percent":
      return `${e.text}%`;
    case "date":
      return e.text;
    case "duration":
      return `${e.amount} ${e.unit}`;
    case "code":
      return e.text;
    case "boolean":
      return String(e.value);
  }
}

/** an expression on one line */
export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case "ident":
      return e.name;
    case "field":
      return `${printExpr(e.object)}.${e.field.text}`;
    case "lookup":
      return `${e.table.text}[${e.keys.map(printExpr).join(", ")}]${e.on ? ` on ${printExpr(e.on)}` : ""}`;
    case "call":
      return `${e.fn.text}(${e.args.map(printExpr).join(", ")})`;
    case "unary":
      return e.op === "not" ? `not ${printExpr(e.operand)}` : `-${printExpr(e.operand)}`;
    case "binary":
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case "in":
      return `${printExpr(e.element)} ${e.negated ? "not in" : "in"} ${e.set.kind === "codeset" ? codeSet(e.set) : printExpr(e.set)}${e.on ? ` on ${printExpr(e.on)}` : ""}`;
    case "missing":
      return `${printExpr(e.operand)} is ${e.negated ? "not " : ""}missing`;
    case "quantifier":
      return `${e.quantifier} ${e.variable.text} in ${printExpr(e.collection)}${e.where ? ` where ${printExpr(e.where)}` : ""}`;
    case "count":
      return `count ${e.variable.text} in ${printExpr(e.collection)}${e.where ? ` where ${printExpr(e.where)}` : ""}`;
    case "sum":
      return `sum ${printExpr(e.body)} for ${e.variable.text} in ${printExpr(e.collection)}${e.where ? ` where ${printExpr(e.where)}` : ""}`;
    case "paren":
      return `(${printExpr(e.inner)})`;
    default:
      return printLiteral(e);
  }
}

/**
 * An expression laid out over lines when it is too long: `and`/`or` chains break before the
 * operator, `where` bodies and parenthesised groups go on their own indented lines.
 */
function layout(e: A.Expr, indent: string, width = WIDTH): string {
  const flat = printExpr(e);
  if (indent.length + flat.length <= width) return flat;
  const deeper = indent + INDENT;
  switch (e.kind) {
    case "binary":
      if (e.op === "and" || e.op === "or") {
        const operands: A.Expr[] = [];
        const collect = (x: A.Expr): void => {
          if (x.kind === "binary" && x.op === e.op) {
            collect(x.left);
            collect(x.right);
          } else operands.push(x);
        };
        collect(e);
        return operands.map((x, i) => (i === 0 ? layout(x, indent) : `\n${indent}${e.op} ${layout(x, indent + " ".repeat(e.op.length + 1))}`)).join("");
      }
      return `${layout(e.left, indent)} ${e.op} ${printExpr(e.right)}`;
    case "quantifier":
    case "count":
      if (!e.where) return flat;
      return `${e.kind === "count" ? "count" : e.quantifier} ${e.variable.text} in ${printExpr(e.collection)}\n${deeper}where ${layout(e.where, deeper + "      ")}`;
    case "sum":
      if (!e.where) return flat;
      return `sum ${printExpr(e.body)} for ${e.variable.text} in ${printExpr(e.collection)}\n${deeper}where ${layout(e.where, deeper + "      ")}`;
    case "paren":
      return `(${layout(e.inner, indent + " ")})`;
    case "unary":
      return e.op === "not" ? `not ${layout(e.operand, indent + "    ")}` : flat;
    default:
      return flat;
  }
}

function valueRef(v: A.ValueRef): string {
  return v.kind === "ident" ? v.name : printLiteral(v);
}

function title(t: A.Text | undefined): string {
  return t ? ` ${quote(t.value)}` : "";
}

function remarks(list: A.Name[]): string {
  return list.length ? ` remark ${list.map((r) => r.text).join(", ")}` : "";
}

function action(a: A.Action, indent: string): string {
  const reason = (r: A.ReasonRef) => `${r.group}-${r.code}`;
  switch (a.kind) {
    case "deny":
      return `deny ${reason(a.reason)}${remarks(a.remarks)}`;
    case "pend":
      return `pend${a.reason ? ` ${reason(a.reason)}` : ""}${remarks(a.remarks)}`;
    case "remark":
      return `remark ${a.remarks.map((r) => r.text).join(", ")}`;
    case "setAllowed":
      return `set allowed ${layout(a.amount, indent + "     ")}${remarks(a.remarks)}`;
  }
}

function costShare(c: A.CostShareDecl): string {
  const label = c.network === "in" ? "in_network" : "out_of_network";
  if (c.none) return `${label}: no cost share`;
  const terms = c.terms.map((t) =>
    t.kind === "copay" ? `copay ${valueRef(t.amount)}` : t.kind === "deductible" ? `deductible ${t.applies ? "applies" : "waived"}` : `coinsurance ${valueRef(t.rate)}`,
  );
  return `${label}: ${terms.join(", ")}`;
}

function valueset(d: A.ValueSetDecl): string {
  const head = `valueset ${d.name.text}${title(d.title)} = ${d.codeKind} `;
  const flat = head + codeSet(d);
  if (flat.length <= WIDTH) return flat;
  const lines: string[] = [];
  let current = "";
  for (const item of d.items.map((i) => (i.to !== undefined ? `${i.from}..${i.to}` : i.from))) {
    const next = current ? `${current}, ${item}` : item;
    if (INDENT.length + next.length + 1 > WIDTH && current) {
      lines.push(`${INDENT}${current},`);
      current = item;
    } else current = next;
  }
  if (current) lines.push(`${INDENT}${current},`);
  return `${head}{\n${lines.join("\n")}\n}`;
}

export function printDeclaration(d: A.Declaration): string {
  switch (d.kind) {
    case "pack":
      return `pack ${quote(d.name.value)} version ${quote(d.version.value)}${d.effective ? ` effective ${d.effective.from.text} to ${d.effective.to.text}` : ""}`;
    case "include":
      return `include ${quote(d.path.value)}`;
    case "valueset":
      return valueset(d);
    case "table": {
      const columns = d.columns.map((c) => `${INDENT}${c.key ? "key " : ""}${c.name.text}: ${c.type}${c.optional ? "?" : ""}`);
      if (d.active) columns.push(`${INDENT}active from ${d.active.from.text} until ${d.active.until.text}`);
      return `table ${d.name.text}${title(d.title)} from ${quote(d.path.value)} {\n${columns.join("\n")}\n}`;
    }
    case "parameter":
      return `parameter ${d.name.text}${title(d.title)} = ${printLiteral(d.value)}`;
    case "accumulator":
      return `accumulator ${d.name.text}${title(d.title)}: ${d.unit}`;
    case "plan": {
      const body: string[] = [];
      if (d.feeSchedule) body.push(`${INDENT}fee schedule ${d.feeSchedule.table.text}.${d.feeSchedule.column.text}`);
      for (const t of d.tiers) {
        const items: string[] = [];
        if (t.deductible) items.push(`deductible ${valueRef(t.deductible.amount)} accumulator ${t.deductible.accumulator.text}`);
        if (t.outOfPocket) items.push(`out_of_pocket ${valueRef(t.outOfPocket.amount)} accumulator ${t.outOfPocket.accumulator.text}`);
        if (t.coinsurance) items.push(`coinsurance ${valueRef(t.coinsurance.rate)}`);
        body.push(`${INDENT}network ${t.network} {\n${items.map((i) => INDENT + INDENT + i).join("\n")}\n${INDENT}}`);
      }
      return `plan${title(d.title)} {\n${body.join("\n")}\n}`;
    }
    case "benefit": {
      const body: string[] = [];
      for (const c of d.codes) body.push(`codes ${"kind" in c ? codeSet(c) : c.text}`);
      if (d.when) body.push(`when ${layout(d.when, INDENT + "     ")}`);
      for (const c of d.costShares) body.push(costShare(c));
      if (d.limit) body.push(`limit ${valueRef(d.limit.amount)} ${d.limit.unit} per year accumulator ${d.limit.accumulator.text}`);
      if (d.requiresAuthorization) body.push("requires authorization");
      for (const c of d.cites) body.push(`cite ${quote(c.value)}`);
      return `benefit ${d.name.text}${title(d.title)} {\n${body.map((b) => INDENT + b).join("\n")}\n}`;
    }
    case "rule": {
      const lines = [`rule ${d.name.text}${title(d.title)}`, `${INDENT}phase ${d.phase.value}`];
      for (const c of d.cites) lines.push(`${INDENT}cite ${quote(c.value)}`);
      const flat = `${INDENT}when ${printExpr(d.when)}`;
      lines.push(flat.length <= WIDTH ? flat : `${INDENT}when\n${INDENT}${INDENT}${layout(d.when, INDENT + INDENT)}`);
      lines.push(`${INDENT}then ${action(d.action, INDENT + "     ")}`);
      return lines.join("\n");
    }
  }
}

/** Prints a whole file: declarations separated by blank lines, comments before what follows them. */
export function print(file: A.SourceFile): string {
  const comments = [...file.comments].sort((a, b) => a.span.offset - b.span.offset);
  let next = 0;
  const blocks: string[] = [];
  const commentsBefore = (offset: number): string[] => {
    const taken: string[] = [];
    while (next < comments.length && comments[next].span.offset < offset) taken.push(comments[next++].text.trimEnd());
    return taken;
  };
  for (const d of file.declarations) {
    const firstComment = next;
    const before = commentsBefore(d.span.offset);
    const inside = commentsBefore(d.span.endOffset);
    // a comment block that stood apart from its declaration (a section heading) stays apart
    const lastBefore = next > firstComment && before.length ? comments[firstComment + before.length - 1] : undefined;
    const apart = lastBefore !== undefined && d.span.line - lastBefore.span.line > 1;
    const heading = [...before, ...inside].join("\n");
    blocks.push(heading ? `${heading}${apart ? "\n\n" : "\n"}${printDeclaration(d)}` : printDeclaration(d));
  }
  const trailing = commentsBefore(Infinity);
  if (trailing.length) blocks.push(trailing.join("\n"));
  return blocks.join("\n\n") + "\n";
}

/** `edict fmt`: the canonical text, or the original text and diagnostics when it does not parse */
export function format(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  const parsed = parse(text, file);
  if (parsed.diagnostics.length > 0) return { text, diagnostics: parsed.diagnostics };
  return { text: print(parsed.ast), diagnostics: [] };
}
