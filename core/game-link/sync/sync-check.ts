import type { SyncReport } from './reconcile';

/** What is known about the sync folder against the game: "in sync" is said only after a check found it so. */
export type SyncCheck =
  | { state: 'unchecked' }
  | { state: 'checking' }
  | {
      state: 'checked';
      at: number;
      /** Game paths that still differ: not pushed (the player declined), failed, or changed in the game. */
      pending: Set<string>;
      onlyInGame: string[];
    };

/** The check after a reconcile and whatever was pushed right after it. */
export function checkedAfter(report: SyncReport, pushed: readonly string[]): SyncCheck {
  const done = new Set(pushed);
  const pending = new Set([...report.toPush.map((f) => f.gamePath).filter((p) => !done.has(p)), ...report.changedInGame.map((f) => f.gamePath)]);
  return { state: 'checked', at: report.at, pending, onlyInGame: report.onlyInGame };
}

/** A later push of one file: it no longer differs. */
export function withPushed(check: SyncCheck, gamePath: string): SyncCheck {
  if (check.state !== 'checked' || !check.pending.has(gamePath)) return check;
  const pending = new Set(check.pending);
  pending.delete(gamePath);
  return { ...check, pending };
}

/** The status bar's words for it: a short label and a sentence for the tooltip. */
export function describeSyncCheck(check: SyncCheck, server: string): { label: string; detail: string; differs: boolean } {
  switch (check.state) {
    case 'unchecked':
      return { label: '', detail: `The files on ${server} have not been compared with the sync folder yet.`, differs: false };
    case 'checking':
      return { label: 'checking files', detail: `Comparing the files on ${server} with the sync folder…`, differs: false };
    case 'checked': {
      const at = new Date(check.at).toLocaleTimeString();
      const only = check.onlyInGame.length ? ` ${check.onlyInGame.length} file(s) exist only in the game (Pull files from the game… copies them).` : '';
      if (!check.pending.size) return { label: 'in sync', detail: `Every synced file on ${server} matched the sync folder when checked at ${at}, and every change since was pushed.${only}`, differs: false };
      const list = [...check.pending].slice(0, 5).join(', ');
      return { label: `${check.pending.size} differ`, detail: `Checked at ${at}: ${check.pending.size} file(s) on ${server} differ from the sync folder (${list}${check.pending.size > 5 ? ', …' : ''}). Push all files, or pull the game's versions.${only}`, differs: true };
    }
  }
}
