// A test a player writes for the RPC service: `node --test examples/rpc/service.test.mjs` (after npm run build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulate } from 'bitburner-ports/testing';

const root = new URL('.', import.meta.url).pathname;

test('the service answers every call, and both scripts end', async () => {
  const trace = await simulate({ root, start: ['client.js'], until: '10m' });
  trace.assertNoErrors();
  trace.assertEnded();
  assert.deepEqual(trace.logs('client.js').filter((l) => !l.startsWith('run:')), ['add(2, 3) = 5', 'upper("ports") = PORTS', 'divide: unknown op divide']);
  assert.deepEqual(trace.writes(12), [{ id: 1, result: 5 }, { id: 2, result: 'PORTS' }, { id: 3, error: 'unknown op divide' }]);
});

test('the service waits on nextWrite: with no client it is still waiting at the end, not spinning', async () => {
  const trace = await simulate({ root, start: ['service.js'], until: '1m' });
  assert.equal(trace.reason, 'waiting');
  assert.equal(trace.exit('service.js')?.waitingOn, 'port 10 (nextWrite)');
});
