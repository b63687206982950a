// The slice of monaco-editor the rule editor uses: the core API, the editor features it needs
// (not all of them, to keep the bundle small) and the JSON language for the try-it panel.
import * as monaco from "monaco-editor/editor";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/suggest/register";
// features/suggest/register only brings inline completions: the suggest widget (the completion
// list that opens after `line.`) is this contribution, which editor.main imports on its own
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/gotoSymbol/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/smartSelect/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/wordOperations/register";
import "monaco-editor/features/quickCommand/register";
import "monaco-editor/features/inlineProgress/register";
// quick fixes (Ctrl+. and the light bulb): the checker's "did you mean" suggestions
import "monaco-editor/features/codeAction/register";
import { jsonDefaults } from "monaco-editor/languages/features/json/register";

export { monaco, jsonDefaults };
export type Monaco = typeof monaco;

/** where the bundled monaco workers are served; relative URLs resolve against the page */
export interface MonacoWorkerUrls {
  editor: string;
  json: string;
}

interface MonacoEnvironmentHolder {
  MonacoEnvironment?: { getWorkerUrl?: (moduleId: string, label: string) => string };
}

/**
 * Points monaco at its worker bundles, unless the host already set `self.MonacoEnvironment`
 * (a page that uses monaco itself keeps its own configuration).
 */
export function configureMonacoWorkers(urls: MonacoWorkerUrls): void {
  const holder = self as unknown as MonacoEnvironmentHolder;
  if (holder.MonacoEnvironment?.getWorkerUrl) return;
  holder.MonacoEnvironment = { ...holder.MonacoEnvironment, getWorkerUrl: (_moduleId, label) => (label === "json" ? urls.json : urls.editor) };
}
