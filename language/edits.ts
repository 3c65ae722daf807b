import type { TextEdit } from './diagnostic';

/** Applies non-overlapping edits to a text (what a quick fix does), last first so offsets stay valid. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
