import type { ActorView } from '../core/dashboard/protocol';
import { UNKNOWN_DEPTH } from '../core/port-view/shallow-view';
import { h } from './dom';

/** Every kind of node the graph draws, with what it stands for: the legend names all of them, nothing is left unexplained. */
export const NODE_KINDS: { kind: ActorView['kind'] | 'untagged' | 'port'; name: string; meaning: string }[] = [
  { kind: 'script', name: 'script (from code)', meaning: 'a workspace script whose code uses the port; its edges are drawn before any traffic, labelled "in code"' },
  { kind: 'process', name: 'external process', meaning: 'a program from bbports.json or the settings, on the ports it declares' },
  { kind: 'actor', name: 'actor', meaning: 'a writer or reader seen in port events: a script run by bbports, or VS Code itself ("vscode") for the Ports view\'s commands' },
  { kind: 'untagged', name: '(untagged) actor', meaning: 'traffic whose writer or reader nobody named: game ports seen through the bridge (the game does not say which script) and engine calls made without a name' },
  { kind: 'port', name: 'port', meaning: `its depth of its capacity ("3/50"); "≥1/50", a dashed line and hatching where only the front item is seen (${UNKNOWN_DEPTH})` },
];

/** The graph's legend: a small list under it, one entry per node kind. */
export function legend(): HTMLElement {
  const items = NODE_KINDS.map((k) => h('li', { 'data-kind': k.kind }, h('span', { class: `legend-swatch ${k.kind}`, 'aria-hidden': 'true' }), h('strong', {}, k.name), `: ${k.meaning}`));
  return h('details', { class: 'legend' }, h('summary', {}, 'Legend: what the nodes are'), h('ul', {}, ...items));
}
