import { describe, expect, it } from 'vitest';
import { RunTable } from './run-table.js';

describe('RunTable', () => {
  it('keeps values by id, counts them, and forgets a deleted one', () => {
    const table = new RunTable<{ n: number }>();
    const a = { n: 1 };
    table.set('01a2-run-a', a);
    table.set(7, { n: 2 });
    expect(table.size).toBe(2);
    expect(table.get('01a2-run-a')).toBe(a);
    expect(table.get(7)).toEqual({ n: 2 });
    expect(table.has('7')).toBe(true);

    // Setting an id again replaces its value without counting it twice.
    table.set(7, { n: 3 });
    expect(table.size).toBe(2);
    expect(table.get(7)).toEqual({ n: 3 });

    expect(table.delete('01a2-run-a')).toBe(true);
    expect(table.delete('01a2-run-a')).toBe(false);
    expect(table.get('01a2-run-a')).toBeUndefined();
    expect(table.has('01a2-run-a')).toBe(false);
    expect(table.size).toBe(1);
    expect(table.entries()).toEqual([['7', { n: 3 }]]);
  });

  it('lists what it holds and empties as its ids are deleted', () => {
    const table = new RunTable<string>();
    for (const id of ['b', 'a', 'c']) table.set(id, id.toUpperCase());
    expect(table.keys()).toEqual(['b', 'a', 'c']);
    expect(table.values()).toEqual(['B', 'A', 'C']);
    for (const id of table.keys()) table.delete(id);
    expect(table.size).toBe(0);
    expect(table.entries()).toEqual([]);
  });

  it('takes any id as a plain key: nothing is inherited, nothing reaches a prototype', () => {
    const table = new RunTable<number>();
    // A run id a worker or a reply names that was never set finds nothing, whatever its name.
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(table.has(name)).toBe(false);
      expect(table.get(name)).toBeUndefined();
      expect(table.delete(name)).toBe(false);
    }
    expect(table.size).toBe(0);
    table.set('__proto__', 1);
    table.set('hasOwnProperty', 2);
    expect(table.size).toBe(2);
    expect(table.get('__proto__')).toBe(1);
    expect(table.keys()).toEqual(['__proto__', 'hasOwnProperty']);
    expect(({} as Record<string, unknown>).hasOwnProperty).toBe(Object.prototype.hasOwnProperty);
    expect(table.delete('__proto__')).toBe(true);
    expect(table.size).toBe(1);
  });
});
