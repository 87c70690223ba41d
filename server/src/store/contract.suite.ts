import { afterEach, beforeEach, describe } from 'vitest';
import { accountContract } from './contract-suite/accounts.contract.js';
import { apiKeyContract } from './contract-suite/api-keys.contract.js';
import { auditContract } from './contract-suite/audit.contract.js';
import { callbackContract } from './contract-suite/callbacks.contract.js';
import { draftContract } from './contract-suite/drafts.contract.js';
import { endpointContract } from './contract-suite/endpoints.contract.js';
import type { StoreFactory } from './contract-suite/fixtures.js';
import { healthContract } from './contract-suite/health.contract.js';
import { idempotencyContract } from './contract-suite/idempotency.contract.js';
import { listingContract } from './contract-suite/listing.contract.js';
import { pagingContract } from './contract-suite/paging.contract.js';
import { processContract } from './contract-suite/processes.contract.js';
import { queueContract } from './contract-suite/queue.contract.js';
import { rateCounterContract } from './contract-suite/rate-counters.contract.js';
import { recoveryContract } from './contract-suite/recovery.contract.js';
import { retentionContract } from './contract-suite/retention.contract.js';
import { searchContract } from './contract-suite/search.contract.js';
import { tokenContract } from './contract-suite/tokens.contract.js';
import { transferContract } from './contract-suite/transfer.contract.js';
import type { Store } from './types.js';

/**
 * The behaviour every Store adapter must show (docs/adr/0005: the same suite runs against the
 * embedded store and, when MONGODB_URI is set, MongoDB). Each test gets a fresh, empty store
 * from `makeStore` and calls its `cleanup` afterwards.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let current: { store: Store; cleanup: () => Promise<void> } | undefined;
    const store = (): Store => {
      if (!current) throw new Error('The store of this test is not open');
      return current.store;
    };

    beforeEach(async () => {
      current = await makeStore();
    });
    afterEach(async () => {
      const opened = current;
      current = undefined;
      await opened?.cleanup();
    });

    endpointContract(store);
    draftContract(store);
    processContract(store);
    listingContract(store);
    searchContract(store);
    pagingContract(store);
    queueContract(store);
    recoveryContract(store);
    callbackContract(store);
    idempotencyContract(store);
    accountContract(store);
    tokenContract(store);
    apiKeyContract(store);
    rateCounterContract(store);
    auditContract(store);
    retentionContract(store);
    transferContract(store);
    healthContract(store);
  });
}
