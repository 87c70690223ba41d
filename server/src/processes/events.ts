import type { ProcessLogLine, ProcessRecord } from '../contract/index.js';

/** What the process lifecycle announces; realtime/ and metrics listen. */
export interface ProcessEvents {
  created(record: ProcessRecord): void;
  updated(record: ProcessRecord): void;
  log(processId: string, line: ProcessLogLine): void;
}

type Listener = Partial<ProcessEvents>;

/** The events plus a way to listen to them (what the composition root hands to listeners). */
export type ProcessEventBus = ProcessEvents & { subscribe(listener: Listener): () => void };

/** A tiny fan-out that costs nothing when nobody listens. */
export function createProcessEvents() {
  const listeners: Listener[] = [];
  const events: ProcessEventBus = {
    created(record) {
      for (const l of listeners) l.created?.(record);
    },
    updated(record) {
      for (const l of listeners) l.updated?.(record);
    },
    log(processId, line) {
      for (const l of listeners) l.log?.(processId, line);
    },
    subscribe(listener) {
      listeners.push(listener);
      return () => {
        const index = listeners.indexOf(listener);
        if (index !== -1) listeners.splice(index, 1);
      };
    },
  };
  return events;
}
