import { NULL_PORT_DATA } from '../engine/constants';
import { previewItem } from './preview';

// What a port action tells the user, the same in VS Code (the Ports view's row actions) and in `bbports serve`'s console.

/** After a write to a full port pushed out its oldest item. */
export function evictedText(port: number, evicted: unknown): string {
  return `Port ${port} was full: the write pushed out its oldest item, ${previewItem(evicted).text}. Use tryWrite to refuse instead of losing data.`;
}

/** After a tryWrite that a full port refused. */
export function tryWriteRefusedText(port: number): string {
  return `Port ${port} is full: tryWrite wrote nothing. Read from it first, or raise the capacity.`;
}

/** A value read or peeked, or the empty port's sentinel said plainly. */
export function shownValueText(value: unknown): string {
  return value === NULL_PORT_DATA ? `"NULL PORT DATA" (the port is empty)` : previewItem(value, 200).text;
}

/**
 * What to tell the user about a typed value that looks like JSON (an object, an array, a quoted string) but does not
 * parse: it would go to the port as plain text, which is rarely what they meant. Undefined when there is nothing to say.
 */
export function userValueWarning(input: string): string | undefined {
  const text = input.trim();
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not valid JSON (${(error as Error).message}). Fix it, or press Enter to write it to the port as plain text.`;
  }
}
