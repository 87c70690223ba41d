import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { unclosedBraceByIndent } from './unclosed-brace';

/** The line (1-based) of the `{` found, or null. */
function lineOf(code: string): number | null {
  const position = unclosedBraceByIndent(ts, code);
  return position === null ? null : code.slice(0, position).split('\n').length;
}

describe('the `{` an author left open', () => {
  it('is the block whose closing brace the indentation shows missing, not the outermost one', () => {
    const code = [
      'export default async function handler(request, ctx) {',
      '  for (const key of Object.keys(request.query)) {',
      '    if (key) {',
      '      ctx.log.info(key)',
      '    }',
      '  return { ok: true }',
      '}',
      '',
    ].join('\n');
    expect(lineOf(code)).toBe(2);
  });

  it('is the last open block when the file just ends', () => {
    expect(lineOf('export default (request) => {\n  if (request.ip) {\n    return 1\n  }\n')).toBe(1);
  });

  it('ignores braces in strings, comments, templates and regular expressions', () => {
    const code = [
      'export default (request) => {',
      '  const a = \'{\' + "}" // }',
      '  /* { */ const b = `${request.ip} {` + `}${`${1}`}`',
      '  const c = /\\}{2}/.test(a)',
      '  if (b) {',
      '    return c',
      '}',
      '',
    ].join('\n');
    expect(lineOf(code)).toBe(5);
  });

  it('finds nothing when the braces balance', () => {
    expect(lineOf('export default () => {\n  if (1) { return `${2}` }\n}\n')).toBeNull();
  });
});
