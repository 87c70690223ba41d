/**
 * Values by id for what is in flight — runs, store calls: the part of a `Map` that those need,
 * kept in a prototype-less object instead.
 *
 * On Node 20 (V8 11.3) a `Map` whose entries come and go once per request made every request's
 * objects outlive the next minor GC: the young values it had held (a run's closures, its
 * promise, its job) were still reachable when the scavenger ran, so each scavenge copied and
 * then promoted megabytes that were already garbage. In a runner worker under load 3.4 MB
 * survived each scavenge (0.6 MB with this table), and a run cost the worker 71 µs of CPU
 * instead of 48 (`bench/README.md`, "Garbage that survives"). A dictionary-mode object does not
 * keep what it no longer holds; Node 24 shows the same effect, smaller.
 */
export class RunTable<V> {
  private readonly table: Record<string, V> = Object.create(null) as Record<string, V>;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string | number): V | undefined {
    return this.table[id];
  }

  has(id: string | number): boolean {
    return id in this.table;
  }

  set(id: string | number, value: V): void {
    if (!(id in this.table)) this.count++;
    this.table[id] = value;
  }

  delete(id: string | number): boolean {
    if (!(id in this.table)) return false;
    delete this.table[id];
    this.count--;
    return true;
  }

  keys(): string[] {
    return Object.keys(this.table);
  }

  values(): V[] {
    return Object.values(this.table);
  }

  entries(): Array<[string, V]> {
    return Object.entries(this.table);
  }
}
