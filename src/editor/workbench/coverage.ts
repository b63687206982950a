// Coverage in the gutter: after a test run, each rule, benefit or precedence rule never exercised
// gets a mark beside its first line, and each condition never seen true (or false) a dotted
// underline; hovering either says the gap as `edict test` words it.
import { monaco } from "../monaco.js";
import type { CoverageMark } from "./protocol.js";

/** a coverage mark as placed in the editor, by file */
export interface CoverageMarkInfo {
  file: string;
  kind: "item" | "condition";
  message: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export class CoverageDecorations {
  private readonly placed = new Map<monaco.editor.ITextModel, string[]>();

  constructor(private readonly models: () => Map<string, monaco.editor.ITextModel>) {}

  /** replaces the marks of every model with `marks` */
  show(marks: CoverageMark[]): void {
    this.clear();
    const byFile = new Map<string, monaco.editor.IModelDeltaDecoration[]>();
    for (const mark of marks) {
      const range =
        mark.kind === "item"
          ? new monaco.Range(mark.span.line, 1, mark.span.line, 1)
          : new monaco.Range(mark.span.line, mark.span.col, mark.span.endLine, mark.span.endCol);
      const options: monaco.editor.IModelDecorationOptions =
        mark.kind === "item"
          ? {
              isWholeLine: true,
              linesDecorationsClassName: "ee-cov-gap",
              className: "ee-cov-gap-line",
              hoverMessage: { value: mark.message },
              overviewRuler: { color: "#bf8700", position: monaco.editor.OverviewRulerLane.Left },
              stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
            }
          : {
              inlineClassName: "ee-cov-branch",
              hoverMessage: { value: mark.message },
              stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
            };
      byFile.set(mark.span.file, [...(byFile.get(mark.span.file) ?? []), { range, options }]);
    }
    const models = this.models();
    for (const [file, decorations] of byFile) {
      const model = models.get(file);
      if (model && !model.isDisposed()) this.placed.set(model, model.deltaDecorations([], decorations));
    }
  }

  /** the marks as they are now (they move with edits), optionally of one file */
  list(path?: string): CoverageMarkInfo[] {
    const out: CoverageMarkInfo[] = [];
    for (const [file, model] of this.models()) {
      if (path !== undefined && file !== path) continue;
      const ids = this.placed.get(model);
      if (!ids || model.isDisposed()) continue;
      for (const id of ids) {
        const range = model.getDecorationRange(id);
        const options = model.getDecorationOptions(id);
        if (!range || !options) continue;
        const hover = options.hoverMessage;
        const message = hover && !Array.isArray(hover) ? (hover as monaco.IMarkdownString).value : "";
        out.push({
          file,
          kind: options.linesDecorationsClassName ? "item" : "condition",
          message,
          line: range.startLineNumber,
          col: range.startColumn,
          endLine: range.endLineNumber,
          endCol: range.endColumn,
        });
      }
    }
    return out;
  }

  clear(): void {
    for (const [model, ids] of this.placed) if (!model.isDisposed()) model.deltaDecorations(ids, []);
    this.placed.clear();
  }
}
