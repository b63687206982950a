// X12 on the command line: `edict adjudicate … <claims.837>` (an 835 with --format x12, or the
// usual JSON/text results) and `edict x12 read <file.837>` (the claims as contract JSON). The
// facts an 837 lacks come from the host: --received, --context (one context, or
// {"members": {"<member id>": context}}) and --providers (a CSV `npi,network`; an NPI not listed
// is out of network). Rejected claims and the pended ones left out of the 835 are listed on
// stderr; --ack writes the 999 acknowledgment.
import { readFileSync, writeFileSync } from "node:fs";
import type { Result, Ruleset } from "../index.js";
import { explain, summarize } from "../trace/explain.js";
import { parseContext, formatIssues } from "../model/schemas.js";
import { formatDate, parseDate } from "../model/dates.js";
import type { Context } from "../model/types.js";
import type { Read837, Remittance, PayerProfile } from "../interop/x12/index.js";
import { defineCommand, type Io } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadRules, readJsonFile, readText, ruleLoading } from "./support.js";
import type { AdjudicateValues, InputKind } from "./adjudicate-command.js";

/** whether a claims file is X12: by its name (.837, .x12, .edi) or by starting with ISA */
export function isX12File(path: string): boolean {
  if (/\.(837|x12|edi)$/i.test(path)) return true;
  try {
    return readFileSync(path, "utf8").slice(0, 200).trimStart().startsWith("ISA");
  } catch {
    return false;
  }
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    throw new CliError(`cannot write ${path}`, EXIT.io);
  }
}

/** --providers: `npi,network` rows; an NPI not listed is out of network */
export function readProviders(path: string | undefined): (npi: string) => "in" | "out" {
  if (!path) return () => "out";
  const lines = readText(path).split(/\r?\n/);
  const header = (lines[0] ?? "").trim().toLowerCase();
  if (header !== "npi,network") throw new CliError(`${path}:1: expected the header npi,network, found ${JSON.stringify(lines[0] ?? "")}`, EXIT.badInput);
  const network = new Map<string, "in" | "out">();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const [npi = "", value = ""] = line.split(",").map((c) => c.trim());
    if (!/^\d{10}$/.test(npi)) throw new CliError(`${path}:${i + 2}: column npi: ${JSON.stringify(npi)} is not a 10-digit NPI`, EXIT.badInput);
    if (value !== "in" && value !== "out")
      throw new CliError(`${path}:${i + 2}: column network: expected in or out, found ${JSON.stringify(value)}`, EXIT.badInput);
    network.set(npi, value);
  });
  return (npi) => network.get(npi) ?? "out";
}

/** the options of the X12 input: those of `edict x12 read` and those only an 835 needs */
export const X12_READ_OPTIONS = {
  received: { type: "string", value: "<date>", help: "x12: the date the claims were received (default: the 837's functional-group date)" },
  providers: { type: "string", value: "<csv>", help: "x12: the provider directory, a CSV npi,network (an NPI not listed is out of network)" },
  ack: { type: "string", value: "<file>", help: "x12: write the 999 acknowledgment of the 837 to <file>" },
} as const;

export const X12_OPTIONS = {
  ...X12_READ_OPTIONS,
  "control-number": { type: "string", value: "N", help: "x12: the 835's interchange control number (default: the 837's plus one)" },
  payer: { type: "string", value: "<profile.json>", help: "x12: the payer's name, id, tax id, address and contact for the 835" },
} as const;

interface ReadOptions {
  received: string | undefined;
  providers: string | undefined;
  ack: string | undefined;
}

/**
 * src/interop/x12, loaded when an X12 command runs rather than with the CLI: its guide maps are
 * ~1 MB of text that every other command's start-up would compile (bench/STARTUP.md)
 */
const x12 = () => import("../interop/x12/index.js");

async function read(o: ReadOptions, file: string, err: (s: string) => void): Promise<Read837> {
  if (o.received !== undefined) {
    const date = parseDate(o.received);
    if (!date.ok) throw usageError(`--received: ${date.message}`);
  }
  const { read837 } = await x12();
  const r = read837(readText(file), { receivedDate: o.received, network: readProviders(o.providers) });
  if (r.ack === null) throw new CliError(`${file}: ${r.errors[0]}`, EXIT.badInput);
  if (o.ack) writeText(o.ack, r.ack);
  for (const e of r.errors) err(`${file}: ${e}`);
  return r;
}

function oneFile(operands: string[], usage: string): string {
  const [file, ...extra] = operands;
  if (!file || extra.length) throw usageError(usage);
  return file;
}

export const x12ReadCommand = defineCommand({
  name: "x12 read",
  summary: "print an 837's claims as contract JSON (to check a mapping)",
  usage: ["[--received <date>] [--providers <csv>] [--ack <file>] <file.837>"],
  options: X12_READ_OPTIONS,
  notes: `One claim is printed as indented JSON, several one a line. Every problem is named with its
segment on stderr; a claim that cannot be read is listed as rejected with why (exit 2).`,
  async run({ values, operands }, { out, err }) {
    const file = oneFile(operands, "say which file to read: edict x12 read <file.837>");
    const r = await read(values, file, err);
    if (r.claims.length === 1) out(JSON.stringify(r.claims[0]!.claim, null, 2) + "\n");
    else for (const c of r.claims) out(JSON.stringify(c.claim) + "\n");
    for (const x of r.rejected)
      err(`${file}: claim ${x.claimId ?? "(no CLM01)"} (segment ${x.position} of transaction set ${x.transaction}) is rejected: ${x.reasons.join("; ")}`);
    err(`${file}: ${r.claims.length} claim${r.claims.length === 1 ? "" : "s"} read, ${r.rejected.length} rejected`);
    return r.rejected.length || r.errors.length ? EXIT.badInput : EXIT.ok;
  },
});

/** --context: one context for every claim, or {"members": {"<member id>": context}} */
function contexts(path: string | undefined, ruleset: Ruleset): (memberId: string) => Context | string {
  if (!path) throw usageError('an 837 carries no member context: pass --context <file> (one context, or {"members": {"<member id>": context}})');
  const json = readJsonFile(path);
  const parse = (value: unknown, where: string): Context => {
    const parsed = parseContext(value, { accumulators: ruleset.program.accumulators });
    if (!parsed.ok) throw new CliError(`${path}${where}: the context is malformed:\n${formatIssues(parsed.issues).replace(/^/gm, "  ")}`, EXIT.badInput);
    return parsed.context;
  };
  if (typeof json === "object" && json !== null && !Array.isArray(json) && Object.keys(json).length === 1 && "members" in json) {
    const members = (json as { members: unknown }).members;
    if (typeof members !== "object" || members === null || Array.isArray(members))
      throw new CliError(`${path}: "members" must be an object of member id → context`, EXIT.badInput);
    const byMember = new Map(Object.entries(members).map(([id, value]) => [id, parse(value, ` (members[${JSON.stringify(id)}])`)]));
    return (id) => byMember.get(id) ?? `no context for member ${id} in ${path}`;
  }
  const one = parse(json, "");
  return () => one;
}

function payerProfile(path: string | undefined): Partial<PayerProfile> | undefined {
  if (!path) return undefined;
  const json = readJsonFile(path);
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new CliError(`${path}: expected a payer profile object {name, id, taxId, address, contact}`, EXIT.badInput);
  return json as Partial<PayerProfile>;
}

/** `edict adjudicate … <claims.837>`: the claims of an 837, as an 835 (--format x12) or the usual results */
async function adjudicateX12(values: AdjudicateValues, operands: string[], { out, err }: Io): Promise<number> {
  const format = values.format;
  const file = oneFile(operands, "say which 837 to adjudicate: edict adjudicate --rules <pack> --context <file> <claims.837>");
  const ruleset = loadRules(values.rules, err, "--rules", ruleLoading(values));
  const contextOf = contexts(values.context, ruleset);
  const controlFlag = values["control-number"];
  if (controlFlag !== undefined && !/^\d{1,9}$/.test(controlFlag)) throw usageError(`--control-number is a number of 1 to 9 digits, not ${controlFlag}`);
  const payer = payerProfile(values.payer);
  const r = await read(values, file, err);
  const { write835, pendedClaims } = await x12();
  for (const x of r.rejected)
    err(`${file}: claim ${x.claimId ?? "(no CLM01)"} (segment ${x.position} of transaction set ${x.transaction}) is rejected: ${x.reasons.join("; ")}`);
  let exit: number = r.rejected.length || r.errors.length ? EXIT.badInput : EXIT.ok;
  const remittances: Remittance[] = [];
  let asOf = Number.NEGATIVE_INFINITY;
  for (const c of r.claims) {
    const context = contextOf(c.parsed.member.id);
    if (typeof context === "string") {
      err(`${file}: claim ${c.parsed.id} (segment ${c.source.position} of transaction set ${c.source.transaction}) is not adjudicated: ${context}`);
      exit = EXIT.badInput;
      continue;
    }
    asOf = Math.max(asOf, context.asOf);
    const result = ruleset.adjudicateParsed(c.parsed, context, { trace: format === "text" || values.trace, evaluator: values.evaluator });
    remittances.push({ claim: c.parsed, result, source: c.source });
  }
  const results: Result[] = remittances.map((x) => x.result);
  if (format === "x12") {
    if (remittances.length === 0) {
      err(`${file}: no claim was adjudicated, so no 835 is written`);
      return EXIT.badInput;
    }
    const first = r.claims[0]!.source;
    const text = write835(remittances, {
      // the 835's date is the adjudication's: the latest context asOf (never the clock)
      date: formatDate(asOf),
      controlNumber: controlFlag !== undefined ? Number(controlFlag) : ((Number(first.interchange.control) || 0) % 999_999_999) + 1,
      ...(payer ? { payer } : first.payer.id ? { payer: { name: first.payer.name || undefined, id: first.payer.id } as Partial<PayerProfile> } : {}),
      sender: { qualifier: "ZZ", id: first.interchange.receiver },
      receiver: { qualifier: "ZZ", id: first.interchange.sender },
      usage: first.interchange.usage === "T" ? "T" : "P",
    });
    if (values.output) writeText(values.output, text);
    else out(text);
    const pended = pendedClaims(remittances);
    const written = remittances.length - pended.length;
    err(
      `${file}: ${written} claim${written === 1 ? "" : "s"} in the 835${pended.length ? `; pended, left out of the 835 and answered later: ${pended.join(", ")}` : ""}${r.rejected.length ? `; rejected: ${r.rejected.map((x) => x.claimId ?? `(segment ${x.position})`).join(", ")}` : ""}`,
    );
    return exit;
  }
  if (format === "text") {
    for (const result of results) out((results.length > 1 ? `── ${result.claimId}\n` : "") + explain(result));
    if (results.length > 1) out(`\n${summarize(results)}`);
  } else if (results.length === 1) out(JSON.stringify(results[0], null, 2) + "\n");
  else for (const result of results) out(JSON.stringify(result) + "\n");
  return exit;
}

/** an 837 given to `edict adjudicate` (see ./adjudicate-command.ts INPUT_KINDS) */
export const x12Input: InputKind = {
  name: "an X12 837 (one .837, .x12 or .edi file, or a file starting with ISA)",
  accepts: (operands) => operands.length === 1 && isX12File(operands[0]!),
  options: [...Object.keys(X12_OPTIONS), "output"],
  run: adjudicateX12,
};
