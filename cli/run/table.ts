import type { PortState } from '../../core/port-view/source';
import { previewItem } from '../../core/port-view/preview';

/** A plain-text table of ports: number, fill, front item. */
export function portTable(ports: PortState[]): string[] {
  if (!ports.length) return ['(every port is empty)'];
  const rows = ports.map((p) => [
    String(p.port),
    `${p.complete ? p.items.length : p.items.length ? '≥1' : 0}/${p.capacity}${p.full ? ' full' : ''}`,
    p.items.length ? previewItem(p.items[0], 60).text : '',
    p.evicted.length ? `${p.evicted.length} evicted` : '',
  ]);
  const head = ['port', 'items', 'front', 'lost'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}
