import * as vscode from 'vscode';
import type { BitburnerPortsApi } from '../../extension/main';

export const EXTENSION_ID = 'bitburner-ports.bitburner-ports';

/**
 * Whether the extension was active before any test touched it. VS Code runs the tests only once the workspace's
 * activation events (workspaceContains) have activated their extensions, and this module is loaded with the test
 * files, before any test runs a command or calls activate(): so it says whether the activation events alone did it.
 */
export const ACTIVE_BEFORE_ANY_TEST = vscode.extensions.getExtension(EXTENSION_ID)?.isActive === true;

/** Activates the extension under test and returns what activate() returned. */
export async function activateExtension(): Promise<BitburnerPortsApi> {
  const extension = vscode.extensions.getExtension<BitburnerPortsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Resolves once `test` holds: checked now and after each firing of `event`. */
export function whenTrue<T>(event: vscode.Event<T>, test: () => boolean): Promise<void> {
  return test() ? Promise.resolve() : when(event, test).then(() => undefined);
}

/** Resolves when `event` fires with a value that passes `test`: waits on events, never on time. */
export function when<T>(event: vscode.Event<T>, test: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const sub = event((value) => {
      if (!test(value)) return;
      sub.dispose();
      resolve(value);
    });
  });
}

/**
 * Has test/vscode/run.mjs answer the next quick inputs as a person would: for each step, the input titled `title`
 * gets `fill` typed into it (if given) and Enter (or `press`). Call it before the command that asks.
 */
export function answerQuickInputs(steps: { title: string; fill?: string; press?: string }[]): void {
  console.log(`HARNESS ${JSON.stringify(steps)}`);
}
