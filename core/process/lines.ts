import { StringDecoder } from 'node:string_decoder';

export const DEFAULT_MAX_LINE_LENGTH = 65536;

export class LineTooLongError extends Error {
  constructor(
    readonly stream: string,
    readonly limit: number,
    /** The whole lines that came before the long one in the same read (the pipe joins writes): delivered, not lost. */
    readonly lines: string[] = [],
  ) {
    super(`a ${stream} line is longer than ${limit} characters; end lines with \\n, or raise maxLineLength`);
    this.name = 'LineTooLongError';
  }
}

/**
 * Splits a byte stream into UTF-8 lines: `\n` and a trailing `\r` removed, empty lines kept as "", a last line without
 * a newline delivered by end(). Characters split across reads are carried, not mangled.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';

  constructor(
    readonly stream: string,
    private readonly maxLength = DEFAULT_MAX_LINE_LENGTH,
  ) {}

  push(chunk: Buffer): string[] {
    const text = this.tail + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.tail = lines.pop() as string;
    // Most chunks need no per-line work: no \r, and too short to hold a line over the limit.
    if (text.length - this.tail.length > this.maxLength || text.includes('\r')) {
      for (let i = 0; i < lines.length; i++) {
        const line = trimCr(lines[i] as string);
        if (line.length > this.maxLength) throw new LineTooLongError(this.stream, this.maxLength, lines.slice(0, i));
        lines[i] = line;
      }
    }
    if (this.tail.length > this.maxLength) throw new LineTooLongError(this.stream, this.maxLength, lines);
    return lines;
  }

  end(): string[] {
    const last = this.tail + this.decoder.end();
    this.tail = '';
    return last === '' ? [] : [this.check(last)];
  }

  private check(line: string): string {
    line = trimCr(line);
    if (line.length > this.maxLength) throw new LineTooLongError(this.stream, this.maxLength);
    return line;
  }
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
