import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameDecoder, FrameError, LineSplitter, LineTooLongError, type Framing } from '../../../core/process';

const hex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const asHex = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('hex'));
const header = (o: Partial<Extract<Framing, { kind: 'header' }>>): Framing => ({ kind: 'header', headerSize: 4, lengthOffset: 0, lengthSize: 4, lengthIncludesHeader: false, maxLength: 0, ...o });

describe('binary framing (the original test cases)', () => {
  it('3-byte header, 1-byte length at position 2: a stream in three uneven pieces gives whole frames, the tail carried', () => {
    const d = new FrameDecoder(header({ headerSize: 3, lengthOffset: 2, lengthSize: 1 }));
    assert.deepEqual(asHex(d.push(hex('aabb02 01'))), []);
    assert.equal(d.buffered, 4);
    assert.deepEqual(asHex(d.push(hex('02 ccdd03 0102'))), ['aabb020102']);
    assert.deepEqual(asHex(d.push(hex('03 eeff01'))), ['ccdd03010203']);
    assert.equal(d.buffered, 3);
  });
  it('fixed length 3 with uneven writes', () => {
    const d = new FrameDecoder({ kind: 'fixed', length: 3 });
    assert.deepEqual(asHex(d.push(hex('01'))), []);
    assert.deepEqual(asHex(d.push(hex('0203 0405'))), ['010203']);
    assert.deepEqual(asHex(d.push(hex('06 070809 0a'))), ['040506', '070809']);
  });
  it('several frames in one read come out in order', () => {
    const d = new FrameDecoder(header({ headerSize: 2, lengthSize: 2 }));
    assert.deepEqual(asHex(d.push(hex('0001aa 0002bbcc 0003ddeeff'))), ['0001aa', '0002bbcc', '0003ddeeff']);
  });
  for (const lengthSize of [1, 2, 4] as const) {
    it(`reads a ${lengthSize}-byte big-endian length`, () => {
      const d = new FrameDecoder(header({ headerSize: lengthSize, lengthSize }));
      const payload = Buffer.alloc(300, 7);
      const size = lengthSize === 1 ? 200 : 300;
      const head = Buffer.alloc(lengthSize);
      head.writeUIntBE(size, 0, lengthSize);
      const [frame, ...rest] = d.push(Buffer.concat([head, payload.subarray(0, size), hex('ff')]));
      assert.equal(rest.length, 0);
      assert.equal(frame!.length, lengthSize + size);
      assert.equal(d.buffered, 1);
    });
  }
  it('a header with an offset: [type][flags][length 2 bytes] and the length includes the header', () => {
    const d = new FrameDecoder(header({ headerSize: 4, lengthOffset: 2, lengthSize: 2, lengthIncludesHeader: true }));
    assert.deepEqual(asHex(d.push(hex('0109 0006 abcd 0200 0004'))), ['01090006abcd', '02000004']);
  });
  it('maxLength 8 with a 104-byte frame: too large, as soon as the header is in', () => {
    const d = new FrameDecoder(header({ headerSize: 4, maxLength: 8 }));
    assert.throws(() => d.push(hex('00000064')), (e: Error) => e instanceof FrameError && /^too large: a frame of 104 bytes is over maxLength 8/.test(e.message));
  });
  it('the whole frames before a bad header in the same read come with the error, to be delivered', () => {
    const d = new FrameDecoder(header({ headerSize: 4, maxLength: 8 }));
    assert.throws(() => d.push(hex('00000001aa 00000064')), (e: Error) => e instanceof FrameError && asHex(e.frames).join() === '00000001aa');
  });
  it('an incomplete frame at end of stream is dropped; the complete ones were delivered', () => {
    const d = new FrameDecoder(header({ headerSize: 1, lengthSize: 1 }));
    assert.deepEqual(asHex(d.push(hex('01aa 02bbcc 05dd'))), ['01aa', '02bbcc']);
    assert.equal(d.end(), 2);
  });
  it('a zero or undersized length is an error, not an endless loop', () => {
    assert.throws(() => new FrameDecoder(header({ headerSize: 2, lengthSize: 2 })).push(hex('0000 ffff')), /gives length 0, zero/);
    assert.throws(() => new FrameDecoder(header({ headerSize: 4, lengthOffset: 2, lengthSize: 2, lengthIncludesHeader: true })).push(hex('0000 0003 ff')), /gives length 3, less than the 4-byte header/);
  });
  it('raw reads are cut at readBufferSize, boundaries otherwise as read', () => {
    const d = new FrameDecoder({ kind: 'raw', readBufferSize: 4 });
    assert.deepEqual(asHex(d.push(hex('0102030405060708 09'))), ['01020304', '05060708', '09']);
  });
});

describe('line splitting', () => {
  it('strips \\n and a trailing \\r, keeps empty lines, carries split characters, and delivers a last line at the end', () => {
    const s = new LineSplitter('stdout', 100);
    const euro = Buffer.from('€');
    assert.deepEqual(s.push(Buffer.concat([Buffer.from('a\r\n\nb'), euro.subarray(0, 1)])), ['a', '']);
    assert.deepEqual(s.push(Buffer.concat([euro.subarray(1), Buffer.from('\nlast')])), ['b€']);
    assert.deepEqual(s.end(), ['last']);
  });
  it('a line over the limit is an error, even before its newline arrives', () => {
    assert.throws(() => new LineSplitter('stdout', 4).push(Buffer.from('12345')), /a stdout line is longer than 4 characters/);
    assert.throws(() => new LineSplitter('stdout', 4).push(Buffer.from('12345\n')), /longer than 4/);
    assert.throws(() => new LineSplitter('stdout', 4).push(Buffer.from('ab\n12345\ncd\n')), /longer than 4/);
    assert.deepEqual(new LineSplitter('stdout', 4).push(Buffer.from('ab\ncd\nef\r\n')), ['ab', 'cd', 'ef']);
    // The whole lines before the long one in the same read travel with the error, so they are delivered, not lost.
    assert.throws(() => new LineSplitter('stdout', 4).push(Buffer.from('ab\r\ncd\n12345\nef\n')), (e: LineTooLongError) => JSON.stringify(e.lines) === '["ab","cd"]');
    assert.throws(() => new LineSplitter('stdout', 4).push(Buffer.from('ab\ncd\n12345')), (e: LineTooLongError) => JSON.stringify(e.lines) === '["ab","cd"]');
  });
});
