// The impact view: the edited pack against the pack as loaded, on the example claims or an NDJSON
// file, as `edict diff` reports it — the changed claims with the rule responsible for each
// changed line, the paid and member-share deltas by rule — and a claim's two results side by side.
import { h } from "../dom.js";
import type { TraceEntry } from "../../model/types.js";
import { renderResult } from "../panel/results.js";
import type { ImpactClaim, ImpactProgress, ImpactReply } from "./protocol.js";

export function renderProgress(p: ImpactProgress): HTMLElement {
  const pct = p.total ? Math.round((100 * p.done) / p.total) : 0;
  return h(
    "div",
    { class: "ee-impact-progress" },
    h("progress", { max: 100, value: pct }),
    ` ${p.records.toLocaleString("en-US")} claims compared, ${p.changed.toLocaleString("en-US")} changed (${pct}%)`,
  );
}

const money = (s: string) => (s.startsWith("-") ? `−$${s.slice(1)}` : s.startsWith("+") ? `+$${s.slice(1)}` : `$${s}`);

export function renderImpact(reply: ImpactReply, source: string, reveal: (entry: TraceEntry) => void): HTMLElement {
  if (reply.kind === "rule-errors") {
    const which = reply.side === "base" ? "the pack as loaded" : "the edited pack";
    return h(
      "div",
      { class: "ee-result ee-problems" },
      `${which} has errors; fix them first (${reply.diagnostics.filter((d) => d.severity === "error").length} errors).`,
    );
  }
  const s = reply.summary;
  const sides = h("div", { class: "ee-impact-sides" });
  const head = h(
    "div",
    { class: "ee-impact-summary" },
    h("b", {}, `${source}: `),
    `${s.claims} claims compared, ${s.changedClaims} changed (${s.changedLines} lines), ${s.statusChanges} changed status${s.malformed ? `, ${s.malformed} malformed` : ""}. `,
    `Paid ${money(s.paid.base)} → ${money(s.paid.head)} (${money(s.paid.delta)}); member share ${money(s.patientResponsibility.base)} → ${money(s.patientResponsibility.head)} (${money(s.patientResponsibility.delta)}).`,
  );
  const byRule = s.byRule.length
    ? h(
        "table",
        { class: "ee-lines ee-impact-rules" },
        h("thead", {}, h("tr", {}, ...["Rule responsible", "Claims", "Lines", "Status changes", "Paid Δ", "Member Δ"].map((c) => h("th", {}, c)))),
        h(
          "tbody",
          {},
          ...s.byRule.map((r) =>
            h(
              "tr",
              { "data-rule": r.rule },
              h("td", {}, r.rule),
              h("td", { class: "ee-num" }, String(r.claims)),
              h("td", { class: "ee-num" }, String(r.lines)),
              h("td", { class: "ee-num" }, String(r.statusChanges)),
              h("td", { class: "ee-num" }, money(r.paidDelta)),
              h("td", { class: "ee-num" }, money(r.patientResponsibilityDelta)),
            ),
          ),
        ),
      )
    : h("div", { class: "ee-muted" }, "No claim changes.");
  const claims = reply.changes.length
    ? h(
        "table",
        { class: "ee-lines ee-impact-claims" },
        h("thead", {}, h("tr", {}, ...["Claim", "Status", "Paid", "Member", "Lines changed (rule)"].map((c) => h("th", {}, c)))),
        h("tbody", {}, ...reply.changes.map((c) => claimRow(c, sides, reveal))),
      )
    : null;
  const more = reply.more ? h("div", { class: "ee-muted" }, `…and ${reply.more} more changed claims (counted above, not listed).`) : null;
  const malformed = reply.malformed.length
    ? h(
        "details",
        { class: "ee-problems" },
        h("summary", {}, `${reply.malformed.length} malformed records`),
        h(
          "ul",
          {},
          ...reply.malformed
            .slice(0, 50)
            .map((m) => h("li", {}, `input line ${m.line}${m.claimId ? ` (${m.claimId})` : ""}: ${m.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`)),
        ),
      )
    : null;
  return h("div", { class: "ee-result ee-impact-result" }, head, byRule, claims, more, malformed, sides);
}

function claimRow(c: ImpactClaim, sides: HTMLElement, reveal: (entry: TraceEntry) => void): HTMLElement {
  const status = c.status.base === c.status.head ? c.status.head : `${c.status.base} → ${c.status.head}`;
  const row = h(
    "tr",
    {
      class: "ee-impact-claim",
      "data-claim": c.claimId,
      tabindex: 0,
      title: c.sides ? "show the two results side by side" : "",
    },
    h("td", {}, h("b", {}, c.claimId), c.name ? h("div", { class: "ee-muted" }, c.name) : null),
    h("td", {}, status),
    h("td", { class: "ee-num" }, `${c.paid.base} → ${c.paid.head} (${c.paid.delta})`),
    h("td", { class: "ee-num" }, `${c.patientResponsibility.base} → ${c.patientResponsibility.head} (${c.patientResponsibility.delta})`),
    h("td", {}, ...c.lines.map((l) => h("div", {}, `line ${l.lineNumber}: ${l.changed.join(", ")} `, h("span", { class: "ee-tag" }, l.rule)))),
  );
  const show = () => {
    if (!c.sides) return;
    row.parentElement?.querySelectorAll("[aria-current]").forEach((r) => r.removeAttribute("aria-current"));
    row.setAttribute("aria-current", "true");
    const { claim, base, head } = c.sides;
    sides.replaceChildren(
      h("h4", {}, `${c.claimId}: as loaded and as edited`),
      h(
        "div",
        { class: "ee-side-by-side" },
        h(
          "div",
          { class: "ee-side", "data-side": "base" },
          h("h4", {}, "As loaded"),
          renderResult(base, claim, () => undefined),
        ),
        h(
          "div",
          { class: "ee-side", "data-side": "head" },
          h("h4", {}, "As edited"),
          renderResult(head, claim, (entry) => reveal(entry)),
        ),
      ),
    );
    sides.scrollIntoView({ block: "nearest" });
  };
  row.addEventListener("click", show);
  row.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      show();
    }
  });
  return row;
}
