// Drafts kept in the browser: the pack's edited files, saved to IndexedDB a moment after each
// change, so a reload (or a crash) does not lose an analyst's work. A draft remembers which pack
// it was edited from (a hash of the files as loaded) and is offered back only over that pack.

export interface Draft {
  key: string;
  /** hash of the files as loaded: the draft applies to that pack only */
  base: string;
  entry: string;
  files: Record<string, string>;
  /** milliseconds since the epoch, when the draft was kept */
  savedAt: number;
}

const DB = "edict-editor";
const STORE = "drafts";

/** FNV-1a over the sorted paths and texts: tells one pack's files from another's */
export function packHash(files: Record<string, string>): string {
  let h = 0x811c9dc5;
  const add = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0, 0x01000193);
  };
  for (const path of Object.keys(files).sort()) {
    add(path);
    add(files[path]);
  }
  return `${Object.keys(files).length}-${(h >>> 0).toString(16)}`;
}

export function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB could not be opened"));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
      tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
    });
  } finally {
    db.close();
  }
}

/** the drafts of one editor (one key), in IndexedDB; every call fails softly where IndexedDB is missing */
export class DraftStore {
  constructor(readonly key: string) {}

  static available(): boolean {
    return typeof indexedDB !== "undefined";
  }

  async load(): Promise<Draft | null> {
    if (!DraftStore.available()) return null;
    return ((await transact("readonly", (s) => s.get(this.key))) as Draft | undefined) ?? null;
  }

  async save(draft: Omit<Draft, "key">): Promise<void> {
    if (!DraftStore.available()) return;
    await transact("readwrite", (s) => s.put({ ...draft, key: this.key }));
  }

  async clear(): Promise<void> {
    if (!DraftStore.available()) return;
    await transact("readwrite", (s) => s.delete(this.key));
  }
}
