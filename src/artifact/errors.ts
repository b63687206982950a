// Diagnostics about built artifacts in words: a file given as a ruleset that `decodeProgram`
// cannot read or whose hashes do not hold, a signature that does not verify or is not the
// required signer's, and rules without the signature a host requires.
import { diagnostic, type Diagnostic } from "../common/diagnostic.js";
import { spanAt } from "../common/span.js";

/** `reason` is decodeProgram's own explanation */
export function badArtifact(path: string, reason: string): Diagnostic {
  return diagnostic("bad-artifact", spanAt(path, 1, 1, 0), `${path}: ${reason}`);
}

/** `reason` names the keys or says what does not verify */
export function badSignature(path: string, reason: string): Diagnostic {
  return diagnostic("bad-signature", spanAt(path, 1, 1, 0), `${path}: ${reason}`);
}

/** `message` says what is unsigned */
export function signatureRequired(path: string, message: string): Diagnostic {
  return diagnostic("signature-required", spanAt(path, 1, 1, 0), message);
}
