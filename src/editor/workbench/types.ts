// The workbench's public types: the options and API it adds to the rule editor (save and keep,
// tests with coverage, impact), and the host's save event.
import type { PackFiles } from "../protocol.js";
import type { Subscription } from "../types.js";
import type { CoverageMarkInfo } from "./coverage.js";
import type { ImpactReply, TestsReply } from "./protocol.js";

export type { CoverageMarkInfo };
export type { CoverageMark, ImpactClaim, ImpactProgress, ImpactReply, MalformedRecord, TestCaseReport, TestsReply } from "./protocol.js";

/** what a host's save handler receives: the whole pack as it is in the editor */
export interface SaveEvent {
  files: PackFiles;
  entry: string;
}

/** returns (or resolves to) true when the host stored the pack itself; false lets the editor save it */
export type SaveHandler = (event: SaveEvent) => boolean | Promise<boolean>;

/** where a save went: a host handler, a folder on disk, a zip download; or nowhere (cancelled) */
export type SaveOutcome = "host" | "folder" | "zip" | "cancelled";

export interface WorkbenchOptions {
  /**
   * keep drafts in the browser (IndexedDB) and restore them after a reload: true (the default)
   * keys them by the page's path and the entry pack; a string is the key; false turns them off
   */
  drafts?: boolean | string;
  /** show the workbench bar (open, save, tests, impact); default true. The API works either way */
  workbench?: boolean;
}

export interface WorkbenchApi {
  /** true when the pack differs from what was last loaded or saved */
  readonly dirty: boolean;
  /**
   * saves the pack: to the first host handler that takes it (onSave), else into the folder it was
   * opened from or one the analyst picks (File System Access API), else as a zip download
   */
  save(): Promise<SaveOutcome>;
  /** offers the pack as a zip download (stored, paths relative to the packs' common folder's parent) */
  downloadZip(): void;
  /** asks for a pack folder and loads it; false when cancelled */
  openFolder(): Promise<boolean>;
  /** loads the pack files of a zip */
  openZip(zip: Blob): Promise<void>;
  /** a host's save handler: called first by save(); return true when the host stored the pack */
  onSave(handler: SaveHandler): Subscription;
  /** runs the entry pack's tests/*.json in the worker, shows them and marks coverage gaps */
  runTests(): Promise<TestsReply>;
  /** the coverage marks placed by the last test run (optionally of one file) */
  getCoverageMarks(path?: string): CoverageMarkInfo[];
  /** compares the edited pack with the pack as loaded on the example claims, or on an NDJSON file */
  impact(claims?: Blob): Promise<ImpactReply>;
  /** resolves once a kept draft was looked for: true when one was restored */
  draftChecked(): Promise<boolean>;
  /** keeps the draft now (drafts are otherwise kept half a second after a change) */
  flushDraft(): Promise<void>;
  /** forgets the draft and goes back to the pack as loaded */
  discardDraft(): Promise<void>;
}
