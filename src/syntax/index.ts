// The syntax stage of Edict: rule text → tokens → AST (every node with its span, comments kept),
// and AST → canonical text (`edict fmt`). Problems come back as diagnostics, never as exceptions.
// The checker (src/check) takes the AST from here; nothing in this folder knows about claims.
export { parse } from "./parser.js";
export { print, format } from "./printer.js";
export type * from "./ast.js";
export type { Diagnostic } from "../common/diagnostic.js";
export { formatDiagnostic } from "../common/diagnostic.js";
