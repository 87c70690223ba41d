import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBetterSqlite3 } from './driver-better.js';

// better-sqlite3 is installed (and compiled) only below Node 24 (server/package.json);
// test/integration/fresh-install.test.ts checks that npm does so.

const belowNode24 = Number(process.versions.node.split('.')[0]) < 24;
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('loading better-sqlite3', () => {
  it('says it is installed on Node 20–23 only when this installation has none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-sqlite-'));
    dirs.push(dir);
    expect(() => loadBetterSqlite3(pathToFileURL(path.join(dir, 'here.js')))).toThrow(
      `better-sqlite3 is not installed: npm installs it on Node 20–23 only, and this is Node ${process.versions.node}`,
    );
  });

  const installedHere = belowNode24 ? it : it.skip;
  if (!belowNode24) console.warn('[better-sqlite3] SKIPPED "opens a database": npm installs it on Node 20–23 only');
  installedHere('opens a database on Node below 24, where npm installs it', () => {
    const db = loadBetterSqlite3().open(':memory:');
    expect(db.prepare<[], { answer: number }>('SELECT 6 * 7 AS answer').get()).toEqual({ answer: 42 });
    db.close();
  });
});
