// The fuzz targets of `npm run fuzz` (./run.ts) and of the seeded pass in the test run
// (./fuzz.test.ts). Each target makes one input from a seed — byte mutations of the shipped
// packs, tables, claims, contexts and artifacts, or grammar-aware rules and claims from fast-check
// generators — and checks the invariant: every input gives a result or a positioned error,
// never an exception, and a damaged artifact never a changed payment; the runner adds the
// "never a hang". A violation throws a FuzzFailure; the input is plain data, saved as is under
// test/fuzz/regressions/ and replayed by ./regressions.test.ts.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { compilePack, format, makeRuleset, parseClaim, parseContext, type Diagnostic, type Result, type Ruleset } from "../../src/index.js";
import { parse } from "../../src/syntax/parser.js";
import { loadTable } from "../../src/tables/load.js";
import { parseJsonText } from "../../src/model/json.js";
import { decodeProgram, encodeProgram } from "../../src/artifact/artifact.js";
import { BatchRunner, parseDefaultContext } from "../../src/batch/runner.js";
import { Rng } from "../../bench/rng.js";
import type { ColumnDecl } from "../../src/syntax/ast.js";

export class FuzzFailure extends Error {}

const fail = (message: string): never => {
  throw new FuzzFailure(message);
};

// ------------------------------------------------------------------ the corpus

function packFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const pack of ["demo-ppo", "cms-edits"]) {
    for (const name of readdirSync(`rules/${pack}`))
      if (name.endsWith(".edict")) files[`rules/${pack}/${name}`] = readFileSync(`rules/${pack}/${name}`, "utf8");
    for (const name of readdirSync(`rules/${pack}/tables`)) files[`rules/${pack}/tables/${name}`] = readFileSync(`rules/${pack}/tables/${name}`, "utf8");
  }
  return files;
}

interface Corpus {
  files: Record<string, string>;
  ruleset: Ruleset;
  examples: Array<{ claim: string; context: string }>;
  artifacts: Array<{ bytes: Uint8Array; expected: string[] }>;
}

let corpus: Corpus | undefined;

/** the example claims' results under a ruleset, as JSON (what a changed payment would change) */
function resultsOf(ruleset: Ruleset, examples: Corpus["examples"]): string[] {
  return examples.map((e) => JSON.stringify(ruleset.adjudicate(JSON.parse(e.claim), JSON.parse(e.context))));
}

export function theCorpus(): Corpus {
  if (corpus) return corpus;
  const files = packFiles();
  const out = compilePack("rules/demo-ppo", files);
  if (!out.ok) throw new Error("the shipped pack does not compile");
  const examples = readdirSync("examples/claims")
    .filter((n) => existsSync(`examples/claims/${n}/claim.json`))
    .sort()
    .map((n) => ({ claim: readFileSync(`examples/claims/${n}/claim.json`, "utf8"), context: readFileSync(`examples/claims/${n}/context.json`, "utf8") }));
  const small = compilePack("p", {
    "p/a.edict":
      'pack "p" version "1"\ntable fees from "fees.csv" {\n  key code: procedure\n  amount: money\n}\nplan "P" {\n  fee schedule fees.amount\n  network in {\n    deductible $10.00 accumulator d\n    out_of_pocket $100.00 accumulator o\n    coinsurance 20%\n  }\n  network out {\n    deductible $10.00 accumulator d\n    out_of_pocket $100.00 accumulator o\n    coinsurance 40%\n  }\n}\naccumulator d: money\naccumulator o: money\nbenefit office {\n  codes { 99213, 99214 }\n}\n',
    "p/fees.csv": "code,amount\n99213,94.62\n99214,133.40\n",
  });
  if (!small.ok) throw new Error(`the small fuzz pack does not compile: ${JSON.stringify(small.diagnostics)}`);
  const smallExamples = examples.map((e) => ({ claim: e.claim, context: JSON.stringify({ ...JSON.parse(e.context), accumulators: {} }) }));
  const artifacts = [
    { bytes: encodeProgram(small.ruleset.program), expected: resultsOf(small.ruleset, smallExamples), examples: smallExamples },
    { bytes: encodeProgram(out.ruleset.program), expected: resultsOf(out.ruleset, examples), examples },
  ];
  corpus = { files, ruleset: out.ruleset, examples, artifacts };
  artifactExamples = artifacts.map((a) => a.examples);
  return corpus;
}

let artifactExamples: Array<Corpus["examples"]> = [];

// ------------------------------------------------------------------ byte mutations

const INTERESTING = [
  "",
  "0",
  "-1",
  "99999999999.99",
  "1e308",
  "NaN",
  "null",
  "true",
  "[]",
  "{}",
  '"',
  "\\",
  "\\u0000",
  "\u0000",
  "\ufeff",
  "\u2028",
  "🙂",
  "\n",
  "\r\n",
  ",",
  ":",
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  "..",
  "../",
  "/etc/passwd",
  "/dev/zero",
  "not ",
  " or ",
  " and ",
  "any x in claim.lines where ",
  "2026-02-30",
  "9999-12-31",
  "0000-01-01",
  "$0.001",
  "100%",
  "-$5.00",
  "Z12.11",
  "99213",
  "XX",
  "CO-999",
  "x".repeat(300),
];

/** one to four random edits of a text: flips, deletions, insertions of interesting pieces, duplications */
export function mutateText(text: string, rng: Rng, most = 4): string {
  let t = text;
  const edits = rng.int(1, most);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, t.length);
    switch (rng.int(0, 5)) {
      case 0: // replace one character
        t = t.slice(0, at) + String.fromCharCode(rng.int(0, 127)) + t.slice(at + 1);
        break;
      case 1: // delete a span
        t = t.slice(0, at) + t.slice(at + rng.int(1, 40));
        break;
      case 2: // insert an interesting piece
        t = t.slice(0, at) + INTERESTING[rng.int(0, INTERESTING.length - 1)] + t.slice(at);
        break;
      case 3: {
        // duplicate a span (repetition finds quadratic paths and limits)
        const len = rng.int(1, 200);
        const span = t.slice(at, at + len);
        t = t.slice(0, at) + span.repeat(rng.int(2, 50)) + t.slice(at);
        break;
      }
      case 4: // swap a digit
        t = t.slice(0, at) + String(rng.int(0, 9)) + t.slice(at + 1);
        break;
      default: // a random code point anywhere in Unicode
        t = t.slice(0, at) + String.fromCodePoint(rng.int(0, 0x10ffff)) + t.slice(at);
    }
  }
  return t;
}

const ODD_VALUES: unknown[] = [
  0,
  -1,
  1,
  2 ** 53,
  1e21,
  0.1,
  1.005,
  -0,
  "",
  " ",
  "x".repeat(120),
  null,
  true,
  [],
  {},
  "2026-02-29",
  "2024-02-29",
  "0000-01-01",
  "9999-12-31",
  "99999999999.99",
  "100000000000.00",
  "0.001",
  "-5.00",
  "1e3",
  "99213",
  "Z12.11",
  "LT",
  "in",
  "out",
  "paid",
  5001,
  "5001",
  [1, 1],
  ["25", "25"],
];

/** one structural edit of a JSON document: a leaf replaced by an odd value, a key removed, or a list entry repeated */
export function mutateJson(text: string, rng: Rng): string {
  const root = JSON.parse(text) as unknown;
  const holders: Array<{ holder: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        holders.push({ holder: node, key: i });
        stack.push(v);
      });
    } else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        holders.push({ holder: node as Record<string, unknown>, key: k });
        stack.push(v);
      }
    }
  }
  if (!holders.length) return text;
  const { holder, key } = holders[rng.int(0, holders.length - 1)];
  const kind = rng.int(0, 5);
  if (kind === 0 && !Array.isArray(holder)) delete holder[key as string];
  else if (kind === 1 && Array.isArray(holder)) for (let n = rng.int(1, 3); n > 0; n--) holder.push(structuredClone(holder[key as number]));
  else (holder as Record<string | number, unknown>)[key] = structuredClone(ODD_VALUES[rng.int(0, ODD_VALUES.length - 1)]);
  return JSON.stringify(root);
}

export function mutateBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  const edits = rng.int(1, 3);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(0, out.length - 1);
    switch (rng.int(0, 2)) {
      case 0:
        out[at] ^= 1 << rng.int(0, 7);
        break;
      case 1:
        out[at] = rng.int(0, 255);
        break;
      default:
        out[at] = out[at] ^ 0xff;
    }
  }
  // edits that cancel out (a byte set to itself, a bit flipped twice) would test nothing
  if (out.every((b, i) => b === bytes[i])) out[rng.int(0, out.length - 1)] ^= 1;
  return out;
}

// ------------------------------------------------------------------ checks

function checkDiagnostics(diagnostics: Diagnostic[], files: Record<string, string>, what: string): void {
  // "undefined" or "NaN" in a message is a bug unless the input itself says it (messages quote it)
  const said = (word: string) => Object.values(files).some((t) => t.includes(word));
  for (const d of diagnostics) {
    const garbled = ["undefined", "NaN", "[object Object]"].some((w) => d.message.includes(w) && !said(w));
    if (!d.message || garbled) fail(`${what}: a diagnostic without a clear message: ${JSON.stringify(d)}`);
    if (d.code === "internal") fail(`${what}: an internal failure: ${d.message}`);
    if (/Maximum call stack|is not a function|Cannot read propert/.test(d.message)) fail(`${what}: an exception turned into a message: ${d.message}`);
    const text = files[d.span.file];
    if (text === undefined) continue; // a file that could not be read (missing, refused)
    const lines = text.split(/\r\n|\r|\n/).length;
    if (d.span.line < 1 || d.span.line > lines + 1 || d.span.col < 1 || d.span.offset < 0 || d.span.offset > text.length) {
      fail(`${what}: a diagnostic outside its file: ${JSON.stringify(d)}`);
    }
  }
}

/** adjudicates with every evaluator; all must agree, and none may fail inside */
function adjudicateAll(ruleset: Ruleset, claim: unknown, context: unknown, what: string): Result | null {
  const runs = [
    ruleset.adjudicate(claim, context),
    ruleset.adjudicate(claim, context, { trace: true }),
    ruleset.adjudicate(claim, context, { evaluator: "reference", trace: true }),
  ];
  for (const r of runs)
    if (!r.ok && r.issues.some((i) => i.message.startsWith("could not be adjudicated"))) fail(`${what}: adjudication failed inside: ${r.issues[0].message}`);
  const [fast, traced, reference] = runs;
  if (JSON.stringify(traced) !== JSON.stringify(reference)) fail(`${what}: the compiled evaluator and the reference interpreter disagree`);
  const untraced = traced.ok ? JSON.stringify({ ok: true, result: { ...traced.result, trace: undefined } }) : JSON.stringify(traced);
  if (JSON.stringify(fast) !== untraced) fail(`${what}: generated code and closures disagree`);
  if (!fast.ok) {
    for (const i of fast.issues) if (typeof i.path !== "string" || !i.message) fail(`${what}: an issue without a path or message`);
    return null;
  }
  return fast.result;
}

// ------------------------------------------------------------------ the targets

export interface Target<I> {
  name: string;
  /** what the input is, for RELIABILITY.md */
  about: string;
  make(seed: number): I;
  /** throws a FuzzFailure when the invariant does not hold; "result" or "refused" otherwise */
  check(input: I): "result" | "refused";
}

type PackInput = { file: string; text: string };
type JsonPair = { claim: string; context: string };

const parser: Target<{ text: string }> = {
  name: "parser",
  about: "mutated .edict sources of the shipped packs",
  make(seed) {
    const rng = new Rng(seed);
    const { files } = theCorpus();
    const sources = Object.keys(files).filter((f) => f.endsWith(".edict"));
    return { text: mutateText(files[sources[rng.int(0, sources.length - 1)]], rng) };
  },
  check({ text }) {
    const out = parse(text, "fuzz.edict");
    checkDiagnostics(out.diagnostics, { "fuzz.edict": text }, "parse");
    if (out.diagnostics.some((d) => d.severity === "error")) return "refused";
    const once = format(text, "fuzz.edict");
    if (once.diagnostics.length === 0 && format(once.text, "fuzz.edict").text !== once.text) fail("format is not idempotent");
    return "result";
  },
};

const checker: Target<PackInput> = {
  name: "checker",
  about: "the shipped packs with one source or table file mutated, checked and (when they check) run on the example claims by both evaluators",
  make(seed) {
    const rng = new Rng(seed);
    const { files } = theCorpus();
    const names = Object.keys(files).sort();
    const file = names[rng.int(0, names.length - 1)];
    return { file, text: mutateText(files[file], rng) };
  },
  check({ file, text }) {
    const { files, examples } = theCorpus();
    const changed = { ...files, [file]: text };
    const out = compilePack("rules/demo-ppo", changed);
    checkDiagnostics(out.diagnostics, changed, "check");
    if (!out.ok) return "refused";
    for (const e of examples.slice(0, 8)) adjudicateAll(out.ruleset, JSON.parse(e.claim), JSON.parse(e.context), `pack with ${file} changed`);
    return "result";
  },
};

const contract: Target<JsonPair> = {
  name: "contract",
  about: "mutated example claims and contexts (JSON text), read strictly and adjudicated by both evaluators",
  make(seed) {
    const rng = new Rng(seed);
    const { examples } = theCorpus();
    const e = examples[rng.int(0, examples.length - 1)];
    const mutate = (text: string) => (rng.int(0, 1) === 0 ? mutateText(text, rng, 2) : mutateJson(text, rng));
    return rng.int(0, 2) === 0 ? { claim: e.claim, context: mutate(e.context) } : { claim: mutate(e.claim), context: e.context };
  },
  check({ claim, context }) {
    const c = parseJsonText(claim);
    const x = parseJsonText(context);
    if (!c.ok || !x.ok) {
      for (const r of [c, x]) if (!r.ok && (r.line < 1 || r.col < 1 || !r.message)) fail("a JSON error without a position");
      return "refused";
    }
    return adjudicateAll(theCorpus().ruleset, c.value, x.value, "claim") ? "result" : "refused";
  },
};

/** the shipped tables and the columns their packs declare */
function tableDecls(): Array<{ file: string; columns: ColumnDecl[] }> {
  const { ruleset } = theCorpus();
  const span = { file: "", line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
  return ruleset.program.tables.map((t) => ({
    file: t.path,
    columns: t.columns.map((c) => ({ name: { text: c.name, span }, type: c.type, key: c.key, optional: c.optional, span }) as ColumnDecl),
  }));
}

const tables: Target<{ table: number; text: string }> = {
  name: "tables",
  about: "mutated CSV tables of the shipped packs, loaded with their declared columns",
  make(seed) {
    const rng = new Rng(seed);
    const decls = tableDecls();
    const table = rng.int(0, decls.length - 1);
    return { table, text: mutateText(theCorpus().files[decls[table].file], rng) };
  },
  check({ table, text }) {
    const decl = tableDecls()[table];
    const span = { file: decl.file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
    const out = loadTable(decl.file, text, decl.columns, span);
    checkDiagnostics(out.diagnostics, { [decl.file]: text }, "table");
    if (out.diagnostics.length && out.rows.length) fail("a table with errors kept rows");
    if (out.rows.length > text.split("\n").length) fail("more rows than lines");
    return out.diagnostics.length ? "refused" : "result";
  },
};

const artifact: Target<{ which: number; bytes: string }> = {
  name: "artifact",
  about: "built artifacts (a small pack's and demo-ppo's) with 1–3 bytes flipped or replaced",
  make(seed) {
    const rng = new Rng(seed);
    const { artifacts } = theCorpus();
    const which = rng.int(0, artifacts.length - 1);
    return { which, bytes: Buffer.from(mutateBytes(artifacts[which].bytes, rng)).toString("base64") };
  },
  check({ which, bytes }) {
    const { artifacts } = theCorpus();
    const decoded = decodeProgram(new Uint8Array(Buffer.from(bytes, "base64")));
    if (!decoded.ok) {
      if (!decoded.message) fail("a refusal without a message");
      return "refused";
    }
    const got = resultsOf(makeRuleset(decoded.program), artifactExamples[which]);
    if (JSON.stringify(got) !== JSON.stringify(artifacts[which].expected)) fail("a damaged artifact loaded and changed a result");
    return "result";
  },
};

const records: Target<{ text: string }> = {
  name: "records",
  about: "mutated batch records (NDJSON lines of {claim, context})",
  make(seed) {
    const rng = new Rng(seed);
    const { examples } = theCorpus();
    const e = examples[rng.int(0, examples.length - 1)];
    return { text: mutateText(`{"claim":${JSON.stringify(JSON.parse(e.claim))},"context":${JSON.stringify(JSON.parse(e.context))}}`, rng) };
  },
  check({ text }) {
    const { ruleset } = theCorpus();
    const runner = new BatchRunner(ruleset, parseDefaultContext(ruleset, undefined));
    runner.startGroup();
    const p = runner.process(text, 1);
    if ("error" in p.record) {
      const issues = p.record.error.issues;
      if (!issues.length || issues.some((i) => !i.message)) fail("an error record without issues");
      if (issues.some((i) => i.message.startsWith("could not be adjudicated"))) fail(`adjudication failed inside: ${issues[0].message}`);
      return "refused";
    }
    if (JSON.parse(p.json).line !== 1) fail("a result without its line");
    return "result";
  },
};

// ---------------------------------------------------------------- grammar-aware: typed rules

/** conditions over the demo pack's claims, contexts and tables, well typed by construction */
const depth = fc.createDepthIdentifier();
const condition: fc.Arbitrary<string> = fc
  .letrec<{ bool: string; int: string; money: string; date: string }>((tie) => ({
    bool: fc.oneof(
      { maxDepth: 3, depthIdentifier: depth, withCrossShrink: true },
      fc.tuple(tie("int"), fc.constantFrom("=", "!=", "<", "<=", ">", ">="), tie("int")).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie("money"), fc.constantFrom("<", ">", "="), tie("money")).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie("date"), fc.constantFrom("<", ">=", "="), tie("date")).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.constantFrom(
        "line.code in { 99213, 97110..97140 }",
        "line.code in procedures on line.serviceDate",
        "line.code = 99213",
        'member.sex = "F"',
        'provider.network = "in"',
        "any m in line.modifiers where m in ncci_modifiers",
      ),
      tie("bool").map((b) => `not ${b}`),
      fc.tuple(tie("bool"), fc.constantFrom("and", "or"), tie("bool")).map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie("bool").map((b) => `any o in claim.lines where o.serviceDate = line.serviceDate and ${b.replaceAll("line.", "o.")}`),
      tie("bool").map((b) => `no o in claim.lines where o.code = line.code and ${b.replaceAll("line.", "o.")}`),
      fc.constantFrom(
        "any e in ptp[line.code, line.code] on line.serviceDate",
        "any u in mue[line.code] where line.units > u.mue",
        'any h in history where h.status = "paid" and h.code = line.code',
        "any c in context.coverage where c.to is missing",
        "line.code not in fees",
      ),
    ),
    int: fc.oneof(
      { maxDepth: 3, depthIdentifier: depth },
      fc.constantFrom(
        "line.units",
        "line.lineNumber",
        "years_between(member.birthDate, line.serviceDate)",
        "days_between(line.serviceDate, claim.receivedDate)",
      ),
      fc.integer({ min: -3, max: 50 }).map(String),
      fc.tuple(tie("int"), fc.constantFrom("+", "-", "*", "/"), tie("int")).map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie("bool").map((b) => `count o in claim.lines where ${b.replaceAll("line.", "o.")}`),
      fc.constant("sum o.units for o in claim.lines where o.code = line.code"),
    ),
    money: fc.oneof(
      { maxDepth: 3, depthIdentifier: depth },
      fc.constantFrom("line.charge", "$0.00", "$25.00", "$99999999999.99", "timely_money"),
      fc.tuple(tie("money"), fc.constantFrom("+", "-"), tie("money")).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie("money"), tie("int")).map(([m, i]) => `(${m} * ${i})`),
      tie("money").map((m) => `(${m} * 20%)`),
      fc.constant("sum o.charge for o in claim.lines where o.serviceDate = line.serviceDate"),
    ),
    date: fc.oneof(
      { maxDepth: 3, depthIdentifier: depth },
      fc.constantFrom("line.serviceDate", "claim.receivedDate", "member.birthDate", "context.asOf", "2026-01-31"),
      fc
        .tuple(tie("date"), fc.integer({ min: -400, max: 400 }), fc.constantFrom("days", "months", "years"))
        .map(([d, n, u]) => `(${d} ${n < 0 ? "-" : "+"} ${Math.abs(n)} ${u})`),
    ),
  }))
  .bool.map((b) => b.replaceAll("timely_money", "$10.00"));

const claimLine = (n: number) =>
  fc.record({
    lineNumber: fc.constant(n),
    serviceDate: fc.constantFrom("2026-03-02", "2026-03-03"),
    code: fc.constantFrom("99213", "99214", "97110", "97140", "45378", "36415", "99999"),
    modifiers: fc.uniqueArray(fc.constantFrom("25", "59", "LT", "XU"), { maxLength: 2 }),
    units: fc.integer({ min: 1, max: 40 }),
    charge: fc.constantFrom("0.00", "10.00", "125.50", "99999.99"),
    placeOfService: fc.constant("11"),
    diagnosisPointers: fc.constant([1]),
  });

const grammarInput = fc.record({
  when: condition,
  action: fc.constantFrom("deny CO-4", "pend", "remark N362", "set allowed"),
  phase: fc.constantFrom("validity", "ptp", "mue", "benefits", "pricing"),
  lines: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 6 }), weight: 5 }, { arbitrary: fc.integer({ min: 64, max: 72 }), weight: 1 }),
  seed: fc.integer(),
});

const grammar: Target<{ rule: string; claim: string }> = {
  name: "grammar",
  about: "typed rules from a fast-check grammar added to demo-ppo, run by both evaluators on generated claims (some past 64 lines)",
  make(seed) {
    const [g] = fc.sample(grammarInput, { seed, numRuns: 1 });
    const action = g.action === "set allowed" ? "set allowed line.charge * 2" : g.action;
    const phase = g.action === "set allowed" ? "pricing" : g.phase;
    const typed = `\nrule fuzzed phase ${phase} when ${g.when} then ${action}\n`;
    // one in five is also mutated, so the checker meets near-misses of well-typed rules
    const rule = g.seed % 5 === 0 ? mutateText(typed, new Rng(g.seed), 1) : typed;
    const [lines] = fc.sample(fc.tuple(...Array.from({ length: g.lines }, (_, i) => claimLine(i + 1))), { seed: g.seed, numRuns: 1 });
    const claim = JSON.stringify({
      id: "C-FUZZ",
      receivedDate: "2026-03-10",
      member: { id: "M-1", birthDate: "1971-06-01", sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["J06.9"],
      lines,
    });
    return { rule, claim };
  },
  check({ rule, claim }) {
    const { files, examples } = theCorpus();
    const changed = { ...files, "rules/demo-ppo/zz-fuzzed.edict": rule };
    const out = compilePack("rules/demo-ppo", changed);
    checkDiagnostics(out.diagnostics, changed, "check");
    if (!out.ok) return "refused";
    const context = {
      ...JSON.parse(examples[0].context),
      history: [{ claimId: "H", serviceDate: "2026-03-02", code: "99213", providerNpi: "1234567893", status: "paid" }],
    };
    return adjudicateAll(out.ruleset, JSON.parse(claim), context, "fuzzed rule") ? "result" : "refused";
  },
};

export const TARGETS: Array<Target<never>> = [parser, checker, contract, tables, artifact, records, grammar] as Array<Target<never>>;

/** the same, by name */
export const targetNamed = (name: string): Target<never> | undefined => TARGETS.find((t) => t.name === name);

// what both parseClaim and parseContext accept is what adjudicate is given: kept for the replay test
export { parseClaim, parseContext };
