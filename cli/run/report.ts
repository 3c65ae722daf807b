import { formatDuration } from '../../core/playground/time';
import { endPorts } from '../../core/playground/recording';
import type { PlaygroundResult } from '../../core/playground/host';
import type { ExitEvent, LogEvent, StartEvent } from '../../core/playground/trace';
import type { CliIo } from '../command';
import { alignedTable, portTable } from './table';

/** Exit codes of `bbports run`, from the worst outcome down. */
export const RUN_EXIT = { ok: 0, failed: 1, waiting: 3, frozen: 4 } as const;

/** A log line as it happens: `[pid script@host] line`. */
export function logLine(e: LogEvent): string {
  return `[${e.pid} ${e.script}${e.host === 'home' ? '' : `@${e.host}`}] ${e.line}`;
}

function endText(e: ExitEvent | undefined, frozen: boolean): string {
  if (frozen) return 'stopped: it never yielded';
  if (!e) return 'running';
  const at = `at ${formatDuration(e.t)}`;
  if (e.reason === 'running') return `still waiting on ${e.waitingOn}`;
  return `${e.reason === 'returned' ? 'ended' : e.reason === 'killed' ? 'killed' : 'failed'} ${at}`;
}

/** Every script the run started, and how each ended. */
function scriptTable(result: PlaygroundResult): string[] {
  const starts = result.events.filter((e): e is StartEvent => e.type === 'start');
  const exits = new Map(result.events.filter((e): e is ExitEvent => e.type === 'exit').map((e) => [e.pid, e]));
  if (!starts.length) return [];
  const frozen = result.kind === 'frozen' ? result.frozen.pid : undefined;
  const rows = starts.map((s) => [String(s.pid), s.script, s.host, String(s.threads), `${s.ram.toFixed(2)} GB`, endText(exits.get(s.pid), s.pid === frozen)]);
  return alignedTable(['pid', 'script', 'host', 'threads', 'RAM', 'end'], rows);
}

/** The end of a run: the scripts, the ports, what is still waiting and why the run ended; returns the exit code. */
export function report(result: PlaygroundResult, io: CliIo, wallMs: number, forSeconds: number | undefined): number {
  if (result.kind === 'failed') {
    io.err(`bbports run: ${result.message}`);
    return RUN_EXIT.failed;
  }
  for (const line of scriptTable(result)) io.out(line);
  if (result.kind === 'frozen') {
    const f = result.frozen;
    const why = f.by === 'stop' ? `${forSeconds !== undefined ? `--for ${forSeconds} s was up` : 'the run was stopped'} while it ran without yielding` : `it ran ${(f.heldMs / 1000).toFixed(1)} s without yielding`;
    io.err(`bbports run: stopped ${f.script} (pid ${f.pid}) on ${f.host}: ${why} (no await of ns.sleep, ns.asleep or a port's nextWrite). In the game this freezes the whole page until you reload it and kill the script.`);
    return RUN_EXIT.frozen;
  }
  const { summary } = result;
  for (const line of portTable(endPorts(summary))) io.out(line);
  io.out(`simulated ${formatDuration(summary.simulatedMs)} in ${(wallMs / 1000).toFixed(2)} s of wall time`);
  const exits = result.events.filter((e): e is ExitEvent => e.type === 'exit');
  const still = exits.filter((e) => e.reason === 'running');
  if (still.length) {
    const why = summary.reason === 'waiting' ? 'the run ended because nothing could wake them (no script has a timer left): in the game they would wait forever' : summary.reason === 'until' ? 'the --until time was reached' : 'the run was stopped';
    io.err(`bbports run: scripts still waiting: ${why}.`);
    for (const e of still) io.err(`  ${e.script} (pid ${e.pid}) waits on ${e.waitingOn}`);
  }
  if (exits.some((e) => e.reason === 'error')) return RUN_EXIT.failed;
  return still.length ? RUN_EXIT.waiting : RUN_EXIT.ok;
}

/** A script's failure as it happens, on stderr. */
export function failureLines(e: ExitEvent): string[] {
  return [`${e.script} (pid ${e.pid}) on ${e.host} failed:`, ...(e.error ?? '').split('\n').map((l) => `  ${l}`)];
}
