// Go to definition: where the word at the cursor is declared (value sets, tables, their columns,
// rules, benefits, parameters, accumulators), found in the parsed AST spans of every pack file.
// A phase (the word after `phase`) is built in and has none.
import type { Span, SymbolIndex } from "../protocol.js";
import { bindingsIn, declarationAround, fieldsOf, isPhasePosition, tableNamed, tokenAt, typeOfPath } from "./analysis.js";

/** where the word at the cursor is declared: a value set, table, column, rule, benefit, parameter or accumulator */
export function definitionAt(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex): Span | undefined {
  const token = tokenAt(lines[lineNumber - 1] ?? "", column);
  if (token?.kind !== "ident") return undefined;
  // `phase necessity` names a built-in phase, declared nowhere: not a table called `necessity`
  if (token.path.length === 1 && isPhasePosition(lines[lineNumber - 1] ?? "", token.startColumn)) return undefined;
  if (token.path.length > 1) {
    const declaration = declarationAround(lines, lineNumber - 1);
    const offset = lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + token.startColumn - 1;
    const owner = typeOfPath(token.path.slice(0, -1), { bindings: bindingsIn(declaration.text), symbols, offset });
    return owner ? fieldsOf(owner, symbols).find((f) => f.name === token.text)?.column?.span : undefined;
  }
  const name = token.text;
  return (
    symbols.valuesets.find((v) => v.name === name)?.nameSpan ?? tableNamed(symbols, name)?.nameSpan ?? symbols.symbols.find((s) => s.name === name)?.nameSpan
  );
}
