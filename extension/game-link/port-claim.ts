import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which VS Code window's Bitburner Ports holds a Remote API port: a small file per port in the extension's global
 * storage (shared by every window of this VS Code), naming the extension host's process. A second window that
 * finds the port taken can then tell "another window of ours" (say so quietly) from "some other program" (an error).
 */
export class PortClaims {
  constructor(private readonly dir: string) {}

  /** Records that this window's server listens on `port`. */
  claim(port: number): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(this.file(port), JSON.stringify({ pid: process.pid, since: Date.now() }));
    } catch {
      // Without the note a second window shows the plain port-in-use error: nothing else depends on it.
    }
  }

  /** Forgets this window's claim on `port` (another window's stays). */
  release(port: number): void {
    if (this.holder(port) === process.pid) rmSync(this.file(port), { force: true });
  }

  /** The process id of another live window of ours that claimed `port`, if any. */
  heldElsewhere(port: number): number | undefined {
    const pid = this.holder(port);
    return pid !== undefined && pid !== process.pid && alive(pid) ? pid : undefined;
  }

  private holder(port: number): number | undefined {
    try {
      const pid = (JSON.parse(readFileSync(this.file(port), 'utf8')) as { pid?: unknown }).pid;
      return typeof pid === 'number' ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  private file(port: number): string {
    return join(this.dir, `remote-api-${port}.json`);
  }
}

/** Signal 0 tests that a process exists without touching it (on Windows too); EPERM means it exists but is not ours. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
