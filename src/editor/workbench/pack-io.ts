// Packs to and from disk: open a pack folder (the File System Access API, or a folder input where
// the browser lacks it) or a zip; save into a folder (File System Access) or as a zip download.
// A pack's files are its .edict sources, .csv tables and tests/*.json cases.
import { unzipFiles, zipFiles } from "./zip.js";

/** the part of the File System Access API used here (not in TypeScript's DOM types) */
export interface DirectoryHandle {
  kind: "directory";
  name: string;
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
}
interface FileHandle {
  kind: "file";
  name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: string): Promise<void>; close(): Promise<void> }>;
}
type PickerWindow = Window & { showDirectoryPicker?: (options?: { mode?: "read" | "readwrite"; id?: string }) => Promise<DirectoryHandle> };

export function hasFolderAccess(): boolean {
  return typeof (window as PickerWindow).showDirectoryPicker === "function";
}

/** a file a pack holds: sources, tables and test cases */
export function isPackFile(path: string): boolean {
  return /\.(edict|csv)$/.test(path) || /(^|\/)tests\/[^/]+\.json$/.test(path);
}

export interface OpenedPack {
  files: Record<string, string>;
  entry: string;
  /** the folder opened, to save back into */
  folder?: DirectoryHandle;
}

const dirOf = (path: string) => (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * The entry pack of a set of files: of the folders holding .edict files, the one no other pack
 * includes (`include "../cms-edits"`); the first by name when several qualify.
 */
export function guessEntry(files: Record<string, string>): string {
  const packs = [
    ...new Set(
      Object.keys(files)
        .filter((p) => p.endsWith(".edict"))
        .map(dirOf),
    ),
  ].sort();
  const included = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith(".edict")) continue;
    for (const m of text.matchAll(/^\s*include\s+"([^"]+)"/gm)) included.add(normalize(`${dirOf(path)}/${m[1]}`));
  }
  return packs.find((p) => !included.has(p)) ?? packs[0] ?? "";
}

function onlyPackFiles(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([p]) => isPackFile(p)));
}

async function readFolder(dir: DirectoryHandle, prefix: string, into: Record<string, string>): Promise<void> {
  for await (const handle of dir.values()) {
    const path = `${prefix}/${handle.name}`;
    if (handle.kind === "directory") {
      if (!handle.name.startsWith(".") && handle.name !== "node_modules") await readFolder(handle, path, into);
    } else if (isPackFile(path)) into[path] = await (await handle.getFile()).text();
  }
}

/** asks for a pack folder (or a folder of packs) and reads its pack files; null when cancelled */
export async function openFolder(): Promise<OpenedPack | null> {
  const picker = (window as PickerWindow).showDirectoryPicker;
  if (picker) {
    let folder: DirectoryHandle;
    try {
      folder = await picker({ mode: "readwrite", id: "edict-pack" });
    } catch {
      return null; // cancelled
    }
    const files: Record<string, string> = {};
    await readFolder(folder, folder.name, files);
    return { files, entry: guessEntry(files), folder };
  }
  const picked = await pickFiles({ directory: true });
  if (!picked) return null;
  return packFromFileList(picked);
}

/** the files of a folder input (webkitRelativePath keeps the folder's name first) */
export async function packFromFileList(list: ArrayLike<File>): Promise<OpenedPack> {
  const files: Record<string, string> = {};
  for (const file of Array.from(list)) {
    const path = file.webkitRelativePath || file.name;
    if (isPackFile(path)) files[path] = await file.text();
  }
  return { files, entry: guessEntry(files) };
}

/** the pack files of a zip */
export async function packFromZip(blob: Blob): Promise<OpenedPack> {
  const files = onlyPackFiles(await unzipFiles(new Uint8Array(await blob.arrayBuffer())));
  if (!Object.keys(files).some((p) => p.endsWith(".edict"))) throw new Error("the zip holds no .edict file");
  return { files, entry: guessEntry(files) };
}

/** a file input, clicked; resolves with the files picked, or null when nothing was */
export function pickFiles(options: { directory?: boolean; accept?: string }): Promise<FileList | null> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    if (options.accept) input.accept = options.accept;
    if (options.directory) input.webkitdirectory = true;
    input.addEventListener("change", () => resolve(input.files?.length ? input.files : null));
    input.addEventListener("cancel", () => resolve(null));
    input.click();
  });
}

/** the longest folder all paths share, with its slash ("rules/" for rules/demo-ppo and rules/cms-edits) */
export function commonFolder(paths: string[]): string {
  if (!paths.length) return "";
  let prefix = paths[0].slice(0, paths[0].lastIndexOf("/") + 1);
  for (const p of paths) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/", prefix.length - 2) + 1);
  return prefix;
}

/**
 * The paths files are written under: relative to the folder they were opened from, else to
 * their common folder's parent, so a zip of rules/demo-ppo holds demo-ppo/plan.edict.
 */
export function relativePaths(files: Record<string, string>, openedFrom?: string): Record<string, string> {
  const common = openedFrom !== undefined ? `${openedFrom}/` : commonFolder(Object.keys(files));
  const keep = openedFrom !== undefined ? common : common.slice(0, common.lastIndexOf("/", common.length - 2) + 1);
  return Object.fromEntries(Object.entries(files).map(([p, t]) => [p.startsWith(keep) ? p.slice(keep.length) : p, t]));
}

/** writes files (relative paths) into a folder, creating subfolders */
export async function writeFolder(folder: DirectoryHandle, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/").filter(Boolean);
    const name = parts.pop()!;
    let dir = folder;
    for (const part of parts) dir = await dir.getDirectoryHandle(part, { create: true });
    const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }
}

/** asks for a folder to save into; null when cancelled or unavailable */
export async function pickSaveFolder(): Promise<DirectoryHandle | null> {
  const picker = (window as PickerWindow).showDirectoryPicker;
  if (!picker) return null;
  try {
    return await picker({ mode: "readwrite", id: "edict-pack" });
  } catch {
    return null;
  }
}

/** offers the files as a zip download named `name` (the link is put in `container` for the click) */
export function downloadZip(files: Record<string, string>, name: string, container: HTMLElement): void {
  const url = URL.createObjectURL(new Blob([zipFiles(files) as BlobPart], { type: "application/zip" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  container.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
