import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinition, parseDefinitions, programName, splitCommandLine } from '../../../core/process';

const problem = (raw: unknown) => {
  try {
    parseDefinition(raw, 'p');
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('process definitions: the original checks, in its order', () => {
  it('an empty command comes first, before any other problem', () => {
    assert.match(problem({ command: '  ', keepAlive: { bytes: [0] }, mode: 'binary', framing: { headerSize: 0 } }), /^p: command is empty/);
  });
  it('then keepalive bytes without a period', () => {
    assert.match(problem({ command: 'x', mode: 'binary', keepAlive: { bytes: [0] }, framing: { headerSize: 0 } }), /^p: keepAlive has no period/);
    assert.match(problem({ command: 'x', keepAlive: { text: 'ping', periodSeconds: 0 } }), /keepAlive has no period/);
  });
  it('then header size 0, then a length field outside the header, then a length size other than 1, 2 or 4', () => {
    assert.match(problem({ command: 'x', mode: 'binary', framing: { headerSize: 0, lengthOffset: 9, lengthSize: 3 } }), /framing.headerSize is 0/);
    assert.match(problem({ command: 'x', mode: 'binary', framing: { headerSize: 4, lengthOffset: 2, lengthSize: 3 } }), /lengthOffset 2 \+ lengthSize 3 reaches past the 4-byte header/);
    assert.match(problem({ command: 'x', mode: 'binary', framing: { headerSize: 4, lengthOffset: 0, lengthSize: 3 } }), /lengthSize must be 1, 2 or 4/);
  });
  it('and what the original missed: a zero fixed length, an undersized maxLength, fixed mixed with header fields', () => {
    assert.match(problem({ command: 'x', mode: 'binary', framing: { fixedLength: 0 } }), /framing.fixedLength must be above 0, was 0/);
    assert.match(problem({ command: 'x', mode: 'binary', framing: { headerSize: 4, maxLength: 4 } }), /maxLength 4 leaves no room for a payload/);
    assert.match(problem({ command: 'x', mode: 'binary', framing: { fixedLength: 8, headerSize: 2 } }), /sets fixedLength and headerSize; choose/);
  });
  it('names unknown fields (a typo) and bad ports with the game text', () => {
    assert.match(problem({ command: 'x', outputport: 3 }), /unknown field "outputport"/);
    assert.match(problem({ command: 'x', outputPort: 0 }), /outputPort: portNumber must be a positive integer, was 0/);
    assert.match(problem({ command: 'x', inputPort: 4, outputPort: 4 }), /would read its own output/);
    assert.match(problem({ command: 'x', framing: { fixedLength: 3 } }), /framing applies only to mode "binary"/);
    assert.match(problem({ command: 'x', restart: { strategy: 'sometimes' } }), /restart.strategy must be "never", "on-failure", "always"/);
  });
  it('fills in defaults: lines mode, tag from the name, inherited env, engine target, no restart', () => {
    const spec = parseDefinition({ name: 'planner', command: 'python3', args: ['planner.py'], outputPort: 10 });
    assert.equal(spec.tag, 'planner');
    assert.equal(spec.mode, 'lines');
    assert.equal(spec.inheritEnv, true);
    assert.equal(spec.target, 'engine');
    assert.deepEqual(spec.restart, { strategy: 'never', intensity: 5, periodSeconds: 10 });
    assert.deepEqual(parseDefinition({ command: 'x', mode: 'binary' }).framing, { kind: 'raw', readBufferSize: 8192 });
    assert.deepEqual(parseDefinition({ command: 'x', mode: 'binary', framing: { headerSize: 3, lengthOffset: 2, lengthSize: 1 } }).framing, { kind: 'header', headerSize: 3, lengthOffset: 2, lengthSize: 1, lengthIncludesHeader: false, maxLength: 0 });
  });
});

describe('lists of definitions (settings, bbports.json)', () => {
  it('keeps the good ones, names the broken ones, refuses a tag used twice, resolves cwd', () => {
    const { specs, problems } = parseDefinitions([{ name: 'a', command: 'x' }, { name: 'b' }, { name: 'a', command: 'y' }, { name: 'c', command: 'z', cwd: 'tools' }], 'bbports.json', '/ws');
    assert.deepEqual(specs.map((s) => [s.tag, s.cwd]), [['a', '/ws'], ['c', '/ws/tools']]);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^bbports.json, process "b": command is empty/);
    assert.match(problems[1]!, /tag "a" is used twice/);
  });
});

describe('ad hoc command lines', () => {
  it('splits words, keeps quoted spaces and escapes, refuses an open quote', () => {
    assert.deepEqual(splitCommandLine(`python3 "my planner.py" --name 'a b' x\\ y ""`), ['python3', 'my planner.py', '--name', 'a b', 'x y', '']);
    assert.throws(() => splitCommandLine('node "x'), /unclosed " quote/);
  });
});

describe('names and flow fields', () => {
  it('a process is named after the script its interpreter runs, else after the program', () => {
    assert.equal(parseDefinition({ command: 'python3', args: ['-u', 'tools/planner.py', '--fast'] }).name, 'planner.py');
    assert.equal(parseDefinition({ command: '/usr/bin/node', args: ['worker.js'] }).tag, 'worker.js');
    assert.equal(programName('C:\\Python312\\python.exe', ['C:\\bb\\planner.py']), 'planner.py');
    assert.equal(programName('deno', ['run', '--allow-read', 'x.ts']), 'x.ts');
    assert.equal(programName('./planner', ['--port', '5']), 'planner');
    assert.equal(programName('python3', ['-m', 'http']), 'python3', 'no script file: the program itself');
  });
  it('intake follows output with a write-ahead of 64 opening to 4096 unless the definition says otherwise', () => {
    const d = parseDefinition({ command: 'x', inputPort: 1, outputPort: 2 });
    assert.deepEqual([d.intakeFollowsOutput, d.writeAhead, d.writeAheadLimit], [true, 64, 4096]);
    const own = parseDefinition({ command: 'x', intakeFollowsOutput: false, writeAhead: 5 });
    assert.deepEqual([own.intakeFollowsOutput, own.writeAhead, own.writeAheadLimit], [false, 5, 5], 'a writeAhead given alone is a fixed window');
    const range = parseDefinition({ command: 'x', writeAhead: 16, writeAheadLimit: 256 });
    assert.deepEqual([range.writeAhead, range.writeAheadLimit], [16, 256]);
    assert.match(problem({ command: 'x', intakeFollowsOutput: 'yes' }), /intakeFollowsOutput must be true or false/);
    assert.match(problem({ command: 'x', writeAhead: 0 }), /writeAhead must be above 0, was 0/);
    assert.match(problem({ command: 'x', writeAhead: 64, writeAheadLimit: 10 }), /writeAheadLimit \(10\) is less than writeAhead \(64\); give a limit of at least 64/);
    assert.match(problem({ command: 'x', writeAheadLimit: 32 }), /writeAheadLimit \(32\) is less than writeAhead \(64\)/);
  });
});
