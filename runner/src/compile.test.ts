import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile.js';

describe('compileScenario', () => {
  it('strips TypeScript types and keeps the line numbers the user wrote', () => {
    const source =
      'interface Lead { email: string }\n\nexport default async function (request: { body: Lead }) {\n  throw new Error(request.body.email)\n}\n';
    const result = compileScenario(source, 'typescript');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.js).not.toContain('interface');
    expect(result.js.split('\n')[3]).toContain('throw new Error');
  });

  it('reports a JavaScript syntax error with its 1-based line and column', () => {
    const result = compileScenario('export default () => {\n  return 1 +;\n}', 'javascript');
    expect(result).toEqual({ ok: false, diagnostics: [expect.objectContaining({ line: 2, column: 13 })] });
  });

  it('reports a TypeScript syntax error with its line', () => {
    const result = compileScenario('export default (a: number => a', 'typescript');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]!.line).toBe(1);
  });

  it('refuses imports and a missing default export, naming the line', () => {
    const imports = compileScenario('const a = 1;\nimport fs from "node:fs";\nexport default () => fs', 'javascript');
    expect(imports.ok).toBe(false);
    if (!imports.ok)
      expect(imports.diagnostics[0]).toMatchObject({ line: 2, column: 1, message: expect.stringContaining('Imports') });
    const noDefault = compileScenario('export const handler = () => 1', 'javascript');
    expect(noDefault.ok).toBe(false);
    if (!noDefault.ok) expect(noDefault.diagnostics[0]!.message).toMatch(/export default/);
  });

  it('refuses sources over 1 MiB without parsing them', () => {
    const result = compileScenario(`export default () => 1;\n//${'x'.repeat(1024 * 1024)}`, 'javascript');
    expect(result.ok).toBe(false);
  });
});
