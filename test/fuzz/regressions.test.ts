// Every input the fuzzer ever failed on (test/fuzz/regressions/*.json, saved by `npm run fuzz`)
// is replayed: each must now give a result or a positioned refusal.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { targetNamed } from "./targets.js";

const DIR = "test/fuzz/regressions";
const cases = readdirSync(DIR)
  .filter((n) => n.endsWith(".json"))
  .sort();

describe("fuzz regressions", () => {
  it("keeps the cases it replays", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const name of cases) {
    it(name, () => {
      const { target, input } = JSON.parse(readFileSync(`${DIR}/${name}`, "utf8"));
      const t = targetNamed(target);
      expect(t, `unknown target ${target}`).toBeDefined();
      expect(["result", "refused"]).toContain(t!.check(input as never));
    });
  }
});
