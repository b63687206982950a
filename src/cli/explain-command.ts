// `edict explain`: claims adjudicated as by `edict adjudicate`, printed as the readable
// explanation — each line's decision and money split, and the rules behind it with their
// policy citations and source positions; with --fixes, the verified fix hints of each denied or
// pended line (src/fixes).
import { defineCommand } from "./args.js";
import { adjudicateClaims, CLAIM_OPTIONS } from "./adjudicate-command.js";
import { ruleLoading } from "./support.js";

export const explainCommand = defineCommand({
  name: "explain",
  summary: "adjudicate claims and explain each line's decision in words",
  usage: ["--rules <pack> [--context <file>] [--fixes] [--evaluator compiled|reference] <claim.json | folder>..."],
  options: CLAIM_OPTIONS,
  run({ values, operands }, io) {
    return adjudicateClaims(
      {
        rules: values.rules,
        context: values.context,
        format: "text",
        trace: true,
        evaluator: values.evaluator,
        paths: operands,
        loading: ruleLoading(values),
        fixes: values.fixes,
      },
      io,
    );
  },
});
