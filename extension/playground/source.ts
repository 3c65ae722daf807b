import { PortMirror } from '../../core/playground/mirror';
import { EngineSource } from '../../core/port-view/engine-source';

const SCRIPTS_ONLY = "the playground's ports belong to its scripts: write to them from a script (the run's copy here only shows them)";

/** A playground run's ports as a root of the Ports view and the dashboard: the mirror of the run's worker thread. */
export class PlaygroundSource extends EngineSource {
  override readonly id: string = 'playground';
  override readonly label: string;

  constructor(
    readonly mirror: PortMirror,
    script: string,
  ) {
    super(mirror.engine, 'playground');
    this.label = `Playground: ${script}`;
  }

  override async write(): Promise<unknown> {
    throw new Error(SCRIPTS_ONLY);
  }
  override async tryWrite(): Promise<boolean> {
    throw new Error(SCRIPTS_ONLY);
  }
  override async read(): Promise<unknown> {
    throw new Error(SCRIPTS_ONLY);
  }
  override async clear(): Promise<void> {
    throw new Error(SCRIPTS_ONLY);
  }
}
