// The test panel: the entry pack's tests/*.json run in the worker, each case passed or failed,
// a failing case with its differences exactly as `edict test` prints them, the coverage figures
// and the gaps (each leads to its rule).
import { h } from "../dom.js";
import type { Span } from "../protocol.js";
import type { CoverageMark, TestCaseReport, TestsReply } from "./protocol.js";

export interface TestsPanelHost {
  /** opens a file of the pack (a test case) */
  openFile(path: string): void;
  revealSpan(span: Span): void;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

export function renderTests(reply: TestsReply, host: TestsPanelHost): HTMLElement {
  if (reply.kind === "no-tests")
    return h("div", { class: "ee-result ee-info" }, `The pack has no test cases: add JSON files to ${reply.folder}/ (the format is in rules/README.md).`);
  if (reply.kind === "rule-errors") {
    const errors = reply.diagnostics.filter((d) => d.severity === "error");
    return h(
      "div",
      { class: "ee-result ee-problems" },
      h("b", {}, `The rules have ${errors.length} error${errors.length === 1 ? "" : "s"}; fix them first:`),
      h("ul", {}, ...errors.slice(0, 20).map((d) => h("li", {}, `${d.span.file}:${d.span.line}:${d.span.col}: ${d.message}`))),
    );
  }
  const state = reply.failed || reply.invalid ? "failed" : "passed";
  const summary = h(
    "div",
    { class: "ee-tests-summary", "data-state": state },
    reply.summary,
    h("span", { class: "ee-muted" }, ` — ${Math.round(reply.millis)} ms`),
  );
  const list = h("ol", { class: "ee-tests" }, ...reply.outcomes.map((o) => renderCase(o, host)));
  const gaps = reply.marks.length
    ? h(
        "details",
        { class: "ee-gaps", open: reply.marks.length <= 12 },
        h("summary", {}, `Coverage gaps (${reply.marks.length}) — marked in the gutter`),
        h("ul", {}, ...reply.marks.map((m) => renderGap(m, host))),
      )
    : h("div", { class: "ee-muted" }, "Every rule and branch is covered.");
  return h("div", { class: "ee-result ee-tests-result" }, summary, gaps, list);
}

function renderCase(o: TestCaseReport, host: TestsPanelHost): HTMLElement {
  const open = h("button", { class: "ee-link", type: "button", title: `open ${o.name}`, onclick: () => host.openFile(o.name) }, baseName(o.name));
  const row = h(
    "li",
    { class: "ee-test", "data-status": o.status, "data-name": o.name },
    h("span", { class: `ee-status ee-status-${o.status === "passed" ? "paid" : o.status === "failed" ? "denied" : "pended"}` }, o.status),
    " ",
    open,
    o.description ? h("span", { class: "ee-muted ee-test-description", title: o.description }, ` ${o.description}`) : null,
  );
  if (o.status !== "passed") {
    row.append(
      h("ul", { class: "ee-differences" }, ...(o.status === "invalid" ? o.errors : o.differences.map((d) => d.message)).map((m) => h("li", {}, m))),
      h("details", { class: "ee-test-output" }, h("summary", {}, "as edict test prints it"), h("pre", {}, o.text)),
    );
  }
  return row;
}

function renderGap(mark: CoverageMark, host: TestsPanelHost): HTMLElement {
  return h("li", {}, h("button", { class: "ee-link ee-gap", type: "button", "data-kind": mark.kind, onclick: () => host.revealSpan(mark.span) }, mark.message));
}
