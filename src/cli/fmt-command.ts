// `edict fmt`: formats .edict files in the one canonical layout (src/syntax's pretty-printer).
// Prints the formatted text, or rewrites the files (--write), or only reports the files that
// are not formatted (--check, exit 1), as CI does.
import { writeFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { format } from "../syntax/index.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { readText, reportDiagnostics } from "./support.js";

export const fmtCommand = defineCommand({
  name: "fmt",
  summary: "format .edict files: print them, rewrite them, or check them",
  usage: ["[--write | --check] <file.edict | pack>..."],
  options: {
    write: { type: "boolean", help: "rewrite the files that are not formatted" },
    check: { type: "boolean", help: "change nothing; exit 1 naming each file that is not formatted" },
  },
  notes: "A pack folder stands for the .edict files in it. Without --write or --check the formatted\ntext goes to stdout.",
  run({ values, operands }, { out, err }) {
    if (operands.length === 0) throw usageError("say which files to format: edict fmt <file.edict | pack>");
    if (values.write && values.check) throw usageError("--write and --check: say one");
    const files = operands.flatMap((p) => {
      try {
        return statSync(p).isDirectory()
          ? readdirSync(p)
              .filter((n) => n.endsWith(".edict"))
              .sort()
              .map((n) => join(p, n))
          : [p];
      } catch {
        throw new CliError(`no such file or folder: ${p}`, EXIT.io);
      }
    });
    let exit: number = EXIT.ok;
    for (const file of files) {
      const text = readText(file);
      const formatted = format(text, file);
      if (formatted.diagnostics.some((d) => d.severity === "error")) {
        reportDiagnostics(formatted.diagnostics, err);
        exit = EXIT.ruleErrors;
        continue;
      }
      if (values.check) {
        if (formatted.text !== text) {
          err(`${file} is not formatted (run edict fmt --write ${file})`);
          exit = EXIT.ruleErrors;
        }
      } else if (values.write) {
        if (formatted.text !== text) {
          try {
            writeFileSync(file, formatted.text);
          } catch {
            throw new CliError(`cannot write ${file}`, EXIT.io);
          }
        }
      } else out(formatted.text);
    }
    return exit;
  },
});
