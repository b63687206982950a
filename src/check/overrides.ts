// Pack overrides: a pack may replace a rule (`override rule`), switch one off (`disable rule`)
// or change a parameter's value (`override parameter`) of the packs it includes, each by name.
// This module decides whether an override may name its target; ruleset.ts applies it.
import type * as A from "../syntax/ast.js";
import type { Diagnostic } from "../common/diagnostic.js";
import type { LoadedPack } from "./packs.js";
import { closest } from "./suggest.js";
import * as E from "./errors.js";

/** the pack whose declaration a name currently refers to (the last override, or the original) */
export interface Owner {
  pack: LoadedPack;
  span: A.Span;
  /** the declaration is itself an override */
  override: boolean;
}

/** which packs each pack includes, directly or through the packs it includes */
export function includedPacks(packs: readonly LoadedPack[]): (outer: LoadedPack, inner: LoadedPack) => boolean {
  const byDir = new Map(packs.map((p) => [p.dir, p]));
  const reach = new Map<string, Set<string>>();
  const reachOf = (pack: LoadedPack, visiting: Set<string>): Set<string> => {
    const known = reach.get(pack.dir);
    if (known) return known;
    const out = new Set<string>();
    visiting.add(pack.dir);
    for (const dir of pack.includes) {
      const inner = byDir.get(dir);
      if (!inner || visiting.has(dir)) continue; // a missing pack or a cycle is reported by loadSources
      out.add(dir);
      for (const d of reachOf(inner, visiting)) out.add(d);
    }
    visiting.delete(pack.dir);
    reach.set(pack.dir, out);
    return out;
  };
  return (outer, inner) => reachOf(outer, new Set()).has(inner.dir);
}

/**
 * Whether `by` may override `target`: it must name a rule or parameter that a pack `by` includes
 * declared (or last overrode). Reports why not, with a "did you mean" among the names it could override.
 */
export function mayOverride(
  word: E.OverrideWord,
  target: A.Name,
  by: LoadedPack,
  owners: ReadonlyMap<string, Owner>,
  includes: (outer: LoadedPack, inner: LoadedPack) => boolean,
  report: (d: Diagnostic) => void,
): boolean {
  const owner = owners.get(target.text);
  if (!owner) {
    const candidates = [...owners].filter(([, o]) => includes(by, o.pack)).map(([name]) => name);
    report(E.unknownOverride(target.span, word, target.text, by.name, closest(target.text, candidates)));
    return false;
  }
  if (owner.pack === by) {
    report(E.overrideOwn(target.span, word, target.text, owner.span, owner.override));
    return false;
  }
  if (!includes(by, owner.pack)) {
    report(E.overrideNotIncluded(target.span, word, target.text, owner.pack.name, owner.span, by.name));
    return false;
  }
  return true;
}
