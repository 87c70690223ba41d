import { describe, expect, it } from 'vitest';
import { editorCompletions } from '../testing/completions';
import { editorMarkers } from '../testing/markers';
import { rewriteMarkers, type RewriteMessages } from './diagnostic-rewrite';
import { MARKER_SEVERITY } from './problems';
import { secretTypings } from './secret-typings';

const messages: RewriteMessages = {
  notInSandbox: (name) => `${name} is not available in a scenario`,
  notImportable: (module) => `${module} cannot be imported`,
  unclosed: (open, close, endLine) => `${open} never closed by ${close} (end at ${endLine})`,
  secretNotGranted: (name, granted) => `${name} not granted (granted: ${granted.join(', ') || 'none'})`,
};

function rewritten(code: string, language: 'javascript' | 'typescript', extra = '', granted: string[] = []) {
  const markers = editorMarkers(code, language, extra);
  return rewriteMarkers(markers, messages, granted) ?? markers;
}

/** What the problems list shows for the code: line and message of each marker after the rewrite. */
function shown(code: string, language: 'javascript' | 'typescript', extra = '', granted: string[] = []) {
  return rewritten(code, language, extra, granted).map((marker) => [marker.startLineNumber, marker.message]);
}

describe('editor diagnostics speak of the sandbox', () => {
  it('never advises npm i @types/node for require, process or Buffer', () => {
    const code =
      "export default (request) => {\n  const fs = require('fs')\n  return process.env.X + Buffer.from('a')\n}\n";
    for (const language of ['javascript', 'typescript'] as const) {
      const raw = editorMarkers(code, language)
        .map((marker) => marker.message)
        .join('\n');
      if (language === 'typescript') expect(raw).toContain('npm i --save-dev @types/node');
      const problems = shown(code, language);
      expect(problems.map(([, message]) => message).join('\n')).not.toMatch(/npm|@types/);
      expect(problems).toEqual(
        expect.arrayContaining([
          [3, 'process is not available in a scenario'],
          [3, 'Buffer is not available in a scenario'],
        ]),
      );
    }
  });

  it('says an imported package cannot be imported, without install advice', () => {
    const problems = shown("import axios from 'axios'\nexport default () => axios\n", 'typescript');
    expect(problems).toEqual([[1, 'axios cannot be imported']]);
  });

  it('names a DOM global as missing from the sandbox instead of advising a lib setting', () => {
    const problems = shown('export default () => document.title\n', 'typescript');
    expect(problems).toEqual([[1, 'document is not available in a scenario']]);
  });

  it('points an unclosed block at the line of its opening brace', () => {
    const code = [
      'export default async function handler(request, ctx) {',
      '  if (request.body.email) {',
      "    ctx.log.info('lead')",
      '  return { ok: true }',
      '}',
      '',
    ].join('\n');
    // TypeScript names the function's `{` (line 1); the indentation says the `if` was left open.
    const problems = shown(code, 'javascript');
    expect(problems).toEqual([[2, '{ never closed by } (end at 6)']]);
  });

  it('leaves every other diagnostic as TypeScript wrote it, and is final once applied', () => {
    const markers = editorMarkers('export default (request) => request.bdy\n', 'typescript');
    expect(rewriteMarkers(markers, messages)).toBeNull();
    const rewritten = rewriteMarkers(editorMarkers("export default () => require('x')\n", 'typescript'), messages);
    expect(rewritten).not.toBeNull();
    expect(rewriteMarkers(rewritten!, messages)).toBeNull();
  });
});

describe('ctx.secrets follows the secrets granted to the endpoint', () => {
  const granted = ['CRM_TOKEN', 'SMTP_PASS'];
  const typings = secretTypings(granted);

  it('completes the granted names on ctx.secrets.', () => {
    const code = 'export default async function handler(request, ctx) {\n  return ctx.secrets.|\n}\n';
    for (const language of ['javascript', 'typescript'] as const) {
      expect(editorCompletions(code, language, typings)).toEqual(['CRM_TOKEN', 'SMTP_PASS']);
    }
  });

  it('types a granted secret as a string and warns of a name that was not granted', () => {
    const code = 'export default (request, ctx) => ctx.secrets.CRM_TOKEN.trim() + ctx.secrets.STRIPE_KEY\n';
    expect(shown(code, 'typescript', typings, granted)).toEqual([
      [1, 'STRIPE_KEY not granted (granted: CRM_TOKEN, SMTP_PASS)'],
    ]);
    // A warning: the code runs and reads undefined, which the templates check for.
    expect(rewritten(code, 'typescript', typings, granted).map((marker) => marker.severity)).toEqual([
      MARKER_SEVERITY.Warning,
    ]);
    expect(shown(code, 'javascript', secretTypings([]), [])).toEqual([
      [1, 'CRM_TOKEN not granted (granted: none)'],
      [1, 'STRIPE_KEY not granted (granted: none)'],
    ]);
  });

  it('allows any name while the grants are unknown', () => {
    expect(shown('export default (request, ctx) => ctx.secrets.ANY ?? 1\n', 'typescript')).toEqual([]);
  });

  it('leaves out a name the server would refuse, so the typing stays valid', () => {
    expect(secretTypings(['OK', 'bad-name', '1X'])).not.toMatch(/bad-name|1X/);
  });
});
