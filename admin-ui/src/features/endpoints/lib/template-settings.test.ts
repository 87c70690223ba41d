import { describe, expect, it } from 'vitest';
import { emptyEndpointValues } from './form-model';
import { applyTemplateSettings, type TemplateSettings } from './template-settings';

const github: TemplateSettings = {
  methods: ['POST'],
  access: { type: 'hmac', preset: 'github' },
  requestSchema: { body: { type: 'object', required: ['sender'], properties: { sender: { type: 'object' } } } },
};
const blank: TemplateSettings = { methods: ['GET', 'POST'] };

describe('settings a template brings to a new endpoint', () => {
  it('sets the methods, the HMAC preset and the body schema of a webhook template', () => {
    const values = applyTemplateSettings(emptyEndpointValues(), null, github);
    expect(values).toMatchObject({ methods: ['POST'], accessType: 'hmac', hmacPreset: 'github' });
    expect(JSON.parse(values.requestSchemaBody)).toEqual(github.requestSchema!.body);
    expect(values.requestSchemaQuery).toBe('');
  });

  it('takes the previous template’s preset and schema away again, but keeps what the user changed', () => {
    const picked = applyTemplateSettings(emptyEndpointValues(), null, github);
    expect(applyTemplateSettings(picked, github, blank)).toMatchObject({
      methods: ['GET', 'POST'],
      accessType: 'public',
      requestSchemaBody: '',
    });
    const edited = {
      ...picked,
      accessType: 'apiKey' as const,
      requestSchemaBody: '{ "type": "object" }',
      slug: 'hooks',
    };
    expect(applyTemplateSettings(edited, github, blank)).toMatchObject({
      accessType: 'apiKey',
      requestSchemaBody: '{ "type": "object" }',
      slug: 'hooks',
    });
  });
});
