import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, prepareDataDir } from './database.js';
import { createEmbeddedStore } from './embedded-store.js';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const roots: string[] = [];
afterEach(async () => {
  for (const dir of roots.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempRoot() {
  const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-datadir-'));
  roots.push(dir);
  return dir;
}

describe('DATA_DIR permissions', () => {
  it('creates DATA_DIR 0700 and the database with its WAL files 0600', async () => {
    const dataDir = path.join(await tempRoot(), 'nested', 'data');
    const store = await createEmbeddedStore({ dataDir });
    await store.putSecret('A', 'value');
    try {
      expect(await modeOf(dataDir)).toBe(0o700);
      const db = path.join(dataDir, DATABASE_FILE);
      for (const file of [db, `${db}-wal`, `${db}-shm`]) expect([file, await modeOf(file)]).toEqual([file, 0o600]);
    } finally {
      await store.close();
    }
  });

  it('tightens the directory and files an older version left readable by others', async () => {
    const dataDir = await tempRoot();
    const db = path.join(dataDir, DATABASE_FILE);
    await writeFile(db, '');
    await writeFile(`${db}-wal`, '');
    await chmod(db, 0o644);
    await chmod(`${db}-wal`, 0o644);
    await chmod(dataDir, 0o755);
    prepareDataDir(dataDir, db);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(db)).toBe(0o600);
    expect(await modeOf(`${db}-wal`)).toBe(0o600);
  });

  it('leaves the mode of a shared directory that already holds other files alone', async () => {
    const shared = await tempRoot();
    await chmod(shared, 0o755);
    await mkdir(path.join(shared, 'someone-else'));
    const db = path.join(shared, DATABASE_FILE);
    prepareDataDir(shared, db);
    expect(await modeOf(shared)).toBe(0o755);
    expect(await modeOf(db)).toBe(0o600);
  });
});
