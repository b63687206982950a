// `edict explain`: claims adjudicated as by `edict adjudicate`, printed as the readable
// explanation — each line's decision and money split, and the rules behind it with their
// policy citations and source positions.
import { defineCommand } from "./args.js";
import { adjudicateClaims, CLAIM_OPTIONS } from "./adjudicate-command.js";
import { ruleLoading } from "./support.js";

export const explainCommand = defineCommand({
  name: "explain",
  summary: "adjudicate claims and explain each line's decision in words",
  usage: ["--rules <pack> [--context <file>] [--evaluator compiled|reference] <claim.json | folder>..."],
  options: CLAIM_OPTIONS,
  run({ values, operands }, io) {
    return adjudicateClaims(
      { rules: values.rules, context: values.context, format: "text", trace: true, evaluator: values.evaluator, paths: operands, loading: ruleLoading(values) },
      io,
    );
  },
});
