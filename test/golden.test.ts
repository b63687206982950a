// Golden tests: every example claim's result equals its checked-in expected.json, byte for byte,
// in both evaluators; and it agrees with the hand-computed expectation in expect.json.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { shippedPack } from "./support/packs.js";

const root = "examples/claims";
const examples = readdirSync(root)
  .filter((name) => existsSync(`${root}/${name}/claim.json`))
  .sort();
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** `actual` contains everything `partial` says (objects by key, arrays element by element) */
function expectContains(actual: unknown, partial: unknown, path = "result"): void {
  if (partial !== null && typeof partial === "object" && !Array.isArray(partial)) {
    expect(actual, path).toBeTypeOf("object");
    for (const [key, value] of Object.entries(partial)) {
      if (key === "description") continue;
      expectContains((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else if (Array.isArray(partial)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(partial.length);
    partial.forEach((value, i) => expectContains((actual as unknown[])[i], value, `${path}[${i}]`));
  } else {
    expect(actual, path).toEqual(partial);
  }
}

describe("example claims", () => {
  const ruleset = shippedPack("demo-ppo");

  it("there are at least 25 examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(25);
  });

  for (const name of examples) {
    it(name, () => {
      const dir = `${root}/${name}`;
      const claim = read(`${dir}/claim.json`);
      const context = read(`${dir}/context.json`);
      const compiled = ruleset.adjudicate(claim, context);
      const reference = ruleset.adjudicate(claim, context, { evaluator: "reference" });
      if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
      expect(JSON.stringify(compiled.result, null, 2) + "\n").toBe(readFileSync(`${dir}/expected.json`, "utf8"));
      expect(reference).toEqual(compiled);
      expectContains(compiled.result, read(`${dir}/expect.json`));
    });
  }
});
