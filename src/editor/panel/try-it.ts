// The try-it panel: claim and context JSON editors (validated against the JSON Schemas), an
// example picker, the Adjudicate button and the result with its clickable trace.
import { monaco } from "../monaco.js";
import { h } from "../dom.js";
import type { AdjudicateReply } from "../protocol.js";
import type { TraceEntry } from "../../model/types.js";
import type { ExampleClaim } from "../types.js";
import { useClaimSchemas } from "./json-schemas.js";
import { renderIssues, renderMessage, renderResult, renderRuleErrors } from "./results.js";
import { flagExpectation } from "../workbench/expectation.js";
import { renderFixHints } from "./fix-hints.js";

export interface TryItOptions {
  /** distinguishes this editor's models from another editor's on the same page */
  instance: number;
  examples: ExampleClaim[];
  claim?: unknown;
  context?: unknown;
  adjudicate(claim: unknown, context: unknown): Promise<AdjudicateReply>;
  /** shows the rule a trace entry points at */
  reveal(entry: TraceEntry): void;
  /** told when the claim or context is not JSON, so the run never reached the worker */
  refused?(reply: AdjudicateReply): void;
}

const pretty = (value: unknown) => JSON.stringify(value ?? {}, null, 2) + "\n";

export class TryItPanel {
  readonly element: HTMLElement;
  private readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly models: { claim: monaco.editor.ITextModel; context: monaco.editor.ITextModel };
  private readonly schemas: { dispose(): void };
  private readonly output: HTMLElement;
  private readonly expected: HTMLElement;
  private readonly picker: HTMLSelectElement | null;
  private readonly tabs: Record<"claim" | "context", HTMLButtonElement>;
  private shown: "claim" | "context" = "claim";
  /** the example loaded last: its expectation is checked against each result */
  private example: ExampleClaim | undefined;

  constructor(private readonly options: TryItOptions) {
    const base = `inmemory://edict-${options.instance}/try-it`;
    const first = options.examples[0];
    // plain text until useJson(): monaco's JSON support loads half a megabyte of script and starts a
    // worker, which would compete with the first check of the rules for the page's start-up
    this.models = {
      claim: monaco.editor.createModel(pretty(options.claim ?? first?.claim), "plaintext", monaco.Uri.parse(`${base}/claim.json`)),
      context: monaco.editor.createModel(pretty(options.context ?? first?.context), "plaintext", monaco.Uri.parse(`${base}/context.json`)),
    };
    this.schemas = useClaimSchemas(this.models.claim.uri.toString(), this.models.context.uri.toString());

    this.picker = options.examples.length
      ? h(
          "select",
          { class: "ee-examples", "aria-label": "Example claim", onchange: () => this.selectExample(this.picker!.value) },
          ...options.examples.map((e) => h("option", { value: e.name, title: e.description ?? "" }, e.name)),
        )
      : null;
    this.expected = h("span", { class: "ee-expected" });
    const run = h("button", { class: "ee-run", type: "button", onclick: () => void this.run() }, "Adjudicate ▶");
    this.tabs = {
      claim: h("button", { class: "ee-tab", type: "button", role: "tab", onclick: () => this.show("claim") }, "claim.json"),
      context: h("button", { class: "ee-tab", type: "button", role: "tab", onclick: () => this.show("context") }, "context.json"),
    };
    const host = h("div", { class: "ee-json" });
    this.output = h("div", { class: "ee-output", "aria-live": "polite" }, renderMessage("Press Adjudicate to run the claim against the rules."));
    this.element = h(
      "section",
      { class: "ee-tryit", "aria-label": "Try it" },
      h("div", { class: "ee-bar" }, h("b", {}, "Try it"), this.picker, run, this.expected),
      h("div", { class: "ee-tabs", role: "tablist" }, this.tabs.claim, this.tabs.context),
      host,
      this.output,
    );
    this.editor = monaco.editor.create(host, {
      model: this.models.claim,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      folding: true,
      tabSize: 2,
      fixedOverflowWidgets: true,
    });
    this.show("claim");
    if (first && options.claim === undefined) this.showExpected(first);
  }

  /** turns on monaco's JSON language (colours, schema validation, completion) for claim and context */
  useJson(): void {
    for (const model of Object.values(this.models)) if (!model.isDisposed() && model.getLanguageId() !== "json") monaco.editor.setModelLanguage(model, "json");
  }

  private show(which: "claim" | "context"): void {
    this.shown = which;
    this.editor.setModel(this.models[which]);
    for (const [name, tab] of Object.entries(this.tabs)) tab.setAttribute("aria-selected", String(name === which));
  }

  private showExpected(example: ExampleClaim): void {
    this.example = example;
    delete this.expected.dataset.match;
    const totals = example.expected?.totals;
    this.expected.textContent = totals ? `expected: ${example.expected?.status ?? ""} · paid ${totals.paid}` : "";
    this.expected.title = example.description ?? "";
  }

  setClaim(claim: unknown): void {
    this.models.claim.setValue(pretty(claim));
  }

  setContext(context: unknown): void {
    this.models.context.setValue(pretty(context));
  }

  selectExample(name: string): void {
    const example = this.options.examples.find((e) => e.name === name);
    if (!example) throw new Error(`no example named ${name}`);
    if (this.picker) this.picker.value = name;
    this.setClaim(example.claim);
    this.setContext(example.context);
    this.showExpected(example);
    this.output.replaceChildren(renderMessage(example.description ?? "Press Adjudicate to run the claim against the rules."));
  }

  private parse(which: "claim" | "context"): { ok: true; value: unknown } | { ok: false; message: string } {
    try {
      return { ok: true, value: JSON.parse(this.models[which].getValue()) };
    } catch (e) {
      return { ok: false, message: `${which}.json is not valid JSON: ${(e as Error).message}` };
    }
  }

  /** adjudicates the claim and context (the editors' or the ones given) and shows the outcome */
  async run(claim?: unknown, context?: unknown): Promise<AdjudicateReply> {
    if (claim !== undefined) this.setClaim(claim);
    if (context !== undefined) this.setContext(context);
    const c = this.parse("claim");
    const x = this.parse("context");
    if (!c.ok || !x.ok) {
      const issues = [c, x].flatMap((p, i) => (p.ok ? [] : [{ path: i === 0 ? "claim" : "context", message: p.message }]));
      this.output.replaceChildren(renderIssues(issues));
      const reply: AdjudicateReply = { kind: "bad-input", issues };
      this.options.refused?.(reply);
      return reply;
    }
    this.output.replaceChildren(renderMessage("Adjudicating…"));
    let reply: AdjudicateReply;
    try {
      reply = await this.options.adjudicate(c.value, x.value);
    } catch (e) {
      this.output.replaceChildren(renderMessage(`Adjudication failed: ${(e as Error).message}`, "error"));
      throw e;
    }
    if (reply.kind === "result") {
      const shown = renderResult(reply.result, c.value, (entry, row) => this.traceClicked(entry, row));
      if (reply.fixes) shown.querySelector(".ee-lines")?.after(renderFixHints(reply.result, reply.fixes));
      this.output.replaceChildren(shown);
      flagExpectation(this.expected, this.example, reply.result);
    } else if (reply.kind === "bad-input") this.output.replaceChildren(renderIssues(reply.issues));
    else this.output.replaceChildren(renderRuleErrors(reply.diagnostics));
    return reply;
  }

  private traceClicked(entry: TraceEntry, row: HTMLElement): void {
    this.output.querySelectorAll(".ee-trace-entry[aria-current]").forEach((other) => other.removeAttribute("aria-current"));
    row.setAttribute("aria-current", "true");
    this.options.reveal(entry);
  }

  /** the context JSON as parsed, or undefined when it is not valid JSON (the workbench's impact default) */
  contextValue(): unknown {
    const x = this.parse("context");
    return x.ok ? x.value : undefined;
  }

  get visibleModel(): "claim" | "context" {
    return this.shown;
  }

  dispose(): void {
    this.editor.dispose();
    this.models.claim.dispose();
    this.models.context.dispose();
    this.schemas.dispose();
    this.element.remove();
  }
}
