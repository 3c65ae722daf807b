/** How binary stdout is cut into messages (reference §A, Binary mode). */
export type Framing =
  /** Raw reads: each chunk as the OS returned it, cut to at most `readBufferSize` bytes. */
  | { kind: 'raw'; readBufferSize: number }
  | { kind: 'fixed'; length: number }
  /** A length header: an unsigned big-endian field of `lengthSize` bytes at `lengthOffset` inside `headerSize` bytes. */
  | { kind: 'header'; headerSize: number; lengthOffset: number; lengthSize: 1 | 2 | 4; lengthIncludesHeader: boolean; maxLength: number };

export const DEFAULT_READ_BUFFER_SIZE = 8192;

/** A stream the decoder cannot go on with: the program is stopped and the text reported. */
export class FrameError extends Error {
  /** The whole frames that came before the bad header in the same push: they are delivered, not lost with it. */
  frames: Uint8Array[] = [];

  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Turns stdout chunks into frames. Each frame is a copy (header included) so it can be kept after the next read.
 * A frame split across reads is reassembled; one read can hold several frames; the tail is carried to the next push.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly framing: Framing) {}

  /** Bytes held back waiting for the rest of a frame. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): Uint8Array[] {
    const f = this.framing;
    if (f.kind === 'raw') {
      const out: Uint8Array[] = [];
      for (let at = 0; at < chunk.length; at += f.readBufferSize) out.push(copy(chunk, at, Math.min(chunk.length, at + f.readBufferSize)));
      return out;
    }
    const data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      let size: number | undefined;
      try {
        size = this.frameSize(data, at);
      } catch (e) {
        if (e instanceof FrameError) e.frames = out;
        throw e;
      }
      if (size === undefined || data.length - at < size) break;
      out.push(copy(data, at, at + size));
      at += size;
    }
    this.pending = at === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return out;
  }

  /** At end of stream: what is left is an incomplete frame, dropped (as the original does); returns its size. */
  end(): number {
    const dropped = this.pending.length;
    this.pending = Buffer.alloc(0);
    return dropped;
  }

  /** The whole frame's size once its header is in, or undefined while the header is incomplete. */
  private frameSize(data: Buffer, at: number): number | undefined {
    const f = this.framing;
    if (f.kind === 'fixed') return f.length;
    if (f.kind !== 'header' || data.length - at < f.headerSize) return undefined;
    const field = data.readUIntBE(at + f.lengthOffset, f.lengthSize);
    if (field === 0 || (f.lengthIncludesHeader && field < f.headerSize)) {
      throw new FrameError(
        `a frame header gives length ${field}, ${field === 0 ? 'zero' : `less than the ${f.headerSize}-byte header it includes`}: the stream is out of step or the framing settings do not match the program (check headerSize, lengthOffset, lengthSize, lengthIncludesHeader)`,
      );
    }
    const size = f.lengthIncludesHeader ? field : f.headerSize + field;
    if (f.maxLength > 0 && size > f.maxLength) {
      throw new FrameError(`too large: a frame of ${size} bytes is over maxLength ${f.maxLength}; raise maxLength if the program really sends frames this big`);
    }
    return size;
  }
}

function copy(source: Buffer, start: number, end: number): Uint8Array {
  return new Uint8Array(source.buffer.slice(source.byteOffset + start, source.byteOffset + end));
}

/** A one-line description for inspection and terminal headers. */
export function describeFraming(f: Framing): string {
  switch (f.kind) {
    case 'raw':
      return `raw reads of up to ${f.readBufferSize} bytes`;
    case 'fixed':
      return `fixed ${f.length}-byte frames`;
    case 'header':
      return `${f.headerSize}-byte header, ${f.lengthSize}-byte big-endian length at offset ${f.lengthOffset}${f.lengthIncludesHeader ? ' (includes the header)' : ''}${f.maxLength ? `, at most ${f.maxLength} bytes` : ''}`;
  }
}
