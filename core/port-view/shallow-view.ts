import type { PortState } from './source';

/** What views say where a port's depth is not known. */
export const UNKNOWN_DEPTH = 'depth unknown without deep view';

/**
 * What a port row says of the traffic its source noticed, for a port seen without deep view: "30 writes seen ·
 * front changed 2× · last change 12:03:04". Empty when nothing was noticed (or the depth is known anyway).
 */
export function seenText(state: PortState, clock: (t: number) => string = (t) => new Date(t).toLocaleTimeString()): string {
  const seen = state.seen;
  if (!seen || state.complete) return '';
  return [
    seen.writes ? `${seen.writes} write${seen.writes === 1 ? '' : 's'} seen` : '',
    seen.frontChanges ? `front changed ${seen.frontChanges}×` : '',
    seen.lastChange !== undefined ? `last change ${clock(seen.lastChange)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A port row's menu context: `port.<source>[.full]`, and for game ports `.pinned`/`.unpinned` and `.deep`/`.shallow`,
 * so a menu offers Pin or Unpin, Deep View On or Off, whichever applies.
 */
export function portContext(source: string, state: PortState): string {
  const watch = state.watch ? `.${state.watch.pinned ? 'pinned' : 'unpinned'}.${state.watch.deep ? 'deep' : 'shallow'}` : '';
  return `port.${source}${watch}${state.full ? '.full' : ''}`;
}
