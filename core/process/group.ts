import { spawn, type ChildProcess } from 'node:child_process';

const WINDOWS = process.platform === 'win32';

/**
 * Spawn options that give the program a process group of its own (POSIX: a new session, so it and every child it
 * forks can be signalled together, and a terminal's Ctrl+C reaches the tool, not the program). Windows has no process
 * groups: there the tree is found by parent pid (taskkill /T), and `detached` would open a console window.
 */
export const OWN_GROUP = { detached: !WINDOWS } as const;

/**
 * Signals the program's whole group (Windows: its process tree, always forcefully, since console programs take no
 * other stop from outside). Returns false when nothing of the group is left.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  if (WINDOWS) {
    spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    return true;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether anything of the group still runs (Windows: unknown, so false once the leader is gone). */
export function groupAlive(pid: number): boolean {
  if (WINDOWS) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The crash guard: a small separate process that holds a pipe from this one and is told each group as it starts and
 * ends. When the pipe closes without a goodbye (this process crashed, was killed, or VS Code closed before the stops
 * finished) it kills every group it still knows. Nothing in this process can do that: a SIGKILL runs no handler.
 */
const REAPER_SOURCE = `
const { spawnSync } = require('child_process');
const groups = new Set();
let rest = '';
process.stdin.on('data', (d) => {
  const lines = (rest + d).split('\\n');
  rest = lines.pop();
  for (const l of lines) (l[0] === '+' ? groups.add(l.slice(1)) : groups.delete(l.slice(1)));
});
process.stdin.on('end', () => {
  for (const pid of groups) {
    if (process.platform === 'win32') spawnSync('taskkill', ['/T', '/F', '/PID', pid], { stdio: 'ignore', windowsHide: true });
    else try { process.kill(-Number(pid), 'SIGKILL'); } catch {}
  }
  process.exit(0);
});
`;

class Reaper {
  private child: ChildProcess | undefined;

  add(pid: number): void {
    this.send(`+${pid}\n`);
  }

  remove(pid: number): void {
    if (this.child) this.send(`-${pid}\n`);
  }

  private send(line: string): void {
    if (!this.child || this.child.exitCode !== null || !this.child.stdin?.writable) this.child = startReaper();
    this.child.stdin?.write(line);
  }
}

function startReaper(): ChildProcess {
  // In VS Code, execPath is the extension host's runtime, which acts as plain Node with ELECTRON_RUN_AS_NODE.
  const child = spawn(process.execPath, ['-e', REAPER_SOURCE], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    windowsHide: true,
    env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '', SystemRoot: process.env.SystemRoot ?? '' },
  });
  child.on('error', () => {});
  child.stdin!.on('error', () => {});
  // Neither the guard nor its pipe keeps this process alive.
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return child;
}

/** One guard per tool process, started with the first program. */
export const reaper = new Reaper();
