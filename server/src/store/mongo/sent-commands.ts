import mongoose from 'mongoose';
import { createModels, type Models } from './models.js';

/** A command the adapter sent, with mongoose's final arguments. */
export interface SentCommand {
  method: string;
  args: unknown[];
}

export interface CommandCapture {
  models: Models;
  /** Starts an operation and returns the first command it sends (or the error it fails with first). */
  firstCommand(operation: () => Promise<unknown>): Promise<SentCommand | { error: string }>;
  close(): Promise<void>;
}

/**
 * What the adapter sends to MongoDB, seen without a server (the query-shape tests): on a
 * connection that was never opened, mongoose casts and sanitises each command, then holds it in
 * its buffer and emits `buffer` with the final arguments. Only the first command of an
 * operation is seen (its answer never comes), which is enough to check filters, updates and
 * options.
 */
export function captureCommands(): CommandCapture {
  const connection = mongoose.createConnection();
  connection.set('sanitizeFilter', true);
  const sent: SentCommand[] = [];
  connection.on('buffer', (event: SentCommand) =>
    sent.push({ method: event.method, args: JSON.parse(JSON.stringify(event.args)) as unknown[] }),
  );
  return {
    models: createModels(connection),
    async firstCommand(operation) {
      sent.length = 0;
      let failure: string | null = null;
      operation().catch((err: unknown) => {
        failure = String(err);
      });
      for (let tick = 0; tick < 50 && sent.length === 0 && failure === null; tick += 1)
        await new Promise((r) => setTimeout(r, 2));
      return sent[0] ?? { error: failure ?? 'nothing sent' };
    },
    close: () => connection.close(true),
  };
}
