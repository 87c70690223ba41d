import mongoose from 'mongoose';
import type { RunInput } from '../types.js';
import type { Models } from './models.js';

/**
 * The run input of a queued process holds the whole request (files included), which can come
 * near MongoDB's 16 MB document limit. Up to INLINE_INPUT_CHARS it stays on the process
 * document; above, it is split into `processinputs` chunks that each stay far below the limit.
 * Chunks are cut between UTF-16 code units that are never halves of a pair: JSON text has no
 * lone surrogates, so every chunk is valid UTF-8 for BSON.
 */
export const INLINE_INPUT_CHARS = 1024 * 1024;
export const CHUNK_CHARS = 2 * 1024 * 1024;

export type EncodedInput = { inputJson: string | null; chunks: string[] };

export function encodeInput(input: RunInput | null | undefined): EncodedInput {
  if (input === null || input === undefined) return { inputJson: null, chunks: [] };
  const json = JSON.stringify(input);
  if (json.length <= INLINE_INPUT_CHARS) return { inputJson: json, chunks: [] };
  return { inputJson: null, chunks: splitText(json, CHUNK_CHARS) };
}

export function splitText(text: string, size: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

export function createInputStore(models: Models) {
  const { InputChunk } = models;
  return {
    /** Replaces the chunks of a process (none when the input is inline or cleared). */
    async writeChunks(processId: string, chunks: string[]): Promise<void> {
      await InputChunk.deleteMany({ processId: String(processId) });
      if (chunks.length === 0) return;
      await InputChunk.insertMany(
        chunks.map((data, n) => ({ _id: `${processId}:${n}`, processId, n, data })),
        { ordered: true },
      );
    },

    async deleteChunks(processIds: string[]): Promise<void> {
      if (processIds.length === 0) return;
      await InputChunk.deleteMany({ processId: mongoose.trusted({ $in: processIds.map(String) }) });
    },

    /** Reads the input of a process document (inline or chunked). */
    async read(doc: { _id: string; inputJson?: string | null; inputChunks?: number }): Promise<RunInput | null> {
      if (typeof doc.inputJson === 'string') return JSON.parse(doc.inputJson) as RunInput;
      if (!doc.inputChunks) return null;
      const chunks = await InputChunk.find({ processId: String(doc._id) })
        .sort({ n: 1 })
        .lean<Array<{ data: string }>>();
      if (chunks.length !== doc.inputChunks) return null;
      return JSON.parse(chunks.map((chunk) => chunk.data).join('')) as RunInput;
    },
  };
}

export type InputStore = ReturnType<typeof createInputStore>;
