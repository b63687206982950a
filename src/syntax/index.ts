// The syntax stage: text → tokens → AST (with spans and comments), and AST → canonical text.
export { parse } from "./parser.js";
export { print, format } from "./printer.js";
export type * from "./ast.js";
export type { Diagnostic } from "./diagnostic.js";
export { formatDiagnostic } from "./diagnostic.js";
