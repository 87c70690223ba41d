/** Where a value sits in JSON text: 1-based line and column of its first and just past its last character. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** `/properties/email/type` → `['properties', 'email', 'type']` (RFC 6901 escapes undone). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^#/, '')
    .replace(/^\//, '')
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Finds the value at `path` in JSON text, to put an error where it belongs (a server message
 * naming `/properties/email/type`, say). The nearest existing ancestor when the path goes further
 * than the text; null when the text is not JSON.
 */
export function locateJsonPath(text: string, path: readonly string[]): TextRange | null {
  const scanner = new Scanner(text);
  try {
    scanner.skipSpace();
    const found = scanner.find(path, 0);
    return found ? scanner.range(found[0], found[1]) : null;
  } catch {
    return null;
  }
}

class Scanner {
  private at = 0;
  constructor(private readonly text: string) {}

  /** [start, end] offsets of the value at path[depth...], or of the deepest value found on the way. */
  find(path: readonly string[], depth: number): [number, number] | null {
    const start = this.at;
    const char = this.text[this.at];
    if (depth < path.length && (char === '{' || char === '[')) {
      const inner = char === '{' ? this.findInObject(path, depth) : this.findInArray(path, depth);
      if (inner) return inner;
      return [start, this.at];
    }
    this.skipValue();
    return [start, this.at];
  }

  private findInObject(path: readonly string[], depth: number): [number, number] | null {
    let found: [number, number] | null = null;
    this.at += 1;
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return null;
    }
    for (;;) {
      this.skipSpace();
      const key = this.readString();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      if (!found && key === path[depth]) found = this.find(path, depth + 1);
      else this.skipValue();
      this.skipSpace();
      if (this.text[this.at] === ',') {
        this.at += 1;
        continue;
      }
      this.expect('}');
      return found;
    }
  }

  private findInArray(path: readonly string[], depth: number): [number, number] | null {
    let found: [number, number] | null = null;
    this.at += 1;
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return null;
    }
    for (let index = 0; ; index += 1) {
      this.skipSpace();
      if (!found && String(index) === path[depth]) found = this.find(path, depth + 1);
      else this.skipValue();
      this.skipSpace();
      if (this.text[this.at] === ',') {
        this.at += 1;
        continue;
      }
      this.expect(']');
      return found;
    }
  }

  private skipValue(): void {
    const char = this.text[this.at];
    if (char === '"') {
      this.readString();
    } else if (char === '{' || char === '[') {
      // Walks the container with a path that matches nothing.
      if (char === '{') this.findInObject([''], 1);
      else this.findInArray([''], 1);
    } else {
      const literal = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        this.text.slice(this.at, this.at + 64),
      );
      if (!literal) throw new Error(`unexpected ${char ?? 'end'} at ${this.at}`);
      this.at += literal[0].length;
    }
  }

  private readString(): string {
    this.expect('"');
    const start = this.at;
    while (this.at < this.text.length && this.text[this.at] !== '"') this.at += this.text[this.at] === '\\' ? 2 : 1;
    this.expect('"');
    return JSON.parse(this.text.slice(start - 1, this.at)) as string;
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) throw new Error(`expected ${char} at ${this.at}`);
    this.at += 1;
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at += 1;
  }

  range(start: number, end: number): TextRange {
    const [startLine, startColumn] = this.position(start);
    const [endLine, endColumn] = this.position(end);
    return { startLine, startColumn, endLine, endColumn };
  }

  private position(offset: number): [line: number, column: number] {
    const before = this.text.slice(0, offset).split('\n');
    return [before.length, before[before.length - 1]!.length + 1];
  }
}
