import type { LogLevel, LogLine } from '../protocol.js';

const LEVELS = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
const SECRET_MASK = '[secret]';

/**
 * The log buffer of one run: capped in lines and bytes (the isolate caps itself too; this
 * is the host's own guard) and with every configured secret value masked before a line
 * is kept, streamed or stored.
 */
export class LogCollector {
  received = 0;
  truncated = false;
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private streamed = 0;
  private readonly secrets: string[];

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
    secrets: string[],
  ) {
    // Longest first, so a secret that contains another is masked whole. Very short values
    // would mask ordinary words, so they are left alone (documented).
    this.secrets = secrets.filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
  }

  add(level: LogLevel, text: string, time: number): void {
    this.received++;
    if (this.truncated) return;
    const masked = this.mask(String(text));
    if (this.lines.length >= this.maxLines || this.bytes + masked.length > this.maxBytes) {
      this.truncated = true;
      return;
    }
    this.bytes += masked.length;
    this.lines.push({ level: LEVELS.has(level) ? level : 'info', time: Number(time) || Date.now(), text: masked });
  }

  markTruncated(): void {
    this.truncated = true;
  }

  all(): LogLine[] {
    return this.lines;
  }

  /** Lines not handed out yet (live streaming of long runs). */
  drainNew(): LogLine[] {
    const fresh = this.lines.slice(this.streamed);
    this.streamed = this.lines.length;
    return fresh;
  }

  private mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
    return out;
  }
}
