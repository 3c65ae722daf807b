import type { ToExtension } from '../core/dashboard/protocol';
import type { Recording } from '../core/dashboard/recording';

/** What survives the panel being hidden: the webview is rebuilt when shown again, and reads this back. */
export interface UiState {
  tab: 'graph' | 'table';
  selected: string | null;
  replay?: { recording: Recording; name: string; at: number };
}

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): UiState | undefined;
  setState(state: UiState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();
