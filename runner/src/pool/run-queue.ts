/**
 * Runs waiting in the pool: first in, first out per scenario key, and keys take turns, so a
 * backlog of one scenario never stands in front of another scenario's runs.
 */
export class RunQueue<T extends { job: { runId: string } }> {
  private readonly byKey = new Map<string, T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  push(key: string, item: T): void {
    const list = this.byKey.get(key);
    if (list) list.push(item);
    else this.byKey.set(key, [item]);
    this.count++;
  }

  /** Keys with waiting runs, in turn order (the key served longest ago first). */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Takes the oldest run of `key`; the key goes to the back of the turn order. */
  shift(key: string): T | undefined {
    const list = this.byKey.get(key);
    const item = list?.shift();
    if (!list || !item) return undefined;
    this.count--;
    this.byKey.delete(key);
    if (list.length > 0) this.byKey.set(key, list);
    return item;
  }

  /** Takes run `runId` out of the queue, wherever it stands; `key` (when known) narrows the search. */
  remove(runId: string, key?: string): T | undefined {
    const lists = key === undefined ? this.byKey : [[key, this.byKey.get(key) ?? []] as const];
    for (const [listKey, list] of lists) {
      const index = list.findIndex((item) => item.job.runId === runId);
      if (index === -1) continue;
      const [item] = list.splice(index, 1);
      this.count--;
      if (list.length === 0) this.byKey.delete(listKey);
      return item;
    }
    return undefined;
  }

  clear(): T[] {
    const all = [...this.byKey.values()].flat();
    this.byKey.clear();
    this.count = 0;
    return all;
  }
}
