/** Why an outbound request did not get an answer. */
export type OutboundErrorKind = 'blocked' | 'timeout' | 'too_large' | 'aborted' | 'network' | 'invalid';

const PREFIX: Record<OutboundErrorKind, string> = {
  blocked: 'blocked',
  timeout: 'timeout',
  too_large: 'too large',
  aborted: 'aborted',
  network: 'network error',
  invalid: 'invalid request',
};

/**
 * A failed outbound request. The message starts with its kind (`blocked: …`, `timeout: …`), so
 * a scenario, a process record or a log line tells a refused address from a slow server.
 */
export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    detail: string,
  ) {
    super(`${PREFIX[kind]}: ${detail}`);
    this.name = 'OutboundError';
  }
}
