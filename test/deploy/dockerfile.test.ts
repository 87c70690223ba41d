import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './compose-cli.js';

// The rules the production image relies on, read from the Dockerfile itself (no engine here to build it).

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions by stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): Instruction[][] {
  const result: Instruction[][] = [];
  const logical = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') result.push([]);
    result[result.length - 1]?.push(instruction);
  }
  return result;
}

const all = stages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = all[all.length - 1]!;
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

describe('the production image (Dockerfile)', () => {
  it('runs the server as a non-root user', () => {
    const users = runtime.filter((instruction) => instruction.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
    const cmdAt = runtime.findIndex((instruction) => instruction.keyword === 'CMD');
    expect(runtime.indexOf(users[users.length - 1]!)).toBeLessThan(cmdAt);
  });

  it('starts node with --no-node-snapshot, which isolated-vm needs', () => {
    const cmd = runtime.filter((instruction) => instruction.keyword === 'CMD').pop();
    const argv = JSON.parse(cmd!.args) as string[];
    expect(argv[0]).toBe('node');
    expect(argv).toContain('--no-node-snapshot');
    expect(argv.indexOf('--no-node-snapshot')).toBeLessThan(argv.indexOf('server/dist/main.js'));
  });

  it('starts node with the flags npm start uses (package.json)', () => {
    const cmd = runtime.filter((instruction) => instruction.keyword === 'CMD').pop();
    const argv = JSON.parse(cmd!.args) as string[];
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const start = pkg.scripts.start.split(/\s+/);
    expect(start[0]).toBe('node');
    expect(argv.filter((arg) => arg.startsWith('--'))).toEqual(start.filter((arg) => arg.startsWith('--')));
    expect(argv.at(-1)).toBe(start.at(-1));
  });

  it('has a healthcheck that asks /readyz', () => {
    const healthcheck = runtime.find((instruction) => instruction.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/CMD .*\/readyz/);
  });

  it('bakes no secret in: no secret-named ENV or ARG with a value, in any stage', () => {
    const secretName = /SECRET|PASSWORD|TOKEN|KEY|CREDENTIAL/i;
    const baked = all.flat().flatMap((instruction) => {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') return [];
      // `ENV A=1 B=2`, `ENV A 1`, `ARG A` / `ARG A=default`
      const pairs = instruction.args.includes('=')
        ? [...instruction.args.matchAll(/(\w+)=("[^"]*"|\S*)/g)].map(([, name, value]) => [name!, value!])
        : [instruction.args.split(/\s+/, 2) as [string, string?]];
      return pairs.filter(([name, value]) => secretName.test(name) && value).map(([name]) => name);
    });
    expect(baked).toEqual([]);
  });

  it('never copies .env or runtime data into the image', () => {
    // The final image takes only built files from the build stage, never the context itself.
    const fromContext = runtime.filter(
      (instruction) => ['COPY', 'ADD'].includes(instruction.keyword) && !instruction.args.includes('--from='),
    );
    expect(fromContext).toEqual([]);
    // And the build stage never sees them: the context leaves out .env files, DATA_DIR and keys.
    for (const pattern of ['**/.env', '**/.env.*', '**/data', '**/secrets.key'])
      expect(dockerignore).toContain(pattern);
    expect(dockerignore.filter((line) => line.startsWith('!'))).toEqual(['!test/package.json']);
    const sources = all
      .flat()
      .filter((instruction) => ['COPY', 'ADD'].includes(instruction.keyword))
      .flatMap((instruction) =>
        instruction.args
          .split(/\s+/)
          .filter((word) => !word.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources.filter((source) => /(^|\/)\.env/.test(source))).toEqual([]);
  });
});
