import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillLevel, parseToExtension } from '../../../core/dashboard/protocol';

describe('dashboard protocol', () => {
  it('accepts each message the webview sends', () => {
    assert.deepEqual(parseToExtension({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseToExtension({ type: 'inspect', id: null }), { type: 'inspect', id: null });
    assert.deepEqual(parseToExtension({ type: 'record', on: true }), { type: 'record', on: true });
    assert.deepEqual(parseToExtension({ type: 'act', action: 'write', source: 'engine', port: 7, value: { a: 1 } }), { type: 'act', action: 'write', source: 'engine', port: 7, value: { a: 1 } });
    assert.deepEqual(parseToExtension({ type: 'act', action: 'clear', source: 'engine', port: 7 }), { type: 'act', action: 'clear', source: 'engine', port: 7 });
  });

  it('refuses a bad message with what was wrong', () => {
    assert.throws(() => parseToExtension('ready'), /must be an object with a "type"/);
    assert.throws(() => parseToExtension({ type: 'launch' }), /unknown dashboard message type "launch"/);
    assert.throws(() => parseToExtension({ type: 'act', action: 'peek', source: 'engine', port: 1 }), /"action" write, read, clear; got "peek"/);
    assert.throws(() => parseToExtension({ type: 'act', action: 'read', source: 'engine', port: 0 }), /a "port" number from 1 up/);
    assert.throws(() => parseToExtension({ type: 'record' }), /"on": true or false/);
  });

  it('colours a port by how full it is', () => {
    assert.deepEqual([0, 1, 39, 40, 49, 50, 51].map((n) => fillLevel(n, 50)), ['empty', 'fine', 'fine', 'near-full', 'near-full', 'full', 'full']);
  });
});
