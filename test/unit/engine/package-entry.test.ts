import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Users' own tests load the engine by the package's name; this checks the built CommonJS entry (npm run build).
describe("require('bitburner-ports/engine')", () => {
  it('exposes PortEngine with the NS facade, subscribe and snapshot', () => {
    assert.ok(existsSync(join(__dirname, '../../../dist/engine.js')), 'dist/engine.js is missing: run npm run build first');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PortEngine, NULL_PORT_DATA } = require('bitburner-ports/engine');
    const engine = new PortEngine({ capacity: 2 });
    const events: string[] = [];
    const stop = engine.subscribe((e: { kind: string }) => events.push(e.kind));
    engine.ns.writePort(1, 'a');
    engine.ns.writePort(1, 'b');
    assert.equal(engine.ns.writePort(1, 'c'), 'a');
    stop();
    assert.deepEqual(engine.snapshot(), [{ port: 1, capacity: 2, items: ['b', 'c'] }]);
    assert.deepEqual(events, ['write', 'write', 'write', 'evict']);
    assert.equal(engine.ns.getPortHandle(9).read(), NULL_PORT_DATA);
  });
});
