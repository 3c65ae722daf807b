import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { approvalKey, loadConfigFile, parseDefinition, trustVerdict } from '../../../core/process';

describe('the Workspace Trust gate', () => {
  it('a workspace definition never starts in an untrusted workspace, whatever was approved before', () => {
    for (const origin of ['workspace', 'bbports.json'] as const) {
      for (const approved of [false, true]) {
        const v = trustVerdict(origin, false, approved);
        assert.equal(v.verdict, 'refuse');
      }
    }
    assert.match((trustVerdict('bbports.json', false, false) as { reason: string }).reason, /bbports.json and this workspace is not trusted; trust the workspace/);
  });
  it('in a trusted workspace its first start asks, an approved one runs', () => {
    assert.deepEqual(trustVerdict('workspace', true, false), { verdict: 'ask' });
    assert.deepEqual(trustVerdict('bbports.json', true, true), { verdict: 'run' });
  });
  it('user definitions and typed command lines run as they are, trusted or not', () => {
    for (const origin of ['user', 'ad-hoc'] as const) assert.deepEqual(trustVerdict(origin, false, false), { verdict: 'run' });
  });
  it('an approval covers one definition: changing the program, its arguments or origin asks again', () => {
    const spec = parseDefinition({ tag: 'p', command: 'python3', args: ['planner.py'] });
    const key = approvalKey('bbports.json', spec);
    assert.equal(approvalKey('bbports.json', parseDefinition({ tag: 'p', command: 'python3', args: ['planner.py'] })), key);
    assert.notEqual(approvalKey('bbports.json', parseDefinition({ tag: 'p', command: 'python3', args: ['evil.py'] })), key);
    assert.notEqual(approvalKey('bbports.json', parseDefinition({ tag: 'p', command: 'sh', args: ['planner.py'] })), key);
    assert.notEqual(approvalKey('workspace', spec), key);
  });
});

describe('bbports.json', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'bbports-config-'));
    writeFileSync(join(dir, 'bbports.json'), text);
    return join(dir, 'bbports.json');
  };
  it('loads processes with cwd at the file\'s folder', () => {
    const file = write('{"processes": [{"name": "planner", "command": "python3", "args": ["planner.py"], "outputPort": 10}]}');
    const { specs, problems } = loadConfigFile(file);
    assert.deepEqual(problems, []);
    assert.equal(specs[0]!.cwd, join(file, '..'));
  });
  it('says what is wrong with a broken file and where', () => {
    assert.match(loadConfigFile(write('{"processes": [')).problems[0]!, /bbports.json: not valid JSON/);
    assert.match(loadConfigFile(write('[]')).problems[0]!, /must be an object like \{"processes": \[\.\.\.\]\}/);
    assert.match(loadConfigFile('/nonexistent/bbports.json').problems[0]!, /no such file/);
  });
});
