import type { HostOpName, MailRecord, MailSendRequest, MailSendResult, OpResultMessage } from '../../protocol.js';
import type { AnswerGuest } from './fetch-host.js';

/** Sends an operation to the pool (IPC `op`); its answer comes back through `RunOps.result`. */
export type SendOp = (opId: number, name: HostOpName, payload: MailSendRequest) => void;

/**
 * Guards for the channel, enforced again here: each message is parsed by the server process,
 * so a run may send at most this many, this large (the server decides how many it delivers).
 */
const MAX_OPS_PER_RUN = 100;
const MAX_PARALLEL = 4;
const MAX_PAYLOAD_CHARS = 256 * 1024;
const MAX_ERROR_LENGTH = 1000;
const ENDED = 'the run ended before the server answered';

interface Waiting {
  answer: AnswerGuest;
  record: MailRecord;
  started: number;
}

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

/** The guest's `mail.send` payload, checked again here: the guest is not trusted. */
function readMail(payload: string): MailSendRequest | null {
  if (payload.length > MAX_PAYLOAD_CHARS) return null;
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const { to, subject, text, html, replyTo } = value;
    if (!Array.isArray(to) || to.length === 0 || to.length > 50 || !to.every((entry) => isText(entry, 320)))
      return null;
    if (!isText(subject, 998) || /[\r\n]/.test(subject)) return null;
    if (text !== undefined && typeof text !== 'string') return null;
    if (html !== undefined && typeof html !== 'string') return null;
    if (replyTo !== undefined && (!isText(replyTo, 320) || /[\r\n]/.test(replyTo))) return null;
    if (text === undefined && html === undefined) return null;
    return {
      to: to as string[],
      subject,
      ...(text !== undefined ? { text } : {}),
      ...(html !== undefined ? { html } : {}),
      ...(replyTo !== undefined ? { replyTo } : {}),
    };
  } catch {
    return null;
  }
}

/** The server's answer, which is data like any other: only the record's fields are kept. */
function readResult(value: unknown): MailSendResult {
  const result = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const status = result.status;
  if (status !== 'sent' && status !== 'refused' && status !== 'failed')
    return { status: 'failed', error: 'the server gave no readable answer' };
  return {
    status,
    ...(typeof result.error === 'string' ? { error: result.error.slice(0, MAX_ERROR_LENGTH) } : {}),
    ...(typeof result.messageId === 'string' ? { messageId: result.messageId.slice(0, 998) } : {}),
  };
}

/**
 * The operations one run asks of the server (`ctx.mail.send`), in the worker: each is checked,
 * sent to the pool, and answered to the guest when the server's result comes back, which also
 * makes the run's `MailRecord`. When the run ends, operations still waiting are recorded as
 * failed and their answers, should they come, are dropped.
 */
export class RunOps {
  private readonly all: MailRecord[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;

  constructor(private readonly send: SendOp) {}

  start(id: number, name: string, payload: string, answer: AnswerGuest): void {
    if (this.closed) return;
    const refuse = (message: string) => answer(JSON.stringify({ ok: false, message }), null);
    if (name !== 'mail.send') return refuse(`unknown operation ${name.slice(0, 40)}`);
    const request = readMail(payload);
    if (!request) return refuse('ctx.mail.send: the message could not be read');
    if (this.all.length >= MAX_OPS_PER_RUN)
      return refuse(`ctx.mail.send: a run may ask for ${MAX_OPS_PER_RUN} messages at most`);
    if (this.waiting.size >= MAX_PARALLEL)
      return refuse(`ctx.mail.send: at most ${MAX_PARALLEL} messages of a run wait at once`);
    const record: MailRecord = {
      to: request.to,
      subject: request.subject,
      status: 'failed',
      error: ENDED,
      at: Date.now(),
      durationMs: 0,
    };
    this.all.push(record);
    this.waiting.set(id, { answer, record, started: performance.now() });
    this.send(id, 'mail.send', request);
  }

  /** The server's answer (IPC `op_result`). */
  result(message: OpResultMessage): void {
    const entry = this.waiting.get(message.opId);
    if (!entry) return;
    this.waiting.delete(message.opId);
    const result: MailSendResult = message.ok
      ? readResult(message.value)
      : { status: 'failed', error: String(message.error).slice(0, MAX_ERROR_LENGTH) };
    const { record } = entry;
    delete record.error;
    Object.assign(record, result, { durationMs: Math.round((performance.now() - entry.started) * 100) / 100 });
    if (result.status === 'sent') {
      entry.answer(JSON.stringify({ ok: true, value: { messageId: result.messageId ?? null } }), null);
    } else {
      entry.answer(JSON.stringify({ ok: false, message: result.error ?? `the message was ${result.status}` }), null);
    }
  }

  /** The run ended: what still waits is recorded as failed (see ENDED). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.waiting.values()) {
      entry.record.durationMs = Math.round((performance.now() - entry.started) * 100) / 100;
    }
    this.waiting.clear();
  }

  records(): MailRecord[] {
    return this.all;
  }
}
