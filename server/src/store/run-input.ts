/** Everything needed to run a queued async process again after a restart. Opaque to the store. */
export type RunInput = Record<string, unknown>;
