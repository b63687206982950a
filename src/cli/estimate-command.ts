// `edict estimate --rules <pack> --context <ctx> [--format json|text] <planned-services.json>`:
// what the plan would pay and the patient would owe for planned services (src/estimate), with
// the edits that need a finished claim skipped and listed.
import { contextIssues, parseContext } from "../model/schemas.js";
import { estimate, estimateText } from "../estimate/estimate.js";
import { defineCommand } from "./args.js";
import { EXIT, usageError } from "./exit.js";
import { loadRules, readJsonFile, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";

export const estimateCommand = defineCommand({
  name: "estimate",
  summary: "what the plan would pay and the patient would owe for planned services",
  usage: ["--rules <pack> --context <file> [--format json|text] [--trace] <planned-services.json>"],
  options: {
    rules: { type: "string", value: "<pack>", help: "the rules: a pack folder or an artifact of edict build" },
    context: { type: "string", value: "<file>", help: "the member's context: coverage, accumulators, authorizations, history" },
    format: { type: "string", choices: ["json", "text"], default: "json", help: "json: the estimate; text: in words" },
    trace: { type: "boolean", help: "add the trace of the adjudication behind the estimate (json)" },
    ...RULE_LOADING_OPTIONS,
  },
  notes: "The edits that need a finished claim (duplicates, timely filing) are skipped and listed.",
  run({ values, operands }, { out, err }) {
    const format = values.format;
    const [file, ...extra] = operands;
    if (!file || extra.length)
      throw usageError("say which planned services to estimate: edict estimate --rules <pack> --context <file> <planned-services.json>");
    const contextFile = values.context;
    if (!contextFile) throw usageError("an estimate needs the member's context: --context <file> (coverage, accumulators, authorizations, history)");
    const loading = ruleLoading(values);
    const ruleset = loadRules(values.rules, err, "--rules", loading);
    const planned = readJsonFile(file, loading.limits);
    const context = parseContext(readJsonFile(contextFile, loading.limits), { accumulators: ruleset.program.accumulators, limits: loading.limits });
    const outcome = context.ok ? estimate(ruleset, planned, context.context, { trace: values.trace }) : null;
    if (!context.ok || !outcome?.ok) {
      if (!context.ok) {
        err(`${contextFile}: the context is malformed:`);
        for (const i of contextIssues(context.issues)) err(`  ${i.path}: ${i.message}`);
      }
      if (outcome && !outcome.ok) {
        err(`${file}: the planned services are malformed:`);
        for (const i of outcome.issues) err(`  ${i.path}: ${i.message}`);
      }
      return EXIT.badInput;
    }
    if (format === "text") out(estimateText(outcome.estimate));
    else out(JSON.stringify(values.trace ? { ...outcome.estimate, trace: outcome.result.trace } : outcome.estimate, null, 2) + "\n");
    return EXIT.ok;
  },
});
