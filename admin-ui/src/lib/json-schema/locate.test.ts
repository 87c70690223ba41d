import { describe, expect, it } from 'vitest';
import { locateJsonPath, pointerSegments } from './locate';

const schema = `{
  "type": "object",
  "properties": {
    "email": { "type": "strin", "format": "email" },
    "a/b": { "enum": [1, 2, 3] }
  }
}`;

describe('finding a JSON path in the text', () => {
  it('points at the value a server message names', () => {
    expect(locateJsonPath(schema, pointerSegments('/properties/email/type'))).toEqual({
      startLine: 4,
      startColumn: 24,
      endLine: 4,
      endColumn: 31,
    });
  });

  it('reads escaped pointer segments and array indexes', () => {
    expect(pointerSegments('/properties/a~1b/enum/2')).toEqual(['properties', 'a/b', 'enum', '2']);
    expect(locateJsonPath(schema, pointerSegments('/properties/a~1b/enum/2'))).toMatchObject({
      startLine: 5,
      startColumn: 29,
      endColumn: 30,
    });
  });

  it('falls back to the nearest part that exists, and to nothing for text that is not JSON', () => {
    expect(locateJsonPath(schema, ['properties', 'phone'])).toMatchObject({ startLine: 3, endLine: 6 });
    expect(locateJsonPath(schema, [])).toMatchObject({ startLine: 1, startColumn: 1, endLine: 7, endColumn: 2 });
    expect(locateJsonPath('{ "a": ', ['a'])).toBeNull();
  });
});
