/** A location in the scenario's source, 1-based. */
export interface ScenarioLocation {
  line: number;
  column: number;
}

export interface StackLine {
  text: string;
  /** Set when the line points into the scenario (`scenario.js:LINE:COL`). */
  location: ScenarioLocation | null;
}

// The runner reports scenario frames as `scenario.js:LINE:COL` (or .ts / .mjs), sometimes in a URL or parentheses.
const SCENARIO_FRAME = /scenario\.(?:[cm]?[jt]s)?:(\d+):(\d+)/;

function locationOf(text: string): ScenarioLocation | null {
  const match = SCENARIO_FRAME.exec(text);
  if (!match) return null;
  const line = Number(match[1]);
  const column = Number(match[2]);
  return line > 0 ? { line, column: column > 0 ? column : 1 } : null;
}

/** Splits a stack into lines, marking the ones that point into the scenario. */
export function parseStack(stack: string | null | undefined): StackLine[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .map((text) => text.trimEnd())
    .filter((text) => text.trim() !== '')
    .map((text) => ({ text, location: locationOf(text) }));
}

/** The first scenario frame of a stack: where the error was thrown. */
export function scenarioLocation(stack: string | null | undefined): ScenarioLocation | null {
  for (const line of parseStack(stack)) if (line.location) return line.location;
  return null;
}
