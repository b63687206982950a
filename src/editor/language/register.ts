// Registers the `.edict` language with monaco once per page: tokenizer, configuration, themes and
// the completion, hover, definition, quick fix, formatting and folding providers. Providers are global in
// monaco, so each rule editor adds a session and a provider serves the session owning the model.
import { monaco } from "../monaco.js";
import { KEYWORDS } from "../../syntax/lexer.js";
import type { Diagnostic, FormatReply, Span, SymbolIndex } from "../protocol.js";
import { edictConfiguration, foldingRanges } from "./configuration.js";
import { edictMonarch, edictThemes, LANGUAGE_ID, THEME_IDS } from "./monarch.js";
import { completionsAt, type ItemKind } from "./completion.js";
import { hoverAt } from "./hover.js";
import { definitionAt } from "./definition.js";

type Model = monaco.editor.ITextModel;

export interface LanguageSession {
  /** true when the model is one of this editor's pack files */
  owns(model: Model): boolean;
  symbols(): SymbolIndex;
  /** the model URI of a pack file */
  uriFor(path: string): monaco.Uri | undefined;
  pathOf(model: Model): string;
  format(path: string, text: string): Promise<FormatReply>;
  /** the diagnostics of the last check (their suggestions become quick fixes) */
  diagnostics(): Diagnostic[];
}

const sessions = new Set<LanguageSession>();

export function addLanguageSession(session: LanguageSession): monaco.IDisposable {
  registerEdictLanguage();
  sessions.add(session);
  return { dispose: () => sessions.delete(session) };
}

function sessionOf(model: Model): LanguageSession | undefined {
  for (const s of sessions) if (s.owns(model)) return s;
  return undefined;
}

export function spanRange(span: Span): monaco.IRange {
  return { startLineNumber: span.line, startColumn: span.col, endLineNumber: span.endLine, endColumn: span.endCol };
}

const KIND: Record<ItemKind, monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  field: monaco.languages.CompletionItemKind.Field,
  variable: monaco.languages.CompletionItemKind.Variable,
  valueset: monaco.languages.CompletionItemKind.Enum,
  table: monaco.languages.CompletionItemKind.Struct,
  parameter: monaco.languages.CompletionItemKind.Constant,
  accumulator: monaco.languages.CompletionItemKind.Value,
  function: monaco.languages.CompletionItemKind.Function,
  rule: monaco.languages.CompletionItemKind.Reference,
  benefit: monaco.languages.CompletionItemKind.Reference,
  code: monaco.languages.CompletionItemKind.EnumMember,
  phase: monaco.languages.CompletionItemKind.EnumMember,
  snippet: monaco.languages.CompletionItemKind.Snippet,
};

let registered = false;

export function registerEdictLanguage(): void {
  if (registered) return;
  registered = true;
  const { languages } = monaco;
  languages.register({ id: LANGUAGE_ID, extensions: [".edict"], aliases: ["Edict", "edict"] });
  languages.setMonarchTokensProvider(LANGUAGE_ID, edictMonarch(KEYWORDS));
  languages.setLanguageConfiguration(LANGUAGE_ID, edictConfiguration);
  monaco.editor.defineTheme(THEME_IDS.light, edictThemes.light);
  monaco.editor.defineTheme(THEME_IDS.dark, edictThemes.dark);

  languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [".", "-", " "],
    provideCompletionItems(model, position, context) {
      const session = sessionOf(model);
      if (!session) return { suggestions: [] };
      const found = completionsAt(model.getLinesContent(), position.lineNumber, position.column, session.symbols(), KEYWORDS);
      // a space only opens the list where the next word is one of a few (a phase, a code, …)
      if (context.triggerCharacter === " " && !found.contextual) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: position.column };
      return {
        suggestions: found.items.map((item) => ({
          label: item.label,
          kind: KIND[item.kind],
          detail: item.detail,
          documentation: item.documentation ? { value: item.documentation } : undefined,
          insertText: item.insertText ?? item.label,
          insertTextRules: item.kind === "snippet" ? languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
          sortText: item.sortText,
          range,
        })),
      };
    },
  });

  languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const session = sessionOf(model);
      const hover = session && hoverAt(model.getLinesContent(), position.lineNumber, position.column, session.symbols());
      if (!hover) return null;
      return {
        range: { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: hover.startColumn, endColumn: hover.endColumn },
        contents: hover.contents.map((value) => ({ value })),
      };
    },
  });

  languages.registerDefinitionProvider(LANGUAGE_ID, {
    provideDefinition(model, position) {
      const session = sessionOf(model);
      const span = session && definitionAt(model.getLinesContent(), position.lineNumber, position.column, session.symbols());
      const uri = span && session.uriFor(span.file);
      return span && uri ? { uri, range: spanRange(span) } : null;
    },
  });

  // "did you mean …": the checker's suggestion as a quick fix (Ctrl+. or the light bulb), offered
  // while the marker still sits where the check put it (an edit since then may have moved the text)
  languages.registerCodeActionProvider(
    LANGUAGE_ID,
    {
      provideCodeActions(model, range, context) {
        const session = sessionOf(model);
        if (!session) return { actions: [], dispose: () => undefined };
        const path = session.pathOf(model);
        const actions: monaco.languages.CodeAction[] = [];
        for (const d of session.diagnostics()) {
          const fix = d.suggestion;
          if (!fix || fix.span.file !== path) continue;
          const marker = context.markers.find(
            (m) =>
              m.code === d.code &&
              m.startLineNumber === d.span.line &&
              m.startColumn === d.span.col &&
              m.endLineNumber === d.span.endLine &&
              m.endColumn === d.span.endCol,
          );
          if (!marker) continue;
          const target = spanRange(fix.span);
          if (!monaco.Range.areIntersectingOrTouching(target, range)) continue;
          actions.push({
            title: `Change to \`${fix.text}\``,
            kind: "quickfix",
            diagnostics: [marker],
            isPreferred: true,
            edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: target, text: fix.text } }] },
          });
        }
        return { actions, dispose: () => undefined };
      },
    },
    { providedCodeActionKinds: ["quickfix"] },
  );

  languages.registerDocumentFormattingEditProvider(LANGUAGE_ID, {
    async provideDocumentFormattingEdits(model) {
      const session = sessionOf(model);
      if (!session) return [];
      const versionId = model.getVersionId();
      const formatted = await session.format(session.pathOf(model), model.getValue());
      // a file that does not parse is left as it is: its syntax errors are already marked
      if (formatted.diagnostics.length > 0 || model.getVersionId() !== versionId || formatted.text === model.getValue()) return [];
      return [{ range: model.getFullModelRange(), text: formatted.text }];
    },
  });

  languages.registerFoldingRangeProvider(LANGUAGE_ID, {
    provideFoldingRanges(model) {
      return foldingRanges(model.getValue()).map((f) => ({
        start: f.start,
        end: f.end,
        kind: f.kind === "comment" ? languages.FoldingRangeKind.Comment : f.kind === "region" ? languages.FoldingRangeKind.Region : undefined,
      }));
    },
  });
}
