// Renders an adjudication for the try-it panel: the claim's status and totals, a table of lines
// (status, amounts, reason codes with descriptions) and the trace, each entry clickable.
import { describeCarc, describeGroup, describeRarc } from "../../model/reason-codes.js";
import type { Diagnostic, InputIssue, Result } from "../protocol.js";
import type { TraceEntry } from "../../model/types.js";
import { h } from "../dom.js";

function codesOfLine(claim: unknown): Map<number, string> {
  const lines = (claim as { lines?: Array<{ lineNumber?: number; code?: string }> })?.lines ?? [];
  return new Map(lines.map((l) => [Number(l.lineNumber), String(l.code ?? "")]));
}

function reasonCell(line: Result["lines"][number]): HTMLElement {
  const cell = h("td", { class: "ee-codes" });
  for (const a of line.adjustments) {
    const text = `${describeCarc(a.reason) ?? "unknown reason"} (${describeGroup(a.group) ?? a.group})`;
    cell.append(
      h(
        "div",
        { class: "ee-reason", title: text },
        h("b", {}, `${a.group}-${a.reason}`),
        ` ${a.amount} — `,
        h("span", { class: "ee-desc" }, describeCarc(a.reason) ?? ""),
      ),
    );
  }
  for (const r of line.remarks)
    cell.append(
      h(
        "div",
        { class: "ee-reason", title: describeRarc(r) ?? "" },
        h("b", {}, r),
        " — ",
        h("span", { class: "ee-desc" }, describeRarc(r) ?? "unknown remark"),
      ),
    );
  if (line.reason && !line.adjustments.some((a) => `${a.group}-${a.reason}` === line.reason))
    cell.prepend(h("div", { class: "ee-reason" }, h("b", {}, line.reason)));
  return cell;
}

// a status badge is .ee-status-<status>: a bare .ee-<status> would make a "paid" badge an .ee-paid,
// the class of the paid amount
export function renderResult(result: Result, claim: unknown, onTrace: (entry: TraceEntry, row: HTMLElement) => void): HTMLElement {
  const codes = codesOfLine(claim);
  const t = result.totals;
  const summary = h(
    "div",
    { class: "ee-summary", "data-status": result.status },
    h("span", { class: `ee-status ee-status-${result.status}` }, result.status),
    h("span", {}, ` billed ${t.billed} · allowed ${t.allowed} · `),
    h("span", { class: "ee-paid", "data-paid": t.paid }, `paid ${t.paid}`),
    h("span", {}, ` · patient ${t.patientResponsibility}`),
  );
  const table = h(
    "table",
    { class: "ee-lines" },
    h("thead", {}, h("tr", {}, ...["Line", "Code", "Status", "Billed", "Allowed", "Paid", "Patient", "Reason codes"].map((c) => h("th", {}, c)))),
    h(
      "tbody",
      {},
      ...result.lines.map((l) =>
        h(
          "tr",
          { "data-line": l.lineNumber },
          h("td", {}, String(l.lineNumber)),
          h("td", {}, codes.get(l.lineNumber) ?? ""),
          h("td", {}, h("span", { class: `ee-status ee-status-${l.status}` }, l.status)),
          h("td", { class: "ee-num" }, l.billed),
          h("td", { class: "ee-num" }, l.allowed),
          h("td", { class: "ee-num" }, l.paid),
          h("td", { class: "ee-num" }, l.patientResponsibility),
          reasonCell(l),
        ),
      ),
    ),
  );
  const accumulators = Object.entries(result.accumulators);
  const trace = h("ol", { class: "ee-trace" });
  for (const entry of result.trace ?? []) {
    const row: HTMLLIElement = h(
      "li",
      { class: "ee-trace-entry", tabindex: 0, role: "button", title: `go to ${entry.at}`, "data-rule": entry.rule, "data-at": entry.at },
      h(
        "div",
        {},
        h("span", { class: "ee-tag" }, `line ${entry.lineNumber}`),
        h("span", { class: "ee-tag" }, entry.phase),
        h("b", {}, entry.rule),
        " → ",
        h("span", { class: "ee-action" }, entry.action),
      ),
      entry.facts.length ? h("div", { class: "ee-facts" }, entry.facts.map((f) => `${f.fact} = ${JSON.stringify(f.value)}`).join("; ")) : null,
    );
    const go = () => onTrace(entry, row);
    row.addEventListener("click", go);
    row.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        go();
      }
    });
    trace.append(row);
  }
  return h(
    "div",
    { class: "ee-result" },
    summary,
    table,
    accumulators.length ? h("div", { class: "ee-accumulators" }, `accumulators: ${accumulators.map(([k, v]) => `${k} +${v}`).join(", ")}`) : null,
    h("h4", {}, `Trace (${result.trace?.length ?? 0}) — click an entry to see its rule`),
    trace,
  );
}

export function renderIssues(issues: InputIssue[]): HTMLElement {
  return h(
    "div",
    { class: "ee-result ee-problems" },
    h("b", {}, "The claim or its context is malformed:"),
    h("ul", {}, ...issues.map((i) => h("li", {}, h("code", {}, i.path || "(root)"), `: ${i.message}`))),
  );
}

export function renderRuleErrors(diagnostics: Diagnostic[]): HTMLElement {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return h(
    "div",
    { class: "ee-result ee-problems" },
    h("b", {}, `The rules have ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them first:`),
    h("ul", {}, ...errors.slice(0, 20).map((d) => h("li", {}, `${d.span.file}:${d.span.line}:${d.span.col}: ${d.message}`))),
  );
}

export function renderMessage(text: string, kind: "info" | "error" = "info"): HTMLElement {
  return h("div", { class: `ee-result ee-${kind}` }, text);
}
