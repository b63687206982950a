// Variable slots of an evaluation frame. The checker assigns them, both evaluators read them:
// the three roots every rule sees, then one slot per quantifier variable by nesting depth.

export const CLAIM_SLOT = 0;
export const LINE_SLOT = 1;
export const CONTEXT_SLOT = 2;
/** the first quantifier variable's slot; slots below it are the roots */
export const FIRST_VARIABLE_SLOT = 3;

export const isRootSlot = (slot: number): boolean => slot < FIRST_VARIABLE_SLOT;
