import type { Request, Response } from 'express';
import qs from 'qs';
import { z } from 'zod';
import type { RunRequest } from '@scriptgate/runner';
import type { Config } from '../core/config.js';
import type { TestRunResult } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';
import { callerOf } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import { toLogLine, toProcessError } from '../processes/record.js';
import { requestFromRecord } from '../lifecycle/process-lifecycle.js';
import type { ProcessService, StoredInput } from '../processes/service.js';
import { mediaTypeOf, parseBodyBytes } from '../exchange/body.js';
import { requestOrigin } from '../exchange/capture.js';
import { compileOrThrow } from './compile.js';
import { parseWith } from '../http/validation.js';
import { requestSchemaSetting } from './request-schema.js';
import { refusedDraft } from './test-run-refusal.js';
import { compileRequestCheck, requestParts, type RequestChecks } from './request-validation.js';

export interface TestRunDeps {
  store: Store;
  config: Config;
  processes: ProcessService;
  requestChecks: RequestChecks;
}

const testRunSchema = z
  .object({
    code: z
      .string()
      .max(1024 * 1024)
      .optional(),
    language: z.enum(['javascript', 'typescript']).optional(),
    request: z
      .object({
        method: z
          .string()
          .regex(/^[A-Z]+$/, 'an upper-case HTTP method')
          .default('POST'),
        subpath: z.string().max(2000).default(''),
        query: z.record(z.string()).default({}),
        headers: z.record(z.string()).default({}),
        body: z.unknown().optional(),
      })
      .strict()
      .optional(),
    fromProcessId: z.string().max(64).optional(),
    requestSchema: requestSchemaSetting.optional(),
  })
  .strict();

type DraftRequest = NonNullable<z.infer<typeof testRunSchema>['request']>;

/**
 * The body as the public route would hand it to the scenario: a string is parsed by its
 * content type exactly as a real request's bytes would be; an object is encoded into
 * `rawBody` (form or JSON) the same way.
 */
function draftBody(draft: unknown, headers: Record<string, string>): { body: unknown; rawBody: string } {
  if (draft === undefined || draft === null) return { body: null, rawBody: '' };
  if (typeof draft === 'string') {
    const { body, rawBody } = parseBodyBytes(mediaTypeOf(headers['content-type']), Buffer.from(draft, 'utf8'));
    return { body, rawBody };
  }
  if (mediaTypeOf(headers['content-type']) === 'application/x-www-form-urlencoded') {
    return { body: draft, rawBody: qs.stringify(draft, { encodeValuesOnly: true }) };
  }
  headers['content-type'] ??= 'application/json';
  return { body: draft, rawBody: JSON.stringify(draft) };
}

function buildRequest(req: Request, config: Config, endpoint: Endpoint, draft: DraftRequest): RunRequest {
  const subpath = draft.subpath && !draft.subpath.startsWith('/') ? `/${draft.subpath}` : draft.subpath;
  const search = new URLSearchParams(draft.query).toString();
  const path = `/api/webrequest/${endpoint.slug}${subpath}`;
  const headers = Object.fromEntries(Object.entries(draft.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const { body, rawBody } = draftBody(draft.body, headers);
  return {
    url: `${requestOrigin(req, config.PUBLIC_URL)}${path}${search ? `?${search}` : ''}`,
    method: draft.method,
    path,
    subpath,
    headers,
    cookies: {},
    query: { ...draft.query },
    body,
    rawBody,
    files: [],
    ip: req.ip ?? '',
  };
}

/** Runs a draft (or the saved scenario) without publishing and without a process. */
export function createTestRunHandler(deps: TestRunDeps, getEndpoint: (id: string) => Promise<Endpoint>) {
  return async (req: Request, res: Response) => {
    const input = parseWith(testRunSchema, req.body ?? {});
    const endpoint = await getEndpoint(String(req.params.id));
    let compiled: string;
    if (input.code !== undefined) {
      compiled = compileOrThrow(input.code, input.language ?? endpoint.language, null).compiled;
    } else {
      const saved = await deps.store.getScenarioVersion(endpoint.id, endpoint.scenarioVersion);
      if (!saved) throw new AppError('not_found', 'The endpoint has no saved scenario');
      compiled = saved.compiled;
    }
    let request: RunRequest;
    let hasBody: boolean;
    if (input.fromProcessId) {
      const source = await deps.store.getProcess(input.fromProcessId);
      if (!source) throw new AppError('not_found', 'No such process to take the request from');
      const stored = (await deps.store.getProcessInput(source.id)) as unknown as StoredInput | null;
      request = stored?.request ?? requestFromRecord(source);
      hasBody = request.rawBody !== '' || request.body !== null || request.files.length > 0;
    } else {
      const draft = input.request ?? testRunSchema.shape.request.unwrap().parse({});
      request = buildRequest(req, deps.config, endpoint, draft);
      hasBody = draft.body !== undefined && draft.body !== null;
    }
    // The same check as the public route: a draft that a caller could not send does not run.
    const check =
      input.requestSchema === undefined
        ? deps.requestChecks.of(endpoint)
        : input.requestSchema && compileRequestCheck(input.requestSchema);
    const validationErrors = check ? check(requestParts(request, hasBody)) : [];
    if (validationErrors.length > 0) {
      res.json(refusedDraft(validationErrors));
      return;
    }
    const started = Date.now();
    const revealSecrets = callerOf(res).user.role === 'admin';
    const { outcome, response, fetches, mails } = await deps.processes.runDraft(endpoint, compiled, request, {
      revealSecrets,
    });
    const result: TestRunResult = {
      response,
      fetches,
      mails,
      logs: outcome.logs.map(toLogLine),
      error: outcome.ok ? null : toProcessError(outcome.error),
      durationMs: outcome.durationMs ?? Date.now() - started,
    };
    res.json(result);
  };
}
