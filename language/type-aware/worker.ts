import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../diagnostic';
import { LintWorkspace } from '../workspace';
import { TypeAwarePass } from './pass';

/** What the editor sends the type-aware worker: the files as they change, and which to check (a newer run cancels). */
export type ToTypeWorker = { kind: 'update'; file: string; text: string } | { kind: 'remove'; file: string } | { kind: 'check'; run: number; files: string[] };

/** What it answers: a file's findings for the text it checked, then the end of a run that was not cancelled. */
export type FromTypeWorker = { kind: 'findings'; file: string; text: string; findings: Finding[] } | { kind: 'done'; run: number; files: string[] } | { kind: 'failed'; run: number; message: string };

/** Marks the worker's start in workerData, so the bundle can tell it is the worker. */
export interface TypeWorkerData {
  bbportsTypeWorker: true;
  root: string;
}

export function isTypeWorker(): boolean {
  return !!parentPort && (workerData as Partial<TypeWorkerData> | undefined)?.bbportsTypeWorker === true;
}

/**
 * The type-aware pass in a worker thread, so building the program (a second or more on a large workspace) never
 * stalls the extension host. It keeps its own copy of the workspace, fed by the editor's edits.
 */
export function serveTypeWorker(): void {
  const port = parentPort!;
  const ws = new LintWorkspace({ root: (workerData as TypeWorkerData).root });
  const pass = new TypeAwarePass(ws);
  let latest = 0;
  const send = (message: FromTypeWorker) => port.postMessage(message);
  port.on('message', async (message: ToTypeWorker) => {
    if (message.kind === 'update') ws.update(message.file, message.text);
    else if (message.kind === 'remove') ws.remove(message.file);
    else {
      const run = (latest = message.run);
      try {
        const files = message.files.filter((f) => ws.facts(f));
        const outcome = await pass.run(files, () => run !== latest, (file, text, findings) => send({ kind: 'findings', file, text, findings }));
        if (outcome === 'done') send({ kind: 'done', run, files });
      } catch (error) {
        send({ kind: 'failed', run, message: error instanceof Error ? error.message : String(error) });
      }
    }
  });
}
