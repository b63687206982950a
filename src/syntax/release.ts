// Whether this is a published build. chevrotain checks the grammar itself when the parser and
// lexer are built (about 40 ms at start-up); the checks can only fail when the grammar source
// changes, so they run in development and tests and are skipped in the built package, where
// tsup and the editor build define __EDICT_RELEASE__.
declare const __EDICT_RELEASE__: boolean | undefined;

export const RELEASE_BUILD: boolean = typeof __EDICT_RELEASE__ !== "undefined" && __EDICT_RELEASE__ === true;
