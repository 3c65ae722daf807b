import { createInterface } from 'node:readline';
import { inspect } from 'node:util';
import { NULL_PORT_DATA } from '../../core/engine/constants';
import { toPortNumber } from '../../core/engine/port-number';
import { evictedText, shownValueText, tryWriteRefusedText, userValueWarning } from '../../core/port-view/action-texts';
import { parseUserValue, previewItem } from '../../core/port-view/preview';
import type { PortSource } from '../../core/port-view/source';

/** What the console acts on: the game's ports, and serve's pinned and deep-view sets. */
export interface ConsoleTarget {
  source: () => PortSource | undefined;
  pinned: Set<number>;
  deep: Set<number>;
  /** The watch list changed (pin, deep view). */
  watchChanged(): void;
  /** The current port table, as printed. */
  table(): string[];
}

export const CONSOLE_HELP = [
  'commands (type them here, Enter to run):',
  '  write PORT VALUE      write (a full port drops its oldest item)   try-write PORT VALUE   write only if there is room',
  '  read PORT   peek PORT   clear PORT                                 VALUE is JSON (42, {"a":1}, "text") or plain text',
  '  pin PORT / unpin PORT  show the port even when empty               deep PORT on|off   show every item (wakes nextWrite waiters)',
  '  ports                  print the table now                         help',
];

type Say = (line: string) => void;

/**
 * serve's console: the Ports view's row actions, typed on stdin, with the same checks and texts. A value that looks
 * like JSON but does not parse is held: an empty line writes it as plain text, anything else drops it.
 */
export function startConsole(input: NodeJS.ReadableStream, target: ConsoleTarget, say: Say, err: Say): () => void {
  let held: { verb: string; port: number; text: string } | undefined;
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const pending = held;
    held = undefined;
    if (pending && line.trim() === '') return void run(() => writeValue(target, pending.verb, pending.port, pending.text, say));
    const [, verb = '', portText, valueText = ''] = /^(\S*)\s*(\S*)\s*([\s\S]*)$/.exec(line.trim()) ?? [];
    if (!verb) return;
    const rest = valueText ? valueText.split(/\s+/) : [];
    void run(async () => {
      if ((verb === 'write' || verb === 'try-write') && valueText) {
        const port = toPortNumber(verb, portText);
        const warning = userValueWarning(valueText);
        if (warning) return (held = { verb, port, text: valueText }), say(warning);
        return writeValue(target, verb, port, valueText, say);
      }
      return act(target, verb, portText, rest, say);
    });
  });
  const run = (work: () => Promise<unknown> | unknown) =>
    Promise.resolve()
      .then(work)
      .catch((error: Error) => err(error.message));
  return () => lines.close();
}

/** A value as it is, with its type (a Map, 10n, -0, a cycle): a terminal has room for more than a view's preview. */
function fullText(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, maxArrayLength: 50, maxStringLength: 200 });
}

function gameSource(target: ConsoleTarget): PortSource {
  const source = target.source();
  if (!source) throw new Error('the game bridge is not running: connect the game, then type "run bbports-bridge.js" in its terminal');
  return source;
}

async function writeValue(target: ConsoleTarget, verb: string, port: number, text: string, say: Say): Promise<void> {
  const value = parseUserValue(text);
  const source = gameSource(target);
  if (verb === 'try-write') {
    const written = await source.tryWrite(port, value);
    return say(written ? `tryWrite to port ${port}: written` : tryWriteRefusedText(port));
  }
  const evicted = await source.write(port, value);
  say(`wrote ${previewItem(value).text} to port ${port}`);
  if (evicted !== null && evicted !== undefined) say(evictedText(port, evicted));
}

async function act(target: ConsoleTarget, verb: string, portText: string, rest: string[], say: Say): Promise<void> {
  if (verb === 'help') return CONSOLE_HELP.forEach((l) => say(l));
  if (verb === 'ports') return target.table().forEach((l) => say(l));
  if (!['read', 'peek', 'clear', 'pin', 'unpin', 'deep', 'write', 'try-write'].includes(verb)) throw new Error(`unknown command "${verb}": type help for the list`);
  if (!portText) throw new Error(`${verb}: say which port, e.g. "${verb} 3"`);
  const port = toPortNumber(verb, portText);
  switch (verb) {
    case 'write':
    case 'try-write':
      throw new Error(`${verb}: say what to write, e.g. "${verb} ${port} {"type":"hack"}"`);
    case 'read':
    case 'peek': {
      const value = verb === 'read' ? await gameSource(target).read(port) : await gameSource(target).peek(port);
      return say(`Port ${port} ${verb}: ${value === NULL_PORT_DATA ? shownValueText(value) : fullText(value)}`);
    }
    case 'clear':
      await gameSource(target).clear(port);
      return say(`cleared port ${port}`);
    case 'pin':
    case 'unpin':
      if (verb === 'pin') target.pinned.add(port);
      else (target.pinned.delete(port), target.deep.delete(port));
      target.watchChanged();
      return say(verb === 'pin' ? `pinned port ${port}: shown even when empty` : `unpinned port ${port}`);
    default: {
      const on = rest[0] !== 'off';
      if (on) (target.deep.add(port), target.pinned.add(port));
      else target.deep.delete(port);
      target.watchChanged();
      return say(on ? `deep view on port ${port}: every item shown, by draining and restoring the port, which wakes scripts waiting on its nextWrite` : `deep view off on port ${port}`);
    }
  }
}
