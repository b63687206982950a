// What the batch, diff and estimate commands share: exit codes (those of src/cli/main.ts), a
// failure that carries its exit code, and loading rules and JSON files.
import { readFileSync } from "node:fs";
import { loadPack } from "../node/index.js";
import { formatDiagnostic, type Ruleset } from "../index.js";

/** the exit codes of src/cli/main.ts (EXIT), repeated so these modules need not import main */
export const EXIT = { ok: 0, ruleErrors: 1, badInput: 2, usage: 3, io: 4, internal: 70 } as const;

export class Fail extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export interface CommandArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

export type Sink = (s: string) => void;

/** runs a command body, turning a Fail into its message on stderr and its exit code */
export function guarded(err: Sink, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof Fail) {
      err(`edict: ${e.message}`);
      return e.code;
    }
    throw e;
  }
}

export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new Fail(`--${name} needs a value`, EXIT.usage);
  return v;
}

export function loadRules(path: string | undefined, err: Sink, flag = "--rules"): Ruleset {
  if (!path) throw new Fail(`say which rules to use: ${flag} <pack folder>`, EXIT.usage);
  const out = loadPack(path);
  for (const d of out.diagnostics) err(formatDiagnostic(d));
  if (!out.ok) throw new Fail(`${path} has errors; fix them first (edict check ${path})`, EXIT.ruleErrors);
  return out.ruleset;
}

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Fail(`cannot read ${path}`, EXIT.io);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Fail(`${path} is not valid JSON: ${(e as Error).message}`, EXIT.badInput);
  }
}

/** whether a path names an NDJSON batch (`.ndjson` or `.jsonl`) */
export const isNdjson = (path: string): boolean => /\.(ndjson|jsonl)$/i.test(path);
