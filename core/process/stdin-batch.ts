/**
 * Messages taken for stdin and written together: one write per batch, since a syscall (and the program's wake-up)
 * per message would cost more than everything else on the path. Lines are joined once at the end; where each line is
 * its message (strings in lines mode) the messages themselves are joined, so a message costs one array slot.
 */
export class StdinBatch {
  /** The messages, in order: they stay in the run's in-flight record until the OS has taken the batch's bytes. */
  readonly items: unknown[] = [];
  /** Each message's line where one differs from its message (json-lines, or a non-string): from then on, all lines. */
  private lines: string[] | undefined;
  private readonly frames: Uint8Array[] = [];
  /** Characters of text or bytes of frames so far: what the batch's size limit counts. */
  size = 0;

  get count(): number {
    return this.items.length;
  }

  add(item: unknown, encoded: string | Uint8Array): void {
    if (typeof encoded !== 'string') {
      this.frames.push(encoded);
      this.size += encoded.length;
    } else {
      if (this.lines === undefined && encoded !== item) this.lines = this.items.slice() as string[];
      this.lines?.push(encoded);
      this.size += encoded.length + 1;
    }
    this.items.push(item);
  }

  /** What goes to stdin: all text (line modes, each line ended by \n; the pipe encodes it) or all bytes (binary). */
  data(): string | Uint8Array {
    if (this.frames.length === 0) return `${(this.lines ?? this.items).join('\n')}\n`;
    return this.frames.length === 1 ? (this.frames[0] as Uint8Array) : Buffer.concat(this.frames);
  }
}
