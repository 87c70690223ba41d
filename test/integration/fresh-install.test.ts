import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * What `npm ci` installs on the Node that runs this test, asked of npm itself: a dry run on a
 * copy of the manifests and the lockfile, offline, with an empty cache, so nothing is fetched
 * or written outside a temporary folder. Only the npm registry is reachable where Scriptgate
 * installs, so a package whose install script runs (allowScripts does not deny it) either
 * ships its binary in its tarball or is compiled. On Node 24+ the only one is isolated-vm 7,
 * whose install script finds the binary it ships for Node 24 and 26 (prebuilds/); below 24,
 * isolated-vm 5 and better-sqlite3 are compiled (README "Quick start"). They come through
 * `runner/below-node-24` and `server/below-node-24`, packed: npm skips an optional package whose
 * engines do not match, with its dependencies, only when it is a package, not a link to a folder.
 */

const root = path.resolve(import.meta.dirname, '../..');
const nodeMajor = Number(process.versions.node.split('.')[0]);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

interface Lockfile {
  packages: Record<
    string,
    { name?: string; version?: string; resolved?: string; integrity?: string; hasInstallScript?: boolean }
  >;
}

const readLockfile = async () => JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;

/** The tarballs in the repository that the lockfile installs (`file:…tgz`), relative to the root. */
const localTarballs = (lockfile: Lockfile) =>
  Object.values(lockfile.packages).flatMap(({ resolved, integrity }) =>
    resolved?.startsWith('file:') && resolved.endsWith('.tgz')
      ? [{ file: resolved.slice('file:'.length), integrity }]
      : [],
  );

// npm decides to skip a package for its engines before writing anything only since 11.6.2;
// an older npm decides it while writing node_modules, so its dry run lists every package.
const npmVersion = npm(['--version'], root).stdout.trim();
const dryRunSkipsByEngines = compareVersions(npmVersion, '11.6.2') >= 0;
if (!dryRunSkipsByEngines) {
  console.warn(`[fresh install] SKIPPED "compiles nothing on Node 24+": npm ${npmVersion} cannot show it by a dry run`);
}

describe('a fresh install', () => {
  (dryRunSkipsByEngines ? it : it.skip)(
    'compiles nothing on Node 24+, and only isolated-vm 5 and better-sqlite3 below 24',
    async () => {
      const lockfile = await readLockfile();
      const { added, nodeVersion } = await dryRunCi(lockfile);
      expect(nodeVersion).toBe(process.version);

      // Scripts the root package.json denies (allowScripts: false) never run.
      const { allowScripts = {} } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
        allowScripts?: Record<string, boolean>;
      };
      const runsInstallScript = ({ name, version }: { name: string; version: string }) =>
        Object.entries(lockfile.packages).some(
          ([key, entry]) =>
            key.endsWith(`node_modules/${name}`) &&
            entry.version === version &&
            entry.hasInstallScript === true &&
            allowScripts[entry.name ?? name] !== false,
        );
      const expected = nodeMajor >= 24 ? ['isolated-vm-7'] : ['better-sqlite3', 'isolated-vm-5'];
      expect(
        added
          .filter(runsInstallScript)
          .map(({ name }) => name)
          .sort(),
      ).toEqual(expected);
    },
  );

  it('installs, below Node 24, packages packed from their folders, as the lockfile records them', async () => {
    const tarballs = localTarballs(await readLockfile());
    expect(tarballs.map(({ file }) => file).sort()).toEqual([
      'runner/below-node-24/scriptgate-runner-below-node-24-0.1.0.tgz',
      'server/below-node-24/scriptgate-server-below-node-24-0.1.0.tgz',
    ]);
    for (const { file, integrity } of tarballs) {
      const packed = await readFile(path.join(root, file));
      const digest = `sha512-${createHash('sha512').update(packed).digest('base64')}`;
      expect(digest, `${file} is not what package-lock.json records`).toBe(integrity);
      const out = await mkdtemp(path.join(tmpdir(), 'scriptgate-pack-'));
      dirs.push(out);
      // npm pack is reproducible (fixed dates and modes): the same package.json packs the same bytes.
      npm(['pack', '--pack-destination', out], path.join(root, path.dirname(file)));
      const repacked = await readFile(path.join(out, path.basename(file)));
      expect(repacked.equals(packed), `${file} is not its folder packed (see its description)`).toBe(true);
    }
  });
});

/** Runs `npm ci --dry-run` with this Node on a copy of the manifests and local tarballs. */
async function dryRunCi(
  lockfile: Lockfile,
): Promise<{ added: { name: string; version: string }[]; nodeVersion: string | undefined }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-install-'));
  dirs.push(dir);
  // The lockfile's keys outside node_modules are the root and the workspaces.
  const manifests = Object.keys(lockfile.packages)
    .filter((key) => !key.includes('node_modules/'))
    .map((folder) => path.join(folder, 'package.json'));
  for (const file of [...manifests, ...localTarballs(lockfile).map(({ file }) => file), 'package-lock.json']) {
    await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await copyFile(path.join(root, file), path.join(dir, file));
  }
  const { stdout, stderr } = npm(
    ['ci', '--dry-run', '--offline', '--cache', path.join(dir, '.cache'), '--loglevel=info', '--no-audit', '--no-fund'],
    dir,
  );
  const added = [...stdout.matchAll(/^add (\S+) (\S+)$/gm)].map(([, name, version]) => ({
    name: name!,
    version: version!,
  }));
  return { added, nodeVersion: /using node@(v\S+)/.exec(stderr)?.[1] };
}

/**
 * npm on this Node (it checks engines against the Node it runs on), without the npm_* settings
 * of an npm that may be running this test.
 */
function npm(args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    },
  });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/** Compares two `major.minor.patch` versions: negative, zero or positive. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split('.').map((part) => Number.parseInt(part, 10)));
  for (let i = 0; i < 3; i++) {
    const difference = (x![i] ?? 0) - (y![i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
