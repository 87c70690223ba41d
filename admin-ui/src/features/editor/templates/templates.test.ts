import { describe, expect, it } from 'vitest';
import { TEMPLATE_IDS, convertSignature, handlerSignature, templateCode } from './index';

describe('scenario templates', () => {
  it.each(TEMPLATE_IDS)('%s is valid JavaScript with a default-exported handler', (id) => {
    const code = templateCode(id, 'javascript');
    expect(code.startsWith('/**')).toBe(true);
    expect(code).toContain('export default async function handler(request, ctx)');
    // Parses as a function body once the module keyword is taken away.
    expect(() => new Function(code.replace('export default ', ''))).not.toThrow();
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
