import type { LogLevel, LogLine } from '../../protocol.js';

const LEVELS = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
const SECRET_MASK = '[secret]';

/**
 * The log buffer of one run: capped in lines and bytes (the isolate caps itself too; this
 * is the host's own guard) and with every configured secret value masked before a line
 * is kept, streamed or stored.
 */
export class LogCollector {
  received = 0;
  private readonly lines: LogLine[] = [];
  /** The host's own cap was reached. */
  private cutHere = false;
  /** The isolate reported that it cut lines (it tells at once, not only with the result). */
  private cutInIsolate = false;
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

  get truncated(): boolean {
    return this.cutHere || this.cutInIsolate;
  }

  add(level: LogLevel, text: string, time: number): void {
    this.received++;
    if (this.cutHere) return;
    const masked = this.mask(String(text));
    if (this.lines.length >= this.maxLines || this.bytes + masked.length > this.maxBytes) {
      this.cutHere = true;
      return;
    }
    this.bytes += masked.length;
    this.lines.push({ level: LEVELS.has(level) ? level : 'info', time: Number(time) || Date.now(), text: masked });
  }

  markTruncated(): void {
    this.cutInIsolate = true;
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
