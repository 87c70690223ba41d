import type { HmacPreset, HttpMethod } from '@contract';
import type { JsonSchemaObject } from '../../../lib/json-schema/types';

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
  'githubWebhook',
  'stripeEvent',
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
  /** Who may call: a signature preset the endpoint starts with (the secret is typed in the form). */
  access?: { type: 'hmac'; preset: HmacPreset };
  /** The request schema the endpoint starts with; it also types `request.body` in the editor. */
  requestSchema?: { body?: JsonSchemaObject; query?: JsonSchemaObject };
}
