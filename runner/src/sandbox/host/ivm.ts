import { createRequire } from 'node:module';
import type { Ivm } from './ivm-types.js';

export type * from './ivm-types.js';

/**
 * No single isolated-vm release builds on every supported Node, so two majors are installed,
 * each only on the Nodes it serves (runner/package.json): 7.x ships prebuilt for Node 24+, 5.x
 * is compiled at install on Node 20–23. 5.x comes through a package whose `engines` make npm
 * skip it from Node 24 on; it is resolved through that package so as not to rely on hoisting.
 */
const RELEASES = [
  { name: 'isolated-vm-7', installedOn: 'Node 24+', via: undefined },
  { name: 'isolated-vm-5', installedOn: 'Node 20–23', via: '@scriptgate/runner-below-node-24' },
] as const;

type Release = (typeof RELEASES)[number];

/**
 * The only place that loads isolated-vm: the release meant for this Node first, the other one
 * second. `from` is where packages are resolved from (tests point it at an empty folder).
 */
export function loadIsolatedVm(from: string | URL = import.meta.url): { ivm: Ivm; version: string } {
  const major = Number(process.versions.node.split('.')[0]);
  const releases = major >= 24 ? RELEASES : [...RELEASES].reverse();
  const failures: string[] = [];
  for (const release of releases) {
    const require = installed(release, from);
    if (!require) {
      failures.push(`${release.name}: not installed (npm installs it on ${release.installedOn} only)`);
      continue;
    }
    try {
      const ivm = require(release.name) as Ivm;
      const { version } = require(`${release.name}/package.json`) as { version: string };
      return { ivm, version };
    } catch (error) {
      // Installed but unusable: built for another Node, or its build failed.
      failures.push(`${release.name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `isolated-vm could not be loaded on Node ${process.versions.node} (${failures.join('; ')}); ` +
      'run npm install (or npm ci) with the Node that runs Scriptgate',
  );
}

/** A require that finds the release, or undefined when npm did not install it on this Node. */
function installed(release: Release, from: string | URL): NodeJS.Require | undefined {
  try {
    const base = createRequire(from);
    const require = release.via ? createRequire(base.resolve(`${release.via}/package.json`)) : base;
    require.resolve(`${release.name}/package.json`);
    return require;
  } catch {
    return undefined;
  }
}

let loaded: { ivm: Ivm; version: string } | undefined;

export function ivm(): Ivm {
  loaded ??= loadIsolatedVm();
  return loaded.ivm;
}

export function ivmVersion(): string {
  loaded ??= loadIsolatedVm();
  return loaded.version;
}
