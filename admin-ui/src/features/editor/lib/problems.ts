/** A compile diagnostic from the server (`compile_error`), 1-based line and column. */
export interface CompileDiagnostic {
  message: string;
  line: number;
  column: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** One line of the problems list under the editor. */
export interface Problem {
  severity: ProblemSeverity;
  message: string;
  line: number;
  column: number;
  /** Who reported it: Monaco's TypeScript service, the server's compiler, or a test run. */
  source: 'typescript' | 'compile' | 'run';
}

/** Monaco's MarkerSeverity values (kept here so the logic is testable without loading Monaco). */
export const MARKER_SEVERITY = { Hint: 1, Info: 2, Warning: 4, Error: 8 } as const;
export const COMPILE_OWNER = 'scriptgate-compile';
export const RUN_OWNER = 'scriptgate-run';

export interface MarkerLike {
  severity: number;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  owner?: string;
}

/** Server diagnostics → editor markers. Lines are clamped into the model so none is lost. */
export function diagnosticsToMarkers(diagnostics: readonly CompileDiagnostic[], lineCount: number): MarkerLike[] {
  return diagnostics.map((diagnostic) => {
    const line = Math.min(Math.max(1, Math.trunc(diagnostic.line) || 1), Math.max(1, lineCount));
    const column = Math.max(1, Math.trunc(diagnostic.column) || 1);
    return {
      severity: MARKER_SEVERITY.Error,
      message: diagnostic.message,
      startLineNumber: line,
      startColumn: column,
      endLineNumber: line,
      // Highlight to the end of the token: Monaco widens an empty range to the word at the column.
      endColumn: column + 1,
    };
  });
}

function severityOf(value: number): ProblemSeverity {
  if (value >= MARKER_SEVERITY.Error) return 'error';
  if (value >= MARKER_SEVERITY.Warning) return 'warning';
  return 'info';
}

function sourceOf(owner: string | undefined): Problem['source'] {
  if (owner === COMPILE_OWNER) return 'compile';
  if (owner === RUN_OWNER) return 'run';
  return 'typescript';
}

/** Editor markers → the sorted problems list (errors first, then by position); hints are left out. */
export function markersToProblems(markers: readonly MarkerLike[]): Problem[] {
  return markers
    .filter((marker) => marker.severity >= MARKER_SEVERITY.Info)
    .map((marker) => ({
      severity: severityOf(marker.severity),
      message: marker.message,
      line: marker.startLineNumber,
      column: marker.startColumn,
      source: sourceOf(marker.owner),
    }))
    .sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
}

function rank(problem: Problem): number {
  return problem.severity === 'error' ? 0 : problem.severity === 'warning' ? 1 : 2;
}

export function countBySeverity(problems: readonly Problem[]): Record<ProblemSeverity, number> {
  const counts: Record<ProblemSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const problem of problems) counts[problem.severity] += 1;
  return counts;
}
