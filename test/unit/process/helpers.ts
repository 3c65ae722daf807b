import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortEngine } from '../../../core/engine';
import { parseDefinition, ProcessManager, type ProcessEvent, type ProcessSpec } from '../../../core/process';

export const PROGRAMS = join(import.meta.dirname, '../../fixtures/programs');

/** A checked definition running one of the test programs with node (or python3 for .py). */
export function program(file: string, fields: Record<string, unknown> = {}): ProcessSpec {
  const command = file.endsWith('.py') ? 'python3' : process.execPath;
  const { args = [], ...rest } = fields as { args?: string[] };
  return parseDefinition({ command, args: [join(PROGRAMS, file), ...args], tag: file, stopGraceSeconds: 2, ...rest }, `test ${file}`);
}

type Eventful = { onEvent(listener: (e: ProcessEvent) => void): () => void };

/** Resolves with the first event that passes `test`. */
export function nextEvent<T extends ProcessEvent['type']>(source: Eventful, type: T, test: (e: Extract<ProcessEvent, { type: T }>) => boolean = () => true): Promise<Extract<ProcessEvent, { type: T }>> {
  return new Promise((resolve) => {
    const stop = source.onEvent((e) => {
      if (e.type !== type || !test(e as Extract<ProcessEvent, { type: T }>)) return;
      stop();
      resolve(e as Extract<ProcessEvent, { type: T }>);
    });
  });
}

/** Every event, in order, until the returned stop function is called. */
export function record(source: Eventful): { events: ProcessEvent[]; stop: () => void } {
  const events: ProcessEvent[] = [];
  return { events, stop: source.onEvent((e) => events.push(e)) };
}

/** Resolves once `port` has received `count` writes, with the values written. */
export function writesTo(engine: PortEngine, port: number, count: number): Promise<unknown[]> {
  const values: unknown[] = [];
  return new Promise((resolve) => {
    const stop = engine.subscribe((e) => {
      if (e.port !== port || e.kind !== 'write') return;
      values.push(e.value);
      if (values.length === count) {
        stop();
        resolve(values);
      }
    });
  });
}

/** Resolves once `check` holds, re-checking on every change of `source`. */
export function until(source: { onChange(l: () => void): () => void }, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const stop = source.onChange(() => {
      if (!check()) return;
      stop();
      resolve();
    });
  });
}

export function manager(engine: PortEngine, extra: Partial<ConstructorParameters<typeof ProcessManager>[0]> = {}): ProcessManager {
  return new ProcessManager({ engine, ...extra });
}

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as ended). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // The state follows the command name in parentheses: Z is a zombie, X dead.
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Resolves when `pid` (not a child of ours, so no exit event) has ended: a python3 helper waits on a pidfd, an event
 * from the kernel, rather than polling.
 */
export async function ended(pid: number): Promise<void> {
  const waiter = spawn('python3', ['-c', 'import os, select, sys\ntry:\n  fd = os.pidfd_open(int(sys.argv[1]))\nexcept ProcessLookupError:\n  sys.exit(0)\nselect.select([fd], [], [])', String(pid)], { stdio: 'ignore' });
  await once(waiter, 'exit');
}

/** The pid a program printed as `child=PID` on its output port. */
export async function childPid(engine: PortEngine, port: number): Promise<number> {
  const [line] = engine.empty(port) ? await writesTo(engine, port, 1) : [engine.peek(port)];
  const pid = Number(/^child=(\d+)$/.exec(String(line))?.[1]);
  if (!(pid > 0)) throw new Error(`expected child=PID on port ${port}, got ${String(line)}`);
  return pid;
}
