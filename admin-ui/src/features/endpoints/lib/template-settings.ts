import type { HmacPreset, HttpMethod } from '@contract';
import { schemaTexts, type RequestSchemaValue } from '../../../lib/json-schema/request-schema-text';
import { emptyAccessValues } from './access-model';
import type { EndpointFormValues } from './form-model';

/** What a scenario template brings to the settings of a new endpoint. */
export interface TemplateSettings {
  methods: HttpMethod[];
  access?: { type: 'hmac'; preset: HmacPreset };
  requestSchema?: RequestSchemaValue;
}

/**
 * The form after picking another template: its methods, and its access preset and request
 * schema — replacing those of the template picked before, while what the user typed stays.
 */
export function applyTemplateSettings(
  values: EndpointFormValues,
  previous: TemplateSettings | null,
  next: TemplateSettings,
): EndpointFormValues {
  const result: EndpointFormValues = { ...values, methods: [...next.methods] };
  const before = schemaTexts(previous?.requestSchema ?? null);
  const after = schemaTexts(next.requestSchema ?? null);
  // A schema the user edited is theirs: only the previous template's own text is replaced.
  if (values.requestSchemaBody === before.body) result.requestSchemaBody = after.body;
  if (values.requestSchemaQuery === before.query) result.requestSchemaQuery = after.query;
  const previousPreset = previous?.access;
  const untouched = !previousPreset
    ? values.accessType === 'public'
    : values.accessType === previousPreset.type && values.hmacPreset === previousPreset.preset;
  if (untouched) {
    const empty = emptyAccessValues();
    result.accessType = next.access ? next.access.type : 'public';
    result.hmacPreset = next.access ? next.access.preset : empty.hmacPreset;
  }
  return result;
}
