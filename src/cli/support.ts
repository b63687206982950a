// What several commands share on the file side: loading rules (a pack folder or a built
// artifact, a pack folder through the compiled-pack cache unless --no-cache) with their
// diagnostics on stderr, and reading text and JSON files — each failure a
// CliError with the exit code of ./exit.ts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { loadPack, type LoadOptions } from "../node/index.js";
import type { Diagnostic, Ruleset } from "../index.js";
import { formatDiagnostic } from "../common/diagnostic.js";
import { DEFAULT_LIMITS, parseLimits, type Limits } from "../common/limits.js";
import { jsonErrorText, parseJsonText } from "../model/json.js";
import { CliError, EXIT, usageError } from "./exit.js";
import type { Sink } from "./args.js";

/** --no-cache, also on the commands that take --rules for a ledger (./ledger-support.ts) */
export const NO_CACHE_OPTION = {
  type: "boolean",
  help: "compile a pack folder from source, neither using nor writing the compiled-pack cache",
} as const;

/** the options of every command that loads rules: a required signer, folders of shared tables, input limits, the cache */
export const RULE_LOADING_OPTIONS = {
  "require-signature": { type: "string", value: "<key.pem>", help: "load only an artifact signed with the private key of this public key (PEM)" },
  "allow-path": { type: "string", value: "<dir>[:<dir>…]", help: "folders outside the pack root that tables may come from" },
  limit: { type: "string", value: "<name=value,…>", help: "change input limits, e.g. claimLines=10000 (docs/CONTRACT.md lists them)" },
  "no-cache": NO_CACHE_OPTION,
} as const;

/** what the command line asked of rule loading (--require-signature, --allow-path, --limit, --no-cache) */
export interface RuleLoading {
  /** the public key file named by --require-signature */
  requireSignature?: string;
  allowPaths?: string[];
  limits?: Partial<Limits>;
  /** the compiled-pack cache's folder (absent with --no-cache) */
  cacheDir?: string;
}

/**
 * Where the compiled-pack cache lives: $EDICT_CACHE_DIR, else $XDG_CACHE_HOME/edict, else
 * ~/.cache/edict (an empty or relative XDG_CACHE_HOME is ignored, as the XDG spec says).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EDICT_CACHE_DIR) return resolve(env.EDICT_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "edict");
  return join(homedir(), ".cache", "edict");
}

/** reads RULE_LOADING_OPTIONS from a command's parsed values */
export function ruleLoading(values: { "require-signature"?: string; "allow-path"?: string; limit?: string; "no-cache"?: boolean }): RuleLoading {
  const out: RuleLoading = {};
  if (values["no-cache"] !== true) out.cacheDir = cacheDirectory();
  if (values["require-signature"] !== undefined) out.requireSignature = values["require-signature"];
  if (values["allow-path"] !== undefined) out.allowPaths = values["allow-path"].split(delimiter).filter((p) => p !== "");
  if (values.limit !== undefined) {
    const parsed = parseLimits(values.limit);
    if (!parsed.ok) throw usageError(`--limit: ${parsed.message}`);
    out.limits = parsed.limits;
  }
  return out;
}

/** the library's load options for what the command line asked (reads the public key file) */
export function loadOptions(loading: RuleLoading = {}): LoadOptions {
  const options: LoadOptions = {};
  if (loading.allowPaths) options.allowPaths = loading.allowPaths;
  if (loading.limits) options.limits = loading.limits;
  if (loading.cacheDir !== undefined) options.cache = { dir: loading.cacheDir };
  if (loading.requireSignature !== undefined) {
    try {
      options.requireSignature = readFileSync(loading.requireSignature, "utf8");
    } catch {
      throw new CliError(`cannot read the public key ${loading.requireSignature}`, EXIT.io);
    }
  }
  return options;
}

export function reportDiagnostics(diagnostics: readonly Diagnostic[], err: Sink): void {
  for (const d of diagnostics) err(formatDiagnostic(d));
}

/** the rules of `path`, or a usage error naming `flag` when it is absent; exit 4 when there is no such pack */
export function loadRules(path: string | undefined, err: Sink, flag = "--rules", loading: RuleLoading = {}): Ruleset {
  if (!path) throw usageError(`say which rules to use: ${flag} <pack folder>`);
  if (!existsSync(path)) throw new CliError(`no such pack folder or artifact: ${path}`, EXIT.io);
  const out = loadPack(path, loadOptions(loading));
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

/**
 * A JSON input file (claim, context, test case, …) read strictly and within the limits: an error
 * says line and column, a byte-order mark is accepted, a key given twice is refused.
 */
export function readJsonFile(path: string, limits: Partial<Limits> = {}): unknown {
  const max = limits.inputBytes ?? DEFAULT_LIMITS.inputBytes;
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // readText says it cannot read it
  }
  if (size > max)
    throw new CliError(
      `${path} is larger than ${max.toLocaleString("en-US")} bytes, the limit for one input (raise it with --limit inputBytes=…)`,
      EXIT.badInput,
    );
  const parsed = parseJsonText(readText(path), limits);
  if (!parsed.ok) throw new CliError(`${path} is not valid JSON: ${jsonErrorText(parsed)}`, EXIT.badInput);
  return parsed.value;
}

/** whether a path names an NDJSON batch (`.ndjson` or `.jsonl`) */
export const isNdjson = (path: string): boolean => /\.(ndjson|jsonl)$/i.test(path);
