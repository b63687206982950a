// An esbuild plugin for the builds (tsup.config.ts, bench/build.ts): has V8 compile the code of a
// process's first compilePack when its module loads instead of on first call. V8 compiles a
// function lazily (a quick pre-parse when the module loads, then a full parse and bytecode on the
// first call), except a function expression written right after `(`, which it compiles with the
// code around it (the "PIFE" heuristic; esbuild keeps the parentheses). In the files listed
// below, nearly every function runs in every compile, so the plugin rewrites, keeping each line:
// - a top-level `function f(…) {…}` as `const f = (function (…) {…});` — unless module code reads
//   `f` above its declaration (a `const` is not hoisted): the build then fails, naming it;
// - an arrow function that reads no `this`, `arguments`, `super` or `new.target` (in those
//   functions, or a top-level `const`) as a parenthesized `function` expression (V8 does not
//   compile parenthesized arrows eagerly);
// - the methods of a plain class as parenthesized function expressions defined on its prototype
//   from static blocks (in order, non-enumerable and named, as methods are).
// The work moves from the first compile into the import, and the pre-parse is not done twice
// (figures and findings: bench/STARTUP.md, bench/NOTES.md). test/eager-compile.test.ts.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { Plugin } from "esbuild";
import ts from "typescript";

/** the files whose top-level functions a first `compilePack` calls (nearly all of them: bench/STARTUP.md) */
export const EAGER_FILES: ReadonlySet<string> = new Set([
  "src/syntax/lexer.ts",
  "src/syntax/spans.ts",
  "src/syntax/fast-parser.ts",
  "src/syntax/parser.ts",
  "src/check/packs.ts",
  "src/check/literals.ts",
  "src/check/overrides.ts",
  "src/check/ruleset.ts",
  "src/check/expressions.ts",
  "src/tables/csv.ts",
  "src/tables/load.ts",
  "src/engine/ruleset.ts",
  "src/engine/compile-pack.ts",
  // the code, date and money readers of the checker's literals and the tables' cells
  "src/model/codes.ts",
  "src/model/dates.ts",
  "src/model/money.ts",
]);

const isFunctionLike = (n: ts.Node): boolean =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n);

/** whether `name` is read by code that runs while the module loads (outside any function body) */
function readWhileLoading(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  if (isFunctionLike(node)) return false;
  return ts.forEachChild(node, (child) => readWhileLoading(child, name) || undefined) ?? false;
}

/** whether an arrow function's body or parameters read `this`, `arguments`, `super` or `new.target` (which a `function` would rebind) */
function bindsOuter(node: ts.Node): boolean {
  if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) return true;
  if (ts.isIdentifier(node) && node.text === "arguments") return true;
  if (ts.isMetaProperty(node)) return true;
  return ts.forEachChild(node, (child) => bindsOuter(child) || undefined) ?? false;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** edits writing each arrow function under `node` that does not bind its outer `this` as a parenthesized `function` expression */
function arrowEdits(node: ts.Node, file: ts.SourceFile, edits: Edit[]): void {
  if (ts.isArrowFunction(node) && !bindsOuter(node)) {
    const start = node.getStart(file);
    const isAsync = (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
    // `<T>(a, b): R` or a bare `a`, as written (an `async` modifier is written again below)
    const headStart = isAsync ? node.modifiers!.end : start;
    let head = file.text.slice(headStart, node.equalsGreaterThanToken.getStart(file)).trim();
    if (node.parameters.length === 1 && !node.typeParameters && head === node.parameters[0]!.getText(file)) head = `(${head})`;
    edits.push({ start, end: node.equalsGreaterThanToken.end, text: `(${isAsync ? "async " : ""}function ${head}` });
    if (ts.isBlock(node.body)) {
      edits.push({ start: node.end, end: node.end, text: ")" });
    } else {
      edits.push({ start: node.body.getStart(file), end: node.body.getStart(file), text: "{ return " });
      edits.push({ start: node.end, end: node.end, text: "; })" });
    }
  }
  ts.forEachChild(node, (child) => arrowEdits(child, file, edits));
}

/**
 * Edits defining a plain class's methods from a static block, each as a parenthesized function
 * expression on the prototype, so V8 compiles them with the module. A method stays what it was
 * to a caller: non-enumerable, in the same order, with its name (an anonymous function named by
 * its property, so no name of the module is hidden in its body). Only a class without `extends`,
 * `super`, static members (which might call a method before the blocks run) or a method with a
 * computed name; otherwise the class stays as written.
 */
function classEdits(node: ts.ClassDeclaration, file: ts.SourceFile, edits: Edit[]): void {
  if (node.heritageClauses?.length) return;
  const isStatic = (m: ts.ClassElement) =>
    ts.isClassStaticBlockDeclaration(m) || (ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword));
  const hasSuper = (n: ts.Node): boolean => n.kind === ts.SyntaxKind.SuperKeyword || (ts.forEachChild(n, (c) => hasSuper(c) || undefined) ?? false);
  const methods = node.members.filter(ts.isMethodDeclaration);
  if (node.members.some(isStatic) || hasSuper(node)) return;
  if (methods.some((m) => !ts.isIdentifier(m.name) || m.name.text === "__proto__")) return;
  for (const m of methods) {
    const name = (m.name as ts.Identifier).text;
    if (!m.body) {
      edits.push({ start: m.getStart(file), end: m.end, text: "" });
      continue;
    }
    const isAsync = (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.AsyncKeyword);
    // everything after the name (type parameters, parameters, return type, body) is kept as written, on its lines
    edits.push({
      start: m.getStart(file),
      end: m.name.end,
      text: `static { Object.defineProperty(this.prototype, "${name}", { value: { ${name}: (${isAsync ? "async " : ""}function${m.asteriskToken ? "*" : ""} `,
    });
    arrowEdits(m.body, file, edits);
    edits.push({ start: m.end, end: m.end, text: `) }.${name}, writable: true, configurable: true }); }` });
  }
}

/**
 * The source with its top-level function declarations as parenthesized function expressions, and
 * the arrow functions in them (and in top-level `const` initializers) as parenthesized `function`
 * expressions where that does not change what `this` is, and the methods of a plain class defined
 * from a static block as parenthesized function expressions, so V8 compiles them with the module.
 */
export function eagerFunctions(path: string, text: string): string {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  file.statements.forEach((statement, index) => {
    if (ts.isClassDeclaration(statement)) {
      classEdits(statement, file, edits);
      return;
    }
    if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
      for (const d of statement.declarationList.declarations) if (d.initializer && ts.isArrowFunction(d.initializer)) arrowEdits(d.initializer, file, edits);
      return;
    }
    if (!ts.isFunctionDeclaration(statement) || !statement.name) return;
    const modifiers = ts.getModifiers(statement) ?? [];
    const has = (kind: ts.SyntaxKind) => modifiers.some((m) => m.kind === kind);
    if (has(ts.SyntaxKind.DefaultKeyword) || has(ts.SyntaxKind.DeclareKeyword)) return;
    const name = statement.name.text;
    // an overload's signature is types only: dropped, since a `const` cannot be declared twice
    if (!statement.body) {
      edits.push({ start: statement.getStart(file), end: statement.end, text: "" });
      return;
    }
    for (const earlier of file.statements.slice(0, index)) {
      if (readWhileLoading(earlier, name)) {
        throw new Error(`${path}: ${name} is used while the module loads, before its declaration; keep it a declaration`);
      }
    }
    const head = `${has(ts.SyntaxKind.ExportKeyword) ? "export " : ""}const ${name} = (${has(ts.SyntaxKind.AsyncKeyword) ? "async " : ""}function${statement.asteriskToken ? "*" : ""} `;
    // everything after the name (type parameters, parameters, return type, body) is kept as written, on its lines
    edits.push({ start: statement.getStart(file), end: statement.name.end, text: head });
    arrowEdits(statement.body, file, edits);
    edits.push({ start: statement.end, end: statement.end, text: ");" });
  });
  // applied from the end; at one position a replacement goes before an insertion, and of two
  // insertions the one collected first (the enclosing function's) goes first, so it ends up after
  const order = edits.map((edit, i) => ({ edit, i }));
  order.sort((a, b) => b.edit.start - a.edit.start || b.edit.end - a.edit.end || a.i - b.i);
  let out = text;
  for (const { edit } of order) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

export const eagerCompilePlugin: Plugin = {
  name: "eager-compile",
  setup(build) {
    const root = build.initialOptions.absWorkingDir ?? process.cwd();
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const path = relative(root, args.path).replaceAll("\\", "/");
      if (!EAGER_FILES.has(path)) return undefined;
      return { contents: eagerFunctions(path, await readFile(args.path, "utf8")), loader: "ts" };
    });
  },
};
