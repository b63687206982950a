// The public types of the embeddable rule editor: what a host passes to createRuleEditor and the
// API it gets back.
import type { AdjudicateReply, Diagnostic, PackFiles, Span } from "./protocol.js";
import type { WorkbenchApi, WorkbenchOptions } from "./workbench/types.js";

export type { Diagnostic, PackFiles, Span };

/** an example claim the try-it panel offers in its picker */
export interface ExampleClaim {
  name: string;
  /** one line saying what it shows */
  description?: string;
  claim: unknown;
  context: unknown;
  /** what the result should be, shown next to the actual one */
  expected?: { status?: string; totals?: Record<string, string> };
}

export interface RuleEditorOptions extends WorkbenchOptions {
  /** the pack files, path → text (`.edict` sources and `.csv` tables), as compilePack takes them */
  files?: PackFiles;
  /** the folder of the entry pack, e.g. "rules/demo-ppo" */
  entry?: string;
  /** the file shown first; defaults to the entry pack's first .edict file */
  activeFile?: string;
  /** the claim and context JSON of the try-it panel */
  claim?: unknown;
  context?: unknown;
  /** example claims for the try-it panel's picker */
  examples?: ExampleClaim[];
  /** show the try-it panel (default true) */
  tryIt?: boolean;
  /**
   * the folder the worker bundles are served from (edict.worker.js, editor.worker.js,
   * json.worker.js); defaults to the folder of the editor's own script
   */
  assetsUrl?: string | URL;
  /**
   * a checker worker (edict.worker.js) the page started already, e.g. from an inline script in
   * its <head>, so the worker loads while monaco does; the editor owns it from then on
   */
  checkerWorker?: Worker;
  /** how long to wait after the last keystroke before checking (default 300 ms) */
  debounceMs?: number;
  /**
   * how long a check, format or adjudication may wait without any reply from the checker worker
   * before it is given up and the failure shown (default 30 000 ms)
   */
  workerTimeoutMs?: number;
  /**
   * the colour theme: "light", "dark", or "auto" (the default), which follows the page's
   * `prefers-color-scheme` and changes with it
   */
  theme?: "light" | "dark" | "auto";
  /**
   * Tab moves the focus out of the code editors instead of inserting an indent (default false).
   * Either way Ctrl+M (Ctrl+Shift+M on macOS) switches it while typing, as the status bar says.
   */
  tabFocusMode?: boolean;
}

/** the editor could not do its work: the checker worker failed to load, threw, or stopped answering */
export interface EditorErrorEvent {
  kind: "worker";
  /** one sentence, as the editor shows it */
  message: string;
  /** true when the worker is gone for good: checking and adjudicating stay off until a reload */
  fatal: boolean;
}

export interface DiagnosticsEvent {
  /** every diagnostic of the pack, exactly as compilePack (and so `edict check`) reports them */
  diagnostics: Diagnostic[];
  /** true when the pack compiled (warnings only) */
  ok: boolean;
  /** time the worker took to check, in milliseconds */
  millis: number;
}

export type ResultEvent = AdjudicateReply;

/** a marker as placed in the editor, by file */
export interface MarkerInfo {
  file: string;
  severity: "error" | "warning";
  message: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface SelectionInfo {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface Subscription {
  dispose(): void;
}

export interface RuleEditor extends WorkbenchApi {
  /** the text of a file (default: the file shown) */
  getSource(path?: string): string;
  /** replaces the text of a file (default: the file shown); a new path adds the file */
  setSource(text: string, path?: string): void;
  /** every file of the pack, path → text */
  getFiles(): PackFiles;
  /** replaces the whole pack */
  loadPack(files: PackFiles, entry: string, activeFile?: string): void;
  /** shows a file in the editor */
  openFile(path: string): void;
  readonly entry: string;
  readonly activeFile: string;
  /** checks now (without waiting for the debounce) */
  check(): Promise<DiagnosticsEvent>;
  /** the diagnostics of the last check */
  getDiagnostics(): Diagnostic[];
  getMarkers(path?: string): MarkerInfo[];
  /** formats a file with Edict's formatter; false when it does not parse */
  format(path?: string): Promise<boolean>;
  /** adjudicates the try-it panel's claim and context (or the ones given) and shows the result */
  adjudicate(claim?: unknown, context?: unknown): Promise<ResultEvent>;
  setClaim(claim: unknown): void;
  setContext(context: unknown): void;
  /** loads an example (by name) into the try-it panel */
  selectExample(name: string): void;
  /** selects a source span (opening its file) */
  revealSpan(span: Pick<Span, "file" | "line" | "col" | "endLine" | "endCol">): void;
  getSelection(): SelectionInfo | null;
  onDiagnostics(listener: (event: DiagnosticsEvent) => void): Subscription;
  /**
   * after every adjudication, including one the try-it panel refused before running it because its
   * claim or context is not valid JSON (then `kind` is "bad-input", the path "claim" or
   * "context")
   */
  onResult(listener: (event: ResultEvent) => void): Subscription;
  /** when the checker worker fails (see EditorErrorEvent); the editor shows the failure itself too */
  onError(listener: (event: EditorErrorEvent) => void): Subscription;
  /** the colour theme in use now ("auto" resolved by `prefers-color-scheme`) */
  readonly theme: "light" | "dark";
  setTheme(theme: "light" | "dark" | "auto"): void;
  /** turns tab-focus mode (Tab leaves the code editors) on or off */
  setTabFocusMode(on: boolean): void;
  /** goes back to where the cursor was before the last go-to-definition (also Alt+←); false when there is nowhere to go */
  goBack(): boolean;
  /** removes the editor from its element and frees its models and worker */
  dispose(): void;
}
