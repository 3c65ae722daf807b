import type { DashboardModel } from '../core/dashboard/model';
import { fillLevel, type PortAction, type PortView } from '../core/dashboard/protocol';
import { UNKNOWN_DEPTH } from '../core/port-view/shallow-view';
import { parseUserValue } from '../core/port-view/preview';
import { clock, h, rate, setText } from './dom';
import { jsonTree } from './json-tree';

export interface InspectorActions {
  act(action: PortAction, port: PortView, value?: unknown): void;
  close(): void;
}

/**
 * The selected port: its numbers, its items as a JSON tree, its recent events, and the Ports view's write, read and
 * clear. Items come from the extension for the live port; a replay has the timeline only.
 */
export class Inspector {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { id: 'inspector-heading', tabindex: -1 });
  private readonly stats = h('p', { class: 'stats' });
  private readonly input = h('input', { type: 'text', 'aria-label': 'Value to write: JSON or plain text', placeholder: '{"type":"hack"}' });
  private readonly actions: HTMLElement;
  private readonly items = h('div', { class: 'items' });
  private readonly itemsHeading = h('h3', {}, 'Items');
  private readonly timeline = h('ol', { class: 'timeline', reversed: true });
  /** The port (and mode) the items section was last filled for. */
  private shown = '';
  private shownRecent: unknown = null;
  private port: PortView | undefined;

  constructor(private readonly handlers: InspectorActions) {
    const button = (text: string, action: PortAction) => {
      const b = h('button', { type: 'button' }, text);
      b.addEventListener('click', () => this.act(action));
      return b;
    };
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.act('write');
    });
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the inspector' }, '×');
    close.addEventListener('click', () => handlers.close());
    this.actions = h('div', { class: 'actions' }, this.input, button('Write', 'write'), button('Read', 'read'), button('Clear', 'clear'));
    this.element = h('aside', { class: 'inspector', 'aria-labelledby': 'inspector-heading', hidden: true }, h('header', {}, this.heading, close), this.stats, this.actions, this.itemsHeading, this.items, h('h3', {}, 'Recent events'), this.timeline);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') handlers.close();
    });
  }

  show(model: DashboardModel, id: string | null, live: boolean): void {
    this.port = id ? model.ports.get(id) : undefined;
    this.element.hidden = !this.port;
    const p = this.port;
    if (!p) return;
    setText(this.heading, `${model.portLabel(p)} · ${model.sources.get(p.source)?.label ?? p.source}`);
    setText(this.stats, `${p.depthUnknown ? `at least ${p.size} of ${p.capacity} (${UNKNOWN_DEPTH})` : `${p.size} of ${p.capacity} (${fillLevel(p.size, p.capacity).replace('-', ' ')})`} · ${p.writes} writes (${rate(p.writeRate)}) · ${p.reads} reads (${rate(p.readRate)}) · ${p.evictions} evicted · ${p.clears} clears · ${p.refused} refused`);
    this.actions.hidden = !live;
    if (this.shown !== `${p.id} ${live}`) {
      this.shown = `${p.id} ${live}`;
      setText(this.itemsHeading, 'Items');
      this.items.replaceChildren(h('p', { class: 'hint' }, live ? 'Loading…' : 'A recording keeps events, not items: see each value in the timeline.'));
    }
    if (p.recent !== this.shownRecent || p.recent.length !== this.timeline.childElementCount) {
      this.shownRecent = p.recent;
      this.timeline.replaceChildren(
        ...p.recent
          .slice()
          .reverse()
          .map((e) =>
            h('li', { class: `event ${e.kind}` }, h('time', {}, clock(e.t)), ' ', h('strong', {}, e.kind), e.cleared !== undefined ? ` ${e.cleared} items` : '', e.actor ? ` by ${e.actor}` : '', e.value !== undefined ? ` ${e.value}` : '', ` → ${e.size}`),
          ),
      );
    }
  }

  /** The live items of the inspected port, sent by the extension. */
  setItems(id: string, items: unknown[], complete: boolean): void {
    if (this.port?.id !== id) return;
    setText(this.itemsHeading, `Items (${items.length}${complete ? '' : ', front only'})`);
    this.items.replaceChildren(...(items.length ? items.map((item, i) => jsonTree(item, `#${i}`, items.length <= 3)) : [h('p', { class: 'hint' }, 'Empty.')]));
  }

  focus(): void {
    this.heading.focus();
  }

  private act(action: PortAction): void {
    if (!this.port) return;
    if (action !== 'write') return this.handlers.act(action, this.port);
    if (this.input.value.trim() === '') {
      this.input.focus();
      return;
    }
    this.handlers.act('write', this.port, parseUserValue(this.input.value));
    this.input.value = '';
  }
}
