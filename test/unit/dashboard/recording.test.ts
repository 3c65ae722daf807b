import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRecording, Recorder, Replay, type Recording } from '../../../core/dashboard/recording';

const T0 = 1_700_000_000_000;

function sample(): Recording {
  const recorder = new Recorder(T0, [{ id: 'engine', label: 'Embedded engine', capacity: 2 }], [{ source: 'engine', port: 1, size: 1 }]);
  recorder.add({ t: T0 + 100, source: 'engine', port: 1, kind: 'write', size: 2, actor: 'a', value: '1' });
  recorder.add({ t: T0 + 200, source: 'engine', port: 1, kind: 'write', size: 3, actor: 'a', value: '2' });
  recorder.add({ t: T0 + 200, source: 'engine', port: 1, kind: 'evict', size: 2, actor: 'a', value: '0' });
  recorder.add({ t: T0 + 1500, source: 'engine', port: 1, kind: 'read', size: 1, actor: 'b', value: '1' });
  return recorder.finish(T0 + 2000);
}

describe('recordings', () => {
  it('survive a save and an open unchanged', () => {
    const recording = sample();
    assert.deepEqual(parseRecording(JSON.stringify(recording), 'run.json'), recording);
    assert.equal(recording.format, 'bitburner-ports-recording');
    assert.equal(recording.events.length, 4);
  });

  it('replay to any moment, forwards and back', () => {
    const replay = new Replay(sample());
    const at = (t: number) => {
      const p = replay.stateAt(t).ports[0]!;
      return [p.size, p.writes, p.evictions, p.reads];
    };
    assert.deepEqual(at(T0), [1, 0, 0, 0], 'the initial length, before any event');
    assert.deepEqual(at(T0 + 250), [2, 2, 1, 0]);
    assert.deepEqual(at(T0 + 2000), [1, 2, 1, 1]);
    assert.deepEqual(at(T0 + 150), [2, 1, 0, 0], 'scrubbing back replays from the start');
    assert.deepEqual(replay.stateAt(T0 + 2000).edges.map((e) => e.id), ['actor:a->port:engine:1', 'port:engine:1->actor:b']);
  });

  it('refuses files that are not recordings, saying what is wrong', () => {
    assert.throws(() => parseRecording('{oops', 'a.json'), /a\.json is not a dashboard recording: it is not JSON/);
    assert.throws(() => parseRecording('{"events":[]}', 'b.json'), /no "format": "bitburner-ports-recording"/);
    assert.throws(() => parseRecording(JSON.stringify({ ...sample(), version: 9 }), 'c.json'), /version 9 recording; this dashboard reads version 1/);
    const bad = sample();
    (bad.events[2] as { kind: string }).kind = 'explode';
    assert.throws(() => parseRecording(JSON.stringify(bad), 'd.json'), /d\.json: event 2 is not \{t, source, port, kind, size\}/);
    const unordered = sample();
    unordered.events.reverse();
    assert.throws(() => parseRecording(JSON.stringify(unordered), 'e.json'), /event 1 is older than the one before it/);
  });
});
