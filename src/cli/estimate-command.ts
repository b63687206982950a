// `edict estimate --rules <pack> --context <ctx> [--format json|text] <planned-services.json>`:
// what the plan would pay and the patient would owe for planned services (src/estimate), with
// the edits that need a finished claim skipped and listed.
import { parseContext } from "../model/schemas.js";
import { estimate, estimateText } from "../estimate/estimate.js";
import { EXIT, Fail, guarded, loadRules, readJsonFile, stringFlag, type CommandArgs, type Sink } from "./support.js";

export function estimateCommand(args: CommandArgs, out: Sink, err: Sink): number {
  return guarded(err, () => {
    const format = stringFlag(args, "format") ?? "json";
    if (format !== "text" && format !== "json") throw new Fail(`--format is json or text, not ${format}`, EXIT.usage);
    const [file, ...extra] = args.positional;
    if (!file || extra.length) throw new Fail("say which planned services to estimate: edict estimate --rules <pack> --context <file> <planned-services.json>", EXIT.usage);
    const contextFile = stringFlag(args, "context");
    if (!contextFile) throw new Fail("an estimate needs the member's context: --context <file> (coverage, accumulators, authorizations, history)", EXIT.usage);
    const ruleset = loadRules(stringFlag(args, "rules"), err);
    const planned = readJsonFile(file);
    const context = parseContext(readJsonFile(contextFile), { accumulators: ruleset.program.accumulators });
    const outcome = context.ok ? estimate(ruleset, planned, context.context, { trace: args.flags.get("trace") === true }) : null;
    if (!context.ok || !outcome || !outcome.ok) {
      if (!context.ok) {
        err(`${contextFile}: the context is malformed:`);
        for (const i of context.issues) err(`  ${i.path}: ${i.message}`);
      }
      if (outcome && !outcome.ok) {
        err(`${file}: the planned services are malformed:`);
        for (const i of outcome.issues) err(`  ${i.path}: ${i.message}`);
      }
      return EXIT.badInput;
    }
    if (format === "text") out(estimateText(outcome.estimate));
    else out(JSON.stringify(args.flags.get("trace") === true ? { ...outcome.estimate, trace: outcome.result.trace } : outcome.estimate, null, 2) + "\n");
    return EXIT.ok;
  });
}
