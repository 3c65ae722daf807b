/** A one-line preview of a port item: its type and compact JSON, cut to `max` characters. */
export function previewItem(value: unknown, max = 80): { type: string; text: string } {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : value instanceof Map ? 'Map' : value instanceof Set ? 'Set' : value instanceof Date ? 'Date' : typeof value;
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value === undefined) text = 'undefined';
  else if (value instanceof Map) text = JSON.stringify([...value]);
  else if (value instanceof Set) text = JSON.stringify([...value]);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return { type, text: text.length > max ? `${text.slice(0, max - 1)}…` : text };
}

/**
 * Reads what a user typed as a port value: JSON when it parses (42, {"a":1}, "text"), otherwise the text itself.
 */
export function parseUserValue(input: string): unknown {
  const trimmed = input.trim();
  if (trimmed === '') return input;
  try {
    return JSON.parse(trimmed);
  } catch {
    return input;
  }
}
