import type {
  Endpoint,
  EndpointCreateInput,
  EndpointDetail,
  EndpointListItem,
  EndpointUpdateInput,
  PublishInput,
  ScenarioDraftInfo,
  ScenarioLanguage,
  ScenarioVersionInfo,
  TestRunRequest,
  TestRunResult,
} from '@contract';
import { api, isApiError, seg } from './client';

/**
 * What PATCH takes: `access` as `AccessInput`, whose write-only values (password, secrets) are
 * sent in clear only when set anew; left out, the server keeps the ones it holds.
 */
export type EndpointInput = EndpointUpdateInput;
/** What POST takes. */
export type EndpointCreate = EndpointCreateInput;

export const endpointsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: EndpointListItem[] }>('/endpoints', signal).then((r) => r.items),
  get: (id: string, signal?: AbortSignal) => api.get<EndpointDetail>(`/endpoints/${seg(id)}`, signal),
  create: (input: EndpointCreate) => api.post<EndpointDetail>('/endpoints', input),
  update: (id: string, patch: EndpointInput) => api.patch<Endpoint>(`/endpoints/${seg(id)}`, patch),
  remove: (id: string) => api.delete(`/endpoints/${seg(id)}`),
  /** A new secret for callbacks and failure webhooks; the old one stops verifying at once. */
  regenerateCallbackSecret: (id: string) =>
    api.post<{ callbackSecret: string }>(`/endpoints/${seg(id)}/callback-secret`),
  /** The OpenAPI document of this one endpoint, as the public docs would show it (listed or not). */
  openapi: (id: string, signal?: AbortSignal) => api.get<unknown>(`/endpoints/${seg(id)}/openapi.json`, signal),
};

export const scenarioApi = {
  save: (endpointId: string, code: string, language: ScenarioLanguage) =>
    api.put<ScenarioVersionInfo>(`/endpoints/${seg(endpointId)}/scenario`, { code, language }),
  versions: (endpointId: string, signal?: AbortSignal) =>
    api
      .get<{ items: ScenarioVersionInfo[] }>(`/endpoints/${seg(endpointId)}/scenario/versions`, signal)
      .then((r) => r.items),
  restore: (endpointId: string, version: number) =>
    api.post<ScenarioVersionInfo>(`/endpoints/${seg(endpointId)}/scenario/versions/${seg(version)}/restore`),
  /** The endpoint's saved draft, or null when it has none. */
  draft: (endpointId: string, signal?: AbortSignal) =>
    api.get<ScenarioDraftInfo>(`/endpoints/${seg(endpointId)}/draft`, signal).catch((error: unknown) => {
      if (isApiError(error) && error.code === 'draft_not_found') return null;
      throw error;
    }),
  saveDraft: (endpointId: string, code: string, language: ScenarioLanguage) =>
    api.put<ScenarioDraftInfo>(`/endpoints/${seg(endpointId)}/draft`, { code, language }),
  discardDraft: (endpointId: string) => api.delete(`/endpoints/${seg(endpointId)}/draft`),
  /** Makes the saved draft the live version. */
  publish: (endpointId: string, input: PublishInput) =>
    api.post<ScenarioVersionInfo>(`/endpoints/${seg(endpointId)}/publish`, input),
  testRun: (endpointId: string, request: TestRunRequest) =>
    api.post<TestRunResult>(`/endpoints/${seg(endpointId)}/test-run`, request),
};
