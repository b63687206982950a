// Diagnostics about built artifacts in words: a file given as a ruleset that `decodeProgram`
// cannot read.
import { diagnostic, type Diagnostic } from "../common/diagnostic.js";
import { spanAt } from "../common/span.js";

/** `reason` is decodeProgram's own explanation */
export function badArtifact(path: string, reason: string): Diagnostic {
  return diagnostic("bad-artifact", spanAt(path, 1, 1, 0), `${path}: ${reason}`);
}
