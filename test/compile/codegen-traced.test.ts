// The generated code of traced evaluation (src/compile/codegen-traced.ts): made only of the
// generators' own fragments and integers, and the same results and traces, byte for byte, as the
// closures it stands in for (src/compile/closures.ts), on generated claims short and long.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compilePack, formatDiagnostic, parseClaim, parseContext, type Program } from "../../src/index.js";
import { generateTraced, generateTracedSource } from "../../src/compile/codegen-traced.js";
import { TableIndex } from "../../src/compile/closures.js";
import { compiledEvaluator } from "../../src/compile/evaluator.js";
import { INDEXED_FROM } from "../../src/compile/plan.js";
import { adjudicate } from "../../src/engine/adjudicate.js";
import type { IrExpr } from "../../src/ir/ir.js";
import { claim, context, DIAGNOSES, MODIFIERS, PROCEDURES } from "../support/arbitraries.js";
import { claimJson } from "../engine/support.js";
import { shippedPack } from "../support/packs.js";
import { HOSTILE, HOSTILE_IN_EDICT, hostilePack } from "../support/hostile.js";
import { generateClaims } from "../../bench/gen-claims.js";
import { loadPackTables } from "../../bench/tables.js";
import { foreignTokens, FACT_LOG_WORDS } from "../support/generated.js";

function expressions(program: Program): IrExpr[] {
  return [
    ...program.rules.flatMap((r) => (r.action.kind === "setAllowed" ? [r.when, r.action.amount] : [r.when])),
    ...program.benefits.flatMap((b) => (b.when ? [b.when] : [])),
    ...program.precedence.map((p) => p.when),
  ];
}

/** a pack whose every text, name and table value is hostile, with each traced shape */
function hostileProgram(): Program {
  const escaped = HOSTILE_IN_EDICT;
  return hostilePack(`rule r "${escaped}"
  phase validity
  cite "${escaped}"
  when claim.id = "${escaped}" and member.id != "\`\${globalThis.pwned = true}\`"
       and not (any row in t[line.code] where row.note = "${escaped}")
       and (count d in line.diagnoses where d matches M54*) >= 0
       and (sum o.units for o in claim.lines where o.code = line.code) >= 0
       and (no o in claim.lines where o.units = 0 and member.id = "${escaped}")
  then deny CO-16
`);
}

/** the result with its trace as JSON, through generated traced code or through the closures */
function both(program: Program, generated: ReturnType<typeof compiledEvaluator>, closures: ReturnType<typeof compiledEvaluator>, c: unknown, x: unknown) {
  const parsed = parseClaim(c);
  const ctx = parseContext(x, { accumulators: program.accumulators });
  if (!parsed.ok || !ctx.ok) throw new Error("a generated claim was rejected");
  return {
    viaCode: JSON.stringify(adjudicate(program, generated, parsed.claim, ctx.context, { trace: true })),
    viaClosures: JSON.stringify(adjudicate(program, closures, parsed.claim, ctx.context, { trace: true })),
  };
}

describe("generated traced code", () => {
  it("is made of the generators' fragments only, for every condition of the shipped packs", () => {
    for (const name of ["demo-ppo", "cms-edits", "order-of-benefits", "medicare-demo"] as const) {
      const all = expressions(shippedPack(name).program);
      expect(all.length).toBeGreaterThan(0);
      for (const expr of all) {
        const { source } = generateTracedSource(expr);
        expect(foreignTokens(source, FACT_LOG_WORDS), expr.text).toEqual([]);
        expect(source).toContain("L.read(");
      }
    }
  });

  it("carries hostile rule text and field names as constants, never as code", () => {
    const program = hostileProgram();
    for (const expr of expressions(program)) {
      const { source, constants } = generateTracedSource(expr);
      expect(foreignTokens(source, FACT_LOG_WORDS)).toEqual([]);
      expect(source).not.toContain("pwned");
      expect(constants).toContain(HOSTILE);
    }
    const line: IrExpr = { op: "var", slot: 1, text: "line", type: { t: "record", name: "line" } } as unknown as IrExpr;
    for (const name of [HOSTILE, "constructor", "__proto__", "a; globalThis.pwned = 1"]) {
      const field = { op: "field", object: line, field: name, text: `line.${name}`, type: { t: "text" } } as unknown as IrExpr;
      const { source, constants } = generateTracedSource(field);
      expect(foreignTokens(source, FACT_LOG_WORDS)).toEqual([]);
      expect(source).toContain("f[1][K[0]]");
      expect(constants[0]).toBe(name);
      expect(constants).toContain(`line.${name}`);
    }
  });

  it("runs hostile claims and rules as data, with the closures' trace", () => {
    const program = hostileProgram();
    const c = {
      id: HOSTILE,
      receivedDate: "2026-03-01",
      member: { id: "${process.exit(1)}", birthDate: "1980-01-01", sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["M54.50"],
      lines: [{ lineNumber: 1, serviceDate: "2026-02-01", code: "99213", modifiers: [], units: 1, charge: 100, placeOfService: "11", diagnosisPointers: [1] }],
    };
    const x = { asOf: "2026-03-01", coverage: [] };
    const { viaCode, viaClosures } = both(program, compiledEvaluator(program), compiledEvaluator(program, { codegen: false }), c, x);
    expect((globalThis as { pwned?: boolean }).pwned).toBeUndefined();
    expect(JSON.parse(viaCode).trace.length).toBeGreaterThan(0);
    expect(viaCode).toBe(viaClosures);
  });

  it("reads both operands of a comparison, as the closures do, even when the first is missing", () => {
    const compiled = compilePack("p", {
      "p/rules.edict": `pack "p" version "1"
rule unequal phase validity when not (claim.priorAuthorization = member.id) then remark N362
rule reversed phase validity when not (member.id = claim.priorAuthorization) then remark N362
`,
    });
    if (!compiled.ok) throw new Error(compiled.diagnostics.map(formatDiagnostic).join("\n"));
    const program = compiled.ruleset.program;
    const c = claimJson([{ code: "99213", modifiers: ["25"] }], { member: { id: "M-7", birthDate: "1980-01-01", sex: "F" } });
    const x = { asOf: "2026-03-01", coverage: [] };
    const { viaCode, viaClosures } = both(program, compiledEvaluator(program), compiledEvaluator(program, { codegen: false }), c, x);
    expect(viaCode).toBe(viaClosures);
    const facts = (JSON.parse(viaCode).trace as Array<{ rule: string; facts: unknown[] }>).filter((e) => e.rule !== "p/plan").map((e) => [e.rule, e.facts]);
    expect(facts).toEqual([
      [
        "p/unequal",
        [
          { fact: "claim.priorAuthorization", value: null },
          { fact: "member.id", value: "M-7" },
        ],
      ],
      [
        "p/reversed",
        [
          { fact: "member.id", value: "M-7" },
          { fact: "claim.priorAuthorization", value: null },
        ],
      ],
    ]);
  });

  it("falls back to the closures where the host forbids generated code", () => {
    const expr = shippedPack("demo-ppo").program.rules[0]!.when;
    expect(generateTraced(expr, new TableIndex())).not.toBeNull();
    const original = globalThis.Function;
    // biome-ignore lint/complexity/useArrowFunction: the stand-in is called with `new`, which an arrow function refuses
    globalThis.Function = function () {
      throw new EvalError("code generation from strings disallowed for this context");
    } as unknown as FunctionConstructor;
    try {
      expect(generateTraced(expr, new TableIndex())).toBeNull();
    } finally {
      globalThis.Function = original;
    }
  });

  it("gives the closures' results and traces, byte for byte, on generated claims (demo-ppo + cms-edits)", () => {
    const program = shippedPack("demo-ppo").program;
    const generated = compiledEvaluator(program);
    const closures = compiledEvaluator(program, { codegen: false });
    fc.assert(
      fc.property(claim, context, (c, x) => {
        const { viaCode, viaClosures } = both(program, generated, closures, c, x);
        expect(viaCode).toBe(viaClosures);
      }),
      { numRuns: 200 },
    );
    // the benchmark's claim generator: PTP pairs, MUE units, history, authorizations
    const records = generateClaims(20261201, 400, loadPackTables("rules/demo-ppo"));
    let fired = 0;
    for (const r of records) {
      const { viaCode, viaClosures } = both(program, generated, closures, r.claim, r.context);
      expect(viaCode).toBe(viaClosures);
      fired += (JSON.parse(viaCode).trace as Array<{ rule: string }>).filter((e) => e.rule.startsWith("cms-edits/")).length;
    }
    expect(fired).toBeGreaterThan(20); // the edits fired, so their facts were compared
  });

  it("gives the closures' traces on claims and histories long enough for the indexes of plan.ts", () => {
    const program = shippedPack("demo-ppo").program;
    const generated = compiledEvaluator(program);
    const closures = compiledEvaluator(program, { codegen: false });
    const dates = ["2026-03-02", "2026-03-03"];
    const line = (n: number) =>
      fc.record({
        lineNumber: fc.constant(n),
        serviceDate: fc.constantFrom(...dates),
        code: fc.constantFrom(...PROCEDURES.slice(0, 12), "97110", "97140"),
        modifiers: fc.uniqueArray(fc.constantFrom(...MODIFIERS), { maxLength: 1 }),
        units: fc.integer({ min: 1, max: 5 }),
        charge: fc.constantFrom("80.00", "125.50"),
        placeOfService: fc.constant("11"),
        diagnosisPointers: fc.constant([1]),
      });
    const longClaim = fc.integer({ min: INDEXED_FROM, max: INDEXED_FROM + 40 }).chain((n) =>
      fc.record({
        id: fc.constant("C-LONG"),
        receivedDate: fc.constant("2026-03-10"),
        member: fc.constant({ id: "M-1", birthDate: "1970-05-05", sex: "F" }),
        provider: fc.constant({ npi: "1234567893", network: "in" }),
        diagnoses: fc.constant([DIAGNOSES[7]]),
        lines: fc.tuple(...Array.from({ length: n }, (_, i) => line(i + 1))),
      }),
    );
    const history = fc.array(
      fc.record({
        claimId: fc.constant("H-1"),
        serviceDate: fc.constantFrom(...dates),
        code: fc.constantFrom(...PROCEDURES.slice(0, 12)),
        modifiers: fc.constant([]),
        providerNpi: fc.constantFrom("1234567893", "1987654321"),
        status: fc.constantFrom("paid", "denied"),
      }),
      { minLength: INDEXED_FROM, maxLength: INDEXED_FROM + 20 },
    );
    const longContext = history.map((h) => ({
      asOf: "2026-12-31",
      coverage: [{ planId: "DEMO", from: "2026-01-01", to: null }],
      accumulators: {},
      authorizations: [],
      history: h,
    }));
    fc.assert(
      fc.property(longClaim, longContext, (c, x) => {
        const { viaCode, viaClosures } = both(program, generated, closures, c, x);
        expect(viaCode).toBe(viaClosures);
      }),
      { numRuns: 12 },
    );
  });
});
