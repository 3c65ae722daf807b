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
