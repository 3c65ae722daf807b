import type { DashboardModel } from '../core/dashboard/model';
import { depthText, type PortView } from '../core/dashboard/protocol';
import { UNKNOWN_DEPTH } from '../core/port-view/shallow-view';
import { h, setText } from './dom';

const WIDTH = 260;
/** Tall enough to tell a port that holds 2 items from one that holds 3 when its capacity is 5. */
const HEIGHT = 48;
const MIN_SPAN_MS = 30_000;
/** A sparkline is redrawn at most this often: a hundred ports change on every update, ten times a second. */
const REDRAW_MS = 250;
/** A port with no news is still redrawn this often, as its time axis moves on. */
const AXIS_MS = 1000;

interface Row {
  li: HTMLLIElement;
  button: HTMLButtonElement;
  canvas: HTMLCanvasElement;
  text: HTMLSpanElement;
  depth: HTMLElement;
  counts: HTMLSpanElement;
  visible: boolean;
  /** The port view last drawn, and when (performance.now()). */
  drawn?: PortView;
  drawnAt: number;
}

/**
 * One small canvas per port: its depth over the window (peak per second), evictions as red ticks on top, clears as
 * ticks below. Only rows on screen are updated (texts change layout, canvases cost a layer update each), and a
 * canvas at most every REDRAW_MS.
 */
export class Sparklines {
  readonly element: HTMLElement;
  private readonly heading = h('h2', { id: 'depth-heading' }, 'Depth over time');
  private readonly list: HTMLOListElement;
  private readonly rows = new Map<string, Row>();
  private readonly rowOf = new WeakMap<Element, Row>();
  private readonly observer: IntersectionObserver;
  private colours = themeColours();
  private order = '';
  private later: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onSelect: (id: string) => void,
    private readonly requestRender: () => void,
  ) {
    this.list = h('ol', { class: 'sparklines' });
    this.element = h('section', { class: 'depth', 'aria-labelledby': 'depth-heading' }, this.heading, this.list);
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const row = this.rowOf.get(entry.target);
        if (!row) continue;
        row.visible = entry.isIntersecting;
        if (row.visible) this.requestRender();
      }
    });
    // VS Code swaps the body's theme class when the colour theme changes.
    new MutationObserver(() => {
      this.colours = themeColours();
      for (const row of this.rows.values()) row.drawn = undefined;
      this.requestRender();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  update(model: DashboardModel): void {
    setText(this.heading, `Depth over the last ${Math.round(model.windowMs / 60_000)} minutes (red: evictions, yellow: clears)`);
    const ports = model.portsInOrder();
    const order = ports.map((p) => p.id).join(' ');
    if (order !== this.order) this.rebuild(model, ports, order);
    const now = performance.now();
    let wait = Infinity;
    for (const p of ports) {
      const row = this.rows.get(p.id)!;
      if (!row.visible) continue;
      this.paintText(model, row, p);
      if (row.drawn === p && now - row.drawnAt < AXIS_MS) continue;
      const due = row.drawnAt + REDRAW_MS - now;
      if (due > 0) {
        wait = Math.min(wait, due);
        continue;
      }
      row.drawn = p;
      row.drawnAt = now;
      this.draw(row.canvas, p, model.now, model.windowMs);
    }
    // Rows left to draw: come back for them when the earliest may be drawn again.
    if (wait < Infinity && this.later === undefined) {
      this.later = setTimeout(() => {
        this.later = undefined;
        this.requestRender();
      }, wait);
    }
  }

  private paintText(model: DashboardModel, row: Row, p: PortView): void {
    setText(row.button, model.portLabel(p));
    setText(row.depth, depthText(p));
    setText(row.counts, `${p.depthUnknown ? ` · ${UNKNOWN_DEPTH}` : ''}${p.evictions ? ` · ${p.evictions} evicted` : ''}${p.clears ? ` · ${p.clears} cleared` : ''}`);
    const label = p.depthUnknown ? `${model.portLabel(p)}: at least ${p.size} of ${p.capacity} items now, ${UNKNOWN_DEPTH}` : `${model.portLabel(p)}: ${p.size} of ${p.capacity} items now`;
    if (row.text.getAttribute('aria-label') !== label) row.text.setAttribute('aria-label', label);
  }

  private rebuild(model: DashboardModel, ports: PortView[], order: string): void {
    this.order = order;
    const old = this.rows;
    const rows = new Map<string, Row>();
    for (const p of ports) {
      let row = old.get(p.id);
      if (!row) {
        const canvas = h('canvas', { role: 'img', 'aria-label': `${model.portLabel(p)} depth over time` });
        sizeCanvas(canvas);
        const button = h('button', { class: 'link', type: 'button' });
        button.addEventListener('click', () => this.onSelect(p.id));
        const depth = h('strong', { class: 'spark-depth' });
        const counts = h('span');
        const text = h('span', { class: 'spark-text' }, depth, counts);
        row = { li: h('li', { 'data-port': p.id }, button, text, canvas), button, canvas, text, depth, counts, visible: false, drawnAt: -Infinity };
        // Its texts once now; from then on while it is on screen.
        this.paintText(model, row, p);
        this.rowOf.set(row.li, row);
        this.observer.observe(row.li);
      }
      rows.set(p.id, row);
    }
    for (const [id, row] of old) if (!rows.has(id)) this.observer.unobserve(row.li);
    this.rows.clear();
    for (const [id, row] of rows) this.rows.set(id, row);
    this.list.replaceChildren(...[...rows.values()].map((r) => r.li));
  }

  private draw(canvas: HTMLCanvasElement, p: PortView, now: number, windowMs: number): void {
    const c = canvas.getContext('2d')!;
    const ratio = canvas.width / WIDTH;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, WIDTH, HEIGHT);
    // The axis grows with the data up to the whole window, so a young port's history is not a dot at the edge.
    const span = Math.min(windowMs, Math.max(MIN_SPAN_MS, now - (p.depth[0]?.[0] ?? now)));
    const start = now - span;
    const x = (t: number) => ((t - start) / span) * WIDTH;
    const top = 4;
    const y = (depth: number) => HEIGHT - 2 - (p.capacity ? Math.min(1, depth / p.capacity) : 0) * (HEIGHT - top - 4);
    c.strokeStyle = this.colours.limit;
    c.setLineDash([2, 3]);
    c.beginPath();
    c.moveTo(0, y(p.capacity) + 0.5);
    c.lineTo(WIDTH, y(p.capacity) + 0.5);
    c.stroke();
    c.setLineDash([]);
    // An unknown depth is not drawn as if known: the lower bound dashed, the band above it (up to full) hatched.
    if (p.depthUnknown) this.hatch(c, y(p.size), y(p.capacity));
    c.strokeStyle = this.colours.line;
    c.lineWidth = 1.5;
    c.setLineDash(p.depthUnknown ? [4, 3] : []);
    c.beginPath();
    let end = 0;
    p.depth.forEach(([t, peak, last], i) => {
      const x0 = Math.max(0, x(t));
      if (i === 0) c.moveTo(x0, y(peak));
      else c.lineTo(x0, y(end));
      c.lineTo(x0, y(peak));
      c.lineTo(Math.max(0, x(t + 1000)), y(last));
      end = last;
    });
    c.lineTo(WIDTH, y(p.size));
    c.stroke();
    c.setLineDash([]);
    for (const [t, kind] of p.marks) {
      c.fillStyle = kind === 'evict' ? this.colours.evict : this.colours.clear;
      c.fillRect(Math.max(0, x(t)), kind === 'evict' ? 0 : HEIGHT - 4, 2, kind === 'evict' ? top : 4);
    }
  }

  /** Diagonal hatching between two heights, over the whole width. */
  private hatch(c: CanvasRenderingContext2D, bottom: number, top: number): void {
    c.save();
    c.beginPath();
    c.rect(0, top, WIDTH, bottom - top);
    c.clip();
    c.strokeStyle = this.colours.limit;
    c.globalAlpha = 0.35;
    c.lineWidth = 1;
    c.beginPath();
    for (let x = -HEIGHT; x < WIDTH; x += 6) {
      c.moveTo(x, HEIGHT);
      c.lineTo(x + HEIGHT, 0);
    }
    c.stroke();
    c.restore();
  }
}

function sizeCanvas(canvas: HTMLCanvasElement): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = WIDTH * ratio;
  canvas.height = HEIGHT * ratio;
  canvas.style.width = `${WIDTH}px`;
  canvas.style.height = `${HEIGHT}px`;
}

function themeColours(): { line: string; limit: string; evict: string; clear: string } {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    line: v('--vscode-charts-blue', '#3794ff'),
    limit: v('--vscode-descriptionForeground', '#888'),
    evict: v('--vscode-charts-red', '#f14c4c'),
    clear: v('--vscode-charts-yellow', '#cca700'),
  };
}
