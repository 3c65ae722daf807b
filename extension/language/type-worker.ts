import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { FromTypeWorker, LintWorkspace, ToTypeWorker, TypeWorkerData } from '../../language';

/** The type-aware checks wait until typing pauses for this long after the fast lint. */
const DEBOUNCE_MS = 600;

/**
 * The type-aware lint phase, run in a worker thread over its own copy of the scripts: the fast diagnostics go out
 * first, and these join them once typing pauses. A later edit cancels a run in progress (the worker drops it
 * between files) and schedules a new one; findings for a text that has changed since are ignored by the workspace.
 */
export class TypeChecks implements vscode.Disposable {
  private readonly worker: Worker;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private run = 0;

  constructor(
    bundle: string,
    private readonly ws: LintWorkspace,
    /** Called with the files whose findings are complete, to publish them. */
    private readonly checked: (files: string[]) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const workerData: TypeWorkerData = { bbportsTypeWorker: true, root: ws.root };
    this.worker = new Worker(bundle, { workerData });
    this.worker.unref();
    this.worker.on('message', (m: FromTypeWorker) => this.receive(m));
    this.worker.on('error', (error) => this.log.error(`lint: the type-aware checks stopped (${error.message}); only the syntax checks apply until the window reloads. Please report this bug.`));
  }

  update(file: string, text: string): void {
    this.send({ kind: 'update', file, text });
  }

  remove(file: string): void {
    this.pending.delete(file);
    this.send({ kind: 'remove', file });
  }

  /** Checks these files (with what is still pending) once typing pauses; cancels a run in progress. */
  schedule(files: string[]): void {
    for (const f of files) this.pending.add(f);
    this.run++;
    this.send({ kind: 'check', run: this.run, files: [] });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.send({ kind: 'check', run: ++this.run, files: [...this.pending] }), DEBOUNCE_MS);
  }

  private receive(m: FromTypeWorker): void {
    if (m.kind === 'findings') this.ws.setTypeFindings(m.file, m.text, m.findings);
    else if (m.run !== this.run) return;
    else if (m.kind === 'done') {
      for (const f of m.files) this.pending.delete(f);
      if (m.files.length) this.checked(m.files);
    } else this.log.error(`lint: the type-aware checks failed (${m.message}); only the syntax checks apply. Please report this bug.`);
  }

  private send(message: ToTypeWorker): void {
    this.worker.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    void this.worker.terminate();
  }
}
