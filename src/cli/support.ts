// What several commands share on the file side: loading rules (a pack folder or a built
// artifact) with their diagnostics on stderr, and reading text and JSON files — each failure a
// CliError with the exit code of ./exit.ts.
import { readFileSync } from "node:fs";
import { loadPack } from "../node/index.js";
import { formatDiagnostic, type Diagnostic, type Ruleset } from "../index.js";
import { CliError, EXIT, usageError } from "./exit.js";
import type { Sink } from "./args.js";

export function reportDiagnostics(diagnostics: readonly Diagnostic[], err: Sink): void {
  for (const d of diagnostics) err(formatDiagnostic(d));
}

/** the rules of `path`, or a usage error naming `flag` when it is absent */
export function loadRules(path: string | undefined, err: Sink, flag = "--rules"): Ruleset {
  if (!path) throw usageError(`say which rules to use: ${flag} <pack folder>`);
  const out = loadPack(path);
  reportDiagnostics(out.diagnostics, err);
  if (!out.ok) throw new CliError(`${path} has errors; fix them first (edict check ${path})`, EXIT.ruleErrors);
  return out.ruleset;
}

export function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new CliError(`cannot read ${path}`, EXIT.io);
  }
}

export function readJsonFile(path: string): unknown {
  const text = readText(path);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`, EXIT.badInput);
  }
}

/** whether a path names an NDJSON batch (`.ndjson` or `.jsonl`) */
export const isNdjson = (path: string): boolean => /\.(ndjson|jsonl)$/i.test(path);
