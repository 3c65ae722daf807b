import dagre from '@dagrejs/dagre';
import type { DashboardModel } from '../core/dashboard/model';
import { fillLevel, type ActorView, type EdgeView, type PortView } from '../core/dashboard/protocol';
import { h, rate, setText, svg } from './dom';

const ACTOR = { width: 150, height: 40 };
const PORT = { width: 124, height: 52 };
/** While nodes keep appearing, lay out at most this often: a layout of hundreds of edges takes tens of ms. */
const LAYOUT_EVERY_MS = 1000;
const FLASH_MS = 800;
/** The graph shrinks to fit the panel down to this scale (12 px text stays 9 px); below it, it scrolls sideways. */
const MIN_SCALE = 0.75;
/** An invisible node left of every port nobody writes to, so that such a port still sits in the ports' column. */
const WRITERS_ANCHOR = 'anchor:writers';
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
  label: SVGTextElement;
  title: SVGTitleElement;
}

/**
 * The flow graph: writers, ports and readers laid out left to right by dagre. The layout runs only when a node or
 * an edge appears (same nodes, same places); traffic only changes colours, numbers and line widths.
 */
export class FlowGraph {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly edgeLayer: SVGGElement;
  private readonly nodeLayer: SVGGElement;
  private readonly empty: HTMLParagraphElement;
  private readonly scrollHint: HTMLParagraphElement;
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
    this.nodeLayer = svg('g', { class: 'nodes' });
    const arrow = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
    this.svg = svg('svg', { role: 'group', 'aria-label': 'Flow graph: writers on the left, ports in the middle, readers on the right' }, svg('defs', {}, arrow), this.edgeLayer, this.nodeLayer);
    this.empty = document.createElement('p');
    this.empty.className = 'hint';
    this.empty.textContent = 'No port traffic yet. Ports, their writers and their readers appear here as soon as something writes to a port.';
    this.scrollHint = h('p', { class: 'hint scroll-hint', hidden: true }, 'Wider than the panel: scroll sideways for the rest of the graph →');
    this.element.append(this.empty, this.scrollHint, this.svg);
    new ResizeObserver(() => this.checkOverflow()).observe(this.element);
  }

  /** Shows the hint while the graph, at its smallest readable scale, is still wider than the panel. */
  private checkOverflow(): void {
    this.scrollHint.hidden = this.svg.getBoundingClientRect().width <= this.element.clientWidth + 1;
  }

  update(model: DashboardModel, selected: string | null): void {
    // Topology counts per model: switching between the live model and a replay always lays out, at once.
    if (model !== this.layoutModel || model.topology !== this.layoutOf) {
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
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 80, edgesep: 8, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    // Sorted ids: the same nodes always get the same layout, whatever order they arrived in.
    const actors = [...model.actors.values()].sort((a, b) => a.id.localeCompare(b.id));
    const ports = model.portsInOrder();
    for (const a of actors) g.setNode(a.id, { ...ACTOR });
    for (const p of ports) g.setNode(p.id, { ...PORT });
    const edges = [...model.edges.values()].filter((e) => g.hasNode(e.from) && g.hasNode(e.to)).sort((a, b) => a.id.localeCompare(b.id));
    for (const e of edges) g.setEdge(e.from, e.to, { width: 48, height: 14, labelpos: 'c' });
    const written = new Set(edges.filter((e) => e.role === 'write').map((e) => e.to));
    for (const p of ports) {
      if (written.has(p.id)) continue;
      if (!g.hasNode(WRITERS_ANCHOR)) g.setNode(WRITERS_ANCHOR, { width: 0, height: 0 });
      g.setEdge(WRITERS_ANCHOR, p.id, { width: 0, height: 0 });
    }
    dagre.layout(g);

    this.nodeLayer.replaceChildren();
    this.edgeLayer.replaceChildren();
    this.ports.clear();
    this.edges.clear();
    for (const a of actors) this.nodeLayer.append(this.actorNode(a, g.node(a.id)));
    for (const p of ports) {
      const node = this.portNode(p, g.node(p.id));
      this.ports.set(p.id, node);
      this.nodeLayer.append(node.g);
    }
    for (const e of edges) {
      const at = g.edge(e.from, e.to);
      const d = at.points.map((pt, i) => `${i ? 'L' : 'M'}${pt.x.toFixed(1)},${pt.y.toFixed(1)}`).join(' ');
      const path = svg('path', { d, class: 'edge-line', 'marker-end': 'url(#arrow)' });
      const label = svg('text', { x: at.x ?? 0, y: (at.y ?? 0) + 4, class: 'edge-label', 'text-anchor': 'middle' });
      const title = svg('title');
      const line = { g: svg('g', { class: `edge ${e.role}`, 'data-id': e.id }, title, path, label), path, label, title };
      this.edges.set(e.id, line);
      this.edgeLayer.append(line.g);
    }
    // An empty graph has no extent (dagre says -Infinity).
    const width = g.nodeCount() ? (g.graph().width ?? 0) : 0;
    const height = g.nodeCount() ? (g.graph().height ?? 0) : 0;
    this.empty.hidden = g.nodeCount() > 0;
    // Scaled to the panel's width through the viewBox (never enlarged); CSS keeps the aspect ratio.
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.style.maxWidth = `${width}px`;
    this.svg.style.minWidth = `${Math.ceil(width * MIN_SCALE)}px`;
    this.checkOverflow();
  }

  private actorNode(a: ActorView, at: { x: number; y: number }): SVGGElement {
    const kind = KINDS[a.kind];
    return svg(
      'g',
      { class: `node ${a.kind}`, transform: `translate(${at.x - ACTOR.width / 2},${at.y - ACTOR.height / 2})`, role: 'img', 'aria-label': `${kind[0]!.toUpperCase()}${kind.slice(1)} ${a.label}: ${a.detail}`, 'data-id': a.id },
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
      { class: 'node port', transform: `translate(${at.x - PORT.width / 2},${at.y - PORT.height / 2})`, tabindex: 0, role: 'button', 'data-id': p.id },
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
    setText(node.depth, `${p.size}/${p.capacity}`);
    setText(node.evictions, p.evictions ? `${p.evictions} evicted` : p.refused ? `${p.refused} refused` : '');
    node.bar.setAttribute('width', String(Math.min(1, p.capacity ? p.size / p.capacity : 0) * PORT.width));
    const label = `${name}: ${p.size} of ${p.capacity} items, ${level.replace('-', ' ')}; ${rate(p.writeRate)} in, ${rate(p.readRate)} out; ${p.evictions} evicted`;
    if (node.g.getAttribute('aria-label') !== label) node.g.setAttribute('aria-label', label);
  }

  private paintEdge(model: DashboardModel, line: EdgeLine, e: EdgeView): void {
    const declared = declaredIn(model, e);
    setText(line.label, e.fromCode ? declared : rate(e.rate));
    setText(line.title, `${nodeName(model, e.from)} → ${nodeName(model, e.to)}: ${e.fromCode ? `${declared}, no traffic yet` : `${rate(e.rate)}, ${e.count} in all`}`);
    const width = e.fromCode ? 1 : 1 + Math.min(5, Math.log10(1 + e.rate) * 2);
    line.path.style.strokeWidth = String(width);
    const cls = `edge ${e.role}${e.fromCode ? ' from-code' : ''}${e.rate > 0 ? ' live' : ''}`;
    if (line.g.getAttribute('class') !== cls) line.g.setAttribute('class', cls);
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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
