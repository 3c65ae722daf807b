import type { DashboardModel } from '../core/dashboard/model';
import { depthText, fillLevel } from '../core/dashboard/protocol';
import { h, rate } from './dom';
import { declaredIn, nodeName } from './graph';

/** The graph's data as two tables, for screen readers and for reading exact numbers. */
export class TrafficTable {
  readonly element: HTMLElement;
  private readonly ports = h('tbody');
  private readonly flows = h('tbody');

  constructor(private readonly onSelect: (id: string) => void) {
    const head = (...names: string[]) => h('thead', {}, h('tr', {}, ...names.map((n) => h('th', { scope: 'col' }, n))));
    this.element = h(
      'div',
      { class: 'tables' },
      h('table', {}, h('caption', {}, 'Ports'), head('Port', 'Length', 'Fill', 'Writes/s', 'Reads/s', 'Writes', 'Reads', 'Evicted', 'Cleared', 'Refused'), this.ports),
      h('table', { class: 'flows' }, h('caption', {}, 'Flows: who writes to and reads from each port'), head('From', 'To', 'Kind', 'Per second', 'Total'), this.flows),
    );
  }

  update(model: DashboardModel): void {
    this.ports.replaceChildren(
      ...model.portsInOrder().map((p) => {
        const button = h('button', { type: 'button', class: 'link' }, model.portLabel(p));
        button.addEventListener('click', () => this.onSelect(p.id));
        const level = fillLevel(p.size, p.capacity);
        return h('tr', { class: `fill-${level}` }, h('th', { scope: 'row' }, button), ...[depthText(p), level.replace('-', ' '), rate(p.writeRate), rate(p.readRate), p.writes, p.reads, p.evictions, p.clears, p.refused].map((c) => h('td', {}, String(c))));
      }),
    );
    this.flows.replaceChildren(
      ...[...model.edges.values()].map((e) => h('tr', {}, h('td', {}, nodeName(model, e.from)), h('td', {}, nodeName(model, e.to)), h('td', {}, e.fromCode ? `${e.role} (${declaredIn(model, e)})` : e.role), h('td', {}, rate(e.rate)), h('td', {}, String(e.count)))),
    );
  }
}
