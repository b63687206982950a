// The conventions every `edict` command shares: --help and -h for each command in the registry,
// the usage text and README listing every command, --version, the did-you-mean for an unknown
// option or command, a missing value, a closed stdout (a real pipe), `check --format json` and
// `test --differential`.
import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../src/cli/commands.js";
import { DIAGNOSTIC_CODES } from "../../src/common/diagnostic.js";
import { edict as inProcess, generatedLines, writeLines } from "./batch-support.js";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";

describe("the command registry", () => {
  it("names each command once; no command redeclares --help/-h or a short letter twice; every option has help", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) {
      expect(c.summary, c.name).not.toBe("");
      expect(c.usage.length, c.name).toBeGreaterThan(0);
      expect(Object.keys(c.options), c.name).not.toContain("help");
      const shorts = Object.values(c.options).flatMap((o) => (o.short ? [o.short] : []));
      expect(shorts, c.name).not.toContain("h");
      expect(new Set(shorts).size, c.name).toBe(shorts.length);
      for (const [name, o] of Object.entries(c.options)) expect(o.help, `${c.name} --${name}`).not.toBe("");
    }
  });
});

describe("--help", () => {
  for (const command of COMMANDS) {
    it(`edict ${command.name} --help and -h print its usage and every option, exit 0`, () => {
      const argv = command.name.split(" ");
      const long = inProcess([...argv, "--help"]);
      expect(long.stderr).toBe("");
      expect(long.code).toBe(0);
      expect(long.stdout.startsWith(`edict ${command.name} — ${command.summary}\n`)).toBe(true);
      for (const u of command.usage) expect(long.stdout).toContain(`  edict ${command.name} ${u}`);
      for (const [name, o] of Object.entries(command.options)) expect(long.stdout).toMatch(new RegExp(`^ {2}(-${o.short}, | {4})--${name}\\b.*`, "m"));
      expect(long.stdout).toMatch(/^ {2}-h, --help +show this help$/m);
      // -h, help after other arguments, and `edict help <command>` say the same
      expect(inProcess([...argv, "-h"]).stdout).toBe(long.stdout);
      expect(inProcess([...argv, "x", "--no-such-option", "--help"]).stdout).toBe(long.stdout);
      expect(inProcess(["help", ...argv]).stdout).toBe(long.stdout);
    });
  }

  it("edict --help lists every command with its summary and usage lines, and the exit codes", () => {
    const r = inProcess(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
      for (const u of c.usage) expect(r.stdout).toContain(`  edict ${c.name} ${u}\n`);
    }
    for (const code of [0, 1, 2, 3, 4, 70]) expect(r.stdout).toMatch(new RegExp(`^ {2}${code} +\\S`, "m"));
    expect(inProcess(["-h"]).stdout).toBe(r.stdout);
    // no arguments at all: the same text, but the command line was wrong
    const bare = inProcess([]);
    expect(bare.code).toBe(3);
    expect(bare.stdout).toBe(r.stdout);
  });

  it("README's command-line section lists every command's usage lines", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## The command line"), readme.indexOf("## The library"));
    for (const c of COMMANDS) for (const u of c.usage) expect(section).toContain(`edict ${c.name} ${u}`);
  });
});

describe("edict --version", () => {
  it("prints the version of package.json", () => {
    const r = edict(["--version"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`edict ${JSON.parse(readFileSync("package.json", "utf8")).version}\n`);
  });
});

describe("a wrong command line: exit 3 and a sentence that says what was meant", () => {
  it("an unknown option, with the closest of the command's options", () => {
    const r = edict(["test", "rules/demo-ppo", "--diferential"]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("edict: unknown option --diferential for edict test; did you mean --differential? (edict test --help lists its options)\n");
    // an option of another command is unknown here
    expect(inProcess(["explain", "--rules", "rules/demo-ppo", "--format", "json", "x"]).stderr).toMatch(/^edict: unknown option --format for edict explain/);
    expect(inProcess(["--verbose", "check"])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^edict: unknown option --verbose: before a command edict takes only --help or --version/),
    });
  });

  it("an unknown command or subcommand, with the closest", () => {
    const r = edict(["chek", "rules/demo-ppo"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^edict: unknown command "chek"; did you mean check\? \(commands: check, adjudicate, /);
    for (const c of COMMANDS) expect(r.stderr).toContain(c.name.split(" ")[0]);
    expect(inProcess(["frobnicate"]).stderr).toMatch(/^edict: unknown command "frobnicate" \(commands: /);
    const sub = inProcess(["tables", "imprt", "x"]);
    expect(sub.code).toBe(3);
    expect(sub.stderr).toMatch(/^edict: unknown subcommand "tables imprt"; did you mean tables import\?/);
    expect(inProcess(["tables"])).toMatchObject({ code: 3, stderr: expect.stringMatching(/^edict: edict tables needs a subcommand: import/) });
  });

  it("a missing value names the option and what it takes", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("edict: --context needs a value: --context <file>\n");
    expect(inProcess(["adjudicate", "--rules", "--trace", "examples/claims"]).stderr).toBe("edict: --rules needs a value: --rules <pack>\n");
    expect(inProcess(["build", "rules/demo-ppo", "-o"]).stderr).toBe("edict: -o needs a value: -o <file>\n");
  });

  it("a value outside an option's choices, and batch options on claim files", () => {
    expect(inProcess(["check", "--format", "yaml", "rules/demo-ppo"])).toMatchObject({ code: 3, stderr: "edict: --format is text or json, not yaml\n" });
    expect(inProcess(["tables", "import", "--from", "cms-pt", "x"]).stderr).toMatch(
      /--from is cms-ptp, cms-mue, .* or [a-z-]+, not cms-pt; did you mean cms-ptp\?/,
    );
    const batchOnly = inProcess(["adjudicate", "--rules", "rules/demo-ppo", "--workers", "2", "examples/claims"]);
    expect(batchOnly.code).toBe(3);
    expect(batchOnly.stderr).toContain("--workers: for a batch run (one .ndjson file), not for claim files");
  });
});

describe("a closed stdout", () => {
  /** runs `edict <args> | <reader>` in bash; the exit code is edict's own (PIPESTATUS) */
  const piped = (args: string, reader: string) => {
    const p = spawnSync("bash", ["-c", `node bin/edict.js ${args} | ${reader}; echo "edict exit $\{PIPESTATUS[0]}" >&2`], { encoding: "utf8" });
    return { stdout: p.stdout, stderr: p.stderr };
  };

  it("`edict adjudicate … | head -1` on a batch: the first result line, then a quiet exit 0", () => {
    const dir = tempDir();
    const input = join(dir, "claims.ndjson");
    writeLines(input, generatedLines(31, 400)); // about half a megabyte of results: far more than a pipe holds
    const r = piped(`adjudicate --rules rules/demo-ppo ${input}`, "head -1");
    expect(r.stderr).toBe("edict exit 0\n");
    const lines = r.stdout.split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ line: expect.any(Number), claimId: expect.stringMatching(/^C-31-/) });
  });

  it("a reader that is gone before the first write: exit 0, nothing on stderr", () => {
    const r = piped("adjudicate --rules rules/demo-ppo examples/claims", "true");
    expect(r.stderr).toBe("edict exit 0\n");
    const help = piped("--help", "head -c 5");
    expect(help).toEqual({ stdout: "edict", stderr: "edict exit 0\n" });
  });
});

describe("edict check --format json", () => {
  it("a sound pack: ok, no diagnostics, the pack's name, version, hash and counts", () => {
    const r = edict(["check", "--format", "json", "rules/demo-ppo"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, errors: 0, warnings: 0, diagnostics: [], pack: { name: "demo-ppo", hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(doc.pack.tables.length).toBeGreaterThan(0);
    // the text says the same: the summary line, then each table with its rows
    const [summary, ...tables] = edict(["check", "rules/demo-ppo"]).stdout.trimEnd().split("\n");
    const rows = doc.pack.tables.reduce((n: number, t: { rows: number }) => n + t.rows, 0);
    expect(summary).toBe(
      `${doc.pack.name} ${doc.pack.version}: ok — ${doc.pack.rules} rules, ${doc.pack.benefits} benefits, ${doc.pack.tables.length} tables (${rows} rows); hash ${doc.pack.hash.slice(0, 12)}`,
    );
    expect(tables).toHaveLength(doc.pack.tables.length);
    doc.pack.tables.forEach((t: { name: string; rows: number; path: string }, i: number) =>
      expect(tables[i]).toMatch(new RegExp(`^ {2}${t.name} +${t.rows} rows {2}${t.path}`)),
    );
  });

  it("a misspelled field: code, severity, span, message and hint; exit 1; the same diagnostics as the text", () => {
    const dir = tempDir();
    cpSync("rules", join(dir, "rules"), { recursive: true });
    const plan = join(dir, "rules/demo-ppo/plan.edict");
    const broken = readFileSync(plan, "utf8").replace(
      "claim.receivedDate > line.serviceDate + timely_filing",
      "claim.receivedDate > line.servicedate + timely_filing",
    );
    writeFileSync(plan, broken);
    const line = broken.split("\n").findIndex((l) => l.includes("line.servicedate")) + 1;
    const col = broken.split("\n")[line - 1].indexOf("servicedate") + 1;
    const r = edict(["check", "--format", "json", join(dir, "rules/demo-ppo")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, errors: 1, pack: null });
    expect(doc.diagnostics).toHaveLength(1);
    const [d] = doc.diagnostics;
    expect(Object.keys(d)).toEqual(["code", "severity", "span", "message", "hint"]);
    expect(d).toEqual({
      code: "unknown-field",
      severity: "error",
      span: { file: plan, line, col, endLine: line, endCol: col + "servicedate".length },
      message: "line has no field `servicedate`",
      hint: "did you mean `serviceDate`?",
    });
    expect(DIAGNOSTIC_CODES[d.code as keyof typeof DIAGNOSTIC_CODES].severity).toBe(d.severity);
    // text mode reports the same problem at the same place
    const text = edict(["check", join(dir, "rules/demo-ppo")]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`${plan}:${line}:${col}: error: ${d.message}\n  hint: ${d.hint}\n`);
  });
});

describe("edict test --differential", () => {
  it("runs every case in the reference interpreter too, which agrees on every one", () => {
    const pack = "rules/demo-ppo";
    const cases = readdirSync(join(pack, "tests")).filter((n) => n.endsWith(".json")).length;
    const r = edict(["test", pack, "--differential"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${cases} passed, 0 failed; `, "m"));
    expect(r.stdout).toContain(`reference interpreter: agrees on ${cases} of ${cases} cases\n`);
    expect(edict(["test", pack]).stdout).not.toContain("reference interpreter");
  });
});
