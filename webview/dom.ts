type Child = Node | string | null | undefined | false;

/** Creates an element with attributes and children; text children become text nodes (never HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const child of children) if (child) el.append(child);
  return el;
}

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(el, attrs);
  for (const child of children) if (child) el.append(child);
  return el;
}

function setAttrs(el: Element, attrs: Record<string, string | number | boolean>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

/**
 * Sets text only when it differs: most updates change a few numbers among many. An element that holds one text node
 * keeps it and gets new data: replacing the node (what textContent does) costs a new layout object every time.
 */
export function setText(el: Element, text: string): void {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === Node.TEXT_NODE) {
    if ((only as Text).data !== text) (only as Text).data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

/** The Ports view's rate text: the same numbers read the same in both. */
export { rateText as rate } from '../core/port-view/source';

export function clock(time: number): string {
  const d = new Date(time);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
