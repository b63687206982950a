// The compiled-pack cache: a repeat load of an unchanged pack folder skips parsing, checking and
// CSV reading by loading the artifact (src/artifact) stored after an earlier compile.
//
// Why it is sound: compilePack is a pure function of what its host answers to `read(path, kind)`
// and `list(dir)` (plus the options, which are part of the key). A miss compiles through a host
// that records every answer; the entry stores each answer's SHA-256 (a refusal or an absent file
// by its text) beside the artifact. A lookup asks the same host the same questions again and
// uses the artifact only when every answer is the same, so a hit returns what a compile would.
// Anything unexpected (no entry, another key's entry, a damaged file, a changed answer) is a
// miss, never an error: the pack is compiled from source and the entry replaced. Entries are
// written to a temporary file and renamed into place, so a reader never sees half of one.
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PackHost } from "../check/packs.js";
import type { Diagnostic } from "../common/diagnostic.js";
import { decodeProgram, encodeProgram, type Hasher } from "../artifact/artifact.js";
import type { Program } from "../ir/ir.js";

const MAGIC = "EDICT-PACK-CACHE-1\n";

/** one question the compile asked its host, and the SHA-256 of the answer */
interface Answer {
  op: "read" | "list";
  path: string;
  kind?: "source" | "table";
  sha256: string;
}

interface Header {
  key: string;
  answers: Answer[];
  diagnostics: Diagnostic[];
}

const sha256Text = (text: string): string => createHash("sha256").update(text).digest("hex");

/** an answer as text to hash: a file's text, a folder's names, a refusal's reason, or absence, each tagged so no two kinds collide */
function answerText(answer: unknown): string {
  if (answer === undefined) return "absent";
  if (typeof answer === "string") return `text:${answer}`;
  return `json:${JSON.stringify(answer)}`;
}

/** a host that passes every question on to `host` and remembers the answers' hashes */
export function recordingHost(host: PackHost): { host: PackHost; answers: () => Answer[] | null } {
  const seen = new Map<string, Answer>();
  let consistent = true;
  const note = (a: Answer) => {
    const id = `${a.op}\0${a.kind ?? ""}\0${a.path}`;
    const before = seen.get(id);
    if (before === undefined) seen.set(id, a);
    else if (before.sha256 !== a.sha256) consistent = false; // the file changed during the compile: store nothing
  };
  const recording: PackHost = {
    list(dir) {
      const answer = host.list(dir);
      note({ op: "list", path: dir, sha256: sha256Text(answerText(answer)) });
      return answer;
    },
    read(path, kind) {
      const answer = host.read(path, kind);
      note({ op: "read", path, ...(kind ? { kind } : {}), sha256: sha256Text(answerText(answer)) });
      return answer;
    },
  };
  if (host.sha256) recording.sha256 = host.sha256.bind(host);
  return { host: recording, answers: () => (consistent ? [...seen.values()] : null) };
}

/** whether `host` still gives every recorded answer */
function stillAnswers(host: PackHost, answers: readonly Answer[]): boolean {
  for (const a of answers) {
    const answer = a.op === "list" ? host.list(a.path) : host.read(a.path, a.kind);
    if (sha256Text(answerText(answer)) !== a.sha256) return false;
  }
  return true;
}

let buildStamp: string | undefined;

/**
 * What identifies the running build of Edict: the name, size and modification time of every
 * module file beside this one (dist/ in a build), so a rebuilt or upgraded Edict — whose
 * compiler may compile differently — never uses another build's entries.
 */
export function edictBuildStamp(): string {
  if (buildStamp !== undefined) return buildStamp;
  let stamp = "unknown";
  try {
    const here = fileURLToPath(import.meta.url);
    const dir = dirname(here);
    const files = readdirSync(dir)
      .filter((n) => /\.(c|m)?[jt]s$/.test(n))
      .sort();
    stamp = sha256Text(
      JSON.stringify(
        files.map((n) => {
          const st = statSync(join(dir, n));
          return [n, st.size, st.mtimeMs];
        }),
      ),
    );
  } catch {
    // no stamp: entries still carry the key's other parts
  }
  buildStamp = stamp;
  return stamp;
}

/**
 * Where an entry lives and what it must say it is. The file is named by the pack and the options
 * alone, so a pack has one entry per set of options, replaced when its files or Edict change
 * (the folder does not grow with every edit or rebuild); the key inside it adds the running build.
 */
export interface CacheSlot {
  file: string;
  key: string;
}

/** an entry's file name and key: SHA-256s of everything besides the host's answers that the compile's result depends on */
export function cacheKey(parts: unknown): CacheSlot {
  const file = sha256Text(JSON.stringify({ cache: MAGIC, parts }));
  return { file, key: sha256Text(JSON.stringify({ file, build: edictBuildStamp() })) };
}

const entryPath = (dir: string, slot: CacheSlot): string => join(dir, `${slot.file}.pack`);

/** the cached compile in `slot`, if its file exists, is whole, carries this key, and `host` still answers as recorded; else null */
export function lookup(dir: string, slot: CacheSlot, host: PackHost, hasher: Hasher): { program: Program; diagnostics: Diagnostic[] } | null {
  try {
    const bytes = readFileSync(entryPath(dir, slot));
    const magic = Buffer.from(MAGIC, "utf8");
    if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return null;
    const headerLength = bytes.readUInt32LE(magic.length);
    const headerStart = magic.length + 4;
    if (headerStart + headerLength > bytes.length) return null;
    const header = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString("utf8")) as Header;
    if (header?.key !== slot.key || !Array.isArray(header.answers) || !Array.isArray(header.diagnostics)) return null;
    if (!stillAnswers(host, header.answers)) return null;
    const start = headerStart + headerLength;
    // the header is padded so that the artifact starts 8-byte aligned, which spares decodeProgram a copy
    const decoded = decodeProgram(bytes.subarray(start), hasher);
    if (!decoded.ok || decoded.signature) return null;
    return { program: decoded.program, diagnostics: header.diagnostics };
  } catch {
    return null;
  }
}

/** stores an entry; false (and nothing written) when the folder cannot be written */
export function store(dir: string, slot: CacheSlot, answers: Answer[], program: Program, diagnostics: Diagnostic[], hasher: Hasher): boolean {
  let temp: string | undefined;
  try {
    const artifact = encodeProgram(program, hasher);
    const json = Buffer.from(JSON.stringify({ key: slot.key, answers, diagnostics } satisfies Header), "utf8");
    // spaces after the JSON so that the artifact starts 8-byte aligned in the file
    const magicLength = Buffer.byteLength(MAGIC, "utf8");
    const header = Buffer.concat([json, Buffer.alloc((8 - ((magicLength + 4 + json.length) % 8)) % 8, " ")]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    mkdirSync(dir, { recursive: true });
    temp = join(dir, `.${slot.file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    const fd = openSync(temp, "wx", 0o600);
    try {
      for (const part of [Buffer.from(MAGIC, "utf8"), length, header, artifact]) {
        let done = 0;
        while (done < part.length) done += writeSync(fd, part, done, part.length - done);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temp, entryPath(dir, slot));
    return true;
  } catch {
    if (temp !== undefined) {
      try {
        unlinkSync(temp);
      } catch {
        // never made
      }
    }
    return false;
  }
}
