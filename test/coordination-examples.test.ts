// Golden tests of examples/coordination: each example's result equals its checked-in
// expected.json byte for byte on both evaluators, agrees with the hand-computed expect.json, and
// its explanation (the traced result through `explain`) equals explain.txt and names every
// quantity of the coordination formula with the term that bound.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { loadPack } from "../src/node/index.js";
import { explain } from "../src/trace/explain.js";
import { formatDiagnostic } from "../src/common/diagnostic.js";

const root = "examples/coordination";
const examples = readdirSync(root)
  .filter((name) => existsSync(`${root}/${name}/example.json`))
  .sort();
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** `actual` contains everything `partial` says (objects by key, arrays element by element) */
function expectContains(actual: unknown, partial: unknown, path = "result"): void {
  if (partial !== null && typeof partial === "object" && !Array.isArray(partial)) {
    expect(actual, path).toBeTypeOf("object");
    for (const [key, value] of Object.entries(partial)) expectContains((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else if (Array.isArray(partial)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(partial.length);
    partial.forEach((value, i) => expectContains((actual as unknown[])[i], value, `${path}[${i}]`));
  } else {
    expect(actual, path).toEqual(partial);
  }
}

const QUANTITIES: Record<string, string[]> = {
  standard: [
    "allowed by this plan",
    "prior payments",
    "allowable expense (the highest allowed, at most the charge)",
    "normal benefit (paid as primary)",
    "allowable expense − prior payments",
  ],
  non_duplication: ["allowed by this plan", "prior payments", "normal benefit (paid as primary)", "normal benefit − prior payments"],
  medicare_secondary: [
    "allowed by this plan",
    "prior payments",
    "(1) charge or amount accepted in full − prior payments",
    "(2) normal benefit (paid as primary)",
    "(3) higher allowed − prior payments",
  ],
};

describe("examples/coordination", () => {
  it("has an example of each method and of the order of benefits", () => {
    const rules = examples.map((name) => read(`${root}/${name}/example.json`).rules as string);
    for (const pack of ["rules/demo-ppo", "rules/demo-ppo-nondup", "rules/medicare-demo", "examples/coordination/family-ppo"]) expect(rules).toContain(pack);
  });

  for (const name of examples) {
    it(name, () => {
      const dir = `${root}/${name}`;
      const { rules } = read(`${dir}/example.json`);
      const pack = loadPack(rules);
      if (!pack.ok) throw new Error(pack.diagnostics.map(formatDiagnostic).join("\n"));
      const claim = read(`${dir}/claim.json`);
      const context = read(`${dir}/context.json`);
      const compiled = pack.ruleset.adjudicate(claim, context);
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
      expect(JSON.stringify(compiled.result, null, 2) + "\n").toBe(readFileSync(`${dir}/expected.json`, "utf8"));
      expect(pack.ruleset.adjudicate(claim, context, { evaluator: "reference" })).toEqual(compiled);
      expectContains(compiled.result, read(`${dir}/expect.json`));

      const traced = pack.ruleset.adjudicate(claim, context, { trace: true });
      if (!traced.ok) throw new Error("the traced run rejected the input");
      const text = explain(traced.result);
      expect(text).toBe(readFileSync(`${dir}/explain.txt`, "utf8"));
      for (const entry of traced.result.trace!.filter((e) => e.phase === "coordination")) {
        const method = entry.facts[0]!.value as string;
        for (const quantity of QUANTITIES[method]!) expect(text, `${name} line ${entry.lineNumber}`).toContain(`${quantity} = `);
        expect(entry.action).toMatch(/^pays \d+\.\d\d \(bound: .+\); (OA-23 \d+\.\d\d; )?member owes \d+\.\d\d$/);
      }
    });
  }
});
