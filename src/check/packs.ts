// Finds and parses the files of a pack and of the packs it includes, through a host that
// reads files (the file system in Node, a map of strings in a browser). Included packs come
// first; a cycle or a missing pack is a diagnostic, never an exception.
import { parse } from "../syntax/parser.js";
import type { SourceFile, PackHeader } from "../syntax/ast.js";
import { spanAt, type Span } from "../common/span.js";
import type { Diagnostic } from "../common/diagnostic.js";
import * as E from "./errors.js";

export interface PackHost {
  /**
   * the names of the files directly inside `dir` (not recursive), undefined if there is no such
   * folder, or why the folder may not be read
   */
  list(dir: string): string[] | undefined | HostRefusal;
  /**
   * the text of a file, undefined if it does not exist, or why it may not be read (not a regular
   * file, too large, not UTF-8, outside the pack root); a refusal never quotes the file
   */
  read(path: string, kind?: "source" | "table"): string | undefined | HostRefusal;
  /**
   * optional: the SHA-256 (lowercase hex) of the parts one after another, strings as UTF-8. A
   * host with a native hasher offers it for the ruleset hash: the checker's own (src/ir/sha256.ts)
   * gives the same digest but runs in V8's interpreter on a process's first compile (~5 ms for
   * a 14 kB pack, against well under 1 ms natively).
   */
  sha256?(parts: ReadonlyArray<string | Uint8Array>): string;
}

/** a host's reason for not reading a path, said after the path ("is not a regular file") */
export interface HostRefusal {
  refused: string;
}

export const isRefusal = (x: unknown): x is HostRefusal => typeof x === "object" && x !== null && typeof (x as HostRefusal).refused === "string";

/**
 * Where rule files may come from: the pack root and any folders the host allows besides (shared
 * tables). The pack root is the working folder when the entry pack lies below it, so the packs
 * of one project may include each other across its folders; otherwise it is the folder holding
 * the entry pack (grammar/SEMANTICS.md §1).
 */
export interface Confinement {
  root: string;
  allow: string[];
}

export interface LoadedPack {
  dir: string;
  name: string;
  version: string;
  header: PackHeader;
  files: SourceFile[];
  /** the folders this pack includes directly */
  includes: string[];
}

/**
 * The confinement of a load from `entryDir`, plus `allow`. Paths are as the host names them: a
 * relative entry below "." has the working folder as its root; any other entry (".", one that
 * climbs, an absolute one) its parent folder, unless the host says otherwise with `root`.
 */
export function confinementOf(entryDir: string, allow: readonly string[] = [], root?: string): Confinement {
  const entry = joinPath(".", entryDir);
  const below = !entry.startsWith("/") && entry !== "." && entry !== ".." && !entry.startsWith("../");
  return { root: root !== undefined ? joinPath(".", root) : below ? "." : joinPath(entry, ".."), allow: allow.map((a) => joinPath(".", a)) };
}

/** whether normalised path `path` is `dir` or inside it (normalised paths keep their `..` in front) */
export function isInside(path: string, dir: string): boolean {
  if (path.startsWith("/") !== dir.startsWith("/")) return false;
  const p = path.split("/").filter((x) => x !== "" && x !== ".");
  const d = dir.split("/").filter((x) => x !== "" && x !== ".");
  const up = (parts: string[]) => (parts.findIndex((x) => x !== "..") === -1 ? parts.length : parts.findIndex((x) => x !== ".."));
  const pUp = up(p);
  const dUp = up(d);
  if (pUp > dUp) return false;
  // a folder that is only climbs ("..", "../..") holds everything that climbs less
  if (pUp < dUp) return d.length === dUp;
  if (p.length < d.length) return false;
  for (let i = 0; i < d.length; i++) if (p[i] !== d[i]) return false;
  return true;
}

export function isConfined(path: string, c: Confinement): boolean {
  return isInside(path, c.root) || c.allow.some((a) => isInside(path, a));
}

/** `to` relative to `from`, both normalised '/' paths of the same kind: relativePath("rules/demo-ppo", "rules/cms-edits/a.edict") = "../cms-edits/a.edict" */
export function relativePath(from: string, to: string): string {
  const f = from.split("/").filter((x) => x !== "" && x !== ".");
  const t = to.split("/").filter((x) => x !== "" && x !== ".");
  let common = 0;
  while (common < f.length && common < t.length && f[common] === t[common]) common++;
  // a `from` that climbs further than `to` (from "../a", to "b") has no name for its parent: keep `to`
  if (f.slice(common).includes("..")) return to;
  return [...f.slice(common).map(() => ".."), ...t.slice(common)].join("/") || ".";
}

export interface LoadedSources {
  /** dependency order: included packs before the packs that include them */
  packs: LoadedPack[];
  /** every file read (sources and, later, tables), by path, for hashing and fact texts */
  texts: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** joins and normalises '/'-separated paths: joinPath("rules/demo-ppo", "../cms-edits") = "rules/cms-edits" */
export function joinPath(base: string, relative: string): string {
  const parts = relative.startsWith("/") ? [] : base.split("/").filter((p, i) => p !== "." && (p !== "" || i === 0));
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
      else parts.push("..");
    } else parts.push(part);
  }
  const joined = parts.filter((p, i) => p !== "" || i === 0).join("/");
  return relative.startsWith("/") ? "/" + joined : joined || ".";
}

export function loadSources(entryDir: string, host: PackHost, confinement: Confinement = confinementOf(entryDir)): LoadedSources {
  const out: LoadedSources = { packs: [], texts: new Map(), diagnostics: [] };
  const state = new Map<string, "loading" | "done">();

  const visit = (dir: string, from: Span | null): void => {
    const status = state.get(dir);
    if (status === "done") return;
    if (status === "loading") {
      out.diagnostics.push(E.includeCycle(from ?? spanAt(dir, 1, 1, 0), dir));
      return;
    }
    state.set(dir, "loading");
    if (!isConfined(dir, confinement)) {
      out.diagnostics.push(E.outsidePackRoot(from ?? spanAt(dir, 1, 1, 0), "the included pack", dir, confinement.root));
      state.set(dir, "done");
      return;
    }
    const listed = host.list(dir);
    if (isRefusal(listed)) {
      out.diagnostics.push(E.unreadableFile(from ?? spanAt(dir, 1, 1, 0), "the pack folder ", dir, listed.refused));
      state.set(dir, "done");
      return;
    }
    const names = listed;
    const sourceNames = (names ?? []).filter((n) => n.endsWith(".edict")).sort();
    if (!names || sourceNames.length === 0) {
      const at = from ?? spanAt(dir, 1, 1, 0);
      out.diagnostics.push(names ? E.noRuleFiles(at, dir) : E.noPackFolder(at, dir));
      state.set(dir, "done");
      return;
    }
    const files: SourceFile[] = [];
    for (const name of sourceNames) {
      const path = `${dir}/${name}`;
      const read = host.read(path, "source");
      if (isRefusal(read)) {
        out.diagnostics.push(E.unreadableFile(spanAt(path, 1, 1, 0), "", path, read.refused));
        continue;
      }
      const text = read ?? "";
      out.texts.set(path, text);
      const parsed = parse(text, path);
      out.diagnostics.push(...parsed.diagnostics);
      files.push(parsed.ast);
    }
    const headers = files.flatMap((f) => f.declarations.filter((d): d is PackHeader => d.kind === "pack"));
    if (headers.length === 0) {
      out.diagnostics.push(E.noPackHeader(`${dir}/${sourceNames[0]}`, dir));
    }
    for (const extra of headers.slice(1)) {
      out.diagnostics.push(E.duplicatePackHeader(extra.span));
    }
    const includes: string[] = [];
    for (const file of files) {
      for (const d of file.declarations) {
        if (d.kind !== "include") continue;
        const included = joinPath(dir, d.path.value);
        includes.push(included);
        visit(included, d.path.span);
      }
    }
    if (headers[0]) {
      out.packs.push({ dir, name: headers[0].name.value, version: headers[0].version.value, header: headers[0], files, includes });
    }
    state.set(dir, "done");
  };

  visit(joinPath(".", entryDir), null);
  return out;
}

/** a host over an in-memory map of path → text (for browsers, tests and embedding) */
export function memoryHost(files: Record<string, string>): PackHost {
  const normalized = new Map(Object.entries(files).map(([p, t]) => [joinPath(".", p), t]));
  return {
    read: (path) => normalized.get(joinPath(".", path)),
    list: (dir) => {
      const prefix = joinPath(".", dir) + "/";
      const names = [...normalized.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split("/")[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
  };
}
