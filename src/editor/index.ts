// Edict's embeddable rule editor (a separate entry from the library): createRuleEditor mounts
// monaco with the `.edict` language, checker diagnostics, completion, hover, go-to-definition,
// formatting and a try-it panel into one element of the host's page.
import "./editor.css";
import { EdictRuleEditor } from "./rule-editor.js";
import type { RuleEditor, RuleEditorOptions } from "./types.js";

export type * from "./types.js";
export type * from "./workbench/types.js";
export type { AdjudicateReply, ProgramSpan, SymbolIndex } from "./protocol.js";

/**
 * Mounts a rule editor inside `element` (which it fills; give it a height) and returns its API.
 * The host serves the worker bundles beside the editor's script, or says where with `assetsUrl`.
 */
export function createRuleEditor(element: HTMLElement, options: RuleEditorOptions = {}): RuleEditor {
  return new EdictRuleEditor(element, options);
}
