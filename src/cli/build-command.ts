// `edict build <pack> -o <file>`: the checked pack and its tables compiled into one artifact
// (src/artifact) that --rules accepts and a host loads without parsing CSV.
import { writeFileSync } from "node:fs";
import { loadPack, buildArtifact } from "../node/index.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { reportDiagnostics } from "./support.js";

export const buildCommand = defineCommand({
  name: "build",
  summary: "compile a pack and its tables into one artifact file",
  usage: ["<pack> -o <pack.edict.bin>"],
  options: {
    output: { type: "string", short: "o", value: "<file>", help: "where to write the artifact" },
  },
  run({ values, operands }, { out, err }) {
    const [dir, ...extra] = operands;
    const target = values.output;
    if (!dir || target === undefined) throw usageError("say which pack and where: edict build <pack> -o <file>");
    if (extra.length) throw usageError(`edict build takes one pack, not ${operands.length}`);
    const compiled = loadPack(dir);
    reportDiagnostics(compiled.diagnostics, err);
    if (!compiled.ok) return EXIT.ruleErrors;
    const bytes = buildArtifact(compiled);
    try {
      writeFileSync(target, bytes);
    } catch {
      throw new CliError(`cannot write ${target}`, EXIT.io);
    }
    const rows = compiled.ruleset.program.tables.reduce((n, t) => n + t.rows.length, 0);
    out(`${target}: ${compiled.ruleset.name} ${compiled.ruleset.version}, ${rows} table rows, ${(bytes.length / 1e6).toFixed(1)} MB\n`);
    return EXIT.ok;
  },
});
