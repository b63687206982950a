// `edict post`: posts claims to the ledger through the same code as POST /v1/claims
// (src/ledger), printing one answer per claim as NDJSON. A claim's context (its record's,
// --context, or context.json beside claim.json) enrolls a member the ledger does not know yet.
// Claims go in the order given; a refused claim prints {"error": …} and the others go on (exit 2
// at the end).
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BodyItem, ReaderOptions } from "../service/readers.js";

/** the claim readers, loaded when the command runs: the X12 reader's guide maps (~1 MB of text) stay out of every other command's start-up */
type Readers = typeof import("../service/readers.js");
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { DATABASE_OPTION, RULES_OPTION, activeRules, openLedger } from "./ledger-support.js";
import { NO_CACHE_OPTION, isNdjson, readJsonFile, readText } from "./support.js";
import { readProviders } from "./x12-command.js";

/** a FHIR resource (a Claim or a Bundle) rather than a contract claim: it names its resourceType */
const isFhir = (json: unknown): boolean => typeof json === "object" && json !== null && typeof (json as { resourceType?: unknown }).resourceType === "string";

interface Source {
  file: string;
  items: BodyItem[];
}

/** the files named on the command line: NDJSON files, claim files, folders of claim.json */
function files(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (path: string, top: boolean) => {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new CliError(`no such file or folder: ${path}`, EXIT.io);
    }
    if (!isDir) {
      if (top || path.endsWith("claim.json")) out.push(path);
      return;
    }
    for (const name of readdirSync(path).sort()) walk(join(path, name), false);
  };
  for (const p of paths) walk(p, true);
  return out;
}

const isX12 = (path: string): boolean => /\.(837|x12|edi)$/i.test(path);

/** one file's claims: NDJSON records, an X12 837, a FHIR resource or a contract claim */
function read(file: string, options: ReaderOptions, { fhirReader, jsonReader, ndjsonReader, x12Reader }: Readers): BodyItem[] {
  if (isNdjson(file)) return ndjsonReader.read(readText(file)).items;
  if (isX12(file)) return x12Reader.read(readText(file), options).items;
  const json = readJsonFile(file);
  return (isFhir(json) ? fhirReader : jsonReader).read(json).items;
}

/** each file's claims; a claim without a context of its own takes --context, or else context.json beside it */
function sources(paths: readonly string[], contextFile: string | undefined, options: ReaderOptions, readers: Readers): Source[] {
  const given = contextFile === undefined ? undefined : readJsonFile(contextFile);
  return files(paths).map((file) => {
    const items = read(file, options, readers);
    const beside = join(dirname(file), "context.json");
    const fallback = given ?? (!isNdjson(file) && existsSync(beside) ? readJsonFile(beside) : undefined);
    return { file, items: items.map((item) => (item.ok && item.context === undefined && fallback !== undefined ? { ...item, context: fallback } : item)) };
  });
}

export const postCommand = defineCommand({
  name: "post",
  summary: "post claims to the member ledger; one answer a line",
  usage: ["[--database <url | folder | memory>] [--rules <pack>] [--context <file>] [--providers <csv>] <claim.json | claim.837 | folder | claims.ndjson>..."],
  options: {
    database: DATABASE_OPTION,
    rules: RULES_OPTION,
    "no-cache": NO_CACHE_OPTION,
    context: { type: "string", value: "<file>", help: "enrolls the members the ledger does not know, for claims without a context of their own" },
    providers: { type: "string", value: "<csv>", help: "X12 837 files: the provider directory, a CSV npi,network (an NPI not listed is out of network)" },
  },
  notes: `Each claim is adjudicated with its member's state in the ledger and its effect stored, as
POST /v1/claims does. The same claim posted again answers the stored response and changes
nothing; frequencyCode "7" (or replaces) replaces a posted claim, "8" voids one. A refused claim
prints {"error": …} and the others go on; the exit code is then 2.`,
  async run({ values, operands }, { out, err }) {
    if (operands.length === 0) throw usageError("say which claims to post: claim.json files, folders of them, or .ndjson files");
    const readers = await import("../service/readers.js");
    const inputs = sources(operands, values.context, values.providers === undefined ? {} : { network: readProviders(values.providers) }, readers);
    const ledger = await openLedger(values.database);
    let exit: number = EXIT.ok;
    try {
      await activeRules(ledger, values.rules, err, "edict post", values["no-cache"] === true);
      for (const { file, items } of inputs) {
        for (const item of items) {
          const where = item.where ? `${file} ${item.where}` : file;
          if (!item.ok) {
            exit = EXIT.badInput;
            err(`${where}: not a claim:`);
            for (const i of item.issues) err(`  ${i.path}: ${i.message}`);
            out(`${JSON.stringify({ error: { where, ...(item.claimId ? { claimId: item.claimId } : {}), issues: item.issues } })}\n`);
            continue;
          }
          const outcome = await ledger.post(
            { claim: item.claim, ...(item.context !== undefined ? { context: item.context } : {}) },
            { claimPath: item.claimPath, contextPath: item.contextPath },
          );
          if (outcome.ok) {
            out(`${outcome.response}\n`);
            continue;
          }
          exit = EXIT.badInput;
          const p = outcome.problem;
          err(`${where}: ${p.detail}${p.issues.length ? ":" : ""}`);
          for (const i of p.issues) err(`  ${i.path}: ${i.message}`);
          out(`${JSON.stringify({ error: { where, kind: p.kind, detail: p.detail, issues: p.issues } })}\n`);
        }
      }
    } finally {
      await ledger.close();
    }
    return exit;
  },
});
