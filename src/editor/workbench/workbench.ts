// The analyst's workbench inside the rule editor: drafts kept in the browser and restored after a
// reload, a warning before leaving unsaved work, save (host handler, folder, zip) and open (folder,
// zip), the pack's tests with coverage in the gutter, and the impact of the edits on claims.
import type { monaco } from "../monaco.js";
import { h } from "../dom.js";
import type { CheckerClient } from "../worker-client.js";
import type { PackFiles, Span } from "../protocol.js";
import type { TraceEntry } from "../../model/types.js";
import type { ExampleClaim, Subscription } from "../types.js";
import { CoverageDecorations, type CoverageMarkInfo } from "./coverage.js";
import { DraftStore, packHash, sameFiles } from "./drafts.js";
import { renderImpact, renderProgress } from "./impact-panel.js";
import {
  commonFolder,
  downloadZip,
  hasFolderAccess,
  openFolder,
  packFromZip,
  pickFiles,
  pickSaveFolder,
  relativePaths,
  writeFolder,
  type DirectoryHandle,
} from "./pack-io.js";
import type { ImpactReply, ImpactSource, TestsReply } from "./protocol.js";
import { renderTests } from "./tests-panel.js";
import type { SaveHandler, SaveOutcome, WorkbenchApi, WorkbenchOptions } from "./types.js";

/** what the workbench needs of the rule editor */
export interface WorkbenchHost {
  /** the rule editor's source column: the workbench adds its bar after `toolbar` and its panel before `statusBar` */
  toolbar: HTMLElement;
  statusBar: HTMLElement;
  client: CheckerClient;
  getFiles(): PackFiles;
  entry(): string;
  version(): number;
  /** replaces the pack (a public loadPack: the workbench's baseline moves to it) */
  loadPack(files: PackFiles, entry: string): void;
  /** replaces the pack's files keeping the baseline (a restored draft) */
  showFiles(files: PackFiles, entry: string): void;
  models(): Map<string, monaco.editor.ITextModel>;
  openFile(path: string): void;
  revealSpan(span: Span): void;
  revealTrace(entry: TraceEntry): void;
  examples: ExampleClaim[];
  /** the try-it panel's context, for records that carry none */
  context(): unknown;
}

const DRAFT_DELAY_MS = 500;

export class Workbench implements WorkbenchApi {
  private readonly bar: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly status: HTMLElement;
  private readonly dirtyMark: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly views: { tests: HTMLElement; impact: HTMLElement };
  private readonly tabs: { tests: HTMLButtonElement; impact: HTMLButtonElement };
  private readonly impactOutput: HTMLElement;
  private readonly impactSource: HTMLSelectElement;
  private readonly coverage: CoverageDecorations;
  private readonly saveHandlers = new Set<SaveHandler>();
  private readonly drafts: DraftStore | null;
  private readonly draftLookup: Promise<boolean>;
  /** the pack as loaded (impact compares against it; drafts belong to it) */
  private loaded: { files: PackFiles; entry: string; hash: string };
  /** the pack as last saved or loaded (dirty compares against it) */
  private saved: PackFiles;
  private folder: DirectoryHandle | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private draftWrite: Promise<void> = Promise.resolve();
  private impactFile: File | undefined;
  private edited = false;
  private disposed = false;
  private readonly beforeUnload = (event: BeforeUnloadEvent) => {
    if (!this.disposed && this.dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  };

  constructor(
    private readonly host: WorkbenchHost,
    options: WorkbenchOptions,
  ) {
    const files = host.getFiles();
    this.loaded = { files, entry: host.entry(), hash: packHash(files) };
    this.saved = files;
    this.coverage = new CoverageDecorations(() => host.models());

    const button = (cls: string, label: string, title: string, onclick: () => void) =>
      h("button", { class: `ee-wb-button ${cls}`, type: "button", title, onclick }, label);
    this.dirtyMark = h("span", { class: "ee-dirty", title: "the pack has changes not saved", hidden: true }, "● unsaved");
    this.status = h("span", { class: "ee-wb-status", "aria-live": "polite" });
    this.bar = h(
      "div",
      { class: "ee-wb-bar", role: "toolbar", "aria-label": "Workbench" },
      button("ee-open", "Open…", "open a pack folder (or a folder of packs)", () => void this.openFolder().catch((e) => this.say(e, "error"))),
      button("ee-open-zip", "Open .zip", "open a pack from a zip", () => void this.pickZip()),
      button("ee-save", "Save", "save the pack (Ctrl+S)", () => void this.save().catch(() => undefined)),
      button("ee-download", "Download .zip", "download the pack as a zip", () => this.downloadZip()),
      h("span", { class: "ee-wb-sep" }),
      button("ee-run-tests", "Run tests", "run the pack's tests/*.json with coverage", () => void this.runTests().catch(() => undefined)),
      button("ee-impact-open", "Impact", "compare the edited pack with the pack as loaded, on claims", () => this.show("impact")),
      this.dirtyMark,
      this.status,
    );
    if (options.workbench === false) this.bar.hidden = true;
    this.notice = h("div", { class: "ee-draft-notice", role: "status", hidden: true });

    this.tabs = {
      tests: h("button", { class: "ee-tab", type: "button", role: "tab", onclick: () => this.show("tests") }, "Tests"),
      impact: h("button", { class: "ee-tab", type: "button", role: "tab", onclick: () => this.show("impact") }, "Impact"),
    };
    this.impactSource = h(
      "select",
      { class: "ee-impact-source", "aria-label": "Claims to compare on", onchange: () => void this.sourceChanged() },
      h("option", { value: "examples" }, `the example claims (${host.examples.length})`),
      h("option", { value: "file" }, "an NDJSON file…"),
    );
    this.impactOutput = h(
      "div",
      { class: "ee-impact-output", "aria-live": "polite" },
      h("div", { class: "ee-result ee-info" }, "Compare the edited pack with the pack as loaded: the claims whose result changes, by the rule responsible."),
    );
    this.views = {
      tests: h("div", { class: "ee-wb-view ee-wb-tests" }, h("div", { class: "ee-result ee-info" }, "Run the pack's tests/*.json.")),
      impact: h(
        "div",
        { class: "ee-wb-view ee-wb-impact", hidden: true },
        h(
          "div",
          { class: "ee-bar" },
          "Compare on ",
          this.impactSource,
          h("button", { class: "ee-wb-run ee-impact-run", type: "button", onclick: () => void this.impact().catch(() => undefined) }, "Compare ▶"),
        ),
        this.impactOutput,
      ),
    };
    this.panel = h(
      "section",
      { class: "ee-wb", "aria-label": "Workbench", hidden: true },
      h(
        "div",
        { class: "ee-wb-head" },
        h("div", { class: "ee-tabs", role: "tablist" }, this.tabs.tests, this.tabs.impact),
        h(
          "button",
          { class: "ee-wb-close", type: "button", title: "close", "aria-label": "close the workbench panel", onclick: () => (this.panel.hidden = true) },
          "×",
        ),
      ),
      this.views.tests,
      this.views.impact,
    );
    host.toolbar.after(this.bar, this.notice);
    host.statusBar.before(this.panel);

    const key = options.drafts === false ? null : typeof options.drafts === "string" ? options.drafts : `${location.pathname}#${host.entry()}`;
    this.drafts = key !== null && DraftStore.available() ? new DraftStore(key) : null;
    this.draftLookup = this.restoreDraft().catch(() => false);
    addEventListener("beforeunload", this.beforeUnload);
  }

  // ------------------------------------------------------------------ changes, drafts

  get dirty(): boolean {
    return !sameFiles(this.host.getFiles(), this.saved);
  }

  /** the pack changed (an edit, a file added): mark it and keep a draft shortly */
  changed(): void {
    if (this.disposed) return;
    this.edited = true;
    // comparing every file is done once typing pauses, not on each keystroke
    clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => void this.flushDraft().catch(() => undefined), DRAFT_DELAY_MS);
  }

  /** a pack loaded by the host (or opened): the new baseline of impact, dirty and drafts */
  packLoaded(files: PackFiles, entry: string): void {
    this.loaded = { files, entry, hash: packHash(files) };
    this.saved = files;
    this.folder = undefined;
    this.coverage.clear();
    this.notice.hidden = true;
    this.dirtyMark.hidden = true;
  }

  private async restoreDraft(): Promise<boolean> {
    if (!this.drafts) return false;
    const draft = await this.drafts.load();
    // only over the pack it was made from, and not over edits made while it was being read
    if (!draft || this.disposed || this.edited || draft.base !== this.loaded.hash || sameFiles(draft.files, this.loaded.files)) return false;
    this.host.showFiles(draft.files, draft.entry);
    this.edited = false;
    this.dirtyMark.hidden = !this.dirty;
    const when = new Date(draft.savedAt);
    const discard = h("button", { class: "ee-link ee-discard", type: "button", onclick: () => void this.discardDraft() }, "Discard the draft");
    this.notice.replaceChildren(`Restored your unsaved changes from ${when.toLocaleString()}. `, discard);
    this.notice.hidden = false;
    return true;
  }

  draftChecked(): Promise<boolean> {
    return this.draftLookup;
  }

  flushDraft(): Promise<void> {
    clearTimeout(this.draftTimer);
    if (this.disposed) return Promise.resolve();
    this.dirtyMark.hidden = !this.dirty;
    if (!this.drafts) return Promise.resolve();
    const store = this.drafts;
    const files = this.host.getFiles();
    const base = this.loaded;
    // writes in order, so a later draft is never overwritten by an earlier one
    this.draftWrite = this.draftWrite
      .catch(() => undefined)
      .then(() => (sameFiles(files, base.files) ? store.clear() : store.save({ base: base.hash, entry: this.host.entry(), files, savedAt: Date.now() })));
    return this.draftWrite;
  }

  async discardDraft(): Promise<void> {
    clearTimeout(this.draftTimer);
    await this.drafts?.clear();
    const { files, entry } = this.loaded;
    this.host.loadPack(files, entry);
    this.notice.hidden = true;
  }

  // ------------------------------------------------------------------ save and open

  onSave(handler: SaveHandler): Subscription {
    this.saveHandlers.add(handler);
    return { dispose: () => this.saveHandlers.delete(handler) };
  }

  async save(): Promise<SaveOutcome> {
    const files = this.host.getFiles();
    const entry = this.host.entry();
    try {
      for (const handler of [...this.saveHandlers]) {
        if ((await handler({ files: { ...files }, entry })) === true) return this.savedAs(files, "host", "Saved.");
      }
      if (this.folder) {
        await writeFolder(this.folder, relativePaths(files, this.folder.name));
        return this.savedAs(files, "folder", `Saved to the folder ${this.folder.name}.`);
      }
      if (hasFolderAccess()) {
        const folder = await pickSaveFolder();
        if (!folder) return "cancelled";
        // the folder picked stands for the packs' common folder: rules/ for rules/demo-ppo and rules/cms-edits
        await writeFolder(folder, relativePaths(files, commonFolder(Object.keys(files)).replace(/\/$/, "")));
        this.folder = folder;
        return this.savedAs(files, "folder", `Saved to the folder ${folder.name}.`);
      }
      this.downloadZip();
      return "zip";
    } catch (e) {
      this.say(`Could not save: ${(e as Error).message}`, "error");
      throw e;
    }
  }

  private savedAs(files: PackFiles, outcome: SaveOutcome, message: string): SaveOutcome {
    this.saved = files;
    this.dirtyMark.hidden = !this.dirty;
    this.say(message);
    return outcome;
  }

  downloadZip(): void {
    const files = this.host.getFiles();
    const name = `${this.host.entry().split("/").pop() || "pack"}.zip`;
    downloadZip(relativePaths(files), name, this.bar);
    this.savedAs(files, "zip", `Downloaded ${name}.`);
  }

  async openFolder(): Promise<boolean> {
    const opened = await openFolder();
    if (!opened) return false;
    this.open(opened.files, opened.entry);
    this.folder = opened.folder;
    return true;
  }

  private async pickZip(): Promise<void> {
    const picked = await pickFiles({ accept: ".zip,application/zip" });
    if (picked?.[0]) await this.openZip(picked[0]).catch((e) => this.say(`Could not open ${picked[0].name}: ${(e as Error).message}`, "error"));
  }

  async openZip(zip: Blob): Promise<void> {
    const opened = await packFromZip(zip);
    this.open(opened.files, opened.entry);
  }

  private open(files: PackFiles, entry: string): void {
    if (!Object.keys(files).some((p) => p.endsWith(".edict"))) throw new Error("no .edict file was found there");
    this.host.loadPack(files, entry);
    this.say(`Opened ${entry} (${Object.keys(files).length} files).`);
  }

  private say(message: unknown, kind: "info" | "error" = "info"): void {
    this.status.textContent = message instanceof Error ? message.message : String(message);
    this.status.dataset.kind = kind;
  }

  // ------------------------------------------------------------------ panel, tests, impact

  private show(view: "tests" | "impact"): void {
    this.panel.hidden = false;
    for (const name of ["tests", "impact"] as const) {
      this.views[name].hidden = name !== view;
      this.tabs[name].setAttribute("aria-selected", String(name === view));
    }
  }

  async runTests(): Promise<TestsReply> {
    this.show("tests");
    this.views.tests.replaceChildren(h("div", { class: "ee-result ee-info" }, "Running the tests…"));
    let reply: TestsReply;
    try {
      reply = await this.host.client.tests(this.host.version(), this.host.entry(), this.host.getFiles());
    } catch (e) {
      this.views.tests.replaceChildren(h("div", { class: "ee-result ee-error" }, `The tests could not run: ${(e as Error).message}`));
      throw e;
    }
    this.coverage.show(reply.kind === "run" ? reply.marks : []);
    this.views.tests.replaceChildren(renderTests(reply, { openFile: (p) => this.host.openFile(p), revealSpan: (s) => this.host.revealSpan(s) }));
    return reply;
  }

  getCoverageMarks(path?: string): CoverageMarkInfo[] {
    return this.coverage.list(path);
  }

  private async sourceChanged(): Promise<void> {
    if (this.impactSource.value !== "file") return;
    const picked = await pickFiles({ accept: ".ndjson,.jsonl,.json,application/x-ndjson" });
    if (!picked?.[0]) {
      this.impactSource.value = "examples";
      return;
    }
    this.impactFile = picked[0];
    const option = this.impactSource.querySelector<HTMLOptionElement>('option[value="file"]');
    if (option) option.textContent = picked[0].name;
  }

  async impact(claims?: Blob): Promise<ImpactReply> {
    this.show("impact");
    const file = claims ?? (this.impactSource.value === "file" ? this.impactFile : undefined);
    const name = file ? (file instanceof File ? file.name : "the claims file") : "Example claims";
    const source: ImpactSource = file
      ? { kind: "file", file, name }
      : { kind: "records", records: this.host.examples.map((e) => ({ name: e.name, claim: e.claim, context: e.context })) };
    const run = this.views.impact.querySelector<HTMLButtonElement>(".ee-impact-run");
    if (run) run.disabled = true;
    this.impactOutput.replaceChildren(renderProgress({ records: 0, changed: 0, done: 0, total: 1 }));
    try {
      const reply = await this.host.client.impact(
        {
          base: { entry: this.loaded.entry, files: this.loaded.files },
          head: { entry: this.host.entry(), files: this.host.getFiles() },
          source,
          defaultContext: this.host.context(),
        },
        (p) => this.impactOutput.replaceChildren(renderProgress(p)),
      );
      this.impactOutput.replaceChildren(renderImpact(reply, name, (entry) => this.host.revealTrace(entry)));
      return reply;
    } catch (e) {
      this.impactOutput.replaceChildren(h("div", { class: "ee-result ee-error" }, `The comparison failed: ${(e as Error).message}`));
      throw e;
    } finally {
      if (run) run.disabled = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.draftTimer);
    removeEventListener("beforeunload", this.beforeUnload);
    this.coverage.clear();
  }
}
