import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// bcryptjs is pure JavaScript: on the main thread one check at cost 11-12 holds the event
// loop for a few hundred milliseconds, and every endpoint waits. Hashes of earlier versions
// are therefore checked in a short-lived worker thread (they are rare: each is replaced by
// a scrypt hash at its user's next successful sign-in).
const bcryptPath = createRequire(import.meta.url).resolve('bcryptjs');
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
bcrypt.compare(workerData.password, workerData.hash).then(
  (ok) => parentPort.postMessage(ok === true),
  () => parentPort.postMessage(false),
);
`;
const TIMEOUT_MS = 15_000;

export function verifyBcrypt(password: string, hash: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bcryptPath, password, hash },
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    let settled = false;
    const finish = (outcome: { ok: boolean } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.ok);
    };
    const timer = setTimeout(() => finish({ error: new Error('bcrypt check timed out') }), TIMEOUT_MS);
    worker.once('message', (ok: unknown) => finish({ ok: ok === true }));
    worker.once('error', (error) => finish({ error }));
    worker.once('exit', (code) => finish({ error: new Error(`bcrypt worker exited with code ${code}`) }));
  });
}
