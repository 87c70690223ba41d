import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIsolatedVm } from './ivm.js';

// Each isolated-vm release is installed only on the Nodes it serves (runner/package.json);
// test/integration/fresh-install.test.ts checks that npm does so.

const nodeMajor = Number(process.versions.node.split('.')[0]);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('loading isolated-vm', () => {
  it('loads the release this Node installs: 7 (prebuilt) on Node 24+, 5 (compiled) below', () => {
    const { ivm, version } = loadIsolatedVm();
    expect(version.split('.')[0]).toBe(nodeMajor >= 24 ? '7' : '5');
    expect(typeof ivm.Isolate).toBe('function');
  });

  it('says which Node each release is installed on when this installation has neither', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-ivm-'));
    dirs.push(dir);
    const load = () => loadIsolatedVm(pathToFileURL(path.join(dir, 'here.js')));
    expect(load).toThrow('isolated-vm-7: not installed (npm installs it on Node 24+ only)');
    expect(load).toThrow('isolated-vm-5: not installed (npm installs it on Node 20–23 only)');
    expect(load).toThrow(/run npm install \(or npm ci\) with the Node that runs Scriptgate$/);
  });
});
