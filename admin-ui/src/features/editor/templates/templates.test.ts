import { describe, expect, it } from 'vitest';
import { en } from '../../../i18n/en';
import { ru } from '../../../i18n/ru';
import { requestTypings } from '../lib/schema-to-ts';
import { editorProblems } from '../testing/type-check';
import { TEMPLATE_IDS, convertSignature, getTemplate, handlerSignature, templateCode, type TemplateId } from './index';

describe('scenario templates', () => {
  it.each(TEMPLATE_IDS)('%s is valid JavaScript with a default-exported handler', (id) => {
    const code = templateCode(id, 'javascript');
    expect(code.startsWith('/**')).toBe(true);
    expect(code).toContain('export default async function handler(request, ctx)');
    // Parses as a function body once the module keyword is taken away.
    expect(() => new Function(code.replace('export default ', ''))).not.toThrow();
  });

  // A full type check per language: seconds on a busy machine.
  it.each(TEMPLATE_IDS)(
    '%s shows no problem in the editor, in TypeScript and in JavaScript',
    (id) => {
      // With the types the template's own request schema gives request.body, as the editor has them.
      const typings = requestTypings(getTemplate(id).requestSchema);
      expect(editorProblems(templateCode(id, 'typescript'), 'typescript', typings)).toEqual([]);
      expect(editorProblems(templateCode(id, 'javascript'), 'javascript', typings)).toEqual([]);
    },
    30_000,
  );

  it('would show a type error the editor shows (the check is not vacuous)', { timeout: 30_000 }, () => {
    const broken = templateCode('blank', 'typescript').replace('return', 'const attempts: number = "three";\n  return');
    expect(editorProblems(broken, 'typescript').join('\n')).toContain(
      "Type 'string' is not assignable to type 'number'",
    );
    expect(editorProblems('export default () => process.env.TOKEN', 'javascript').join('\n')).toContain("'process'");
  });

  it.each(TEMPLATE_IDS)('%s has a title and a description in English and Russian', (id: TemplateId) => {
    for (const texts of [en.templates, ru.templates] as Array<Record<string, unknown>>) {
      expect(texts[id]).toMatchObject({ title: expect.any(String), description: expect.any(String) });
    }
  });

  it('types the handler parameters in TypeScript', () => {
    expect(templateCode('blank', 'typescript')).toContain('handler(request: ScenarioRequest, ctx: ScenarioContext)');
  });

  it('switches our own signature between languages and leaves other code alone', () => {
    const js = templateCode('redirect', 'javascript');
    const ts = convertSignature(js, 'javascript', 'typescript');
    expect(ts).toBe(templateCode('redirect', 'typescript'));
    expect(convertSignature(ts, 'typescript', 'javascript')).toBe(js);
    expect(convertSignature('export default () => 1', 'javascript', 'typescript')).toBe('export default () => 1');
    expect(handlerSignature('javascript')).toContain('@param {ScenarioRequest} request');
  });
});
