import { createRequire } from 'node:module';
import type { Ivm } from './ivm-types.js';

export type * from './ivm-types.js';

const require = createRequire(import.meta.url);

/**
 * The only place that loads isolated-vm. Two majors are installed under aliases because
 * no single release builds on every supported Node: 5.x serves Node 20–22, 7.x Node 24+.
 */
function load(): { ivm: Ivm; version: string } {
  const major = Number(process.versions.node.split('.')[0]);
  const candidates = major >= 24 ? ['isolated-vm-7', 'isolated-vm-5'] : ['isolated-vm-5', 'isolated-vm-7'];
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      const ivm = require(name) as Ivm;
      const version = (require(`${name}/package.json`) as { version: string }).version;
      return { ivm, version };
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`isolated-vm could not be loaded on Node ${process.versions.node} (${failures.join('; ')})`);
}

let loaded: { ivm: Ivm; version: string } | undefined;

export function ivm(): Ivm {
  loaded ??= load();
  return loaded.ivm;
}

export function ivmVersion(): string {
  loaded ??= load();
  return loaded.version;
}
