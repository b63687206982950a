// `edict post`, `edict token` and the refusals of `edict serve`, as a user runs them (the
// service itself: test/service).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";
import { visit, ENROLLMENT } from "../ledger/claims.js";

const dir = tempDir("edict-ledger-cli-");

describe("edict post", () => {
  const database = join(dir, "ledger");

  it("posts claim folders with their contexts, prints one response a claim, and posting again replays them", () => {
    const first = edict([
      "post",
      "--database",
      database,
      "--rules",
      "rules/demo-ppo",
      "examples/claims/01-office-visit-in-network",
      "examples/claims/09-pt-deductible-then-coinsurance",
    ]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const lines = first.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.claimId, l.posting.kind, l.result.status])).toEqual([
      ["C-2026-000101", "original", "paid"],
      ["C-2026-000109", "original", "paid"],
    ]);
    // the ledger keeps the active ruleset: --rules is not needed again
    const again = edict(["post", "--database", database, "examples/claims/01-office-visit-in-network", "examples/claims/09-pt-deductible-then-coinsurance"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);
  });

  it("posts NDJSON records and reports refused ones by file, line and path, going on with the rest", () => {
    const file = join(dir, "claims.ndjson");
    const records = [
      JSON.stringify({ claim: visit("P-1", "PM", "2026-03-02"), context: ENROLLMENT }),
      JSON.stringify(visit("P-1", "PM", "2026-03-02", { charge: "99.00" })),
      "not json",
      JSON.stringify(visit("P-2", "NOBODY", "2026-03-02")),
      JSON.stringify({ ...visit("P-3", "PM", "2026-03-09"), replaces: "P-1" }),
    ];
    writeFileSync(file, `${records.join("\n")}\n`);
    const r = edict(["post", "--database", database, file]);
    expect(r.code).toBe(2);
    const out = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.claimId ?? o.error.kind ?? "unreadable")).toEqual(["P-1", "conflict", "unreadable", "unknown-member", "P-3"]);
    expect(out[4].posting).toMatchObject({ kind: "replacement", replaces: "P-1" });
    expect(out[4].reversal.claimId).toBe("P-1");
    expect(r.stderr).toContain(`${file} line 2: claim "P-1" is already posted with different content:\n  id: already posted`);
    expect(r.stderr).toContain(`${file} line 3: not a claim:\n  record: not valid JSON`);
    expect(r.stderr).toContain(`${file} line 4: the member is not in the ledger:\n  member.id: no such member in the ledger`);
  });

  it("posts an X12 837 with the provider directory, its context beside it", () => {
    const r = edict(["post", "--database", database, "--providers", "examples/claims/providers.csv", "examples/claims/04-preventive-in-network/claim.837"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const posted = JSON.parse(r.stdout);
    const expected = JSON.parse(readFileSync("examples/claims/04-preventive-in-network/expected.json", "utf8"));
    expect({ ...posted.result, ruleset: undefined }).toEqual({ ...expected, ruleset: undefined });
  });

  it("needs rules when the ledger has none", () => {
    const r = edict(["post", "--database", "memory", "examples/claims/01-office-visit-in-network"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("no ruleset is deployed in this ledger: say which rules to use with --rules");
  });
});

describe("edict token and edict serve", () => {
  it("hashes tokens for token files, and checks its arguments", () => {
    const r = edict(["token", "hash", "s3cret"]);
    expect(r.stdout).toBe(`${createHash("sha256").update("s3cret").digest("hex")}\n`);
    expect(edict(["token", "add", "--name", "x", "--role", "admin"])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining("--role is host, analyst or auditor, not admin"),
    });
    const help = edict(["token", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("edict token — subcommands: add, revoke, hash");
  });

  it("adds a token once, shows it once, and revokes it", () => {
    const database = join(dir, "tokens");
    const added = edict(["token", "add", "--database", database, "--name", "billing", "--role", "host"]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^edict_[A-Za-z0-9_-]{43}\n$/);
    expect(edict(["token", "add", "--database", database, "--name", "billing", "--role", "host"])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining("exists already"),
    });
    expect(edict(["token", "revoke", "--database", database, "--name", "billing"]).code).toBe(0);
    expect(edict(["token", "revoke", "--database", database, "--name", "billing"])).toMatchObject({
      code: 3,
      stderr: expect.stringContaining("no active token named billing"),
    });
  });

  it("refuses a bad token file, and to listen beyond loopback without tokens", () => {
    const tokens = join(dir, "tokens.json");
    writeFileSync(tokens, JSON.stringify({ tokens: [{ name: "a", role: "root", sha256: "abc" }] }));
    const bad = edict(["serve", "--database", "memory", "--tokens", tokens]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("tokens[0].role");
    expect(bad.stderr).toContain("tokens[0].sha256: expected the token's SHA-256 as 64 lowercase hex digits");
    const open = edict(["serve", "--database", "memory", "--rules", "rules/demo-ppo", "--host", "0.0.0.0", "--port", "0"]);
    expect(open.code).toBe(3);
    expect(open.stderr).toContain("no API tokens: give --tokens <file> or add one (edict token add) before listening on 0.0.0.0");
  });
});
