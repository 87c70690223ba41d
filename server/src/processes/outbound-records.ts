import type { FetchRecord, MailRecord } from '@scriptgate/runner';
import type { ProcessFetch, ProcessMail } from '../contract/index.js';
import type { Redactor } from '../secrets/redact.js';

/**
 * What a run sent out, as its record keeps it. The runner already redacts query values and
 * credentials in URLs; secret values anywhere else (a bot token in a URL path, a key in an
 * error message) are masked here with the same redactor as the rest of the record.
 */
export function processFetches(records: readonly FetchRecord[] | undefined, redactor: Redactor): ProcessFetch[] {
  return (records ?? []).map((record) => ({
    method: record.method,
    url: redactor.text(record.url),
    ...(record.status !== undefined ? { status: record.status } : {}),
    ...(record.error !== undefined ? { error: redactor.text(record.error) } : {}),
    at: new Date(record.at).toISOString(),
    durationMs: record.durationMs,
    bytes: record.bytes,
  }));
}

export function processMails(records: readonly MailRecord[] | undefined, redactor: Redactor): ProcessMail[] {
  return (records ?? []).map((record) => ({
    to: [...record.to],
    subject: redactor.text(record.subject),
    status: record.status,
    ...(record.error !== undefined ? { error: redactor.text(record.error) } : {}),
    ...(record.messageId !== undefined ? { messageId: record.messageId } : {}),
    at: new Date(record.at).toISOString(),
    durationMs: record.durationMs,
  }));
}
