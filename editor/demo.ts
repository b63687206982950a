// The demo page's script: mounts the rule editor with the shipped packs and example claims
// (bundled at build time) and exposes it as window.edictEditor for tests and the console.
import data from "virtual:edict-demo-data";
import { createRuleEditor, type RuleEditor } from "../src/editor/index.js";

declare global {
  interface Window {
    edictEditor?: RuleEditor;
    /** started by an inline script in index.html */
    edictCheckerWorker?: Worker;
    /** set by index.html when that worker failed before the editor was there to hear it */
    edictCheckerWorkerFailed?: boolean;
    /** milliseconds from navigation start until the pack was first checked */
    edictReadyMillis?: number;
  }
}

const element = document.getElementById("editor");
if (!element) throw new Error("the demo page has no #editor element");

const early = window.edictCheckerWorkerFailed ? undefined : window.edictCheckerWorker;
const editor = createRuleEditor(element, { files: data.files, entry: data.entry, examples: data.examples, checkerWorker: early });
window.edictEditor = editor;
const first = editor.onDiagnostics(() => {
  first.dispose();
  window.edictReadyMillis = performance.now();
  document.body.dataset.ready = "true";
});
