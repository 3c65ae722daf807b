/** A text frame as a JSON object, or undefined for anything else (invalid JSON, arrays, strings, null). */
export function parseObjectFrame(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
