// Deterministic FHIR ids and authorization numbers, derived from the input alone (never the
// clock or randomness): same claim, same ids.
import { sha256Hex } from "../../ir/sha256.js";

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
// the contract's authorization numbers (src/model/schemas.ts): 1–50 letters, digits, space . - _ /
const AUTHORIZATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 .\-_/]{0,49}$/;

/** `prefix-text` when that is a valid FHIR id, else `prefix-` and 32 hex digits of the text's SHA-256 */
export function fhirId(prefix: string, text: string): string {
  const plain = `${prefix}-${text}`;
  return FHIR_ID.test(plain) ? plain : `${prefix}-${sha256Hex(text).slice(0, 32)}`;
}

/**
 * The authorization number of an approved prior-authorization item: `PA-<request id>-<item
 * sequence>`, or, when the request id does not fit an authorization number, `PA-` and 16 hex
 * digits of its SHA-256. The whole request's reference is the same without the sequence.
 */
export function preAuthRef(requestId: string, sequence?: number): string {
  const tail = sequence === undefined ? "" : `-${sequence}`;
  const plain = `PA-${requestId}${tail}`;
  return AUTHORIZATION_NUMBER.test(plain) && plain.trimEnd() === plain ? plain : `PA-${sha256Hex(requestId).slice(0, 16)}${tail}`;
}
