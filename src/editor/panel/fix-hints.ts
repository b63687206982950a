// The try-it panel's fix hints: under the lines table, each denied or pended line with the
// corrections that would pay it, every one verified by adjudicating the corrected claim
// (src/fixes, docs/CONTRACT.md "Fix hints").
import type { FixHint, Result } from "../protocol.js";
import { h } from "../dom.js";

export function renderFixHints(result: Result, fixes: readonly FixHint[]): HTMLElement {
  const open = result.lines.filter((l) => l.status !== "paid");
  return h(
    "div",
    { class: "ee-fixes" },
    h("h4", {}, "Fix hints — each verified by adjudicating the corrected claim"),
    h(
      "ul",
      {},
      ...open.map((line) => {
        const mine = fixes.filter((f) => f.lineNumber === line.lineNumber);
        return h(
          "li",
          { "data-line": line.lineNumber },
          h("b", {}, `Line ${line.lineNumber}`),
          ` ${line.status} ${line.reason ?? ""}${mine[0] ? ` by ${mine[0].decidedBy.rule}` : ""}`,
          mine.length
            ? h("ul", {}, ...mine.map((f) => h("li", { class: "ee-fix", "data-kind": f.change.kind, "data-paid": f.verified.paid }, f.message)))
            : h("div", { class: "ee-desc" }, "no correction found that would pay it"),
        );
      }),
    ),
  );
}
