import { compileScenario } from '../compile.js';
import type { RunFile, RunJob, RunLimits, RunOutcome } from '../protocol.js';

// Builds runs for the runner's own tests (not part of the build: see tsconfig.json).

export const TEST_LIMITS: RunLimits = {
  timeoutMs: 2000,
  cpuMs: 2000,
  memoryMb: 32,
  maxLogLines: 50,
  maxLogBytes: 4096,
  maxResultBytes: 1024 * 1024,
};

export interface JobOptions {
  scenarioId?: string;
  limits?: Partial<RunLimits>;
  secrets?: Record<string, string>;
  body?: unknown;
  files?: RunFile[];
  /** `ctx.process.attempt`; 1 unless given. */
  attempt?: number;
}

let counter = 0;

export function makeJob(code: string, options: JobOptions = {}): RunJob {
  const compiled = compileScenario(code, 'javascript');
  if (!compiled.ok) throw new Error(compiled.diagnostics[0]!.message);
  const runId = `run-${process.pid}-${++counter}`;
  return {
    runId,
    scenario: { id: options.scenarioId ?? `scenario-${counter}`, version: 1, code: compiled.js },
    request: {
      url: 'http://127.0.0.1/api/webrequest/t?x=1',
      method: 'POST',
      path: '/api/webrequest/t',
      subpath: '',
      headers: {},
      cookies: {},
      query: { x: '1' },
      body: options.body ?? null,
      rawBody: '',
      files: options.files ?? [],
      ip: '127.0.0.1',
    },
    ctx: {
      event: { id: runId, type: '$webRequest', async: false },
      script: { id: 's', version: 1 },
      process: { id: runId, attempt: options.attempt ?? 1 },
      user: null,
      secrets: options.secrets ?? {},
    },
    limits: { ...TEST_LIMITS, ...options.limits },
  };
}

export function jsonOf(outcome: RunOutcome): unknown {
  if (!outcome.ok || outcome.result.kind !== 'json')
    throw new Error(`expected JSON, got ${JSON.stringify(outcome).slice(0, 2000)}`);
  return JSON.parse(outcome.result.json);
}

export function errorCodeOf(outcome: RunOutcome): string {
  return outcome.ok ? 'ok' : outcome.error.code;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
