import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerRegistryRequest } from '../../../core/game-link/bridge/registry-service';
import { PortRegistry } from '../../../core/registry';

const service = 'PortRegistry';

describe('the registry as game scripts ask for it (seed 001)', () => {
  it('takes the original client\'s fire-and-forget reserve and release: nothing to answer, refusals go to the log', () => {
    const registry = new PortRegistry();
    const reserve = answerRegistryRequest(registry, { type: 'reserve', service, port: 1024, hostname: 'home', pid: 5 })!;
    assert.equal(reserve.responsePort, undefined, 'no responsePort: nothing is written back');
    assert.equal(reserve.problem, undefined);
    assert.deepEqual(registry.holder(1024)?.owner, { kind: 'script', hostname: 'home', pid: 5 });
    const clash = answerRegistryRequest(registry, { type: 'reserve', service, port: 1024, hostname: 'n00dles', pid: 9 })!;
    assert.equal(clash.responsePort, undefined);
    assert.match(clash.problem!, /registry reserve from pid 9 on n00dles refused: Port 1024 is already reserved by script pid 5 on home/);
    assert.deepEqual(registry.holder(1024)?.owner, { kind: 'script', hostname: 'home', pid: 5 }, 'the first owner keeps it; nobody is killed');
    const wrong = answerRegistryRequest(registry, { type: 'release', service, port: 1024, hostname: 'home', pid: 6 })!;
    assert.match(wrong.problem!, /not by script pid 6 on home/);
    assert.equal(answerRegistryRequest(registry, { type: 'release', service, port: 1024, hostname: 'home', pid: 5 })!.problem, undefined);
    assert.equal(registry.holder(1024), undefined);
  });

  it('answers status in the original\'s exact shape, with the envelope and no fields the request did not have', () => {
    const registry = new PortRegistry();
    registry.reserve(1030, { kind: 'script', hostname: 'home', pid: 3 });
    registry.reserve(1031, { kind: 'process', tag: 'planner' });
    const status = answerRegistryRequest(registry, { type: 'status', service, responsePort: 77 })!;
    assert.equal(status.responsePort, 77);
    assert.deepEqual(status.answer, {
      type: 'status',
      service,
      reserved: [
        { port: 1030, hostname: 'home', pid: 3 },
        { port: 1031, hostname: 'bbports', pid: 0, tag: 'planner' },
      ],
      free: [],
      freeHigh: 1024,
    });
    assert.equal('id' in status.answer, false, 'no "id": null when the request had no id');
  });

  it('our extension: a reserve with a responsePort and an id gets an answer carrying the envelope and that id', () => {
    const registry = new PortRegistry();
    assert.deepEqual(answerRegistryRequest(registry, { type: 'reserve', port: 1024, hostname: 'home', pid: 5, responsePort: 1024, id: 'r1' }), {
      responsePort: 1024,
      answer: { type: 'reserve', service, id: 'r1', ok: true, result: 1024 },
      problem: undefined,
    });
    const refused = answerRegistryRequest(registry, { type: 'reserve', port: 1024, hostname: 'home', pid: 6, responsePort: 1025 })!;
    assert.deepEqual(Object.keys(refused.answer), ['type', 'service', 'ok', 'error']);
  });

  it('reads older clients\' JSON text, leaves other services\' messages alone, and keeps serving after an exit request', () => {
    const registry = new PortRegistry();
    answerRegistryRequest(registry, JSON.stringify({ type: 'reserve', service, port: 1040, hostname: 'home', pid: 2 }));
    assert.equal(registry.holder(1040)?.owner.kind, 'script');
    assert.equal(answerRegistryRequest(registry, { type: 'status', service: 'Scheduler', responsePort: 77 }), undefined);
    assert.match(answerRegistryRequest(registry, { type: 'exit', service })!.problem!, /keeps serving/);
    assert.match(answerRegistryRequest(registry, 'reserve 5')!.problem!, /not an object/);
  });
});
