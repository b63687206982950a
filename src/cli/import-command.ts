// `edict import --from json-rules-engine <rules.json>`: a json-rules-engine rules file turned
// into .edict source on stdout (src/interop); what cannot be converted is named on stderr with
// its JSON path, and makes the exit code 1.
import { basename } from "node:path";
import { importJsonRulesEngine } from "../interop/json-rules-engine.js";
import { defineCommand } from "./args.js";
import { EXIT, usageError } from "./exit.js";
import { readJsonFile } from "./support.js";

export const importCommand = defineCommand({
  name: "import",
  summary: "turn json-rules-engine rules into .edict source",
  usage: ["--from json-rules-engine [--name <pack>] <rules.json>"],
  options: {
    from: { type: "string", choices: ["json-rules-engine"], help: "the format of the input" },
    name: { type: "string", value: "<pack>", help: "the pack's name (default: the file's name)" },
  },
  run({ values, operands }, { out, err }) {
    if (values.from !== "json-rules-engine") throw usageError("say the source format: edict import --from json-rules-engine <rules.json>");
    const [file, ...extra] = operands;
    if (!file) throw usageError("say which file to import");
    if (extra.length) throw usageError(`edict import takes one file, not ${operands.length}`);
    const imported = importJsonRulesEngine(readJsonFile(file), values.name ?? basename(file).replace(/(\.jre)?\.json$/, ""));
    for (const d of imported.diagnostics) err(`${file}: ${d.path}: ${d.message}`);
    out(imported.source);
    return imported.diagnostics.length > 0 ? EXIT.ruleErrors : EXIT.ok;
  },
});
