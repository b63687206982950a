// Spans and token values as both parsers make them: the chevrotain parser (./parser.ts) and its
// fast path (./fast-parser.ts) build the same AST, so they share these.
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import * as L from "./lexer.js";

export const NO_SPAN: A.Span = { file: "", line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };

/**
 * The span of tokens `first`..`last`, end exclusive. Chevrotain's end positions are inclusive,
 * hence the +1s.
 */
export function tokenSpan(file: string, first: IToken, last: IToken = first): A.Span {
  // while chevrotain records the grammar, some results are placeholders rather than tokens
  if (!first || !last) return NO_SPAN;
  return {
    file,
    line: first.startLine ?? 1,
    col: first.startColumn ?? 1,
    endLine: last.endLine ?? 1,
    endCol: (last.endColumn ?? 0) + 1,
    offset: first.startOffset,
    endOffset: (last.endOffset ?? last.startOffset) + 1,
  };
}

/**
 * From a's start to b's end. While chevrotain records the grammar, sub-rules return a
 * placeholder without spans, so a missing span must not throw.
 */
export function join(a: A.Span | undefined, b: A.Span | undefined): A.Span {
  if (!a || !b) return a ?? b ?? NO_SPAN;
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol, offset: a.offset, endOffset: b.endOffset };
}

export function lastSpan(spans: Array<{ span: A.Span } | undefined>, fallback: A.Span): A.Span {
  const spanned = spans.filter((s) => s?.span);
  return spanned.length ? spanned[spanned.length - 1]!.span : fallback;
}

/** a string token's value: quotes removed and `\"`, `\\` resolved; an unterminated one has no closing quote */
export function stringValue(token: IToken): string {
  if (token.tokenType === L.SingleQuotedString) return token.image.slice(1, -1);
  const body = token.tokenType === L.UnterminatedString ? token.image.slice(1).replace(/\\$/, "") : token.image.slice(1, -1);
  // most texts have no escape: no regular expression to run (or, on a process's first parse, compile)
  return body.includes("\\") ? body.replace(/\\(.)/g, "$1") : body;
}

export const DURATION_UNITS: Record<string, "days" | "months" | "years"> = {
  day: "days",
  days: "days",
  month: "months",
  months: "months",
  year: "years",
  years: "years",
};

/** a money literal whose cents are not two digits (`$5.5`): the parsers report it, the AST keeps it */
export function badMoneyDecimals(image: string): boolean {
  const decimals = image.split(".")[1];
  return decimals !== undefined && decimals.length !== 2;
}
