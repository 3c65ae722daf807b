import type { DashboardModel } from '../core/dashboard/model';
import { depthText, fillLevel, type ActorView, type EdgeView, type PortView } from '../core/dashboard/protocol';
import { h, rate, setText, svg } from './dom';
import { layoutGraph, type Layout, type LayoutNode } from './layout';

const ACTOR = { width: 160, height: 40 };
const PORT = { width: 140, height: 52 };
/** While nodes keep appearing, rebuild the drawing at most this often (the layout is cheap, new DOM less so). */
const LAYOUT_EVERY_MS = 1000;
const FLASH_MS = 800;
/** Fitted to the panel between these scales: at 1 the smallest text is 11 px; past the largest a graph looks bloated. */
const MIN_SCALE = 1;
const MAX_SCALE = 1.6;
/** The user's zoom on top of the fitted scale (1: fit to view). */
const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.4;
const MAX_ZOOM = 4;
/** The zoom bar's height above the drawing (CSS `.zoom`). */
const ZOOM_BAR = 32;
const KINDS = { script: 'script (from code)', process: 'external process', actor: 'actor' } as const;

interface PortNode {
  g: SVGGElement;
  /** The view last painted: the model replaces a port's object when it changes, so the same one needs no paint. */
  painted?: PortView;
  selected?: boolean;
  flashedAt?: number;
  bar: SVGRectElement;
  flash: SVGRectElement;
  title: SVGTextElement;
  depth: SVGTextElement;
  evictions: SVGTextElement;
}

interface EdgeLine {
  g: SVGGElement;
  painted?: EdgeView;
  path: SVGPathElement;
  /** In the overlay, not with the line: a changing label must not repaint the edges' layer. */
  label: SVGTextElement;
  title: SVGTitleElement;
  /** The line's stroke width as last set. */
  width: number;
}

/**
 * The flow graph: writers, ports and readers in ranks (webview/layout.ts). The layout runs when a node or an edge
 * appears or the panel changes size (same nodes, same places); traffic only changes colours, numbers and line widths.
 * Two SVGs on top of each other, each its own compositor layer: the edges' anti-aliased curves below, which an update
 * seldom touches, and the nodes and all changing texts above, so new numbers never make the curves raster again.
 */
export class FlowGraph {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly edgeSvg: SVGSVGElement;
  private readonly edgeLayer: SVGGElement;
  private readonly labelLayer: SVGGElement;
  private readonly nodeLayer: SVGGElement;
  private readonly empty: HTMLParagraphElement;
  private readonly zoomText: HTMLElement;
  private zoom = 1;
  private drawn: Layout | undefined;
  /** The room the panel gives the graph (from the resize observer), and the one the drawing was laid out in. */
  private room = { width: 800, height: 400 };
  private laidOutIn: { width: number; height: number } | undefined;
  private readonly resizes: ResizeObserver;
  private observing = false;
  private ports = new Map<string, PortNode>();
  private edges = new Map<string, EdgeLine>();
  private layoutModel: DashboardModel | undefined;
  private layoutOf = -1;
  private layoutAt = -Infinity;
  private layoutLater: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onSelect: (id: string) => void,
    private readonly requestRender: () => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'graph';
    this.edgeLayer = svg('g', { class: 'edges' });
    this.labelLayer = svg('g', { class: 'edge-labels' });
    this.nodeLayer = svg('g', { class: 'nodes' });
    const arrow = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    this.svg = svg('svg', { class: 'flow', role: 'group', 'aria-label': 'Flow graph: writers on the left, ports in the middle, readers on the right' }, this.labelLayer, this.nodeLayer);
    this.edgeSvg = svg('svg', { class: 'edge-layer' }, svg('defs', {}, arrow), this.edgeLayer);
    this.empty = document.createElement('p');
    this.empty.className = 'hint';
    this.empty.textContent = 'No port traffic yet. Ports, their writers and their readers appear here as soon as something writes to a port.';
    this.zoomText = h('output', { class: 'zoom-level', title: 'Text size against the editor\'s' });
    const button = (text: string, label: string, zoom: () => number) => {
      const b = h('button', { type: 'button', class: 'secondary', title: label, 'aria-label': label }, text);
      b.addEventListener('click', () => this.setZoom(zoom()));
      return b;
    };
    const zoomBar = h('div', { class: 'zoom', role: 'toolbar', 'aria-label': 'Zoom' }, button('−', 'Zoom out (-)', () => this.zoom / ZOOM_STEP), button('Fit', 'Fit to view (0)', () => 1), button('+', 'Zoom in (+)', () => this.zoom * ZOOM_STEP), this.zoomText);
    this.element.tabIndex = 0;
    this.element.setAttribute('aria-keyshortcuts', '+ - 0');
    this.element.append(zoomBar, this.empty, h('div', { class: 'drawing' }, this.svg, this.edgeSvg));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    // Ctrl (or Cmd) and the wheel zoom, as in the editor; the wheel alone scrolls.
    this.element.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      this.setZoom(e.deltaY < 0 ? this.zoom * ZOOM_STEP : this.zoom / ZOOM_STEP);
    }, { passive: false });
    // The room comes from the observer, after the browser's own layout: reading sizes while rendering would force one.
    this.resizes = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      const room = { width: Math.max(ACTOR.width + 24, width - 2), height: Math.max(ACTOR.height + 24, height - ZOOM_BAR) };
      if (room.width === this.room.width && room.height === this.room.height) return;
      this.room = room;
      this.requestRender();
    });
  }

  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.element || e.altKey || e.ctrlKey || e.metaKey) return;
    const zoom = e.key === '+' || e.key === '=' ? this.zoom * ZOOM_STEP : e.key === '-' ? this.zoom / ZOOM_STEP : e.key === '0' ? 1 : undefined;
    if (zoom === undefined) return;
    e.preventDefault();
    this.setZoom(zoom);
  }

  private setZoom(zoom: number): void {
    this.zoom = Math.abs(zoom - 1) < 0.01 ? 1 : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
    this.applyScale();
  }

  private applyScale(): void {
    const l = this.drawn;
    if (!l) return;
    const scale = l.scale * this.zoom;
    setText(this.zoomText, `${Math.round(scale * 100)} %`);
    for (const s of [this.svg, this.edgeSvg]) {
      s.setAttribute('width', (l.width * scale).toFixed(1));
      s.setAttribute('height', (l.height * scale).toFixed(1));
    }
  }

  update(model: DashboardModel, selected: string | null): void {
    if (!this.observing && this.element.parentElement) {
      this.observing = true;
      this.resizes.observe(this.element.parentElement);
    }
    // A new panel size lays out again at once: the fitted scale and the rows' wrapping depend on it.
    if (this.room !== this.laidOutIn && this.layoutModel === model && !this.element.hidden) this.layout(model);
    // Topology counts per model: switching between the live model and a replay always lays out, at once.
    else if (model !== this.layoutModel || model.topology !== this.layoutOf) {
      const wait = model === this.layoutModel ? this.layoutAt + LAYOUT_EVERY_MS - performance.now() : 0;
      if (wait <= 0) this.layout(model);
      else this.layoutLater ??= setTimeout(() => {
        this.layoutLater = undefined;
        this.requestRender();
      }, wait);
    }
    for (const [id, node] of this.ports) {
      const p = model.ports.get(id);
      if (!p || (p === node.painted && node.selected === (id === selected))) continue;
      this.paintPort(model, node, p, model.evicted.has(id), id === selected);
      node.painted = p;
      node.selected = id === selected;
    }
    for (const [id, line] of this.edges) {
      const e = model.edges.get(id);
      if (!e || e === line.painted) continue;
      this.paintEdge(model, line, e);
      line.painted = e;
    }
  }

  private layout(model: DashboardModel): void {
    this.layoutModel = model;
    this.layoutOf = model.topology;
    this.layoutAt = performance.now();
    performance.mark('dashboard-layout-start');
    // Sorted ids: the same nodes always get the same layout, whatever order they arrived in.
    const actors = [...model.actors.values()].sort(byId);
    const ports = model.portsInOrder();
    const nodes: LayoutNode[] = [...actors.map((a) => ({ id: a.id, port: false, ...ACTOR })), ...ports.map((p) => ({ id: p.id, port: true, ...PORT }))];
    const known = new Set(nodes.map((n) => n.id));
    const edges = [...model.edges.values()].filter((e) => known.has(e.from) && known.has(e.to)).sort(byId);
    this.laidOutIn = this.room;
    const l = layoutGraph(nodes, edges, { ...this.room, minScale: MIN_SCALE, maxScale: MAX_SCALE });
    performance.measure('dashboard-layout', 'dashboard-layout-start');
    this.drawn = l;
    for (const layer of [this.nodeLayer, this.labelLayer, this.edgeLayer]) layer.replaceChildren();
    this.ports.clear();
    this.edges.clear();
    for (const a of actors) this.nodeLayer.append(this.actorNode(a, l.nodes.get(a.id)!));
    for (const p of ports) {
      const node = this.portNode(p, l.nodes.get(p.id)!);
      this.ports.set(p.id, node);
      this.nodeLayer.append(node.g);
    }
    edges.forEach((e, i) => {
      const at = l.edges[i]!;
      const path = svg('path', { d: at.d, class: 'edge-line', 'marker-end': 'url(#arrow)' });
      const label = svg('text', { x: at.label.x.toFixed(1), y: (at.label.y + 4).toFixed(1), class: 'edge-label', 'text-anchor': 'middle', 'data-edge': e.id });
      const title = svg('title');
      const line: EdgeLine = { g: svg('g', { class: `edge ${e.role}`, 'data-id': e.id }, title, path), path, label, title, width: 0 };
      // The tooltip's text is made when the pointer comes: its count changes on every update, the layer should not.
      line.g.addEventListener('pointerenter', () => line.painted && setText(title, this.edgeTitle(model, line.painted)));
      this.edges.set(e.id, line);
      this.edgeLayer.append(line.g);
      this.labelLayer.append(label);
    });
    this.empty.hidden = nodes.length > 0;
    for (const s of [this.svg, this.edgeSvg]) s.setAttribute('viewBox', `0 0 ${l.width.toFixed(1)} ${l.height.toFixed(1)}`);
    this.svg.setAttribute('aria-label', l.direction === 'columns' ? 'Flow graph: writers on the left, ports in the middle, readers on the right' : 'Flow graph: writers above, ports below them, their readers below the ports');
    this.applyScale();
  }

  private actorNode(a: ActorView, at: { x: number; y: number }): SVGGElement {
    const kind = KINDS[a.kind];
    return svg(
      'g',
      { class: `node ${a.kind}`, transform: `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`, role: 'img', 'aria-label': `${kind[0]!.toUpperCase()}${kind.slice(1)} ${a.label}: ${a.detail}`, 'data-id': a.id },
      svg('title', {}, `${a.label}\n${a.detail}`),
      svg('rect', { width: ACTOR.width, height: ACTOR.height, rx: a.kind === 'actor' ? 18 : 4, class: 'frame' }),
      svg('text', { x: ACTOR.width / 2, y: 17, 'text-anchor': 'middle', class: 'name' }, clip(a.label, 20)),
      svg('text', { x: ACTOR.width / 2, y: 31, 'text-anchor': 'middle', class: 'kind' }, kind),
    );
  }

  private portNode(p: PortView, at: { x: number; y: number }): PortNode {
    const title = svg('text', { x: 8, y: 17, class: 'name' });
    const depth = svg('text', { x: PORT.width - 8, y: 17, 'text-anchor': 'end', class: 'depth' });
    const evictions = svg('text', { x: 8, y: 37, class: 'evictions' });
    const bar = svg('rect', { x: 0, y: PORT.height - 5, height: 5, width: 0, class: 'bar' });
    const flash = svg('rect', { width: PORT.width, height: PORT.height, rx: 3, class: 'flash', opacity: 0 });
    const g = svg(
      'g',
      { class: 'node port', transform: `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`, tabindex: 0, role: 'button', 'data-id': p.id },
      svg('rect', { width: PORT.width, height: PORT.height, rx: 3, class: 'frame' }),
      flash,
      bar,
      title,
      depth,
      evictions,
    );
    g.addEventListener('click', () => this.onSelect(p.id));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.onSelect(p.id);
      }
    });
    return { g, bar, flash, title, depth, evictions };
  }

  private paintPort(model: DashboardModel, node: PortNode, p: PortView, evicted: boolean, selected: boolean): void {
    const level = fillLevel(p.size, p.capacity);
    const cls = `node port fill-${level}${p.evictions ? ' has-evictions' : ''}${selected ? ' selected' : ''}`;
    // A flash per eviction burst, not per batch: a port that keeps evicting stays red and counts up anyway, and every
    // flash repaints the graph for its whole duration.
    if (evicted && performance.now() - (node.flashedAt ?? -Infinity) >= FLASH_MS * 2) {
      node.flashedAt = performance.now();
      node.flash.animate([{ opacity: 0.85 }, { opacity: 0 }], { duration: FLASH_MS, easing: 'ease-out' });
    }
    if (node.g.getAttribute('class') !== cls) node.g.setAttribute('class', cls);
    const name = model.portLabel(p);
    setText(node.title, clip(name, 16));
    setText(node.depth, depthText(p));
    setText(node.evictions, p.evictions ? `${p.evictions} evicted` : p.refused ? `${p.refused} refused` : '');
    node.bar.setAttribute('width', String(Math.min(1, p.capacity ? p.size / p.capacity : 0) * PORT.width));
    const label = `${name}: ${p.depthUnknown ? 'at least ' : ''}${p.size} of ${p.capacity} items, ${level.replace('-', ' ')}; ${rate(p.writeRate)} in, ${rate(p.readRate)} out; ${p.evictions} evicted`;
    if (node.g.getAttribute('aria-label') !== label) node.g.setAttribute('aria-label', label);
  }

  private paintEdge(model: DashboardModel, line: EdgeLine, e: EdgeView): void {
    setText(line.label, e.fromCode ? declaredIn(model, e) : rate(e.rate));
    // In half pixels: a rate that moves a little must not repaint the edges' layer on every update.
    const width = e.fromCode ? 1 : 1 + Math.round(Math.min(5, Math.log10(1 + e.rate) * 2) * 2) / 2;
    if (width !== line.width) line.path.style.strokeWidth = String((line.width = width));
    const state = `${e.fromCode ? ' from-code' : ''}${e.rate > 0 ? ' live' : ''}`;
    if (line.g.getAttribute('class') !== `edge ${e.role}${state}`) line.g.setAttribute('class', `edge ${e.role}${state}`);
    if (line.label.getAttribute('class') !== `edge-label${state}`) line.label.setAttribute('class', `edge-label${state}`);
  }

  private edgeTitle(model: DashboardModel, e: EdgeView): string {
    return `${nodeName(model, e.from)} → ${nodeName(model, e.to)}: ${e.fromCode ? `${declaredIn(model, e)}, no traffic yet` : `${rate(e.rate)}, ${e.count} in all`}`;
  }
}

export function nodeName(model: DashboardModel, id: string): string {
  const port = model.ports.get(id);
  return port ? model.portLabel(port) : (model.actors.get(id)?.label ?? id);
}

/** Where an edge without traffic comes from: a process definition, or a script's code. */
export function declaredIn(model: DashboardModel, e: EdgeView): 'declared' | 'in code' {
  return model.actors.get(e.role === 'write' ? e.from : e.to)?.kind === 'process' ? 'declared' : 'in code';
}

/** Code-unit order: a stable order is all the layout needs, and localeCompare costs microseconds a call. */
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
