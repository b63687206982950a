// Writes grammar/DIAGNOSTICS.md: every diagnostic code from the table in
// src/common/diagnostic.ts, with its stage, severity and meaning, and one example per code that
// is run through Edict, so the document shows what Edict really says. EXAMPLES is keyed by
// DiagnosticCode, so a new code does not type-check until it has an example. `generateDoc()` is
// pure; a test checks the checked-in file is current. Run `npm run diagnostics` after adding or
// rewording a diagnostic.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode } from "../src/common/diagnostic.js";
import { compilePack } from "../src/index.js";
import { buildArtifact, loadPack } from "../src/node/index.js";
import { exportJsonRulesEngine } from "../src/interop/json-rules-engine.js";
import { parseReasonCodes, type ReasonCodeTable } from "../src/model/reason-codes.js";

export const DOC_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "..", "grammar", "DIAGNOSTICS.md");

export interface Example {
  /** path → text; the entry pack is `ex` unless `entry` says otherwise */
  files: Record<string, string>;
  entry?: string;
  /** a reason-code table (CSV, as `--reason-codes` takes it) in place of the shipped one */
  reasonCodes?: string;
  /**
   * check the pack (the default), export it to json-rules-engine, load the one file as a built
   * artifact, check the pack from disk (`disk`, with `load`), or build it signed with one key and
   * load it requiring another (`signed`)
   */
  run?: "check" | "export" | "artifact" | "disk" | "signed";
  /** `disk` runs: the size limits and whether a signature is required */
  load?: { limits?: Record<string, number>; requireSignature?: boolean };
}

// Two fixed Ed25519 keys, so the signature examples (and their key ids) are the same on every run.
const SIGNING_KEY = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIMNntEbP32EXKQj2A0TL506yObD8Wi3RVeIb88BGgn5W\n-----END PRIVATE KEY-----\n";
const OTHER_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAcMutOBlTcQeKMO3K04G8SyZ/TCxF2etyrG237o0BPeE=\n-----END PUBLIC KEY-----\n";

/** a code no input is known to cause (a bug report), with why */
export interface NoExample {
  unreachable: string;
}

const rules = (body: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "ex/rules.edict": `pack "ex" version "1"\n\n${body.trimEnd()}\n`,
  ...extra,
});

const FEES = { "ex/tables/fees.csv": "code,amount\n99213,95.00\n99214,140.00\n" };
const FEE_TABLE = 'table fees from "tables/fees.csv" {\n  key code: procedure\n  amount: money\n}\n';
const PTP = { "ex/tables/ptp.csv": "column1,column2,effective,deletion\n97530,97140,2020-01-01,\n" };
const PTP_TABLE = 'table ptp from "tables/ptp.csv" {\n  key column1: procedure\n  key column2: procedure\n  active from effective until deletion\n}\n';
const ACCUMULATORS = "accumulator ded: money\n\naccumulator oop: money\n";
const TIER_IN = "  network in { deductible $500.00 accumulator ded out_of_pocket $3000.00 accumulator oop coinsurance 20% }";
const TIER_OUT = "  network out { deductible $1000.00 accumulator ded out_of_pocket $6000.00 accumulator oop coinsurance 40% }";
const PLAN = `${ACCUMULATORS}\nplan {\n${TIER_IN}\n${TIER_OUT}\n}\n`;
const VISITS = "valueset visits = procedure { 99211..99215 }\n";
const rule = (when: string, then = "deny CO-16", phase = "validity") => `rule r\n  phase ${phase}\n  when ${when}\n  then ${then}`;
const BASE = {
  "base/base.edict":
    'pack "base" version "1"\n\nparameter max_units = 4\n\nrule too_many_units\n  phase mue\n  when line.units > max_units\n  then deny CO-151\n',
};
const payer = (body: string): Example => ({ files: { ...BASE, ...rules(`include "../base"\n\n${body}`) } });

export const EXAMPLES: Record<DiagnosticCode, Example | NoExample> = {
  syntax: { files: rules("rule late\n  phase eligibility\n  wen claim.receivedDate > line.serviceDate + 365 days\n  then deny CO-29") },
  "unknown-phase": { files: rules("rule late\n  phase eligibilty\n  when claim.receivedDate > line.serviceDate + 365 days\n  then deny CO-29") },
  internal: {
    unreachable: "Reported when the parser itself fails (a bug, or a host passing something other than text to `parse`); no rule text is known to cause it.",
  },

  "no-pack": { files: rules('include "../cms-edit"') },
  "include-cycle": {
    entry: "a",
    files: { "a/a.edict": 'pack "a" version "1"\n\ninclude "../b"\n', "b/b.edict": 'pack "b" version "1"\n\ninclude "../a"\n' },
  },
  "no-pack-header": { files: { "ex/rules.edict": "parameter copay = $25.00\n" } },
  "duplicate-pack-header": { files: { ...rules("parameter copay = $25.00"), "ex/second.edict": 'pack "ex" version "2"\n' } },
  "outside-pack-root": { files: rules('table passwords from "/etc/passwd" {\n  key code: procedure\n}') },
  "unreadable-file": { run: "disk", load: { limits: { tableBytes: 20 } }, files: rules(FEE_TABLE, FEES) },

  "duplicate-name": { files: rules("parameter copay = $25.00\n\nparameter copay = $30.00") },
  "unknown-name": { files: rules(rule("lien.units > 4")) },
  "bad-literal": { files: rules("parameter start = 2026-02-30") },
  "bad-code": { files: rules("valueset visits = procedure { 99213, 9921 }") },
  type: { files: rules(rule("line.charge > 100")) },

  "duplicate-column": { files: rules('table fees from "tables/fees.csv" {\n  key code: procedure\n  amount: money\n  amount: money\n}', FEES) },
  "no-key": { files: rules('table fees from "tables/fees.csv" {\n  code: procedure\n  amount: money\n}', FEES) },
  "missing-table-file": { files: rules('table fees from "tables/fee.csv" {\n  key code: procedure\n  amount: money\n}', FEES) },
  "unknown-table": { files: rules(`${FEE_TABLE}\n${rule("any f in fee[line.code] where f.amount < line.charge")}`, FEES) },
  "unknown-column": { files: rules(`${FEE_TABLE}\n${PLAN.replace("plan {", "plan {\n  fee schedule fees.amout")}`, FEES) },

  "duplicate-plan": { files: rules(`${PLAN}\nplan {\n${TIER_IN}\n${TIER_OUT}\n}`) },
  "no-plan": { files: rules(`${VISITS}\nbenefit office_visits {\n  codes visits\n}`) },
  "incomplete-tier": { files: rules(`${ACCUMULATORS}\nplan {\n${TIER_IN}\n}`) },
  "unknown-accumulator": { files: rules(PLAN.replace("accumulator oop coinsurance 20%", "accumulator opo coinsurance 20%")) },
  "unknown-valueset": { files: rules(`${PLAN}\n${VISITS}\nbenefit office_visits {\n  codes visit\n}`) },
  "no-codes": { files: rules(`${PLAN}\nbenefit office_visits {\n  in_network: copay $25.00\n}`) },
  "duplicate-cost-share": {
    files: rules(`${PLAN}\n${VISITS}\nbenefit office_visits {\n  codes visits\n  in_network: copay $25.00\n  in_network: copay $30.00\n}`),
  },
  "unknown-coordination": { files: rules(PLAN.replace("plan {", "plan {\n  coordination non_duplicaton")) },

  "unknown-reason": { files: rules(rule("line.units > 4", "deny CO-999")) },
  "unknown-remark": { files: rules(rule("line.units > 4", "deny CO-151 remark N3622")) },
  "unknown-group": {
    files: rules(rule("line.units > 4", "deny PR-151")),
    reasonCodes: "kind,code,description\ngroup,CO,Contractual obligation\ncarc,151,The number or frequency of services is not supported\n",
  },
  "misplaced-action": { files: rules(rule("line.units > 4", "set allowed $10.00", "mue")) },

  "misplaced-valueset": { files: rules(`${VISITS}\n${rule("visits")}`) },
  "misplaced-table": { files: rules(`${FEE_TABLE}\n${rule("fees")}`, FEES) },
  "not-a-record": { files: rules(rule("line.units.count > 4")) },
  "unknown-field": { files: rules(rule("line.servicedate > claim.receivedDate")) },
  "missing-date": { files: rules(`${PTP_TABLE}\n${rule("any other in claim.lines where ptp[other.code, line.code]", "deny CO-236", "ptp")}`, PTP) },
  "undated-table": { files: rules(`${FEE_TABLE}\n${rule("any f in fees[line.code] on line.serviceDate")}`, FEES) },
  "key-count": { files: rules(`${PTP_TABLE}\n${rule("any p in ptp[line.code] on line.serviceDate", "deny CO-236", "ptp")}`, PTP) },
  "unknown-function": { files: rules(rule("age_between(member.birthDate, line.serviceDate) > 65", "deny CO-6", "sex_age")) },
  "argument-count": { files: rules(rule("years_between(member.birthDate) > 65", "deny CO-6", "sex_age")) },

  "unknown-override": payer("disable rule too_many_unit"),
  "override-own": payer("rule mine\n  phase mue\n  when line.units > 9\n  then deny CO-151\n\ndisable rule mine"),
  "override-not-included": {
    entry: "payer",
    files: {
      ...BASE,
      "a/a.edict": 'pack "a" version "1"\n\ninclude "../base"\n\nrule weekend\n  phase validity\n  when line.code = 99999\n  then deny CO-4\n',
      "b/b.edict": 'pack "b" version "1"\n\ninclude "../base"\n\ndisable rule weekend\n',
      "payer/payer.edict": 'pack "payer" version "1"\n\ninclude "../a"\n\ninclude "../b"\n',
    },
  },
  "override-disabled": payer("disable rule too_many_units\n\noverride parameter max_units = 6\n\ndisable rule too_many_units"),

  "missing-column": { files: rules(FEE_TABLE.replace("amount: money", "price: money"), FEES) },
  "bad-table-row": { files: rules(FEE_TABLE, { "ex/tables/fees.csv": "code,amount\n99213,95.00\n99214,140.5.0\n" }) },
  "bad-table": { files: rules(FEE_TABLE, { "ex/tables/fees.csv": 'code,amount\n99213,95.00\n"99214,140.00\n' }) },

  "bad-artifact": { run: "artifact", files: { "ex.edictc": "a text file, not a ruleset built by `edict build`\n" } },
  "bad-signature": { run: "signed", files: rules("parameter copay = $25.00") },
  "signature-required": { run: "disk", load: { requireSignature: true }, files: rules("parameter copay = $25.00") },
  "not-exportable": { run: "export", files: rules(rule("line.units > 4", "set allowed line.charge * 50%", "pricing")) },
};

/** what Edict reports for `example`, as `edict check` (or the export or artifact loader) reports it */
export function runExample(example: Example): Diagnostic[] {
  const entry = example.entry ?? "ex";
  if (example.run === "disk" || example.run === "signed") {
    // loadPack reads real files; the temporary folder is taken out of what is shown
    const dir = mkdtempSync(join(tmpdir(), "edict-example-"));
    try {
      for (const [name, text] of Object.entries(example.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      let path = join(dir, entry);
      const requireSignature = example.run === "signed" || example.load?.requireSignature ? OTHER_PUBLIC_KEY : undefined;
      if (example.run === "signed") {
        const built = loadPack(path);
        if (!built.ok) return built.diagnostics;
        path = join(dir, "ex.edictc");
        writeFileSync(path, buildArtifact(built, SIGNING_KEY));
      }
      const out = loadPack(path, { limits: example.load?.limits, requireSignature });
      return out.diagnostics.map((d) => JSON.parse(JSON.stringify(d).replaceAll(`${dir}/`, "")) as Diagnostic);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (example.run === "artifact") {
    // loadPack reads a real file; the temporary folder is taken out of what is shown
    const dir = mkdtempSync(join(tmpdir(), "edict-example-"));
    try {
      const [[name, text]] = Object.entries(example.files);
      writeFileSync(join(dir, name), text);
      return loadPack(join(dir, name)).diagnostics.map((d) => JSON.parse(JSON.stringify(d).replaceAll(`${dir}/`, "")) as Diagnostic);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let reasonCodes: ReasonCodeTable | undefined;
  if (example.reasonCodes) {
    const parsed = parseReasonCodes(example.reasonCodes);
    if (!parsed.ok) throw new Error(`bad reason-code table in an example: ${JSON.stringify(parsed.errors)}`);
    reasonCodes = parsed.table;
  }
  const out = compilePack(entry, example.files, { reasonCodes });
  if (example.run !== "export") return out.diagnostics;
  if (!out.ok) return out.diagnostics;
  return exportJsonRulesEngine(out.ruleset.program).diagnostics;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function fence(language: string, text: string): string {
  return ["```" + language, text.replace(/\n$/, ""), "```"].join("\n");
}

/** the text of grammar/DIAGNOSTICS.md */
export function generateDoc(): string {
  const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
  const out: string[] = [
    "# Diagnostics",
    "",
    "<!-- Generated by `npm run diagnostics` (scripts/diagnostics-doc.ts) from the code table in",
    "     src/common/diagnostic.ts and the examples in the script. Do not edit by hand. -->",
    "",
    "Every problem Edict finds in rule text, tables or a built ruleset is a diagnostic: a severity, a",
    "code, a message, the span it points at (file:line:col) and sometimes a hint. `edict check` prints",
    "`file:line:col: error: message` and the hint on the next line (see LANGUAGE.md §5); the editor",
    "shows the same message and hint, with the code, on the marker. The code is the stable part: tools",
    'should match on codes, never on message wording. Codes are never renamed or reused. A "did you',
    "mean\" hint also comes as data in the library's diagnostics, `suggestion: { span, text }` (the text",
    "that replaces that span), which the editor offers as a quick fix (Ctrl+.).",
    "",
    "Stages: **syntax** — the lexer and parser (src/syntax); **check** — loading packs and includes,",
    "names, types and codes (src/check); **tables** — reading table files (src/tables); **artifact** —",
    "loading a ruleset built by `edict build` (src/artifact); **interop** — exporting to other rule",
    "formats (src/interop). Each stage words its diagnostics in its own `errors.ts`.",
    "",
    `${codes.length} codes:`,
    "",
    "| Code | Stage | Severity | Meaning | Example message |",
    "| --- | --- | --- | --- | --- |",
  ];
  const sections: string[] = [];
  for (const code of codes) {
    const info = DIAGNOSTIC_CODES[code];
    const example = EXAMPLES[code];
    sections.push("", `### \`${code}\``, "", `${info.stage}, ${info.severity}. ${info.meaning}`, "");
    if ("unreachable" in example) {
      out.push(`| [\`${code}\`](#${code}) | ${info.stage} | ${info.severity} | ${cell(info.meaning)} | — |`);
      sections.push(example.unreachable);
      continue;
    }
    const diagnostics = runExample(example);
    out.push(`| [\`${code}\`](#${code}) | ${info.stage} | ${info.severity} | ${cell(info.meaning)} | ${cell(diagnostics[0]?.message ?? "")} |`);
    for (const [path, text] of Object.entries(example.files)) {
      const language = path.endsWith(".edict") ? "edict" : "text";
      sections.push(`\`${path}\`:`, "", fence(language, text), "");
    }
    if (example.reasonCodes) sections.push("With this reason-code table:", "", fence("text", example.reasonCodes), "");
    const how =
      example.run === "export"
        ? "`edict export --format json-rules-engine`"
        : example.run === "artifact"
          ? "`edict check ex.edictc`"
          : example.run === "signed"
            ? "`edict build ex -o ex.edictc --sign key.pem` (one key), then `edict check ex.edictc --require-signature other.pem` (another)"
            : example.load?.requireSignature
              ? `\`edict check ${example.entry ?? "ex"} --require-signature key.pem\``
              : example.load?.limits
                ? `\`edict check ${example.entry ?? "ex"} --limit ${Object.entries(example.load.limits)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(",")}\``
                : `\`edict check ${example.entry ?? "ex"}\``;
    sections.push(`${how} reports:`, "", fence("text", diagnostics.map(formatDiagnostic).join("\n")));
  }
  return [...out, "", "## Examples", ...sections, ""].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(DOC_PATH, generateDoc());
  console.log(`wrote ${DOC_PATH}`);
}
