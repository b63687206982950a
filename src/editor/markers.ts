// Turns checker diagnostics into monaco markers: the same message, hint and span as `edict check`
// prints (file:line:col), on the model of the file the diagnostic names.
import { monaco } from "./monaco.js";
import type { Diagnostic } from "./protocol.js";

export const MARKER_OWNER = "edict";

/** the marker text: the message, then the hint on its own line, as `formatDiagnostic` prints them */
export function markerMessage(d: Diagnostic): string {
  return d.hint ? `${d.message}\nhint: ${d.hint}` : d.message;
}

export function toMarker(d: Diagnostic): monaco.editor.IMarkerData {
  return {
    severity: d.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: markerMessage(d),
    code: d.code,
    source: "edict",
    startLineNumber: d.span.line,
    startColumn: d.span.col,
    endLineNumber: d.span.endLine,
    endColumn: d.span.endCol,
  };
}

/**
 * Sets the markers of every pack model. A diagnostic about a folder (no pack there, an include
 * cycle) goes to the first file of that folder, so it is still seen.
 */
export function applyMarkers(diagnostics: Diagnostic[], models: Map<string, monaco.editor.ITextModel>): Map<string, number> {
  const byFile = new Map<string, monaco.editor.IMarkerData[]>();
  const paths = [...models.keys()];
  for (const d of diagnostics) {
    const file = models.has(d.span.file) ? d.span.file : (paths.find((p) => p.startsWith(`${d.span.file}/`)) ?? paths[0]);
    if (!file) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), toMarker(d)]);
  }
  const errors = new Map<string, number>();
  for (const [path, model] of models) {
    const markers = byFile.get(path) ?? [];
    monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
    errors.set(path, markers.filter((m) => m.severity === monaco.MarkerSeverity.Error).length);
  }
  return errors;
}
