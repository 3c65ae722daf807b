import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerRegistryRequest } from '../../../core/game-link/bridge/registry-service';
import { PortRegistry } from '../../../core/registry';

describe('the registry as game scripts ask for it (seed 001)', () => {
  it('reserves, refuses a second owner with who holds it, and releases only for the holder', () => {
    const registry = new PortRegistry();
    assert.deepEqual(answerRegistryRequest(registry, { type: 'reserve', port: 1024, hostname: 'home', pid: 5, responsePort: 1024, id: 'r1' }), {
      responsePort: 1024,
      answer: { type: 'reserve', id: 'r1', ok: true, result: 1024 },
      problem: undefined,
    });
    const clash = answerRegistryRequest(registry, { type: 'reserve', port: 1024, hostname: 'n00dles', pid: 9 })!;
    assert.equal(clash.responsePort, undefined);
    assert.match(clash.problem!, /registry reserve from pid 9 on n00dles refused: Port 1024 is already reserved by script pid 5 on home/);
    const wrong = answerRegistryRequest(registry, { type: 'release', port: 1024, hostname: 'home', pid: 6 })!;
    assert.match(wrong.problem!, /not by script pid 6 on home/);
    assert.equal(answerRegistryRequest(registry, { type: 'release', port: 1024, hostname: 'home', pid: 5 })!.answer.ok, true);
    assert.equal(registry.holder(1024), undefined);
  });

  it('answers status in the seed\'s shape, and leaves messages for other services alone', () => {
    const registry = new PortRegistry();
    registry.reserve(1030, { kind: 'script', hostname: 'home', pid: 3 });
    registry.reserve(1031, { kind: 'process', tag: 'planner' });
    const status = answerRegistryRequest(registry, { type: 'status', service: 'PortRegistry', responsePort: 77 })!;
    assert.equal(status.responsePort, 77);
    assert.deepEqual(status.answer.reserved, [{ port: 1030, hostname: 'home', pid: 3 }, { port: 1031, tag: 'planner' }]);
    assert.equal(answerRegistryRequest(registry, { type: 'status', service: 'Scheduler', responsePort: 77 }), undefined);
    assert.match(answerRegistryRequest(registry, 'reserve 5')!.problem!, /not an object/);
  });
});
