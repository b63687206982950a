// Finds and parses the files of a pack and of the packs it includes, through a host that
// reads files (the file system in Node, a map of strings in a browser). Included packs come
// first; a cycle or a missing pack is a diagnostic, never an exception.
import { parse } from "../syntax/parser.js";
import type { SourceFile, PackHeader } from "../syntax/ast.js";
import { spanAt, type Span } from "../common/span.js";
import type { Diagnostic } from "../common/diagnostic.js";
import * as E from "./errors.js";

export interface PackHost {
  /** the names of the files directly inside `dir` (not recursive), or undefined if there is no such folder */
  list(dir: string): string[] | undefined;
  /** the text of a file, or undefined if it does not exist */
  read(path: string): string | undefined;
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

export function loadSources(entryDir: string, host: PackHost): LoadedSources {
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
    const names = host.list(dir);
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
      const text = host.read(path) ?? "";
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
