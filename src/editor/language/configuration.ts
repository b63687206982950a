// Brackets, comments, auto-closing, word shape and folding of the `.edict` language: folding
// ranges are whole declarations, `{ … }` blocks, comment blocks and `// ----` section headings.
import type * as Monaco from "monaco-editor/editor";

export const DECLARATION_START = /^(pack|include|valueset|table|parameter|accumulator|plan|benefit|rule|precedence)\b/;
const SECTION = /^\/\/\s*-{4,}/;

export const edictConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: "//" },
  brackets: [
    ["{", "}"],
    ["[", "]"],
    ["(", ")"],
  ],
  autoClosingPairs: [
    { open: "{", close: "}" },
    { open: "[", close: "]" },
    { open: "(", close: ")" },
    { open: '"', close: '"', notIn: ["string", "comment"] },
  ],
  surroundingPairs: [
    { open: "{", close: "}" },
    { open: "[", close: "]" },
    { open: "(", close: ")" },
    { open: '"', close: '"' },
  ],
  // reason codes (CO-45), money, percentages and codes with a dot (Z12.11) are one word each
  wordPattern: /(?:CO|PR|OA|PI|CR)-[A-Za-z0-9]*|\$\d+(?:\.\d+)?|\d+(?:\.\d+)?%|[A-Za-z0-9_]+(?:\.[A-Z0-9]+)?\*?/,
  indentationRules: { increaseIndentPattern: /\{[^}"]*$/, decreaseIndentPattern: /^\s*\}/ },
  folding: { markers: { start: /^\s*\/\/\s*#region\b/, end: /^\s*\/\/\s*#endregion\b/ } },
};

export interface Fold {
  start: number;
  end: number;
  kind: "comment" | "region" | "block";
}

/** folding ranges of a text, 1-based lines */
export function foldingRanges(text: string): Fold[] {
  const lines = text.split(/\r?\n/);
  const folds: Fold[] = [];
  const isBlank = (i: number) => lines[i].trim() === "";
  const isComment = (i: number) => lines[i].trimStart().startsWith("//");
  const lastContent = (from: number, before: number) => {
    let end = before - 1;
    while (end > from && (isBlank(end) || isComment(end))) end--;
    return end;
  };

  // declarations: from their first line to the last line before the next declaration or section
  const starts = lines.map((l, i) => (DECLARATION_START.test(l) ? i : -1)).filter((i) => i >= 0);
  const sections = lines.map((l, i) => (SECTION.test(l) ? i : -1)).filter((i) => i >= 0);
  for (const [k, start] of starts.entries()) {
    const limit = Math.min(starts[k + 1] ?? lines.length, sections.find((s) => s > start) ?? lines.length);
    const end = lastContent(start, limit);
    if (end > start) folds.push({ start: start + 1, end: end + 1, kind: "block" });
  }
  for (const [k, start] of sections.entries()) {
    const end = lastContent(start, sections[k + 1] ?? lines.length);
    if (end > start) folds.push({ start: start + 1, end: end + 1, kind: "region" });
  }
  // comment blocks of two lines or more
  for (let i = 0; i < lines.length; i++) {
    if (!isComment(i)) continue;
    let j = i;
    while (j + 1 < lines.length && isComment(j + 1)) j++;
    if (j > i) folds.push({ start: i + 1, end: j + 1, kind: "comment" });
    i = j;
  }
  // { … } blocks inside declarations (plan tiers)
  const open: number[] = [];
  for (const [i, line] of lines.entries()) {
    const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\/\/.*$/, "");
    for (const ch of code) {
      if (ch === "{") open.push(i);
      else if (ch === "}" && open.length) {
        const start = open.pop()!;
        if (i - 1 > start) folds.push({ start: start + 1, end: i, kind: "block" });
      }
    }
  }
  // one fold per first line: a declaration's own fold wins over its braces
  const seen = new Set<number>();
  return folds.filter((f) => !seen.has(f.start) && (seen.add(f.start), true));
}
