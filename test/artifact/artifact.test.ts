// The built artifact: decoding what was encoded gives a ruleset that adjudicates every example
// byte-identically to the ruleset compiled from source; damaged input is a clear error.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { encodeProgram, decodeProgram } from "../../src/artifact/artifact.js";
import { makeRuleset } from "../../src/index.js";
import { shippedPack } from "../support/packs.js";

describe("artifact", () => {
  const source = shippedPack("demo-ppo");
  const bytes = encodeProgram(source.program);

  it("round-trips the demo pack: same hash, same results and traces for every example", () => {
    const decoded = decodeProgram(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    const loaded = makeRuleset(decoded.program);
    expect(loaded.hash).toBe(source.hash);
    expect(decoded.program.tables.map((t) => t.rows.length)).toEqual(source.program.tables.map((t) => t.rows.length));
    for (const name of readdirSync("examples/claims").filter((n) => existsSync(`examples/claims/${n}/claim.json`))) {
      const claim = JSON.parse(readFileSync(`examples/claims/${name}/claim.json`, "utf8"));
      const context = JSON.parse(readFileSync(`examples/claims/${name}/context.json`, "utf8"));
      expect(JSON.stringify(loaded.adjudicate(claim, context, { trace: true }))).toBe(JSON.stringify(source.adjudicate(claim, context, { trace: true })));
    }
  });

  it("decodes from a Node Buffer at an offset that is not 8-byte aligned (its typed arrays are copied into place)", () => {
    const shifted = Buffer.alloc(bytes.length + 3);
    shifted.set(bytes, 3);
    const decoded = decodeProgram(shifted.subarray(3));
    if (!decoded.ok) throw new Error(decoded.message);
    expect(makeRuleset(decoded.program).hash).toBe(source.hash);
    expect(decoded.program.tables.map((t) => t.rows.length)).toEqual(source.program.tables.map((t) => t.rows.length));
  });

  it("round-trips the coordination packs: precedence rules, a tier without a maximum, the coordination method", () => {
    for (const example of readdirSync("examples/coordination").filter((n) => existsSync(`examples/coordination/${n}/example.json`))) {
      const dir = `examples/coordination/${example}`;
      const { rules } = JSON.parse(readFileSync(`${dir}/example.json`, "utf8"));
      if (!rules.startsWith("rules/")) continue;
      const original = shippedPack(rules.slice("rules/".length));
      const decoded = decodeProgram(encodeProgram(original.program));
      if (!decoded.ok) throw new Error(decoded.message);
      expect(decoded.program.plan!.coordination).toEqual(original.program.plan!.coordination);
      const claim = JSON.parse(readFileSync(`${dir}/claim.json`, "utf8"));
      const context = JSON.parse(readFileSync(`${dir}/context.json`, "utf8"));
      expect(JSON.stringify(makeRuleset(decoded.program).adjudicate(claim, context, { trace: true }))).toBe(
        JSON.stringify(original.adjudicate(claim, context, { trace: true })),
      );
    }
  });

  it("is deterministic: the same pack encodes to the same bytes", () => {
    expect(Buffer.from(encodeProgram(source.program)).equals(Buffer.from(bytes))).toBe(true);
  });

  it("answers damaged or foreign bytes with a message, not an exception", () => {
    expect(decodeProgram(new Uint8Array([1, 2]))).toEqual({ ok: false, message: "the file is too short to be an Edict artifact" });
    expect(decodeProgram(new TextEncoder().encode("\u0010\u0000\u0000\u0000hello, world....")).ok).toBe(false);
    const truncated = decodeProgram(bytes.slice(0, bytes.length - 100));
    expect(truncated.ok).toBe(false);
  });
});
