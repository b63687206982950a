// The rule editor component: a file tab list, a monaco editor for the pack's files with the
// `.edict` language, diagnostics from the checker worker (debounced), the try-it panel, and the
// API a host drives it with. Everything it adds to the page lives inside its root element.
import { monaco, configureMonacoWorkers } from "./monaco.js";
import { h } from "./dom.js";
import { assetsFolder, CheckerClient, type WorkerFailure } from "./worker-client.js";
import { applyTheme, resolveTheme, watchColorScheme, type ThemeChoice } from "./theme.js";
import { addLanguageSession, spanRange } from "./language/register.js";
import { LANGUAGE_ID, THEME_IDS } from "./language/monarch.js";
import { applyMarkers, MARKER_OWNER } from "./markers.js";
import { TryItPanel } from "./panel/try-it.js";
import type { Diagnostic, PackFiles, ProgramSpan, Span, SymbolIndex } from "./protocol.js";
import type { TraceEntry } from "../model/types.js";
import type { DiagnosticsEvent, EditorErrorEvent, MarkerInfo, ResultEvent, RuleEditor, RuleEditorOptions, SelectionInfo, Subscription } from "./types.js";
import { Workbench } from "./workbench/workbench.js";
import type { CoverageMarkInfo, ImpactReply, SaveHandler, SaveOutcome, TestsReply } from "./workbench/types.js";

let instances = 0;
const EMPTY_INDEX: SymbolIndex = { valuesets: [], tables: [], symbols: [], plans: [] };
/** how many places go-to-definition remembers for Back */
const HISTORY_LIMIT = 50;
const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
/** monaco's own binding of "Toggle Tab Key Moves Focus", which the hint names */
const TAB_FOCUS_KEYS = IS_MAC ? "Ctrl+Shift+M" : "Ctrl+M";
const TAB_FOCUS_KEYBINDING = IS_MAC ? monaco.KeyMod.WinCtrl | monaco.KeyMod.Shift | monaco.KeyCode.KeyM : monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyM;

/** where the analyst was: restored by Back after a go-to-definition */
interface Place {
  path: string;
  selection: monaco.ISelection;
  scrollTop: number;
}

class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): Subscription {
    this.set.add(listener);
    return { dispose: () => this.set.delete(listener) };
  }
  emit(value: T): void {
    for (const l of [...this.set]) l(value);
  }
}

/** .edict files first (the entry pack's before the others), then tables, each alphabetically */
function fileOrder(entry: string) {
  const rank = (p: string) => (p.endsWith(".edict") ? (p.startsWith(`${entry}/`) ? 0 : 1) : 2);
  return (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function commonFolder(paths: string[]): string {
  if (paths.length === 0) return "";
  let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
  for (const p of paths) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/", prefix.length - 2) + 1);
  return prefix;
}

export class EdictRuleEditor implements RuleEditor {
  private readonly instance = ++instances;
  private readonly root: HTMLElement;
  private readonly fileList: HTMLElement;
  private readonly fileName: HTMLElement;
  private readonly statusBar: HTMLButtonElement;
  private readonly editor: monaco.editor.IStandaloneCodeEditor;
  private readonly client: CheckerClient;
  private readonly tryIt: TryItPanel | null;
  private readonly workbench: Workbench;
  private readonly models = new Map<string, monaco.editor.ITextModel>();
  private readonly modelListeners: monaco.IDisposable[] = [];
  private readonly disposables: monaco.IDisposable[] = [];
  private readonly diagnosticsListeners = new Listeners<DiagnosticsEvent>();
  private readonly resultListeners = new Listeners<ResultEvent>();
  private readonly errorListeners = new Listeners<EditorErrorEvent>();
  private readonly backButton: HTMLButtonElement;
  private readonly keyHint: HTMLElement;
  private readonly history: Place[] = [];
  private themeChoice: ThemeChoice;
  private tabFocus: boolean;
  private stopWatchingScheme: () => void = () => undefined;
  private readonly debounceMs: number;
  private entryDir = "";
  private shown = "";
  private version = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private index: SymbolIndex = EMPTY_INDEX;
  private lastDiagnostics: Diagnostic[] = [];
  private lastSpans: ProgramSpan[] = [];
  private errorCounts = new Map<string, number>();
  private disposed = false;
  /** the file list's tests/ folders the analyst unfolded */
  private readonly openTestFolders = new Set<string>();

  constructor(element: HTMLElement, options: RuleEditorOptions = {}) {
    const assets = assetsFolder(options.assetsUrl, import.meta.url, document.baseURI);
    configureMonacoWorkers({ editor: new URL("editor.worker.js", assets).href, json: new URL("json.worker.js", assets).href });
    this.client = new CheckerClient(options.checkerWorker ?? new URL("edict.worker.js", assets), {
      timeoutMs: options.workerTimeoutMs,
      onFailure: (failure) => this.workerFailed(failure),
    });
    this.debounceMs = options.debounceMs ?? 300;
    this.themeChoice = options.theme ?? "auto";
    this.tabFocus = options.tabFocusMode ?? false;

    this.fileList = h("nav", { class: "ee-files", role: "tablist", "aria-orientation": "vertical", "aria-label": "Pack files" });
    this.fileName = h("span", { class: "ee-filename" });
    this.statusBar = h(
      "button",
      { class: "ee-statusbar", type: "button", title: "go to the first problem", onclick: () => this.revealFirstProblem() },
      "checking…",
    );
    const formatButton = h(
      "button",
      { class: "ee-format", type: "button", title: "Format Document (Shift+Alt+F)", onclick: () => void this.format() },
      "Format",
    );
    this.backButton = h(
      "button",
      { class: "ee-back", type: "button", title: "Back to where you were before Go to Definition (Alt+←)", disabled: true, onclick: () => this.goBack() },
      "← Back",
    );
    this.keyHint = h("span", { class: "ee-keyhint", role: "note" });
    const codeHost = h("div", { class: "ee-code" });
    const rules = h(
      "section",
      { class: "ee-rules", "aria-label": "Rules" },
      this.fileList,
      h(
        "div",
        { class: "ee-source" },
        h("div", { class: "ee-toolbar" }, this.backButton, this.fileName, formatButton),
        codeHost,
        h("div", { class: "ee-footer" }, this.statusBar, this.keyHint),
      ),
    );
    this.root = h("div", { class: "edict-editor", "data-instance": this.instance }, rules);
    element.append(this.root);

    this.disposables.push(
      addLanguageSession({
        owns: (model) => [...this.models.values()].includes(model),
        symbols: () => this.index,
        uriFor: (path) => this.models.get(path)?.uri,
        pathOf: (model) => this.pathOf(model.uri) ?? model.uri.path,
        format: (path, text) => this.client.format(path, text),
        diagnostics: () => this.lastDiagnostics,
      }),
    );
    this.useTheme(this.themeChoice); // after the language session: it defines the themes
    // the pack's models, and their first check at once: the worker checks while the page goes on
    // building the editors (the reply cannot arrive before this constructor returns)
    this.setPack(options.files ?? {}, options.entry ?? "");
    this.checkNow();

    this.editor = monaco.editor.create(codeHost, {
      theme: THEME_IDS[this.theme],
      automaticLayout: true,
      // Enter ends the line: a completion list still open after a whole word (`phase necessity`)
      // must not take the Enter meant for a new line. Tab accepts a completion.
      acceptSuggestionOnEnter: "off",
      tabFocusMode: this.tabFocus,
      bracketPairColorization: { enabled: true },
      minimap: { enabled: false },
      fixedOverflowWidgets: true,
      tabSize: 2,
      insertSpaces: true,
      fontSize: 13,
      wordBasedSuggestions: "off",
      quickSuggestions: { other: true, comments: false, strings: false },
      scrollBeyondLastLine: false,
      renderWhitespace: "none",
      "semanticHighlighting.enabled": false,
    });
    // monaco binds Format Document to Shift+Alt+F on Windows and macOS but Ctrl+Shift+I on Linux:
    // bind Shift+Alt+F here too, as the Format button's title promises, on every platform
    this.editor.addCommand(
      monaco.KeyMod.Shift | monaco.KeyMod.Alt | monaco.KeyCode.KeyF,
      () => void this.editor.getAction("editor.action.formatDocument")?.run(),
    );
    // Back (Alt+←) returns to where go-to-definition left from. An action, not addCommand: its
    // keybinding is this editor's alone (addCommand's is page-wide, the last editor's wins)
    this.disposables.push(
      this.editor.addAction({
        id: "edict.goBack",
        label: "Go Back",
        keybindings: [monaco.KeyMod.Alt | monaco.KeyCode.LeftArrow],
        run: () => void this.goBack(),
      }),
    );
    // go-to-definition (in this file or another of the pack): remember the place left, show the file
    this.disposables.push(
      monaco.editor.registerEditorOpener({
        openCodeEditor: (source, resource, selection) => {
          const path = source === this.editor ? this.pathOf(resource) : undefined;
          if (!path) return false;
          this.remember();
          this.openFile(path);
          if (selection && "endLineNumber" in selection) this.select(selection);
          else if (selection) {
            this.editor.setPosition(selection);
            this.editor.revealPositionInCenter(selection);
          }
          return true;
        },
      }),
    );

    this.tryIt =
      options.tryIt === false
        ? null
        : new TryItPanel({
            instance: this.instance,
            examples: options.examples ?? [],
            claim: options.claim,
            context: options.context,
            adjudicate: (claim, context) => this.runAdjudication(claim, context),
            reveal: (entry) => this.revealTrace(entry),
            refused: (reply) => this.resultListeners.emit(reply),
          });
    if (this.tryIt) this.root.append(this.tryIt.element);
    else this.root.classList.add("ee-no-tryit");
    // Ctrl+M switches tab-focus mode in every code editor of this component (monaco's own toggle
    // is page-wide and not in the editor's slice of monaco)
    for (const editor of this.codeEditors()) {
      this.disposables.push(
        editor.addAction({
          id: "edict.toggleTabFocusMode",
          label: "Toggle Tab Key Moves Focus",
          keybindings: [TAB_FOCUS_KEYBINDING],
          run: () => this.setTabFocusMode(!this.tabFocus),
        }),
      );
    }
    this.setTabFocusMode(this.tabFocus);

    const toolbar = codeHost.previousElementSibling as HTMLElement;
    this.workbench = new Workbench(
      {
        toolbar,
        statusBar: this.statusBar,
        client: this.client,
        getFiles: () => this.getFiles(),
        entry: () => this.entryDir,
        version: () => this.version,
        loadPack: (files, entry) => this.loadPack(files, entry),
        showFiles: (files, entry) => this.showPack(files, entry, this.shown),
        models: () => this.models,
        openFile: (path) => this.openFile(path),
        revealSpan: (span) => this.revealSpan(span),
        revealTrace: (entry) => this.revealTrace(entry),
        examples: options.examples ?? [],
        context: () => this.tryIt?.contextValue(),
      },
      options,
    );
    this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void this.save().catch(() => undefined));

    this.openFirstFile(options.activeFile);
  }

  // ------------------------------------------------------------------ files

  private uriOf(path: string): monaco.Uri {
    return monaco.Uri.from({ scheme: "inmemory", authority: `edict-${this.instance}`, path: `/${path}` });
  }

  private pathOf(uri: monaco.Uri): string | undefined {
    for (const [path, model] of this.models) if (model.uri.toString() === uri.toString()) return path;
    return undefined;
  }

  private addModel(path: string, text: string): monaco.editor.ITextModel {
    const language = path.endsWith(".edict") ? LANGUAGE_ID : "plaintext";
    const model = monaco.editor.createModel(text, language, this.uriOf(path));
    this.models.set(path, model);
    this.modelListeners.push(model.onDidChangeContent(() => this.changed()));
    return model;
  }

  loadPack(files: PackFiles, entry: string, activeFile?: string): void {
    this.showPack(files, entry, activeFile);
    this.workbench.packLoaded(this.getFiles(), this.entryDir);
  }

  /** replaces the pack and checks it (a loaded pack, or a draft restored over it) */
  private showPack(files: PackFiles, entry: string, activeFile?: string): void {
    this.setPack(files, entry);
    this.openFirstFile(activeFile);
    this.changed(0);
  }

  /** replaces the models with the pack's files (and the file list with theirs) */
  private setPack(files: PackFiles, entry: string): void {
    for (const l of this.modelListeners.splice(0)) l.dispose();
    for (const model of this.models.values()) model.dispose();
    this.models.clear();
    this.entryDir = entry.replace(/\/+$/, "");
    this.index = EMPTY_INDEX;
    this.errorCounts = new Map();
    this.lastSpans = [];
    this.history.length = 0;
    if (this.backButton) this.backButton.disabled = true;
    for (const path of Object.keys(files).sort(fileOrder(this.entryDir))) this.addModel(path, files[path]);
    this.shown = "";
    this.renderFileList();
  }

  private openFirstFile(activeFile?: string): void {
    const first = [...this.models.keys()][0];
    if (first) this.openFile(activeFile && this.models.has(activeFile) ? activeFile : first);
  }

  /** the file list, grouped by pack folder: "demo-ppo/" then "plan.edict", "tables/fees.csv" */
  private renderFileList(): void {
    const paths = [...this.models.keys()];
    const common = commonFolder(paths);
    const groups = new Map<string, string[]>();
    for (const path of paths) {
      const rest = path.slice(common.length);
      const group = rest.includes("/") ? rest.slice(0, rest.indexOf("/") + 1) : "";
      groups.set(group, [...(groups.get(group) ?? []), path]);
    }
    const items: HTMLElement[] = [];
    for (const [group, members] of groups) {
      if (group) items.push(h("div", { class: "ee-folder" }, group));
      // a pack's test cases (tests/*.json) fold away under one entry: a pack has dozens
      const tests: HTMLElement[] = [];
      for (const path of members) {
        const errors = this.errorCounts.get(path) ?? 0;
        const name = path.slice(common.length + group.length);
        (name.startsWith("tests/") && name.endsWith(".json") ? tests : items).push(
          h(
            "button",
            {
              class: "ee-file",
              type: "button",
              role: "tab",
              "data-path": path,
              title: path,
              "aria-selected": String(path === this.shown),
              onclick: () => this.openFile(path),
            },
            name.startsWith("tests/") ? name.slice("tests/".length) : name,
            errors ? h("span", { class: "ee-badge", title: `${errors} error${errors === 1 ? "" : "s"}` }, String(errors)) : null,
          ),
        );
      }
      if (tests.length) {
        const folder = h(
          "details",
          { class: "ee-tests-folder", open: this.openTestFolders.has(group) || tests.some((t) => t.dataset.path === this.shown) },
          h("summary", {}, `tests/ (${tests.length})`),
          ...tests,
        );
        folder.addEventListener("toggle", () => (folder.open ? this.openTestFolders.add(group) : this.openTestFolders.delete(group)));
        items.push(folder);
      }
    }
    this.fileList.replaceChildren(...items);
  }

  openFile(path: string): void {
    const model = this.models.get(path);
    if (!model) throw new Error(`the pack has no file ${path}`);
    if (this.shown === path) return;
    this.shown = path;
    this.editor.setModel(model);
    this.fileName.textContent = path;
    this.fileList.querySelectorAll<HTMLElement>(".ee-file").forEach((tab) => tab.setAttribute("aria-selected", String(tab.dataset.path === path)));
    const folder = this.fileList.querySelector(`.ee-file[aria-selected="true"]`)?.closest("details");
    if (folder) folder.open = true;
  }

  get entry(): string {
    return this.entryDir;
  }

  get activeFile(): string {
    return this.shown;
  }

  getSource(path = this.shown): string {
    const model = this.models.get(path);
    if (!model) throw new Error(`the pack has no file ${path}`);
    return model.getValue();
  }

  setSource(text: string, path = this.shown): void {
    const model = this.models.get(path);
    if (model) model.setValue(text);
    else {
      this.addModel(path, text);
      this.renderFileList();
      this.changed();
    }
  }

  getFiles(): PackFiles {
    return Object.fromEntries([...this.models].map(([path, model]) => [path, model.getValue()]));
  }

  // ------------------------------------------------------------------ checking

  private changed(delay = this.debounceMs): void {
    this.version++;
    this.workbench?.changed();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runCheck().catch(() => undefined), delay);
  }

  /**
   * a new version, checked now, without a timer (the constructor's first check); once it is shown,
   * the try-it panel's JSON support loads
   */
  private checkNow(): void {
    this.version++;
    clearTimeout(this.timer);
    const useJson = () => {
      if (!this.disposed) this.tryIt?.useJson();
    };
    void this.runCheck().then(useJson, useJson);
  }

  check(): Promise<DiagnosticsEvent> {
    clearTimeout(this.timer);
    return this.runCheck();
  }

  private async runCheck(): Promise<DiagnosticsEvent> {
    const version = this.version;
    const reply = await this.client.check(version, this.entryDir, this.getFiles());
    const event: DiagnosticsEvent = { diagnostics: reply.diagnostics, ok: reply.ok, millis: reply.millis };
    if (this.disposed || version !== this.version) return event; // a newer check is on its way
    this.index = reply.symbols;
    this.lastDiagnostics = reply.diagnostics;
    this.errorCounts = applyMarkers(reply.diagnostics, this.models);
    this.renderFileList();
    this.renderStatus(event);
    this.diagnosticsListeners.emit(event);
    return event;
  }

  /** the checker worker failed: say so where "checking…" was, and tell the host */
  private workerFailed(failure: WorkerFailure): void {
    if (this.disposed) return;
    this.statusBar.dataset.state = "failed";
    this.statusBar.textContent = failure.fatal ? `${failure.message} Checking and adjudicating are off until the page is reloaded.` : failure.message;
    this.statusBar.setAttribute("role", "alert");
    this.errorListeners.emit({ kind: "worker", message: failure.message, fatal: failure.fatal });
  }

  private renderStatus(event: DiagnosticsEvent): void {
    const errors = event.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = event.diagnostics.length - errors;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    this.statusBar.removeAttribute("role");
    this.statusBar.dataset.state = errors ? "errors" : warnings ? "warnings" : "ok";
    this.statusBar.textContent =
      errors || warnings
        ? `${plural(errors, "error")}, ${plural(warnings, "warning")} — checked in ${Math.round(event.millis)} ms`
        : `No problems — checked in ${Math.round(event.millis)} ms`;
  }

  private revealFirstProblem(): void {
    const first = this.lastDiagnostics[0];
    if (first && this.models.has(first.span.file)) this.revealSpan(first.span);
  }

  getDiagnostics(): Diagnostic[] {
    return [...this.lastDiagnostics];
  }

  getMarkers(path?: string): MarkerInfo[] {
    const paths = path ? [path] : [...this.models.keys()];
    return paths.flatMap((file) => {
      const model = this.models.get(file);
      if (!model) return [];
      return monaco.editor.getModelMarkers({ owner: MARKER_OWNER, resource: model.uri }).map((m) => ({
        file,
        severity: m.severity === monaco.MarkerSeverity.Error ? ("error" as const) : ("warning" as const),
        message: m.message,
        line: m.startLineNumber,
        col: m.startColumn,
        endLine: m.endLineNumber,
        endCol: m.endColumn,
      }));
    });
  }

  async format(path = this.shown): Promise<boolean> {
    const model = this.models.get(path);
    if (!model || !path.endsWith(".edict")) return false;
    const formatted = await this.client.format(path, model.getValue());
    if (formatted.diagnostics.length > 0) return false;
    if (formatted.text !== model.getValue()) {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: formatted.text }], () => null);
      model.pushStackElement();
    }
    return true;
  }

  // ------------------------------------------------------------------ try it

  private async runAdjudication(claim: unknown, context: unknown): Promise<ResultEvent> {
    const reply = await this.client.adjudicate(this.version, this.entryDir, this.getFiles(), claim, context);
    if (reply.kind === "result") this.lastSpans = reply.spans;
    this.resultListeners.emit(reply);
    return reply;
  }

  adjudicate(claim?: unknown, context?: unknown): Promise<ResultEvent> {
    if (this.tryIt) return this.tryIt.run(claim, context);
    return this.runAdjudication(claim ?? {}, context ?? {});
  }

  setClaim(claim: unknown): void {
    this.tryIt?.setClaim(claim);
  }

  setContext(context: unknown): void {
    this.tryIt?.setContext(context);
  }

  selectExample(name: string): void {
    this.tryIt?.selectExample(name);
  }

  /** a trace entry's `at` is "file:line:col" of the rule's start: select the whole rule */
  private revealTrace(entry: TraceEntry): void {
    const m = /^(.*):(\d+):(\d+)$/.exec(entry.at);
    if (!m) return;
    const [file, line, col] = [m[1], Number(m[2]), Number(m[3])];
    const startsHere = (s: Span) => s.file === file && s.line === line && s.col === col;
    const span =
      this.lastSpans.find((s) => startsHere(s.span))?.span ??
      [...this.index.symbols, ...this.index.tables, ...this.index.valuesets].map((s) => s.span).find(startsHere) ??
      this.index.plans.find(startsHere);
    this.revealSpan(span ?? { file, line, col, endLine: line, endCol: col });
  }

  revealSpan(span: Pick<Span, "file" | "line" | "col" | "endLine" | "endCol">): void {
    if (!this.models.has(span.file)) return;
    this.openFile(span.file);
    this.select(spanRange(span as Span));
  }

  private select(range: monaco.IRange): void {
    this.editor.setSelection(range);
    this.editor.revealRangeInCenterIfOutsideViewport(range);
    this.editor.focus();
  }

  getSelection(): SelectionInfo | null {
    const s = this.editor.getSelection();
    if (!s || !this.shown) return null;
    return { file: this.shown, line: s.startLineNumber, col: s.startColumn, endLine: s.endLineNumber, endCol: s.endColumn };
  }

  // ------------------------------------------------------------------ events and disposal

  onDiagnostics(listener: (event: DiagnosticsEvent) => void): Subscription {
    return this.diagnosticsListeners.add(listener);
  }

  onResult(listener: (event: ResultEvent) => void): Subscription {
    return this.resultListeners.add(listener);
  }

  // ------------------------------------------------------------------ workbench (src/editor/workbench)

  get dirty(): boolean {
    return this.workbench.dirty;
  }

  save(): Promise<SaveOutcome> {
    return this.workbench.save();
  }

  downloadZip(): void {
    this.workbench.downloadZip();
  }

  openFolder(): Promise<boolean> {
    return this.workbench.openFolder();
  }

  openZip(zip: Blob): Promise<void> {
    return this.workbench.openZip(zip);
  }

  onSave(handler: SaveHandler): Subscription {
    return this.workbench.onSave(handler);
  }

  runTests(): Promise<TestsReply> {
    return this.workbench.runTests();
  }

  getCoverageMarks(path?: string): CoverageMarkInfo[] {
    return this.workbench.getCoverageMarks(path);
  }

  impact(claims?: Blob): Promise<ImpactReply> {
    return this.workbench.impact(claims);
  }

  draftChecked(): Promise<boolean> {
    return this.workbench.draftChecked();
  }

  flushDraft(): Promise<void> {
    return this.workbench.flushDraft();
  }

  discardDraft(): Promise<void> {
    return this.workbench.discardDraft();
  }

  onError(listener: (event: EditorErrorEvent) => void): Subscription {
    return this.errorListeners.add(listener);
  }

  // ------------------------------------------------------------------ theme, Tab, Back

  /** the monaco editors inside this component: the rules' and the try-it panel's */
  private codeEditors(): monaco.editor.IStandaloneCodeEditor[] {
    return (monaco.editor.getEditors() as monaco.editor.IStandaloneCodeEditor[]).filter((e) => {
      const node = e.getContainerDomNode();
      return node && this.root.contains(node);
    });
  }

  get theme(): "light" | "dark" {
    return resolveTheme(this.themeChoice);
  }

  setTheme(theme: ThemeChoice): void {
    this.useTheme(theme);
  }

  private useTheme(choice: ThemeChoice): void {
    this.themeChoice = choice;
    this.stopWatchingScheme();
    this.stopWatchingScheme = choice === "auto" ? watchColorScheme(() => applyTheme(this.root, this.theme)) : () => undefined;
    applyTheme(this.root, this.theme);
  }

  setTabFocusMode(on: boolean): void {
    this.tabFocus = on;
    for (const editor of this.codeEditors()) editor.updateOptions({ tabFocusMode: on });
    this.root.dataset.tabFocus = String(on);
    this.keyHint.textContent = on ? `Tab moves focus · ${TAB_FOCUS_KEYS}: Tab indents` : `Tab indents · ${TAB_FOCUS_KEYS}: Tab moves focus`;
    this.keyHint.title = `${TAB_FOCUS_KEYS} switches what Tab does in the code editors: indent, or move to the next control (for keyboard users)`;
  }

  /** remembers the place the cursor is leaving (for Back) */
  private remember(): void {
    const selection = this.editor.getSelection();
    if (!this.shown || !selection) return;
    this.history.push({ path: this.shown, selection, scrollTop: this.editor.getScrollTop() });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    this.backButton.disabled = false;
  }

  goBack(): boolean {
    let place = this.history.pop();
    while (place && !this.models.has(place.path)) place = this.history.pop();
    this.backButton.disabled = this.history.length === 0;
    if (!place) return false;
    this.openFile(place.path);
    this.editor.setSelection(place.selection);
    this.editor.setScrollTop(place.scrollTop);
    this.editor.focus();
    return true;
  }

  /** the monaco editor of the rules, for hosts that want to go further */
  get codeEditor(): monaco.editor.IStandaloneCodeEditor {
    return this.editor;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.stopWatchingScheme();
    this.tryIt?.dispose();
    this.workbench.dispose();
    this.editor.dispose();
    for (const d of [...this.modelListeners, ...this.disposables]) d.dispose();
    for (const model of this.models.values()) model.dispose();
    this.models.clear();
    this.client.dispose();
    this.root.remove();
  }
}
