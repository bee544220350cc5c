import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readWav, readWavFile, WavError, writeWav16 } from './wav';

// ---- fixtures, built byte by byte ----

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const u16 = (v: number) => Uint8Array.of(v & 0xff, (v >> 8) & 0xff);
const u32 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
/** A chunk: id, size, body, and the pad byte when the size is odd (unless `declared` overrides the size field). */
const chunk = (id: string, body: Uint8Array, declared?: number) =>
  cat(
    ascii(id),
    u32(declared ?? body.length),
    body,
    body.length & 1 && declared === undefined ? Uint8Array.of(0) : new Uint8Array(0),
  );
const riff = (...chunks: Uint8Array[]) => {
  const body = cat(ascii('WAVE'), ...chunks);
  return cat(ascii('RIFF'), u32(body.length), body);
};
const fmtBody = (
  tag: number,
  channels: number,
  rate: number,
  bits: number,
  blockAlign = (channels * bits) / 8,
) => cat(u16(tag), u16(channels), u32(rate), u32(rate * blockAlign), u16(blockAlign), u16(bits));
const GUID_TAIL = Uint8Array.of(
  0x00,
  0x00,
  0x00,
  0x00,
  0x10,
  0x00,
  0x80,
  0x00,
  0x00,
  0xaa,
  0x00,
  0x38,
  0x9b,
  0x71,
);
const extensibleBody = (sub: number, channels: number, rate: number, bits: number, validBits = bits) =>
  cat(
    fmtBody(0xfffe, channels, rate, bits),
    u16(22),
    u16(validBits),
    u32(channels === 2 ? 3 : 4),
    u16(sub),
    GUID_TAIL,
  );

const i24 = (v: number) => Uint8Array.of(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
const i32 = (v: number) => u32(v >>> 0);
const f32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return b;
};
const f64 = (v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return b;
};

const cases: {
  name: string;
  tag: number;
  bits: number;
  encode: (v: number) => Uint8Array;
  raw: number[];
  expected: number[];
}[] = [
  {
    name: 'PCM 8-bit unsigned',
    tag: 1,
    bits: 8,
    encode: (v) => Uint8Array.of(v),
    raw: [0, 64, 128, 192, 255],
    expected: [-1, -0.5, 0, 0.5, 127 / 128],
  },
  {
    name: 'PCM 16-bit',
    tag: 1,
    bits: 16,
    encode: u16,
    raw: [-32768, -16384, 0, 1, 32767],
    expected: [-1, -0.5, 0, 1 / 32768, 32767 / 32768],
  },
  {
    name: 'PCM 24-bit',
    tag: 1,
    bits: 24,
    encode: i24,
    raw: [-8388608, -1, 0, 4194304, 8388607],
    expected: [-1, -1 / 8388608, 0, 0.5, 8388607 / 8388608],
  },
  {
    name: 'PCM 32-bit',
    tag: 1,
    bits: 32,
    encode: i32,
    raw: [-2147483648, -1073741824, 0, 65536, 2147483647],
    expected: [-1, -0.5, 0, 2 ** -15, 2147483647 / 2147483648],
  },
  {
    name: 'IEEE float 32',
    tag: 3,
    bits: 32,
    encode: f32,
    raw: [-1, -0.25, 0, 0.3, 1.5],
    expected: [-1, -0.25, 0, 0.3, 1.5],
  },
  {
    name: 'IEEE float 64',
    tag: 3,
    bits: 64,
    encode: f64,
    raw: [-1, -0.125, 0, 0.1, 0.75],
    expected: [-1, -0.125, 0, 0.1, 0.75],
  },
];

const f32s = (a: number[]) => Array.from(Float32Array.from(a));

describe('readWav', () => {
  it.each(cases)('decodes $name', ({ tag, bits, encode, raw, expected }) => {
    const wav = readWav(
      riff(chunk('fmt ', fmtBody(tag, 1, 22050, bits)), chunk('data', cat(...raw.map(encode)))),
    );
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, frames: raw.length });
    expect(Array.from(wav.samples)).toEqual(f32s(expected));
  });

  it.each(cases)('decodes $name inside WAVE_FORMAT_EXTENSIBLE', ({ tag, bits, encode, raw, expected }) => {
    const wav = readWav(
      riff(chunk('fmt ', extensibleBody(tag, 1, 48000, bits)), chunk('data', cat(...raw.map(encode)))),
    );
    expect(wav).toMatchObject({ sampleRate: 48000, channels: 1, frames: raw.length });
    expect(Array.from(wav.samples)).toEqual(f32s(expected));
  });

  it('mixes channels down to their mean (stereo 16-bit, 3-channel 24-bit, stereo extensible float)', () => {
    const st = readWav(
      riff(
        chunk('fmt ', fmtBody(1, 2, 44100, 16)),
        chunk('data', cat(u16(16384), u16(0), u16(-32768), u16(-16384))),
      ),
    );
    expect(st).toMatchObject({ channels: 2, frames: 2 });
    expect(Array.from(st.samples)).toEqual([0.25, -0.75]);
    const three = readWav(
      riff(
        chunk('fmt ', fmtBody(1, 3, 8000, 24)),
        chunk(
          'data',
          cat(i24(4194304), i24(-4194304), i24(8388607 - 8388607), i24(-8388608), i24(0), i24(2097152)),
        ),
      ),
    );
    expect(three).toMatchObject({ channels: 3, frames: 2 });
    expect(Array.from(three.samples)).toEqual(f32s([0, (-1 + 0.25) / 3]));
    const ext = readWav(
      riff(
        chunk('fmt ', extensibleBody(3, 2, 32000, 32)),
        chunk('data', cat(f32(0.5), f32(-0.25), f32(1), f32(1))),
      ),
    );
    expect(Array.from(ext.samples)).toEqual([0.125, 1]);
  });

  it('skips unknown chunks, honouring the pad byte after odd sizes, in any order', () => {
    const list = chunk('LIST', cat(ascii('INFOx'))); // 5 bytes + pad
    expect(list.length).toBe(14);
    const data = chunk('data', Uint8Array.of(128, 255, 0)); // odd data chunk, padded
    const a = readWav(
      riff(
        list,
        chunk('fmt ', fmtBody(1, 1, 16000, 8)),
        chunk('fact', u32(3)),
        data,
        chunk('id3 ', ascii('abc')),
      ),
    );
    expect(Array.from(a.samples)).toEqual([0, 127 / 128, -1]);
    const b = readWav(riff(data, list, chunk('fmt ', fmtBody(1, 1, 16000, 8))));
    expect(Array.from(b.samples)).toEqual([0, 127 / 128, -1]);
  });

  it('ignores a trailing partial frame and a short trailing junk header', () => {
    const wav = readWav(
      cat(
        riff(chunk('fmt ', fmtBody(1, 2, 16000, 16)), chunk('data', cat(u16(16384), u16(16384), u16(1)))),
        Uint8Array.of(1, 2, 3),
      ),
    );
    expect(wav.frames).toBe(1);
    expect(Array.from(wav.samples)).toEqual([0.5]);
  });

  it('round-trips writeWav16, clipping out-of-range samples', () => {
    const x = Float32Array.from([0, 1 / 32768, -1, 0.5, -0.25, 32767 / 32768, 1.5, -3]);
    const wav = readWav(writeWav16(x, 32000));
    expect(wav).toMatchObject({ sampleRate: 32000, channels: 1, frames: 8 });
    expect(Array.from(wav.samples)).toEqual(
      f32s([0, 1 / 32768, -1, 0.5, -0.25, 32767 / 32768, 32767 / 32768, -1]),
    );
  });

  it('readWavFile reads from disk and names the file in errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-wav-'));
    try {
      const good = path.join(dir, 'good.wav');
      fs.writeFileSync(good, writeWav16(Float32Array.from([0.5, -0.5]), 16000));
      expect(Array.from(readWavFile(good).samples)).toEqual([0.5, -0.5]);
      const bad = path.join(dir, 'bad.wav');
      fs.writeFileSync(bad, ascii('not a wave file at all'));
      let err: unknown;
      try {
        readWavFile(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WavError);
      expect((err as WavError).file).toBe(bad);
      expect((err as WavError).message).toContain(bad);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('errors', () => {
    const fmt16 = chunk('fmt ', fmtBody(1, 1, 16000, 16));
    const data4 = chunk('data', cat(u16(1), u16(2)));
    const expectWavError = (bytes: Uint8Array, re: RegExp) => {
      let err: unknown;
      try {
        readWav(bytes, 'clip.wav');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(WavError);
      expect((err as WavError).file).toBe('clip.wav');
      expect((err as Error).message).toMatch(re);
    };

    it('not RIFF/WAVE', () => {
      expectWavError(ascii('RIFX\0\0\0\0WAVE'), /not a RIFF\/WAVE file/);
      expectWavError(cat(ascii('RIFF'), u32(4), ascii('AVI ')), /not a RIFF\/WAVE file/);
      expectWavError(new Uint8Array(3), /not a RIFF\/WAVE file/);
    });
    it('no fmt chunk', () => expectWavError(riff(data4), /no fmt chunk/));
    it('no data chunk', () => expectWavError(riff(fmt16, chunk('LIST', ascii('INFO'))), /no data chunk/));
    it('unsupported format tag', () => {
      expectWavError(
        riff(chunk('fmt ', fmtBody(2, 1, 16000, 4, 256)), data4),
        /unsupported format tag 0x0002/,
      );
      expectWavError(
        riff(chunk('fmt ', extensibleBody(0x55, 1, 16000, 16)), data4),
        /unsupported format tag 0x0055/,
      );
    });
    it('unsupported bit depth', () => {
      expectWavError(riff(chunk('fmt ', fmtBody(1, 1, 16000, 12, 2)), data4), /unsupported PCM bit depth 12/);
      expectWavError(
        riff(chunk('fmt ', fmtBody(3, 1, 16000, 16)), data4),
        /unsupported IEEE float bit depth 16/,
      );
    });
    it('truncated data chunk, saying how many bytes are missing', () => {
      expectWavError(
        riff(fmt16, chunk('data', new Uint8Array(60), 100)),
        /truncated data chunk: .*100 bytes.*60 present.*40 bytes missing/,
      );
    });
    it('zero channels or zero sample rate', () => {
      expectWavError(riff(chunk('fmt ', fmtBody(1, 0, 16000, 16, 2)), data4), /zero channels/);
      expectWavError(riff(chunk('fmt ', fmtBody(1, 1, 0, 16)), data4), /zero sample rate/);
    });
    it('truncated or short fmt chunk, bad extensible GUID, inconsistent block align', () => {
      expectWavError(riff(chunk('fmt ', new Uint8Array(10), 16)), /truncated fmt chunk: 6 bytes missing/);
      expectWavError(riff(chunk('fmt ', new Uint8Array(14)), data4), /fmt chunk too short/);
      const ext = extensibleBody(1, 1, 16000, 16);
      ext[ext.length - 1] ^= 0xff;
      expectWavError(riff(chunk('fmt ', ext), data4), /subformat GUID/);
      expectWavError(riff(chunk('fmt ', fmtBody(1, 2, 16000, 16, 2)), data4), /block align 2/);
    });
  });
});
