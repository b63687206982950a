// Loading rules from disk: the ruleset hash is the content (the same files anywhere give one
// hash, recomputable with standard tools), rule files stay inside their pack root, only regular
// UTF-8 files under the size limit are read, and artifacts are verified (hashes, signatures).
import { describe, it, expect } from "vitest";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { join, relative } from "node:path";
import { buildArtifact, fileSystemHost, keyIdOf, loadPack } from "../../src/node/index.js";
import { compilePack, formatDiagnostic, type CompileOutput } from "../../src/index.js";
import { Sha256 } from "../../src/ir/sha256.js";
import { rulesetHash } from "../../src/check/ruleset.js";
import { tempDir } from "../support/temp.js";

const EXAMPLE = "examples/claims/01-office-visit-in-network";
const claim = JSON.parse(readFileSync(`${EXAMPLE}/claim.json`, "utf8"));
const context = JSON.parse(readFileSync(`${EXAMPLE}/context.json`, "utf8"));

function ok(out: CompileOutput): Extract<CompileOutput, { ok: true }> {
  if (!out.ok) throw new Error(out.diagnostics.map(formatDiagnostic).join("\n"));
  return out;
}

const errors = (out: CompileOutput) =>
  out.diagnostics
    .filter((d) => d.severity === "error")
    .map(formatDiagnostic)
    .join("\n");

/** a copy of the shipped packs in a new folder: returns the rules folder */
function copyRules(): string {
  const dir = tempDir("edict-load-");
  cpSync("rules", join(dir, "rules"), { recursive: true });
  return join(dir, "rules");
}

describe("the ruleset hash is the content", () => {
  it("is the same for the same pack at three paths, named relatively, absolutely and from inside", () => {
    const here = ok(loadPack("rules/demo-ppo")).ruleset.hash;
    const elsewhere = copyRules();
    const absolute = ok(loadPack(join(elsewhere, "demo-ppo"))).ruleset.hash;
    const third = copyRules();
    const cwd = process.cwd();
    let fromInside: string;
    try {
      process.chdir(join(third, "demo-ppo"));
      fromInside = ok(loadPack(".")).ruleset.hash;
    } finally {
      process.chdir(cwd);
    }
    const dotted = ok(loadPack(relative(cwd, join(third, "demo-ppo")) + "/")).ruleset.hash;
    expect(new Set([here, absolute, fromInside, dotted]).size).toBe(1);
    expect(here).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with any byte of a rule or table file", () => {
    const rules = copyRules();
    const before = ok(loadPack(join(rules, "demo-ppo"))).ruleset.hash;
    const fees = join(rules, "demo-ppo/tables/fees.csv");
    writeFileSync(fees, readFileSync(fees, "utf8").replace("99213,", "99213 ,"));
    const after = ok(loadPack(join(rules, "demo-ppo"))).ruleset.hash;
    expect(after).not.toBe(before);
  });

  it("is what grammar/SEMANTICS.md's shell commands compute (sha256sum over path, NUL, bytes, NUL)", () => {
    const hash = ok(loadPack("rules/demo-ppo")).ruleset.hash;
    // the commands as documented: the packs' .edict files and the tables they name, by path
    // relative to the entry pack, in byte order
    const script = `cd rules/demo-ppo
{ ls *.edict; ls ../cms-edits/*.edict; sed -n 's/^table .* from "\\(.*\\)".*/\\1/p' *.edict;
  sed -n 's/^table .* from "\\(.*\\)".*/..\\/cms-edits\\/\\1/p' ../cms-edits/*.edict; } | LC_ALL=C sort |
while IFS= read -r f; do printf '%s\\0' "$f"; cat "$f"; printf '\\0'; done | sha256sum | cut -c1-64`;
    expect(execFileSync("bash", ["-c", script], { encoding: "utf8" }).trim()).toBe(hash);
  });
});

describe("the file-system host's native SHA-256", () => {
  it("gives every pack in rules/ the hash the portable hasher gives", () => {
    const packs = readdirSync("rules", { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(packs.length).toBeGreaterThan(3);
    for (const pack of packs) {
      const path = `rules/${pack.name}`;
      // the same reads, through a host without a hasher of its own
      const portable = { read: fileSystemHost.read, list: fileSystemHost.list };
      const native = ok(compilePack(path, fileSystemHost)).ruleset.hash;
      expect(native, path).toBe(ok(compilePack(path, portable)).ruleset.hash);
    }
  });

  it("hashes parts one after another, strings as UTF-8, as the portable one does", () => {
    const parts = ["naïve € 😀 ", new Uint8Array([0, 255, 128]), "", "x".repeat(200), new Uint8Array(0)];
    const portable = new Sha256();
    for (const p of parts) portable.update(p);
    expect(fileSystemHost.sha256!(parts)).toBe(portable.hex());
    expect(fileSystemHost.sha256!([])).toBe(new Sha256().hex());
  });

  it("hashes text parts in one call as the portable one hashes them one after another, halves of a surrogate pair included", () => {
    const portable = (parts: string[]) => {
      const h = new Sha256();
      for (const p of parts) h.update(p);
      return h.hex();
    };
    for (const parts of [
      ["plan.edict", "\0", "naïve € 😀", "\0"],
      // a pair split over two parts: each half alone is not UTF-8, so joining them must not make a pair
      ["a\uD83D", "\uDE00b"],
      ["\uD83D", "\0", "\uDE00"],
      ["x".repeat(200), ""],
      // past the one-call limit (a megabyte of text): streamed part by part
      ["é".repeat(1 << 20), "\0", "y"],
    ]) {
      expect(fileSystemHost.sha256!(parts), JSON.stringify(parts)).toBe(portable(parts));
    }
  });

  it("orders the files of the ruleset hash by the UTF-8 bytes of their names, whichever hasher", () => {
    // U+FF21 sorts before U+1F600 in UTF-8, after it in UTF-16
    const texts = new Map([
      ["p/😀.csv", "smile"],
      ["p/\uFF21.csv", "A"],
      ["p/b.edict", "b"],
      ["p/a.edict", "a"],
      ["p/B.edict", "B"],
    ]);
    const names = [...texts.keys()].sort((x, y) => Buffer.compare(Buffer.from(x.slice(2)), Buffer.from(y.slice(2))));
    expect(names.map((n) => n.slice(2))).toEqual(["B.edict", "a.edict", "b.edict", "\uFF21.csv", "😀.csv"]);
    const expected = new Sha256();
    for (const n of names) expected.update(n.slice(2)).update(new Uint8Array(1)).update(texts.get(n)!).update(new Uint8Array(1));
    const digest = expected.hex();
    expect(rulesetHash("p", texts)).toBe(digest);
    expect(rulesetHash("p", texts, fileSystemHost.sha256)).toBe(digest);
    const ascii = new Map([...texts].filter(([n]) => n.endsWith(".edict")));
    const plain = new Sha256();
    for (const n of ["B.edict", "a.edict", "b.edict"])
      plain
        .update(n)
        .update(new Uint8Array(1))
        .update(ascii.get(`p/${n}`)!)
        .update(new Uint8Array(1));
    expect(rulesetHash("p", ascii, fileSystemHost.sha256)).toBe(plain.hex());
  });
});

describe("rule files stay in their pack root", () => {
  /** a pack "p" in a new folder; `files` are written inside the pack folder */
  function pack(files: Record<string, string>): { root: string; dir: string } {
    const root = tempDir("edict-confine-");
    const dir = join(root, "packs", "p");
    mkdirSync(join(dir, "tables"), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { root, dir };
  }
  const header = 'pack "p" version "1"\n';

  it("refuses an include outside the root, relative or absolute, naming it without reading it", () => {
    const { dir } = pack({ "a.edict": `${header}include "../../../../../../../../etc"\ninclude "/etc"\n` });
    const out = loadPack(dir);
    expect(out.ok).toBe(false);
    expect(errors(out)).toMatch(/a\.edict:2:9: error: the included pack \S*etc is outside the pack root/);
    expect(errors(out)).toMatch(/a\.edict:3:9: error: the included pack \/etc is outside the pack root/);
  });

  it("refuses tables outside the root, devices and folders, and never echoes what such a file holds", () => {
    const { dir } = pack({
      "a.edict": `${header}table t from "/etc/passwd" { key code: procedure }
table u from "/dev/zero" { key code: procedure }
table v from "../../../../../../../../proc/self/environ" { key code: procedure }
table w from "tables" { key code: procedure }
`,
    });
    const out = loadPack(dir);
    const text = errors(out);
    expect(text).toContain("a.edict:2:14: error: table file /etc/passwd is outside the pack root");
    expect(text).toContain("a.edict:3:14: error: table file /dev/zero is outside the pack root");
    expect(text).toContain("proc/self/environ is outside the pack root");
    expect(text).toMatch(/table file \S*tables is a folder, not a file/);
    expect(text).not.toContain("root:");
    expect(text).not.toContain("PATH=");
  });

  it("refuses a symbolic link that leads outside, and a device file inside the pack", () => {
    const { dir } = pack({
      "a.edict": `${header}table t from "tables/t.csv" { key code: procedure }\ntable z from "tables/zero.csv" { key code: procedure }\n`,
    });
    symlinkSync("/etc/passwd", join(dir, "tables/t.csv"));
    symlinkSync("/dev/zero", join(dir, "tables/zero.csv"));
    const text = errors(loadPack(dir));
    expect(text).toContain("tables/t.csv leads outside the pack root (through a symbolic link)");
    expect(text).toContain("tables/zero.csv leads outside the pack root");
    expect(text).not.toContain("root:");
  });

  it("reads a shared table outside the root when its folder is allowed with allowPaths", () => {
    const { root, dir } = pack({ "a.edict": `${header}table fees from "../../shared/fees.csv" { key code: procedure\n amount: money }\n` });
    mkdirSync(join(root, "shared"));
    writeFileSync(join(root, "shared/fees.csv"), "code,amount\n99213,10.00\n");
    expect(errors(loadPack(dir))).toContain("is outside the pack root");
    const allowed = ok(loadPack(dir, { allowPaths: [join(root, "shared")] }));
    expect(allowed.ruleset.program.tables[0].rows).toEqual([{ code: "99213", amount: 1000 }]);
    // the same allowance written relative to the working folder
    expect(loadPack(dir, { allowPaths: [relative(process.cwd(), join(root, "shared"))] }).ok).toBe(true);
  });

  it("refuses files over the size limit and files that are not UTF-8", () => {
    const { dir } = pack({ "a.edict": `${header}table t from "tables/t.csv" { key code: procedure }\n` });
    writeFileSync(join(dir, "tables/t.csv"), "code\n" + "99213\n".repeat(100));
    expect(errors(loadPack(dir, { limits: { tableBytes: 100 } }))).toContain("tables/t.csv is larger than 100 bytes, the limit for such files");
    expect(loadPack(dir).ok).toBe(true);
    writeFileSync(join(dir, "tables/t.csv"), Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff, 0xfe, 0x0a]));
    expect(errors(loadPack(dir))).toContain("tables/t.csv is not UTF-8 text");
    expect(errors(loadPack(dir, { limits: { sourceBytes: 10 } }))).toContain("a.edict is larger than 10 bytes");
  });
});

describe("artifacts are verified when loaded", () => {
  const source = ok(loadPack("rules/demo-ppo"));
  const keys = generateKeyPairSync("ed25519");
  const other = generateKeyPairSync("ed25519");
  const pem = (k: { export(o: object): string | Buffer }, type: "pkcs8" | "spki") => k.export({ format: "pem", type }) as string;

  function artifact(bytes: Uint8Array): string {
    const path = join(tempDir("edict-art-"), "pack.edict.bin");
    writeFileSync(path, bytes);
    return path;
  }

  it("a signed artifact loads with its signer's key required, and results carry the key id and signature", () => {
    const path = artifact(buildArtifact(source, pem(keys.privateKey, "pkcs8")));
    const loaded = ok(loadPack(path, { requireSignature: pem(keys.publicKey, "spki") }));
    const outcome = loaded.ruleset.adjudicate(claim, context);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    expect(outcome.result.ruleset.keyId).toBe(keyIdOf(keys.publicKey));
    expect(outcome.result.ruleset.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(outcome.result.ruleset.hash).toBe(source.ruleset.hash);
    // the same payments as the source pack
    const plain = source.ruleset.adjudicate(claim, context);
    expect(plain.ok && outcome.result.totals).toEqual(plain.ok && plain.result.totals);
  });

  it("refuses another signer, an unsigned artifact and a pack folder when a signature is required", () => {
    const signedByOther = artifact(buildArtifact(source, pem(other.privateKey, "pkcs8")));
    const require = { requireSignature: pem(keys.publicKey, "spki") };
    expect(errors(loadPack(signedByOther, require))).toContain(`signed by key ${keyIdOf(other.publicKey)}, not by the required key ${keyIdOf(keys.publicKey)}`);
    expect(errors(loadPack(artifact(buildArtifact(source)), require))).toContain("is not signed, and a signature is required");
    expect(errors(loadPack("rules/demo-ppo", require))).toContain("is a pack folder, which carries no signature");
  });

  it("a signature over another manifest does not verify (a re-signed or spliced artifact)", () => {
    const signed = buildArtifact(source, pem(keys.privateKey, "pkcs8"));
    const unsigned = buildArtifact(source);
    // take the signature block of one artifact and put it on a different program
    const changed = ok(loadPack("rules/cms-edits"));
    const target = buildArtifact(changed);
    const block = signed.subarray(unsigned.length);
    const spliced = new Uint8Array(target.length + block.length);
    spliced.set(target);
    spliced.set(block, target.length);
    expect(errors(loadPack(artifact(spliced)))).toContain("its signature does not verify");
  });

  it("a damaged artifact is an error naming the section, also for `check`-style loading", () => {
    const bytes = buildArtifact(source);
    const damaged = bytes.slice();
    damaged[damaged.length - 9] ^= 0x80;
    expect(errors(loadPack(artifact(damaged)))).toMatch(/the artifact is damaged: section "table [^"]+" does not match its SHA-256/);
  });
});
