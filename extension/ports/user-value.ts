/**
 * What to tell the user about a typed value that looks like JSON (an object, an array, a quoted string) but does not
 * parse: it would go to the port as plain text, which is rarely what they meant. Undefined when there is nothing to say.
 */
export function userValueWarning(input: string): string | undefined {
  const text = input.trim();
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not valid JSON (${(error as Error).message}). Fix it, or press Enter to write it to the port as plain text.`;
  }
}
