export type * from './protocol.js';
export type * from './api.js';
export { createRunnerPool, defaultWorkerCount } from './pool.js';
export { compileScenario, MAX_SOURCE_BYTES } from './compile.js';
export * from './outbound/index.js';
