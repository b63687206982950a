// Where a piece of rule text is: every stage from the lexer to the trace points at source
// through this one shape, so an error or a decision can always be traced to file:line:col.

export interface Span {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  endLine: number;
  endCol: number;
  /** 0-based character offsets; end is exclusive */
  offset: number;
  endOffset: number;
}

export function spanAt(file: string, line: number, col: number, length = 1, offset = 0): Span {
  return { file, line, col, endLine: line, endCol: col + length, offset, endOffset: offset + length };
}

/** `rules/demo-ppo/plan.edict:12:7`, as traces and diagnostics show a span */
export const spanText = (span: Span): string => `${span.file}:${span.line}:${span.col}`;
