import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, constants } from 'node:zlib';
import { OutboundError } from './errors.js';

/** Content codings this client asks for and undoes. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

// Like browsers, a stream cut short still yields what arrived rather than failing the request.
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(LENIENT),
  'x-gzip': () => createGunzip(LENIENT),
  deflate: () => createInflate(LENIENT),
  br: () =>
    createBrotliDecompress({
      flush: constants.BROTLI_OPERATION_FLUSH,
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
    }),
};

/** The decoders for a Content-Encoding value, in the order they apply; null when one is unknown. */
function decodersFor(contentEncoding: string | undefined): Array<() => Transform> | null {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((coding) => coding.trim())
    .filter((coding) => coding !== '' && coding !== 'identity');
  const decoders: Array<() => Transform> = [];
  for (const coding of codings.reverse()) {
    const make = DECODERS[coding];
    if (!make) return null;
    decoders.push(make);
  }
  return decoders;
}

export interface ReadBody {
  bytes: Buffer;
  /** The body was decompressed (so Content-Encoding and Content-Length no longer describe it). */
  decoded: boolean;
}

/**
 * Reads a response body, decompressing it, and stops at `maxBytes` counted after
 * decompression: a small gzip bomb is cut off at the cap, with the connection, instead of
 * filling the worker's memory. A body in a coding this client does not know is kept as it came.
 */
export async function readBody(
  body: Readable,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<ReadBody> {
  const decoders = decodersFor(contentEncoding) ?? [];
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new OutboundError('too_large', `the response body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline([body, ...decoders.map((make) => make()), sink]);
  } catch (error) {
    if (error instanceof OutboundError) throw error;
    if (decoders.length > 0 && (error as { code?: string }).code?.startsWith('Z_'))
      throw new OutboundError('network', `the response body could not be decompressed (${(error as Error).message})`);
    throw error;
  }
  return { bytes: Buffer.concat(chunks, size), decoded: decoders.length > 0 };
}
