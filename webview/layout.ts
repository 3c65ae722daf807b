/**
 * The flow graph's layout: writers, ports and readers in ranks (a writer left of the port it writes, a reader right
 * of the port it reads), ordered within each rank to cross few edges. Plain arithmetic over the nodes and edges, no
 * DOM: about a millisecond for a few hundred nodes, so it runs on the page whenever the nodes or the panel change.
 *
 * Two arrangements: ranks as columns (left to right) when they fit the panel's width, else ranks as rows that wrap
 * to the panel's width (top to bottom), which never needs sideways scrolling.
 */

export interface LayoutNode {
  id: string;
  /** Ports sit in the odd ranks, between the actors who write them and those who read them. */
  port: boolean;
  width: number;
  height: number;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface Placed {
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface Layout {
  direction: 'columns' | 'rows';
  width: number;
  height: number;
  nodes: Map<string, Placed>;
  /** Per edge (in the order given): an SVG path and where its label goes. */
  edges: { d: string; label: { x: number; y: number } }[];
  /** The scale that fits the panel, within [minScale, maxScale]. */
  scale: number;
}

export interface LayoutOptions {
  /** The room the graph has, in CSS pixels. */
  width: number;
  height: number;
  /** Below this the text gets too small to read (the graph then scrolls down instead); above it, too large. */
  minScale: number;
  maxScale: number;
}

const MARGIN = 12;
const NODE_GAP = 14;
const RANK_GAP = 72;
const SWEEPS = 4;
/** Columns win over rows that would show the graph up to this much smaller. */
const COLUMNS_PREFERENCE = 0.8;

export function layoutGraph(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], options: LayoutOptions): Layout {
  const ranks = orderedRanks(nodes, edges);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const candidates = [columns(ranks, byId, edges), rows(ranks, byId, edges, options.width / options.minScale)];
  for (const c of candidates) c.scale = Math.max(options.minScale, Math.min(options.maxScale, options.width / c.width, options.height / c.height));
  const [cols, wrapped] = candidates as [Layout, Layout];
  // Columns read best (writers left, readers right) and win when they fit the width at the smallest readable scale
  // and show the graph nearly as large; otherwise the rows, which never scroll sideways (but in a panel narrower
  // than one node).
  const fitsWidth = cols.width * options.minScale <= options.width + 0.5;
  // A graph too tall for the panel either way: the one that needs less scrolling down.
  const shorter = cols.height * cols.scale <= options.height || cols.height <= wrapped.height;
  return fitsWidth && shorter && cols.scale >= wrapped.scale * COLUMNS_PREFERENCE ? cols : wrapped;
}

/** Ranks by longest path from the writers (cycles broken where they close), each ordered by the barycentre of its neighbours. */
export function orderedRanks(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): LayoutNode[][] {
  const sorted = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(sorted.map((n) => n.id));
  const out = new Map<string, string[]>();
  for (const n of sorted) out.set(n.id, []);
  for (const e of edges) if (ids.has(e.from) && ids.has(e.to) && e.from !== e.to) out.get(e.from)!.push(e.to);
  const forward = acyclic(sorted, out);
  const preds = new Map<string, string[]>(sorted.map((n) => [n.id, []]));
  for (const [from, tos] of forward) for (const to of tos) preds.get(to)!.push(from);

  const index = new Map(sorted.map((n) => [n.id, n]));
  const rank = new Map<string, number>();
  // Memoised longest path over an acyclic graph: each node is ranked once.
  const rankOf = (n: LayoutNode): number => {
    let r = rank.get(n.id);
    if (r !== undefined) return r;
    r = n.port ? 1 : 0;
    for (const p of preds.get(n.id)!) r = Math.max(r, rankOf(index.get(p)!) + 1);
    rank.set(n.id, r);
    return r;
  };
  for (const n of sorted) rankOf(n);

  const ranks: LayoutNode[][] = [];
  for (const n of sorted) (ranks[rank.get(n.id)!] ??= []).push(n);
  const filled = ranks.filter(Boolean);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const list = down ? filled : [...filled].reverse();
    for (let r = 1; r < list.length; r++) reorder(list[r]!, list[r - 1]!, down ? preds : forward);
  }
  return filled;
}

/** Drops the edges that close a cycle (a depth-first search in id order, so the same graph always breaks the same way). */
function acyclic(sorted: readonly LayoutNode[], out: Map<string, string[]>): Map<string, string[]> {
  const state = new Map<string, 1 | 2>();
  const kept = new Map<string, string[]>(sorted.map((n) => [n.id, []]));
  const visit = (id: string) => {
    state.set(id, 1);
    for (const to of out.get(id)!) {
      const s = state.get(to);
      if (s === 1) continue;
      kept.get(id)!.push(to);
      if (s === undefined) visit(to);
    }
    state.set(id, 2);
  };
  for (const n of sorted) if (!state.has(n.id)) visit(n.id);
  return kept;
}

/** Orders a rank by the mean position of each node's neighbours in the rank before it; nodes without any keep their place. */
function reorder(rank: LayoutNode[], before: LayoutNode[], neighbours: Map<string, string[]>): void {
  const at = new Map(before.map((n, i) => [n.id, i]));
  const key = new Map<string, number>();
  rank.forEach((n, i) => {
    const near = neighbours.get(n.id)!.map((id) => at.get(id)).filter((i): i is number => i !== undefined);
    key.set(n.id, near.length ? near.reduce((a, b) => a + b, 0) / near.length : i * (before.length / Math.max(1, rank.length)));
  });
  rank.sort((a, b) => key.get(a.id)! - key.get(b.id)!);
}

function columns(ranks: LayoutNode[][], byId: Map<string, LayoutNode>, edges: readonly LayoutEdge[]): Layout {
  const nodes = new Map<string, Placed>();
  const heights = ranks.map((r) => r.reduce((h, n) => h + n.height, 0) + NODE_GAP * (r.length - 1));
  const tallest = Math.max(0, ...heights);
  let x = MARGIN;
  ranks.forEach((rank, i) => {
    const width = Math.max(...rank.map((n) => n.width));
    let y = MARGIN + (tallest - heights[i]!) / 2;
    for (const n of rank) {
      nodes.set(n.id, { x: x + (width - n.width) / 2, y });
      y += n.height + NODE_GAP;
    }
    x += width + RANK_GAP;
  });
  const width = ranks.length ? x - RANK_GAP + MARGIN : 0;
  const paths = edges.map((e) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return { d: '', label: { x: 0, y: 0 } };
    // An edge back to an earlier rank (it closed a cycle) leaves from the left and arrives from the right, inside the drawing.
    const back = b.x < a.x ? -1 : 1;
    const from = { x: a.x + (back > 0 ? byId.get(e.from)!.width : 0), y: a.y + byId.get(e.from)!.height / 2 };
    const to = { x: b.x + (back > 0 ? 0 : byId.get(e.to)!.width), y: b.y + byId.get(e.to)!.height / 2 };
    const bend = back * Math.max(RANK_GAP / 2, Math.abs(to.x - from.x) / 3);
    return curve(from, { x: from.x + bend, y: from.y }, { x: to.x - bend, y: to.y }, to);
  });
  return { direction: 'columns', width, height: ranks.length ? tallest + 2 * MARGIN : 0, nodes, edges: paths, scale: 1 };
}

/** Ranks as bands of rows, each row as wide as `maxWidth` allows (at least one node). */
function rows(ranks: LayoutNode[][], byId: Map<string, LayoutNode>, edges: readonly LayoutEdge[], maxWidth: number): Layout {
  const nodes = new Map<string, Placed>();
  const room = Math.max(0, maxWidth - 2 * MARGIN);
  const lines: LayoutNode[][] = [];
  const bandEnds: number[] = [];
  for (const rank of ranks) {
    // As many as fit in a row, then the rank's rows made even (7 in rows of 6 become 4 and 3).
    let fit = 0;
    for (let used = -NODE_GAP; fit < rank.length && (fit === 0 || used + NODE_GAP + rank[fit]!.width <= room); fit++) used += NODE_GAP + rank[fit]!.width;
    const count = Math.ceil(rank.length / fit);
    const per = Math.ceil(rank.length / count);
    for (let i = 0; i < rank.length; i += per) lines.push(rank.slice(i, i + per));
    bandEnds.push(lines.length - 1);
  }
  const lineWidth = (line: LayoutNode[]) => line.reduce((w, n) => w + n.width, 0) + NODE_GAP * (line.length - 1);
  const width = Math.max(0, ...lines.map(lineWidth)) + 2 * MARGIN;
  let y = MARGIN;
  lines.forEach((line, i) => {
    const height = Math.max(...line.map((n) => n.height));
    let x = (width - lineWidth(line)) / 2;
    for (const n of line) {
      nodes.set(n.id, { x, y: y + (height - n.height) / 2 });
      x += n.width + NODE_GAP;
    }
    y += height + (bandEnds.includes(i) ? RANK_GAP : NODE_GAP);
  });
  const height = lines.length ? y - RANK_GAP + MARGIN : 0;
  const paths = edges.map((e) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    if (!a || !b) return { d: '', label: { x: 0, y: 0 } };
    const na = byId.get(e.from)!;
    const nb = byId.get(e.to)!;
    const back = b.y < a.y ? -1 : 1;
    const from = { x: a.x + na.width / 2, y: a.y + (back > 0 ? na.height : 0) };
    const to = { x: b.x + nb.width / 2, y: b.y + (back > 0 ? 0 : nb.height) };
    const bend = back * Math.max(RANK_GAP / 2, Math.abs(to.y - from.y) / 3);
    return curve(from, { x: from.x, y: from.y + bend }, { x: to.x, y: to.y - bend }, to);
  });
  return { direction: 'rows', width: ranks.length ? width : 0, height, nodes, edges: paths, scale: 1 };
}

type Point = { x: number; y: number };

/** A cubic Bézier and its midpoint (where the rate label sits). */
function curve(p0: Point, p1: Point, p2: Point, p3: Point): { d: string; label: Point } {
  const f = (v: number) => v.toFixed(1);
  return {
    d: `M${f(p0.x)},${f(p0.y)} C${f(p1.x)},${f(p1.y)} ${f(p2.x)},${f(p2.y)} ${f(p3.x)},${f(p3.y)}`,
    label: { x: (p0.x + 3 * p1.x + 3 * p2.x + p3.x) / 8, y: (p0.y + 3 * p1.y + 3 * p2.y + p3.y) / 8 },
  };
}
