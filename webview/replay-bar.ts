import type { DashboardState } from '../core/dashboard/protocol';
import { Replay, type Recording } from '../core/dashboard/recording';
import { clock, h, setText } from './dom';

/**
 * Scrubbing through a recording: a slider over its time span, play/pause at real speed, and the way back to live.
 * Each position becomes a whole dashboard state, computed by the same aggregator the extension uses.
 */
export class ReplayBar {
  readonly element: HTMLElement;
  private readonly slider = h('input', { type: 'range', step: 'any', 'aria-label': 'Replay position' });
  private readonly time = h('output', { class: 'replay-time' });
  private readonly title = h('span', { class: 'replay-name' });
  private readonly play = h('button', { type: 'button' }, 'Play');
  private replay: Replay | undefined;
  private name = '';
  private playing: { from: number; at: number } | undefined;

  constructor(private readonly handlers: { show(state: DashboardState): void; moved(): void; live(): void }) {
    const live = h('button', { type: 'button' }, 'Back to live');
    live.addEventListener('click', () => handlers.live());
    this.slider.addEventListener('input', () => this.seek(Number(this.slider.value)));
    this.slider.addEventListener('change', () => handlers.moved());
    // step="any" lets the slider reach every event, so the keys get steps of their own: 1 % and 10 % of the run.
    this.slider.addEventListener('keydown', (e) => {
      if (!this.replay) return;
      const { startedAt, endedAt } = this.replay.recording;
      const span = endedAt - startedAt;
      const at = Number(this.slider.value);
      const to = { ArrowLeft: at - span / 100, ArrowDown: at - span / 100, ArrowRight: at + span / 100, ArrowUp: at + span / 100, PageDown: at - span / 10, PageUp: at + span / 10, Home: startedAt, End: endedAt }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      this.seek(to);
      handlers.moved();
    });
    this.play.addEventListener('click', () => (this.playing ? this.pause() : this.start()));
    this.element = h('div', { class: 'replay', role: 'group', 'aria-label': 'Replay', hidden: true }, h('strong', {}, 'Replay '), this.title, this.play, this.slider, this.time, live);
  }

  open(recording: Recording, name: string, at = recording.startedAt): void {
    this.replay = new Replay(recording);
    this.name = name;
    setText(this.title, `${name} (${recording.events.length} events${recording.truncated ? ', truncated' : ''})`);
    this.slider.min = String(recording.startedAt);
    this.slider.max = String(recording.endedAt);
    this.element.hidden = false;
    this.seek(at);
  }

  close(): void {
    this.pause();
    this.replay = undefined;
    this.element.hidden = true;
  }

  get current(): { recording: Recording; name: string; at: number } | undefined {
    return this.replay && { recording: this.replay.recording, name: this.name, at: Number(this.slider.value) };
  }

  seek(at: number): void {
    if (!this.replay) return;
    const { startedAt, endedAt } = this.replay.recording;
    const t = Math.min(endedAt, Math.max(startedAt, at));
    this.slider.value = String(t);
    setText(this.time, `${clock(t)} (+${((t - startedAt) / 1000).toFixed(1)} s of ${((endedAt - startedAt) / 1000).toFixed(1)} s)`);
    this.handlers.show(this.replay.stateAt(t));
  }

  private start(): void {
    if (!this.replay) return;
    if (Number(this.slider.value) >= this.replay.recording.endedAt) this.seek(this.replay.recording.startedAt);
    this.playing = { from: performance.now(), at: Number(this.slider.value) };
    setText(this.play, 'Pause');
    const step = () => {
      if (!this.playing || !this.replay) return;
      const at = this.playing.at + (performance.now() - this.playing.from);
      this.seek(at);
      if (at >= this.replay.recording.endedAt) this.pause();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  private pause(): void {
    if (!this.playing) return;
    this.playing = undefined;
    setText(this.play, 'Play');
    this.handlers.moved();
  }
}
