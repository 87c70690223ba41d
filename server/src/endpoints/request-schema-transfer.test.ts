import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { exportData, importData } from '../cli/export-import.js';
import { endpointInput, scenarioInput } from '../store/contract-suite/fixtures.js';
import { tempEmbeddedStores } from '../store/embedded/temp-stores.js';
import type { Store } from '../store/types.js';
import { endpointView } from './view.js';

const stores = tempEmbeddedStores('scriptgate-request-schema-');
afterEach(() => stores.cleanup());

const SCHEMA = {
  body: {
    type: 'object',
    properties: { email: { type: 'string', format: 'email' }, address: { $ref: '#/$defs/address' } },
    $defs: { address: { type: 'object' } },
  },
  query: { type: 'object', properties: { page: { type: 'integer' } } },
};

async function backup(store: Store): Promise<string> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportData(store, sink);
  sink.end();
  return Buffer.concat(chunks).toString('utf8');
}

const view = (endpoint: Parameters<typeof endpointView>[0]) =>
  endpointView(endpoint, { role: 'admin', openCallbackSecret: () => null });

describe('request schema and documented, stored and moved', () => {
  it('are kept by the store, updated by a patch, and carried by export and import', async () => {
    const source = await stores.open();
    const input = endpointInput({ slug: 'signup', requestSchema: SCHEMA, documented: true });
    await source.createEndpoint(input, scenarioInput());
    expect(await source.getEndpoint(input.id)).toMatchObject({ requestSchema: SCHEMA, documented: true });

    const target = await stores.open();
    await importData(target, Readable.from([await backup(source)]));
    expect(await target.getEndpoint(input.id)).toMatchObject({ requestSchema: SCHEMA, documented: true });

    await target.updateEndpoint(input.id, { requestSchema: null, documented: false });
    expect(await target.getEndpoint(input.id)).toMatchObject({ requestSchema: null, documented: false });
  });

  it('shows an endpoint saved before these settings existed as unchecked and not documented', async () => {
    const store = await stores.open();
    const input = endpointInput({ slug: 'older' });
    await store.createEndpoint(input, scenarioInput());
    const stored = (await store.getEndpoint(input.id))!;
    expect(stored.requestSchema).toBeUndefined();
    expect(view(stored)).toMatchObject({ requestSchema: null, documented: false });
  });
});
