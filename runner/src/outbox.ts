/**
 * Coalesces IPC messages sent in the same turn of the event loop into one `batch` message:
 * under load, one JSON write and one syscall carry many runs instead of one each.
 */
export class Outbox<M extends { type: string }> {
  private queue: M[] = [];
  private scheduled = false;

  constructor(private readonly write: (message: M | { type: 'batch'; messages: M[] }) => void) {}

  send(message: M): void {
    this.queue.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const messages = this.queue;
    this.queue = [];
    if (messages.length === 1) this.write(messages[0]!);
    else if (messages.length > 1) this.write({ type: 'batch', messages });
  }
}
