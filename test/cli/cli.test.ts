// The `edict` binary as a user runs it: built by `npm install`, run with node, exit codes and
// stdout/stderr as documented. Also the time-zone, locale and line-order independence promise.
import { describe, it, expect } from "vitest";
import { edict } from "./installed.js";
import { cpSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp.js";

const EXAMPLE = "examples/claims/01-office-visit-in-network";

describe("edict check", () => {
  it("accepts the shipped packs", () => {
    for (const pack of ["rules/demo-ppo", "rules/cms-edits"]) {
      const r = edict(["check", pack]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/: ok — \d+ rules/);
    }
  });

  it("reports one misspelled field once, with file:line:col and a suggestion", () => {
    const dir = tempDir("edict-");
    cpSync("rules", join(dir, "rules"), { recursive: true });
    const plan = join(dir, "rules/demo-ppo/plan.edict");
    const text = readFileSync(plan, "utf8");
    const broken = text.replace("claim.receivedDate > line.serviceDate + timely_filing", "claim.receivedDate > line.servicedate + timely_filing");
    expect(broken).not.toBe(text);
    writeFileSync(plan, broken);
    const lineNo = broken.split("\n").findIndex((l) => l.includes("line.servicedate")) + 1;
    const col = broken.split("\n")[lineNo - 1].indexOf("servicedate") + 1;
    const r = edict(["check", join(dir, "rules/demo-ppo")]);
    expect(r.code).toBe(1);
    const errors = r.stderr.split("\n").filter((l) => l.includes(": error: "));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`plan.edict:${lineNo}:${col}: error: line has no field \`servicedate\``);
    expect(r.stderr).toContain("did you mean `serviceDate`?");
  });
});

describe("edict adjudicate", () => {
  it("prints the expected result for an example", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, `${EXAMPLE}/claim.json`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${EXAMPLE}/expected.json`, "utf8"));
  });

  it("returns every example's expected result", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "examples/claims"]);
    expect(r.code).toBe(0);
    const results = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const names = readdirSync("examples/claims")
      .filter((n) => existsSync(`examples/claims/${n}/claim.json`))
      .sort();
    expect(results).toHaveLength(names.length);
    names.forEach((n, i) => expect(results[i]).toEqual(JSON.parse(readFileSync(`examples/claims/${n}/expected.json`, "utf8"))));
  });

  it("names all three problems of a malformed claim, exits 2, prints no stack trace", () => {
    const dir = tempDir("edict-");
    const claim = JSON.parse(readFileSync(`${EXAMPLE}/claim.json`, "utf8"));
    claim.member.birthDate = "1980-02-30";
    claim.lines[0].units = 0;
    claim.provider.network = "inside";
    writeFileSync(join(dir, "claim.json"), JSON.stringify(claim));
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, join(dir, "claim.json")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("member.birthDate");
    expect(r.stderr).toContain("lines[0].units");
    expect(r.stderr).toContain("provider.network");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("gives byte-identical output across time zones, locales and line order", () => {
    const dir = tempDir("edict-");
    const source = "examples/claims";
    const multi = readdirSync(source).find(
      (n) => existsSync(`${source}/${n}/claim.json`) && JSON.parse(readFileSync(`${source}/${n}/claim.json`, "utf8")).lines.length >= 3,
    )!;
    const claim = JSON.parse(readFileSync(`${source}/${multi}/claim.json`, "utf8"));
    writeFileSync(join(dir, "reversed.json"), JSON.stringify({ ...claim, lines: [...claim.lines].reverse() }));
    const args = (file: string) => ["adjudicate", "--trace", "--rules", "rules/demo-ppo", "--context", `${source}/${multi}/context.json`, file];
    const kiritimati = edict(args(`${source}/${multi}/claim.json`), { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8" });
    const adak = edict(args(`${source}/${multi}/claim.json`), { TZ: "America/Adak", LANG: "ar_EG.UTF-8" });
    const reversed = edict(args(join(dir, "reversed.json")), { TZ: "UTC" });
    expect(kiritimati.code).toBe(0);
    expect(adak.stdout).toBe(kiritimati.stdout);
    expect(reversed.stdout).toBe(kiritimati.stdout);
  });
});

describe("edict explain and fmt", () => {
  it("explains a claim line by line with policy citations", () => {
    const r = edict(["explain", "--rules", "rules/demo-ppo", `${EXAMPLE}/claim.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Claim /);
    expect(r.stdout).toContain("Line 1:");
    expect(r.stdout).toContain("policy: ");
  });

  it("fmt of formatted packs changes nothing", () => {
    const r = edict(["fmt", "--check", "rules/demo-ppo", "rules/cms-edits"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("answers a bad command line with usage, exit 3", () => {
    const r = edict(["adjudicate", "--rulez", "x"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("unknown option --rulez");
  });
});
