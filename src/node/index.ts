// The Node edge: reads packs (or built artifacts) from the file system for the CLI and for
// hosts on a server. The only place besides src/cli that touches `fs`. Here rule files are held
// to their pack root (through symbolic links too), must be regular UTF-8 files under a size
// limit, and artifacts are verified: section hashes always, Ed25519 signatures with Node's crypto.
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import * as nodeCrypto from "node:crypto";
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { makeRuleset } from "../engine/ruleset.js";
import { compilePack, type CompileOutput } from "../engine/compile-pack.js";
import { joinPath, type HostRefusal, type PackHost } from "../check/packs.js";
import type { CheckOptions } from "../check/ruleset.js";
import { limitsWith, type Limits } from "../common/limits.js";
import { decodeProgram, encodeProgram, manifestDigest, withSignature, type ArtifactSignature, type Hasher } from "../artifact/artifact.js";
import { cacheKey, lookup, recordingHost, store } from "./cache.js";
import { badArtifact, badSignature, signatureRequired } from "../artifact/errors.js";

export interface LoadOptions extends CheckOptions {
  /** size limits of rule files, tables and artifacts (src/common/limits.ts) */
  limits?: Partial<Limits>;
  /**
   * a public key (PEM text, or a KeyObject): only an artifact signed with its private key is
   * loaded; a pack folder, which cannot carry a signature, is refused
   */
  requireSignature?: string | KeyObject;
  /**
   * a folder for the compiled-pack cache (./cache.ts): a pack folder compiled before, whose
   * files have not changed since, loads from its stored artifact instead of being compiled.
   * Off unless given; a folder that cannot be written just means no cache.
   */
  cache?: PackCache;
}

export interface PackCache {
  dir: string;
  /** told whether the load was a hit, or a miss whose entry was stored or could not be */
  onEvent?: (event: "hit" | "stored" | "not-stored") => void;
}

/** Node's SHA-256, an order of magnitude faster than the browser-safe one for large artifacts */
export const nodeHasher: Hasher = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * Node's one-call SHA-256 (`crypto.hash`, Node 20.12 and later; undefined before): no Hash object
 * and stream machinery to set up, which a process's first ruleset hash would pay for (~0.4 ms)
 */
const hashOnce = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

/** text up to this many characters is hashed in one call; more is streamed, never copied whole */
const HASH_ONCE_CHARS = 1 << 20;

/** the ruleset hash's parts through Node's SHA-256 (PackHost.sha256): the portable one runs interpreted in a fresh process */
function sha256Parts(parts: ReadonlyArray<string | Uint8Array>): string {
  // text parts joined into one string hash as their UTF-8 one after another, unless a part ends
  // in half a surrogate pair, which joining could complete
  if (hashOnce && textUpTo(parts, HASH_ONCE_CHARS)) return hashOnce("sha256", parts.join(""), "hex");
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** whether every part is text, none ends in half a surrogate pair, and all are at most `max` characters together */
function textUpTo(parts: ReadonlyArray<string | Uint8Array>, max: number): parts is ReadonlyArray<string> {
  let length = 0;
  for (const part of parts) {
    if (typeof part !== "string" || endsInHighSurrogate(part)) return false;
    length += part.length;
    if (length > max) return false;
  }
  return true;
}

function endsInHighSurrogate(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff;
}

type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; refusal: HostRefusal | undefined };

/** reads a regular file of at most `max` bytes; never follows a path to a device, FIFO or folder */
function readRegular(path: string, max: number): ReadOutcome {
  let fd: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, refusal: { refused: "is a folder, not a file" } };
    if (!st.isFile()) return { ok: false, refusal: { refused: "is not a regular file" } };
    fd = openSync(path, "r");
  } catch {
    return { ok: false, refusal: undefined };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, refusal: { refused: "is not a regular file" } };
    if (st.size > max) return { ok: false, refusal: tooLarge(max) };
    const buffer = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buffer, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return { ok: true, bytes: buffer.subarray(0, got) };
  } catch {
    return { ok: false, refusal: { refused: "cannot be read" } };
  } finally {
    closeSync(fd);
  }
}

const tooLarge = (max: number): HostRefusal => ({
  refused: `is larger than ${max.toLocaleString("en-US")} bytes, the limit for such files (raise it with --limit)`,
});

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeText(bytes: Buffer): string | HostRefusal {
  try {
    return utf8.decode(bytes);
  } catch {
    return { refused: "is not UTF-8 text" };
  }
}

/**
 * A host reading the file system. With `roots`, a path is read only when its real location
 * (symbolic links resolved) lies inside one of them.
 */
export function fileSystemHostFor(options: { roots?: string[]; limits?: Partial<Limits> } = {}): PackHost {
  const limits = limitsWith(options.limits);
  const realRoots = options.roots?.map((r) => {
    try {
      return realpathSync.native(r);
    } catch {
      return resolve(r);
    }
  });
  const escapes = (path: string): HostRefusal | null => {
    if (!realRoots) return null;
    let real: string;
    try {
      // the system's realpath: one call, where Node's own walks every folder of the path with lstat
      real = realpathSync.native(path);
    } catch {
      return null; // missing: the caller reports that
    }
    const inside = realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
    return inside ? null : { refused: "leads outside the pack root (through a symbolic link); rule files and tables stay inside it" };
  };
  return {
    list(dir) {
      const escaped = escapes(dir);
      if (escaped) return escaped;
      try {
        return statSync(dir).isDirectory() ? readdirSync(dir) : undefined;
      } catch {
        return undefined;
      }
    },
    read(path, kind) {
      const escaped = escapes(path);
      if (escaped) return escaped;
      const read = readRegular(path, kind === "table" ? limits.tableBytes : limits.sourceBytes);
      if (!read.ok) return read.refusal;
      return decodeText(read.bytes);
    },
    sha256: sha256Parts,
  };
}

/** the file system without confinement (regular UTF-8 files within the default size limits only) */
export const fileSystemHost: PackHost = fileSystemHostFor();

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Compiles the pack in folder `path` (and the packs it includes), or loads the artifact file
 * `path` written by `edict build`, verifying its hashes and any signature.
 */
export function loadPack(path: string, options: LoadOptions = {}): CompileOutput {
  if (isFile(path)) return loadArtifact(path, options);
  const entry = path.replace(/\/+$/, "") || "/";
  if (options.requireSignature !== undefined) {
    return {
      ok: false,
      diagnostics: [
        signatureRequired(
          entry,
          `${entry} is a pack folder, which carries no signature; a signature is required, so load an artifact built with \`edict build --sign\``,
        ),
      ],
    };
  }
  const allow = (options.allowPaths ?? []).map((a) => sameKind(entry, a));
  // the pack root: the working folder when the pack lies below it, else the pack's parent folder
  const absolute = resolve(entry);
  const cwd = process.cwd();
  const below = absolute.startsWith(cwd.endsWith(sep) ? cwd : cwd + sep);
  const root = below ? cwd : dirname(absolute);
  const roots = [root, absolute, ...(options.allowPaths ?? []).map((a) => resolve(a))];
  const packRoot = isAbsolute(entry) ? root : sameKind(entry, root);
  const host = fileSystemHostFor({ roots, limits: options.limits });
  const checkOptions = { ...options, allowPaths: allow, packRoot };
  if (!options.cache) return compilePack(entry, host, checkOptions);
  return compileCached(options.cache, entry, host, checkOptions, {
    cwd,
    entry,
    roots,
    allow,
    packRoot,
    limits: limitsWith(options.limits),
    reasonCodes: options.reasonCodes ? Object.entries(options.reasonCodes).map(([k, m]) => [k, [...m]]) : null,
  });
}

/** compilePack through the cache: the stored artifact when the host still answers as it did, else a compile (stored when it has no errors) */
function compileCached(cache: PackCache, entry: string, host: PackHost, options: CheckOptions, keyParts: unknown): CompileOutput {
  const slot = cacheKey(keyParts);
  const hit = lookup(cache.dir, slot, host, nodeHasher);
  if (hit) {
    cache.onEvent?.("hit");
    return { ok: true, ruleset: makeRuleset(hit.program), diagnostics: hit.diagnostics };
  }
  const recording = recordingHost(host);
  const out = compilePack(entry, recording.host, options);
  const answers = recording.answers();
  const stored = out.ok && answers !== null && store(cache.dir, slot, answers, out.ruleset.program, out.diagnostics, nodeHasher);
  cache.onEvent?.(stored ? "stored" : "not-stored");
  return out;
}

/** `path` written the way `entry` is (both absolute, or both relative to the working folder), so paths compare as text */
function sameKind(entry: string, path: string): string {
  if (isAbsolute(entry)) return resolve(path);
  const rel = relative(process.cwd(), resolve(path));
  return joinPath(".", rel.split(sep).join("/") || ".");
}

function loadArtifact(path: string, options: LoadOptions): CompileOutput {
  const limits = limitsWith(options.limits);
  const read = readRegular(path, limits.artifactBytes);
  if (!read.ok) return { ok: false, diagnostics: [badArtifact(path, `the file ${read.refusal?.refused ?? "cannot be read"}`)] };
  const decoded = decodeProgram(read.bytes, nodeHasher);
  if (!decoded.ok) return { ok: false, diagnostics: [badArtifact(path, decoded.message)] };
  const { program, signature } = decoded;
  if (signature) {
    const checked = checkSignature(signature, decoded.digest, options.requireSignature);
    if (checked) return { ok: false, diagnostics: [badSignature(path, checked)] };
    program.signature = { keyId: signature.keyId, signature: signature.signature };
  } else if (options.requireSignature !== undefined) {
    return {
      ok: false,
      diagnostics: [signatureRequired(path, `${path} is not signed, and a signature is required (build it with \`edict build --sign <private key>\`)`)],
    };
  }
  return { ok: true, ruleset: makeRuleset(program), diagnostics: [] };
}

/** why a signature block does not hold (null when it does): it must verify, and be by the required key when one is given */
function checkSignature(s: ArtifactSignature, digest: Uint8Array, required: string | KeyObject | undefined): string | null {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(s.publicKey, "base64"), format: "der", type: "spki" });
  } catch {
    return "the artifact is damaged: its signature block holds no readable public key";
  }
  if (key.asymmetricKeyType !== "ed25519" || keyIdOf(key) !== s.keyId)
    return "the artifact is damaged: its signature block's key id does not match its public key";
  if (!verify(null, digest, key, Buffer.from(s.signature, "base64")))
    return "the artifact is damaged: its signature does not verify (the manifest or the signature was changed)";
  if (required !== undefined) {
    const want = typeof required === "string" ? publicKeyFrom(required) : required;
    if (typeof want === "string") return want;
    if (keyIdOf(want) !== s.keyId) return `the artifact is signed by key ${s.keyId}, not by the required key ${keyIdOf(want)}`;
  }
  return null;
}

function publicKeyFrom(pem: string): KeyObject | string {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === "ed25519" ? key : `the required key is a ${key.asymmetricKeyType} key; signatures are Ed25519`;
  } catch {
    return "the required public key is not a PEM public key (openssl pkey -in key.pem -pubout)";
  }
}

/** a key's id: the first 32 hex digits of the SHA-256 of its DER SubjectPublicKeyInfo */
export function keyIdOf(key: KeyObject): string {
  return createHash("sha256")
    .update(key.export({ format: "der", type: "spki" }))
    .digest("hex")
    .slice(0, 32);
}

/** the key id of the public key of a private key (PEM), as signed results show it */
export function signingKeyId(privatePem: string): string {
  return keyIdOf(createPublicKey(createPrivateKey(privatePem)));
}

/** the artifact bytes of a compiled pack (for `edict build`), signed when a private key (PEM) is given */
export function buildArtifact(out: CompileOutput & { ok: true }, signWith?: string | KeyObject): Uint8Array {
  const bytes = encodeProgram(out.ruleset.program, nodeHasher);
  if (signWith === undefined) return bytes;
  const key = typeof signWith === "string" ? createPrivateKey(signWith) : signWith;
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`the signing key is a ${key.asymmetricKeyType} key; Edict signs with Ed25519 (openssl genpkey -algorithm ed25519)`);
  const publicKey = createPublicKey(key);
  const digest = manifestDigest(bytes)!;
  return withSignature(bytes, {
    algorithm: "ed25519",
    keyId: keyIdOf(publicKey),
    publicKey: publicKey.export({ format: "der", type: "spki" }).toString("base64"),
    signature: sign(null, digest, key).toString("base64"),
  });
}

export { loadFhirValidator } from "./fhir.js";
