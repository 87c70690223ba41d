import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { editorCompletions } from '../testing/completions';
import { editorProblems } from '../testing/type-check';
import { shadowScenario, touchesHidden } from './scenario-shadow';

// The README's example ("The scenario API"), exactly as written there: no JSDoc header.
const README_EXAMPLE = `export default async function handler(request, ctx) {
  ctx.log.info('new lead', request.body.email)
  if (!request.body.email) return Response.json({ error: 'email required' }, { status: 422 })
  return { ok: true }
}
`;

describe('the editor types a scenario handler without a JSDoc header', () => {
  for (const language of ['javascript', 'typescript'] as const) {
    it(`completes request. and ctx. in the README's example (${language})`, () => {
      const atRequest = README_EXAMPLE.replace("ctx.log.info('new lead', ", 'request.|\n  ctx.log.info(');
      expect(editorCompletions(atRequest, language)).toEqual(expect.arrayContaining(['body', 'query', 'files', 'ip']));
      const atCtx = README_EXAMPLE.replace("ctx.log.info('new lead', ", 'ctx.|\n  ctx.log.info(');
      expect(editorCompletions(atCtx, language)).toEqual(
        expect.arrayContaining(['log', 'secrets', 'process', 'mail', 'user']),
      );
    });

    it(`shows type errors in the README's example (${language})`, () => {
      expect(editorProblems(README_EXAMPLE, language)).toEqual([]);
      const wrong = README_EXAMPLE.replace('ctx.log.info(', 'ctx.log.inf(').replace(
        'request.body.email)\n',
        'request.bdy)\n',
      );
      expect(editorProblems(wrong, language)).toEqual([
        '/endpoint/scenario.' +
          (language === 'typescript' ? 'ts' : 'js') +
          ":2 Property 'inf' does not exist on type 'ScenarioLogger'. Did you mean 'info'?",
        '/endpoint/scenario.' +
          (language === 'typescript' ? 'ts' : 'js') +
          ":2 Property 'bdy' does not exist on type 'ScenarioRequest'. Did you mean 'body'?",
      ]);
    });
  }

  it('types the parameters by position, whatever their names, in an arrow function', () => {
    const code = 'export default async (req, context) => ({ ok: req.methd, id: context.process.id })\n';
    expect(editorProblems(code, 'javascript')).toEqual([
      "/endpoint/scenario.js:1 Property 'methd' does not exist on type 'ScenarioRequest'. Did you mean 'method'?",
    ]);
    expect(editorCompletions('export default (r) => r.|', 'typescript')).toContain('subpath');
  });

  it('types the README API example written as an arrow function in parentheses', () => {
    const code = 'export default ((request) => ({ ok: true, got: request.bodi }))\n';
    expect(editorProblems(code, 'typescript')).toEqual([
      "/endpoint/scenario.ts:1 Property 'bodi' does not exist on type 'ScenarioRequest'.",
    ]);
  });

  it('keeps the JSDoc header form working', () => {
    const code = `/**\n * @param {ScenarioRequest} request\n * @param {ScenarioContext} ctx\n */\n${README_EXAMPLE.replace('request.body.email)', 'request.nope)')}`;
    expect(editorProblems(code, 'javascript')).toEqual([
      "/endpoint/scenario.js:6 Property 'nope' does not exist on type 'ScenarioRequest'.",
    ]);
  });

  it('keeps every offset and line break of the code, so markers land where the user typed', () => {
    const code =
      'const cache = new Map()\nexport default   async function handler(request) {\n  return cache.get(request.ip)\n}\n';
    const shadow = shadowScenario(ts, 'scenario.js', code);
    expect(shadow.text).toHaveLength(code.length);
    expect(shadow.text).toBe(code.replace(/export default +/, (words) => `let{}:ƒ=${' '.repeat(words.length - 8)}`));
    expect(shadow.hiddenRanges).toEqual([{ start: 24, end: 41 }]);
    expect(touchesHidden(shadow.hiddenRanges, 30, 2)).toBe(true);
    expect(touchesHidden(shadow.hiddenRanges, 41, 5)).toBe(false);
  });

  it('leaves a handler that the file also calls by name as it is, rather than breaking the call', () => {
    const code = 'export default function handler(request) { return 1 }\nconst again = handler\n';
    expect(shadowScenario(ts, 'scenario.ts', code).text).toBe(code);
    expect(editorProblems(code, 'typescript')).toEqual([]);
  });

  it('leaves a file whose default export is no function as it is', () => {
    const code = 'const handler = (request) => 1\nexport default handler\n';
    expect(shadowScenario(ts, 'scenario.js', code).text).toBe(code);
  });

  it('keeps two top-level declarations of the same name in two scenarios apart (each is a module)', () => {
    expect(editorProblems('const fetch = 1\nexport default (r) => fetch\n', 'javascript')).toEqual([]);
  });
});
