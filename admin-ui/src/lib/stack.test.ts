import { describe, expect, it } from 'vitest';
import { parseStack, scenarioLocation } from './stack';

describe('scenario stack lines', () => {
  it('finds the first scenario frame', () => {
    const stack = 'TypeError: x is not a function\n    at inner (scenario.js:7:13)\n    at handler (scenario.js:3:5)';
    expect(scenarioLocation(stack)).toEqual({ line: 7, column: 13 });
    expect(parseStack(stack).map((line) => line.location)).toEqual([
      null,
      { line: 7, column: 13 },
      { line: 3, column: 5 },
    ]);
  });

  it('reads URLs and TypeScript names, and returns null without a scenario frame', () => {
    expect(scenarioLocation('at file:///scenario.ts:12:1')).toEqual({ line: 12, column: 1 });
    expect(scenarioLocation('Error: boom\n    at <isolated-vm>:1:1')).toBeNull();
    expect(scenarioLocation(undefined)).toBeNull();
  });
});
