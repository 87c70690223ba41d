import type { HostOpName, HostOps, OpResultMessage, WorkerToParent } from '../protocol.js';
import type { Pending } from './wire.js';

type OpMessage = Extract<WorkerToParent, { type: 'op' }>;
type Handler = (payload: unknown) => Promise<unknown>;

const MAX_ERROR_LENGTH = 1000;

function handlerOf(ops: Partial<HostOps> | undefined, name: HostOpName): Handler | null {
  if (!ops || !Object.hasOwn(ops, name)) return null;
  const handler = (ops as Record<string, unknown>)[name];
  return typeof handler === 'function' ? (handler as Handler) : null;
}

/**
 * Runs an operation a scenario asked for (`ctx.mail.send` → `mail.send`) with the handler the
 * server passed for this run, and answers the worker. `send` is called once, and only while the
 * run is still the one the pool holds: an answer for a run that ended is dropped.
 */
export function answerOp(message: OpMessage, pending: Pending, send: (reply: OpResultMessage) => void): void {
  const base = { type: 'op_result' as const, runId: message.runId, opId: message.opId };
  const handler = handlerOf(pending.ops, message.name);
  if (!handler) {
    send({ ...base, ok: false, error: `${message.name} is not available on this server` });
    return;
  }
  Promise.resolve()
    .then(() => handler(message.payload))
    .then(
      (value) => send({ ...base, ok: true, value: value ?? null }),
      (error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        send({ ...base, ok: false, error: text.slice(0, MAX_ERROR_LENGTH) || `${message.name} failed` });
      },
    );
}
