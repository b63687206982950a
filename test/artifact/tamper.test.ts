// Tamper evidence of built artifacts: every byte is covered by a hash, so no damaged byte can
// change a payment silently; a damaged section is named; a signature binds the manifest.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { compilePack, makeRuleset, type Ruleset } from "../../src/index.js";
import { decodeProgram, encodeProgram, manifestDigest, withSignature } from "../../src/artifact/artifact.js";
import { nodeHasher } from "../../src/node/index.js";

const EXAMPLE = "examples/claims/09-pt-deductible-then-coinsurance";
const claim = JSON.parse(readFileSync(`${EXAMPLE}/claim.json`, "utf8"));

/** a small pack whose payments depend on its fee table, its plan and a rule */
function smallPack(): Ruleset {
  const out = compilePack("p", {
    "p/plan.edict": `pack "p" version "1" effective 2026-01-01 to 2026-12-31
table fees "Fees" from "tables/fees.csv" {
  key code: procedure
  amount: money
}
accumulator deductible: money
accumulator out_of_pocket: money
accumulator oon_deductible: money
accumulator oon_out_of_pocket: money
plan "P" {
  fee schedule fees.amount
  network in {
    deductible $50.00 accumulator deductible
    out_of_pocket $3000.00 accumulator out_of_pocket
    coinsurance 20%
  }
  network out {
    deductible $100.00 accumulator oon_deductible
    out_of_pocket $6000.00 accumulator oon_out_of_pocket
    coinsurance 40%
  }
}
benefit therapy {
  codes { 97110, 97140, 97530 }
}
rule many_units phase validity when line.units > 8 then deny CO-151
`,
    "p/tables/fees.csv": "code,amount\n97110,31.50\n97140,29.75\n97530,35.10\n",
  });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.ruleset;
}

const CONTEXT = { asOf: "2026-12-31", coverage: [], accumulators: {}, authorizations: [], history: [] };

describe("artifact tamper evidence", () => {
  const pack = smallPack();
  const bytes = encodeProgram(pack.program);
  const expected = pack.adjudicate(claim, CONTEXT);

  it("the small artifact pays what its source pays (the walk below is not vacuous)", () => {
    if (!expected.ok) throw new Error(JSON.stringify(expected.issues));
    expect(expected.result.totals.paid).not.toBe("0.00");
    const decoded = decodeProgram(bytes);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(makeRuleset(decoded.program).adjudicate(claim, CONTEXT)).toEqual(expected);
  });

  it("flipping any single byte is an error, never a silently changed payment", () => {
    let refused = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const damaged = bytes.slice();
        damaged[i] ^= mask;
        const decoded = decodeProgram(damaged);
        if (!decoded.ok) {
          expect(decoded.message.length).toBeGreaterThan(10);
          refused++;
          continue;
        }
        // a byte that still decodes must leave every payment as it was
        expect(makeRuleset(decoded.program).adjudicate(claim, CONTEXT), `byte ${i} ^ ${mask}`).toEqual(expected);
      }
    }
    expect(refused).toBe(bytes.length * 3);
  });

  it("names the damaged part: the manifest, or the section whose SHA-256 no longer matches", () => {
    const messages = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i] ^= 0x40;
      const d = decodeProgram(damaged);
      if (!d.ok) messages.add(d.message);
    }
    const section = (name: string) => `the artifact is damaged: section "${name}" does not match its SHA-256 in the manifest`;
    expect(messages).toContain("the artifact is damaged: its manifest does not match the manifest's SHA-256");
    for (const name of ["program", "strings", "table fees, column code", "table fees, column amount"]) expect(messages).toContain(section(name));
  });

  it("refuses a cut-off file, appended bytes, and an artifact of the old format", () => {
    expect(decodeProgram(bytes.slice(0, bytes.length - 1))).toMatchObject({ ok: false, message: expect.stringContaining("cut short") });
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(decodeProgram(longer)).toMatchObject({ ok: false, message: expect.stringContaining("not a signature block") });
    expect(decodeProgram(new TextEncoder().encode("EDICT-ARTIFACT-1\n and more bytes"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("older Edict"),
    });
  });

  it("verifies with the platform's SHA-256 as with the built-in one", () => {
    const fast = encodeProgram(pack.program, nodeHasher);
    expect(Buffer.from(fast).equals(Buffer.from(bytes))).toBe(true);
    expect(decodeProgram(bytes, nodeHasher).ok).toBe(true);
  });

  it("a signature block signs the manifest: its bytes are checked too", () => {
    const digest = manifestDigest(bytes)!;
    expect(digest.length).toBe(32);
    const signed = withSignature(bytes, { algorithm: "ed25519", keyId: "0".repeat(32), publicKey: "AAAA", signature: "AAAA" });
    const decoded = decodeProgram(signed);
    expect(decoded.ok && decoded.signature?.keyId).toBe("0".repeat(32));
    // a damaged signature block is refused even before its signature is verified
    const damaged = signed.slice();
    damaged[damaged.length - 3] = "!".charCodeAt(0);
    expect(decodeProgram(damaged).ok).toBe(false);
  });
});
