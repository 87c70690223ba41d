import type { HttpMethod } from '@contract';

/** In the order the template picker shows them. */
export const TEMPLATE_IDS = [
  'blank',
  'formToJson',
  'jsonApi',
  'formToApi',
  'proxy',
  'telegram',
  'chatWebhook',
  'alertmanager',
  'grafana',
  'redirect',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface ScenarioTemplate {
  id: TemplateId;
  /** Methods the endpoint should allow for this template. */
  methods: HttpMethod[];
  /** Browsers call it from other sites: the CORS settings matter. */
  needsCors: boolean;
  /** The handler's body (indented two spaces); the signature is added per language. */
  body: string;
}
