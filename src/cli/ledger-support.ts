// What `edict serve`, `edict post` and `edict token` share: the --database option, opening the
// ledger it names (a PostgreSQL URL, a PGlite folder, or "memory"; by default the folder
// ./edict-ledger), and making --rules the active ruleset.
// the ledger (PGlite, pg) loads only when a command opens one: other commands start without it
import type { Ledger } from "../ledger/index.js";
import type { Ruleset } from "../index.js";
import type { OptionSpec, Sink } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadRules, ruleLoading } from "./support.js";

export const DATABASE_OPTION = {
  type: "string",
  value: "<url | folder | memory>",
  default: "edict-ledger",
  help: "the ledger: a postgres:// URL, a folder for the embedded PGlite ledger, or memory",
} as const satisfies OptionSpec;

export const RULES_OPTION = {
  type: "string",
  value: "<pack>",
  help: "the rules, deployed when they are not the active ones: a pack folder or an artifact of edict build (default: the last deployed)",
} as const satisfies OptionSpec;

export async function openLedger(database: string): Promise<Ledger> {
  try {
    const { Ledger } = await import("../ledger/index.js");
    return await Ledger.open(database);
  } catch (e) {
    throw new CliError(`cannot open the ledger: ${(e as Error).message}`, EXIT.io);
  }
}

/**
 * The ruleset new claims are decided by: --rules, deployed when it is not already the active one
 * (so a restart with the same pack adds nothing to the audit log), or else the last deployed.
 */
export async function activeRules(ledger: Ledger, rules: string | undefined, err: Sink, actor: string, noCache = false): Promise<Ruleset> {
  if (rules !== undefined) {
    const ruleset = loadRules(rules, err, "--rules", ruleLoading({ "no-cache": noCache }));
    const active = await ledger.activeRuleset();
    if (active?.hash !== ruleset.hash) await ledger.deploy(ruleset, actor);
    return ruleset;
  }
  const active = await ledger.activeRuleset();
  if (!active) throw usageError("no ruleset is deployed in this ledger: say which rules to use with --rules <pack or built artifact>");
  return active;
}
