import { h } from './dom';

const MAX_CHILDREN = 200;
const PREVIEW = 60;

/** A JSON value as nested <details>: keyboard and screen-reader friendly without any script of its own. */
export function jsonTree(value: unknown, label: string, open = false): HTMLElement {
  if (value === null || typeof value !== 'object') return h('div', { class: 'json-leaf' }, h('span', { class: 'json-key' }, label), ' ', h('span', { class: `json-${value === null ? 'null' : typeof value}` }, JSON.stringify(value)));
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = h('summary', {}, h('span', { class: 'json-key' }, label), ' ', h('span', { class: 'json-summary' }, preview(value)));
  const details = h('details', { open }, summary);
  for (const [key, child] of entries.slice(0, MAX_CHILDREN)) details.append(jsonTree(child, key));
  if (entries.length > MAX_CHILDREN) details.append(h('div', { class: 'json-more' }, `… ${entries.length - MAX_CHILDREN} more`));
  return details;
}

function preview(value: object): string {
  const text = JSON.stringify(value);
  return text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text;
}
