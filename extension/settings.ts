import * as vscode from 'vscode';

const SECTION = 'bitburnerPorts';

/**
 * Reads a positive-integer setting. A broken value (a string, a fraction, a negative) is reported once with what
 * to fix, and the default is used so nothing stops working.
 */
export function positiveIntegerSetting(key: string, fallback: number, warn: (message: string) => void): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(key, fallback);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  warn(`Setting "${SECTION}.${key}" is ${JSON.stringify(value)}, which is not a positive whole number; using ${fallback}. Fix it in Settings.`);
  return fallback;
}

/**
 * A list setting. A value of another shape (text where a list belongs, a list holding something else) is reported
 * with what to fix, and the default is used meanwhile.
 */
export function listSetting<T>(key: string, fallback: T[], isItem: (v: unknown) => v is T, example: string, warn: (message: string) => void): T[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(key, fallback);
  if (Array.isArray(value) && value.every(isItem)) return value;
  warn(`Setting "${SECTION}.${key}" is ${JSON.stringify(value)}, which is not a list like ${example}; using ${JSON.stringify(fallback)}. Fix it in Settings.`);
  return fallback;
}

export function onSettingChanged(key: string, listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.${key}`)) listener();
  });
}
