// The floor's worker process (see floor-server.mjs): the echo in one isolate, one synchronous
// call per run with the request copied in and the answer copied out, answers sent once per turn.
import { loadIsolatedVm } from '../runner/dist/sandbox/host/ivm.js';

const { ivm } = loadIsolatedVm();

const isolate = new ivm.Isolate({ memoryLimit: 64 });
const context = isolate.createContextSync();
const handler = isolate
  .compileScriptSync('(request) => JSON.stringify({ ok: true, echo: request.body })')
  .runSync(context, { reference: true });

let answers = [];
process.on('message', (runs) => {
  if (answers.length === 0)
    setImmediate(() => {
      const batch = answers;
      answers = [];
      process.send(batch);
    });
  for (const { id, request } of runs) {
    const json = handler.applySync(undefined, [new ivm.ExternalCopy(request).copyInto()], { timeout: 1000 });
    answers.push({ id, json });
  }
});
