import { describe, expect, it } from 'vitest';
import { COMPILE_OWNER, MARKER_SEVERITY, countBySeverity, diagnosticsToMarkers, markersToProblems } from './problems';

describe('editor problems', () => {
  it('turns server diagnostics into error markers inside the model', () => {
    const markers = diagnosticsToMarkers([{ message: "';' expected", line: 9, column: 4 }], 5);
    expect(markers).toEqual([
      {
        severity: MARKER_SEVERITY.Error,
        message: "';' expected",
        startLineNumber: 5,
        startColumn: 4,
        endLineNumber: 5,
        endColumn: 5,
      },
    ]);
  });

  it('lists errors first, then warnings, by position, without hints', () => {
    const marker = (severity: number, line: number, owner?: string) => ({
      severity,
      message: `m${line}`,
      startLineNumber: line,
      startColumn: 1,
      endLineNumber: line,
      endColumn: 2,
      owner,
    });
    const problems = markersToProblems([marker(4, 1), marker(8, 7), marker(1, 2), marker(8, 3, COMPILE_OWNER)]);
    expect(problems.map((p) => [p.severity, p.line, p.source])).toEqual([
      ['error', 3, 'compile'],
      ['error', 7, 'typescript'],
      ['warning', 1, 'typescript'],
    ]);
    expect(countBySeverity(problems)).toEqual({ error: 2, warning: 1, info: 0 });
  });
});
