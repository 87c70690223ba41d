import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A service of `docker-compose config`'s answer: only what the tests read. */
export interface ComposeService {
  image?: string;
  profiles?: string[];
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  ports?: unknown[];
  volumes?: Array<string | { source?: string; target?: string }>;
  stop_grace_period?: string;
}
export interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, { name?: string } | null>;
}

interface Cli {
  command: string;
  /** Before the file: `compose` for the Docker plugin. */
  prefix: string[];
  /** After `config`: `--format json` where Compose prints JSON itself. */
  format: string[];
  toJson: (output: string) => unknown;
}

function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  // Only PATH and HOME: variables of the machine running the tests must not fill in the file's `${…}`.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() };
  return spawnSync(command, args, { ...options, env, encoding: 'utf8', timeout: 60_000 });
}

/**
 * `docker-compose` (Debian's 1.29, a Python program: its YAML is turned into JSON by the same
 * Python, which has PyYAML) or the Compose v2 plugin (`docker compose`, which prints JSON itself).
 * Null when neither answers: nothing here can check the file.
 */
export function findComposeCli(): Cli | null {
  if (run('docker-compose', ['version']).status === 0) {
    const path = run('sh', ['-c', 'command -v docker-compose']).stdout.trim();
    const shebang = readFileSync(path, 'utf8').slice(0, 200).split('\n')[0] ?? '';
    const python = /^#!\s*(\S*python\S*)/.exec(shebang)?.[1];
    if (python) {
      const toJson = (yaml: string) => {
        const script = 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)';
        const converted = run(python, ['-c', script], { input: yaml });
        if (converted.status !== 0) throw new Error(`YAML to JSON failed: ${converted.stderr}`);
        return JSON.parse(converted.stdout) as unknown;
      };
      return { command: 'docker-compose', prefix: [], format: [], toJson };
    }
    return { command: 'docker-compose', prefix: [], format: ['--format', 'json'], toJson: (json) => JSON.parse(json) };
  }
  if (run('docker', ['compose', 'version']).status === 0) {
    return { command: 'docker', prefix: ['compose'], format: ['--format', 'json'], toJson: (json) => JSON.parse(json) };
  }
  return null;
}

/**
 * `config` of the repository's compose file, in a scratch directory with `env` as its `.env`
 * (the file reads it twice: `env_file` and `${…}`), so the checkout's own `.env` never matters.
 */
export function composeConfig(
  cli: Cli,
  env: string,
  profile?: string,
): { ok: true; config: ComposeConfig } | { ok: false; error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-compose-'));
  try {
    copyFileSync(join(ROOT, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
    writeFileSync(join(dir, '.env'), env);
    const file = ['-f', join(dir, 'docker-compose.yml'), ...(profile ? ['--profile', profile] : [])];
    const result = run(cli.command, [...cli.prefix, ...file, 'config', ...cli.format], { cwd: dir });
    if (result.status !== 0) return { ok: false, error: `${result.stderr}${result.stdout}` };
    return { ok: true, config: cli.toJson(result.stdout) as ComposeConfig };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The services `docker compose [--profile …] up` starts: those without profiles, and the profile's. */
export function servicesStarted(config: ComposeConfig, profile?: string): string[] {
  return Object.entries(config.services)
    .filter(([, service]) => !service.profiles?.length || (profile !== undefined && service.profiles.includes(profile)))
    .map(([name]) => name)
    .sort();
}

export const asList = (value: string[] | string | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
