import './style.css';
import { DashboardModel } from '../core/dashboard/model';
import type { ToWebview } from '../core/dashboard/protocol';
import { h, setText } from './dom';
import { FlowGraph } from './graph';
import { Inspector } from './inspector';
import { legend } from './legend';
import { ReplayBar } from './replay-bar';
import { Sparklines } from './sparklines';
import { TrafficTable } from './table';
import { vscode, type UiState } from './vscode-api';

// The dashboard page. Messages update a model; drawing happens at most once per animation frame, whatever the rate.
const saved = vscode.getState();
const ui: UiState = { tab: saved?.tab ?? 'graph', selected: saved?.selected ?? null };
const live = new DashboardModel();
const replayed = new DashboardModel();
let replaying = false;
let recording = false;

const select = (id: string | null) => {
  ui.selected = id;
  vscode.postMessage({ type: 'inspect', id: replaying ? null : id });
  save();
  render();
  if (id) inspector.focus();
};
const graph = new FlowGraph(select, () => schedule());
const table = new TrafficTable(select);
const sparklines = new Sparklines(select, () => schedule());
const inspector = new Inspector({
  act: (action, port, value) => vscode.postMessage(value === undefined ? { type: 'act', action, source: port.source, port: port.port } : { type: 'act', action, source: port.source, port: port.port, value }),
  close: () => select(null),
});
const replayBar = new ReplayBar({
  show: (state) => {
    replayed.reset(state);
    render();
  },
  moved: save,
  live: () => {
    replayBar.close();
    replaying = false;
    save();
    select(ui.selected);
  },
});

const status = h('span', { class: 'status', role: 'status' });
const recordButton = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Record');
recordButton.addEventListener('click', () => vscode.postMessage({ type: 'record', on: !recording }));
const openButton = h('button', { type: 'button' }, 'Open Recording…');
openButton.addEventListener('click', () => vscode.postMessage({ type: 'openRecording' }));
const tabs = (['graph', 'table'] as const).map((tab) => {
  const b = h('button', { type: 'button', role: 'tab', 'data-tab': tab }, tab === 'graph' ? 'Graph' : 'Table');
  b.addEventListener('click', () => {
    ui.tab = tab;
    save();
    render();
  });
  return b;
});
const error = h('p', { class: 'error', role: 'alert', hidden: true });
const views = h('div', { class: 'view', role: 'tabpanel' }, graph.element, table.element);
document.getElementById('app')!.append(
  h('header', { class: 'toolbar' }, h('div', { role: 'tablist', 'aria-label': 'View' }, ...tabs), recordButton, openButton, status),
  replayBar.element,
  error,
  h('div', { class: 'main' }, views, inspector.element),
  legend(),
  sparklines.element,
);

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'state':
      live.reset(m.state);
      setRecording(m.recording, 0);
      break;
    case 'delta':
      live.apply(m.delta);
      break;
    case 'items':
      inspector.setItems(m.id, m.items, m.complete);
      return;
    case 'recording':
      setRecording(m.on, m.events);
      return;
    case 'replay':
      replaying = true;
      replayBar.open(m.recording, m.name);
      save();
      break;
    case 'error':
      error.hidden = false;
      setText(error, m.message);
      return;
  }
  schedule();
});

function setRecording(on: boolean, events: number): void {
  recording = on;
  setText(recordButton, on ? `Stop Recording (${events} events)` : 'Record');
  recordButton.setAttribute('aria-pressed', String(on));
}

let frame = 0;
let renders = 0;
function schedule(): void {
  frame ||= requestAnimationFrame(render);
}

function render(): void {
  frame = 0;
  performance.mark('dashboard-render-start');
  const model = replaying ? replayed : live;
  for (const b of tabs) b.setAttribute('aria-selected', String(b.dataset.tab === ui.tab));
  graph.element.hidden = ui.tab !== 'graph';
  table.element.hidden = ui.tab !== 'table';
  if (ui.tab === 'graph') graph.update(model, ui.selected);
  else table.update(model);
  sparklines.update(model);
  inspector.show(model, ui.selected, !replaying);
  setText(status, replaying ? 'Replaying a recording' : `Live · ${model.ports.size} ports · ${model.edges.size} flows`);
  document.body.classList.toggle('replaying', replaying);
  performance.measure('dashboard-render', 'dashboard-render-start');
  // The timings are for whoever profiles the page (the bench does); keep the buffer from growing without end.
  if (++renders % 5000 === 0) {
    performance.clearMarks('dashboard-render-start');
    performance.clearMeasures('dashboard-render');
  }
}

function save(): void {
  const replay = replayBar.current;
  vscode.setState(replay ? { ...ui, replay } : { tab: ui.tab, selected: ui.selected });
}

if (saved?.replay) {
  replaying = true;
  replayBar.open(saved.replay.recording, saved.replay.name, saved.replay.at);
}
vscode.postMessage({ type: 'ready' });
if (ui.selected && !replaying) vscode.postMessage({ type: 'inspect', id: ui.selected });
