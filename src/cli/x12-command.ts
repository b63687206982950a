// X12 on the command line: `edict adjudicate … <claims.837>` (an 835 with --format x12, or the
// usual JSON/text results) and `edict x12 read <file.837>` (the claims as contract JSON). The
// facts an 837 lacks come from the host: --received, --context (one context, or
// {"members": {"<member id>": context}}) and --providers (a CSV `npi,network`; an NPI not listed
// is out of network). Rejected claims and the pended ones left out of the 835 are listed on
// stderr; --ack writes the 999 acknowledgment.
import { readFileSync, writeFileSync } from "node:fs";
import { explain, type Result, type Ruleset } from "../index.js";
import { summarize } from "../trace/explain.js";
import { parseContext, formatIssues } from "../model/schemas.js";
import { formatDate, parseDate } from "../model/dates.js";
import type { Context } from "../model/types.js";
import { read837, write835, pendedClaims, type Read837, type Remittance, type PayerProfile } from "../interop/x12/index.js";
import { EXIT, Fail, guarded, loadRules, readJsonFile, stringFlag, type CommandArgs, type Sink } from "./support.js";

/** whether a claims file is X12: by its name (.837, .x12, .edi) or by starting with ISA */
export function isX12File(path: string): boolean {
  if (/\.(837|x12|edi)$/i.test(path)) return true;
  try {
    return readFileSync(path, "utf8").slice(0, 200).trimStart().startsWith("ISA");
  } catch {
    return false;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new Fail(`cannot read ${path}`, EXIT.io);
  }
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch {
    throw new Fail(`cannot write ${path}`, EXIT.io);
  }
}

/** --providers: `npi,network` rows; an NPI not listed is out of network */
export function readProviders(path: string | undefined): (npi: string) => "in" | "out" {
  if (!path) return () => "out";
  const lines = readText(path).split(/\r?\n/);
  const header = (lines[0] ?? "").trim().toLowerCase();
  if (header !== "npi,network") throw new Fail(`${path}:1: expected the header npi,network, found ${JSON.stringify(lines[0] ?? "")}`, EXIT.badInput);
  const network = new Map<string, "in" | "out">();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const [npi = "", value = ""] = line.split(",").map((c) => c.trim());
    if (!/^\d{10}$/.test(npi)) throw new Fail(`${path}:${i + 2}: column npi: ${JSON.stringify(npi)} is not a 10-digit NPI`, EXIT.badInput);
    if (value !== "in" && value !== "out")
      throw new Fail(`${path}:${i + 2}: column network: expected in or out, found ${JSON.stringify(value)}`, EXIT.badInput);
    network.set(npi, value);
  });
  return (npi) => network.get(npi) ?? "out";
}

function receivedFlag(args: CommandArgs): string | undefined {
  const received = stringFlag(args, "received");
  if (received !== undefined && !parseDate(received).ok)
    throw new Fail(`--received: ${parseDate(received).ok ? "" : (parseDate(received) as { message: string }).message}`, EXIT.usage);
  return received;
}

function read(args: CommandArgs, file: string, err: Sink): Read837 {
  const read = read837(readText(file), { receivedDate: receivedFlag(args), network: readProviders(stringFlag(args, "providers")) });
  if (read.ack === null) throw new Fail(`${file}: ${read.errors[0]}`, EXIT.badInput);
  const ack = stringFlag(args, "ack");
  if (ack) writeText(ack, read.ack);
  for (const e of read.errors) err(`${file}: ${e}`);
  return read;
}

function oneFile(args: CommandArgs, usage: string): string {
  const [file, ...extra] = args.positional;
  if (!file || extra.length) throw new Fail(usage, EXIT.usage);
  return file;
}

/** `edict x12 read <file.837>`: the claims as contract JSON, one per line (indented when there is one) */
export function x12Command(args: CommandArgs, out: Sink, err: Sink): number {
  return guarded(err, () => {
    const [sub, ...rest] = args.positional;
    if (sub !== "read") throw new Fail(`say what to do: edict x12 read <file.837>${sub ? ` (not ${JSON.stringify(sub)})` : ""}`, EXIT.usage);
    const file = oneFile({ ...args, positional: rest }, "say which file to read: edict x12 read <file.837>");
    const r = read(args, file, err);
    if (r.claims.length === 1) out(JSON.stringify(r.claims[0]!.claim, null, 2) + "\n");
    else for (const c of r.claims) out(JSON.stringify(c.claim) + "\n");
    err(`${file}: ${r.claims.length} claim${r.claims.length === 1 ? "" : "s"} read, ${r.rejected.length} rejected`);
    return r.rejected.length || r.errors.length ? EXIT.badInput : EXIT.ok;
  });
}

/** --context: one context for every claim, or {"members": {"<member id>": context}} */
function contexts(path: string | undefined, ruleset: Ruleset): (memberId: string) => Context | string {
  if (!path) throw new Fail('an 837 carries no member context: pass --context <file> (one context, or {"members": {"<member id>": context}})', EXIT.usage);
  const json = readJsonFile(path);
  const parse = (value: unknown, where: string): Context => {
    const parsed = parseContext(value, { accumulators: ruleset.program.accumulators });
    if (!parsed.ok) throw new Fail(`${path}${where}: the context is malformed:\n${formatIssues(parsed.issues).replace(/^/gm, "  ")}`, EXIT.badInput);
    return parsed.context;
  };
  if (typeof json === "object" && json !== null && !Array.isArray(json) && Object.keys(json).length === 1 && "members" in json) {
    const members = (json as { members: unknown }).members;
    if (typeof members !== "object" || members === null || Array.isArray(members))
      throw new Fail(`${path}: "members" must be an object of member id → context`, EXIT.badInput);
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
    throw new Fail(`${path}: expected a payer profile object {name, id, taxId, address, contact}`, EXIT.badInput);
  return json as Partial<PayerProfile>;
}

/** `edict adjudicate --rules <pack> --context <file> [--providers <csv>] [--received <date>] [--format x12|json|text] <claims.837>` */
export function adjudicateX12Command(args: CommandArgs, out: Sink, err: Sink): number {
  return guarded(err, () => {
    const format = stringFlag(args, "format") ?? "json";
    if (format !== "x12" && format !== "json" && format !== "text") throw new Fail(`--format is x12, json or text, not ${format}`, EXIT.usage);
    const file = oneFile(args, "say which 837 to adjudicate: edict adjudicate --rules <pack> --context <file> <claims.837>");
    const ruleset = loadRules(stringFlag(args, "rules"), err);
    const contextOf = contexts(stringFlag(args, "context"), ruleset);
    const controlFlag = stringFlag(args, "control-number");
    if (controlFlag !== undefined && !/^\d{1,9}$/.test(controlFlag))
      throw new Fail(`--control-number is a number of 1 to 9 digits, not ${controlFlag}`, EXIT.usage);
    const payer = payerProfile(stringFlag(args, "payer"));
    const r = read(args, file, err);
    let exit: number = r.rejected.length || r.errors.length ? EXIT.badInput : EXIT.ok;
    const remittances: Remittance[] = [];
    let asOf = -Infinity;
    for (const c of r.claims) {
      const context = contextOf(c.parsed.member.id);
      if (typeof context === "string") {
        err(`${file}: claim ${c.parsed.id} (segment ${c.source.position} of transaction set ${c.source.transaction}) is not adjudicated: ${context}`);
        exit = EXIT.badInput;
        continue;
      }
      asOf = Math.max(asOf, context.asOf);
      const result = ruleset.adjudicateParsed(c.parsed, context, { trace: format === "text" || args.flags.get("trace") === true });
      remittances.push({ claim: c.parsed, result, source: c.source });
    }
    const results: Result[] = remittances.map((x) => x.result);
    if (format === "x12") {
      if (remittances.length === 0) {
        err(`${file}: no claim was adjudicated, so no 835 is written`);
        return EXIT.badInput;
      }
      const first = r.claims[0]?.source;
      // the 835's date is the adjudication's: the latest context asOf (never the clock)
      const date = Number.isFinite(asOf) ? formatDate(asOf) : (first?.group.date ?? "").replace(/^(\d{4})(\d\d)(\d\d)$/, "$1-$2-$3");
      const text = write835(remittances, {
        date,
        controlNumber: controlFlag !== undefined ? Number(controlFlag) : ((Number(first?.interchange.control) || 0) % 999_999_999) + 1,
        ...(payer ? { payer } : first?.payer.id ? { payer: { name: first.payer.name || undefined, id: first.payer.id } as Partial<PayerProfile> } : {}),
        ...(first
          ? {
              sender: { qualifier: "ZZ", id: first.interchange.receiver },
              receiver: { qualifier: "ZZ", id: first.interchange.sender },
              usage: first.interchange.usage === "T" ? "T" : "P",
            }
          : {}),
      });
      const target = stringFlag(args, "output");
      if (target) writeText(target, text);
      else out(text);
      const pended = pendedClaims(remittances);
      err(
        `${file}: ${remittances.length - pended.length} claim${remittances.length - pended.length === 1 ? "" : "s"} in the 835${pended.length ? `; pended, left out of the 835 and answered later: ${pended.join(", ")}` : ""}${r.rejected.length ? `; rejected: ${r.rejected.map((x) => x.claimId ?? `(segment ${x.position})`).join(", ")}` : ""}`,
      );
      return exit;
    }
    if (format === "text") {
      for (const result of results) out((results.length > 1 ? `── ${result.claimId}\n` : "") + explain(result));
      if (results.length > 1) out(`\n${summarize(results)}`);
    } else if (results.length === 1) out(JSON.stringify(results[0], null, 2) + "\n");
    else for (const result of results) out(JSON.stringify(result) + "\n");
    return exit;
  });
}
