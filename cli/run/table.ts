import { previewItem } from '../../core/port-view/preview';
import { evictionCount, fillText, type PortState } from '../../core/port-view/source';

/** Rows of cells as lines of aligned columns, the header first. */
export function alignedTable(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

/** A plain-text table of ports: number, fill, front item. */
export function portTable(ports: PortState[]): string[] {
  if (!ports.length) return ['(every port is empty)'];
  const rows = ports.map((p) => [
    String(p.port),
    `${fillText(p)}${p.full ? ' full' : ''}`,
    p.items.length ? previewItem(p.items[0], 60).text : '',
    evictionCount(p) ? `${evictionCount(p)} evicted` : '',
  ]);
  return alignedTable(['port', 'items', 'front', 'lost'], rows);
}
