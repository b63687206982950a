// `edict export --format json-rules-engine <pack>`: the rules json-rules-engine can run, as its
// JSON (src/interop). What it cannot express is refused with a warning naming the construct and
// its source position; --strict makes any refusal exit 1.
import { exportJsonRulesEngine } from "../interop/json-rules-engine.js";
import { defineCommand } from "./args.js";
import { EXIT, usageError } from "./exit.js";
import { loadRules, reportDiagnostics, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";

export const exportCommand = defineCommand({
  name: "export",
  summary: "write a pack's rules as json-rules-engine JSON",
  usage: ["--format json-rules-engine [--strict] <pack>"],
  options: {
    format: { type: "string", choices: ["json-rules-engine"], help: "the format to write" },
    strict: { type: "boolean", help: "exit 1 if any rule or benefit cannot be exported" },
    ...RULE_LOADING_OPTIONS,
  },
  run({ values, operands }, { out, err }) {
    if (values.format !== "json-rules-engine") throw usageError("say the format: edict export --format json-rules-engine <pack>");
    const [dir, ...extra] = operands;
    if (!dir) throw usageError("say which pack to export: edict export --format json-rules-engine <pack>");
    if (extra.length) throw usageError(`edict export takes one pack, not ${operands.length}`);
    const ruleset = loadRules(dir, err, "the pack", ruleLoading(values));
    const exported = exportJsonRulesEngine(ruleset.program);
    reportDiagnostics(exported.diagnostics, err);
    err(
      `exported ${exported.rules.length} of ${ruleset.program.rules.length + ruleset.program.benefits.length} rules and benefits; ${exported.diagnostics.length} refused`,
    );
    out(JSON.stringify(exported.rules, null, 2) + "\n");
    return values.strict && exported.diagnostics.length > 0 ? EXIT.ruleErrors : EXIT.ok;
  },
});
