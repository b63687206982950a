// `edict check <pack>`: loads and checks a pack. Text (the default): each diagnostic on stderr
// as file:line:col, then a one-line summary and the rows of every table (stdout when the pack
// is sound: after dropping in a new edition of a code list, the counts say what was loaded),
// or the error count (stderr). JSON: one document
// on stdout with every diagnostic's code, severity, span, message and hint, for editors and CI.
// Exit 1 when the pack has errors.
import { loadPack } from "../node/index.js";
import { rowCount } from "../ir/table.js";
import type { Diagnostic } from "../index.js";
import { defineCommand } from "./args.js";
import { EXIT, usageError } from "./exit.js";
import { loadOptions, reportDiagnostics, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";
import { existsSync } from "node:fs";
import { CliError } from "./exit.js";

/** a diagnostic as `check --format json` prints it: every field, in a fixed order */
export function diagnosticJson(d: Diagnostic) {
  const { file, line, col, endLine, endCol } = d.span;
  return { code: d.code, severity: d.severity, span: { file, line, col, endLine, endCol }, message: d.message, hint: d.hint ?? null };
}

export const checkCommand = defineCommand({
  name: "check",
  summary: "check a pack: every problem with file:line:col; exit 1 on errors",
  usage: ["[--format text|json] <pack>"],
  options: {
    format: { type: "string", choices: ["text", "json"], default: "text", help: "text: diagnostics on stderr; json: one document on stdout" },
    ...RULE_LOADING_OPTIONS,
  },
  notes: `JSON output: {"ok", "errors", "warnings", "diagnostics": [{"code", "severity", "span": {"file",
"line", "col", "endLine", "endCol"}, "message", "hint"}], "pack"}; "pack" (name, version, hash,
tables with their rows) is null when the pack has errors, "hint" null when there is none. The
codes are listed, each with an example, in grammar/DIAGNOSTICS.md.`,
  run({ values, operands }, { out, err }) {
    const [dir, ...extra] = operands;
    if (!dir) throw usageError("say which pack to check: edict check <pack folder>");
    if (extra.length) throw usageError(`edict check takes one pack, not ${operands.length}`);
    // an artifact is verified too: every section's hash, and its signature
    if (!existsSync(dir)) throw new CliError(`no such pack folder or artifact: ${dir}`, EXIT.io);
    const result = loadPack(dir, loadOptions(ruleLoading(values)));
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    if (values.format === "json") {
      const p = result.ok ? result.ruleset.program : null;
      const pack = p && {
        name: p.name,
        version: p.version,
        hash: p.hash,
        rules: p.rules.length,
        benefits: p.benefits.length,
        tables: p.tables.map((t) => ({ name: `${t.pack}/${t.name}`, rows: rowCount(t), path: t.path, title: t.title ?? null })),
      };
      const doc = { ok: result.ok, errors, warnings: result.diagnostics.length - errors, diagnostics: result.diagnostics.map(diagnosticJson), pack };
      out(JSON.stringify(doc, null, 2) + "\n");
      return result.ok ? EXIT.ok : EXIT.ruleErrors;
    }
    reportDiagnostics(result.diagnostics, err);
    if (!result.ok) {
      err(`${errors} error${errors === 1 ? "" : "s"}`);
      return EXIT.ruleErrors;
    }
    const p = result.ruleset.program;
    out(
      `${p.name} ${p.version}: ok — ${p.rules.length} rules, ${p.benefits.length} benefits, ${p.tables.length} tables (${p.tables.reduce((n, t) => n + t.rows.length, 0)} rows); hash ${p.hash.slice(0, 12)}${p.signature ? `; signed by key ${p.signature.keyId}` : ""}\n`,
    );
    const names = p.tables.map((t) => `${t.pack}/${t.name}`);
    const counts = p.tables.map((t) => String(rowCount(t)));
    const [nameWidth, countWidth] = [Math.max(0, ...names.map((n) => n.length)), Math.max(0, ...counts.map((c) => c.length))];
    p.tables.forEach((t, i) => out(`  ${names[i].padEnd(nameWidth)}  ${counts[i].padStart(countWidth)} rows  ${t.path}${t.title ? ` — ${t.title}` : ""}\n`));
    return EXIT.ok;
  },
});
