/**
 * RIFF/WAVE reader for the audio front end. Decodes PCM (8-bit unsigned; 16/24/32-bit signed), IEEE float
 * (32/64-bit) and WAVE_FORMAT_EXTENSIBLE with either subformat, mixed down to mono by the channel mean.
 *
 * Sample scaling follows libsndfile (what soundfile, hence `librosa.load` in the PANNs/CLAP recipes, uses):
 * an N-bit integer sample v becomes v / 2^(N−1) (8-bit: (v − 128) / 128), floats pass through unchanged.
 */
import * as fs from 'node:fs';

/** A malformed or unsupported WAV file. `file` names the source when the caller gave one. */
export class WavError extends Error {
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'WavError';
    this.file = file;
  }
}

/** Decoded audio, mixed down to mono. */
export interface DecodedAudio {
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Channel count stored in the file (before the mono mix-down). */
  channels: number;
  /** Mono samples, the mean of the channels, nominally in [−1, 1] (float files are not clipped). Length = `frames`. */
  samples: Float32Array;
  /** Number of sample frames (samples per channel). */
  frames: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Bytes 2..15 of KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT (the first two bytes carry the format tag). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface Fmt {
  format: number; // resolved tag: 1 (PCM) or 3 (float)
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number; // container bits per sample
}

/**
 * Decodes a RIFF/WAVE file held in memory.
 *
 * Chunks other than `fmt ` and `data` (LIST, fact, cue, …) are skipped, honouring the pad byte after odd-sized
 * chunks. A trailing partial sample frame is ignored. The RIFF size field is not trusted (writers often get it wrong).
 *
 * @param bytes The whole file.
 * @param file  Optional name used in error messages and `WavError.file`.
 * @throws WavError for: not RIFF/WAVE; missing fmt or data chunk; truncated fmt/data chunk (the message says how
 *   many bytes are missing); unsupported format tag or bit depth; zero channels or sample rate; inconsistent block align.
 */
export function readWav(bytes: Uint8Array, file?: string): DecodedAudio {
  const fail = (msg: string): never => {
    throw new WavError(msg, file);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (off: number) =>
    String.fromCharCode(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    fail(`not a RIFF/WAVE file (starts with ${JSON.stringify(bytes.length >= 4 ? tag(0) : '')})`);

  let fmt: Fmt | null = null;
  let dataStart = -1;
  let dataSize = 0;
  let off = 12;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = view.getUint32(off + 4, true);
    const body = off + 8;
    const available = bytes.length - body;
    if (id === 'fmt ') {
      if (size > available) fail(`truncated fmt chunk: ${size - available} bytes missing`);
      fmt = parseFmt(view, body, size, fail);
    } else if (id === 'data') {
      if (size > available)
        fail(
          `truncated data chunk: header declares ${size} bytes, only ${available} present (${size - available} bytes missing)`,
        );
      dataStart = body;
      dataSize = size;
    } else if (size > available) {
      break; // an unknown chunk running past the end is trailing junk; whatever we already have decides
    }
    off = body + size + (size & 1); // chunks are word-aligned: odd sizes carry one pad byte
  }
  if (!fmt) return fail('no fmt chunk');
  if (dataStart < 0) return fail('no data chunk');

  const { channels, bits, format } = fmt;
  const bytesPerSample = bits / 8;
  const stride = channels * bytesPerSample;
  if (fmt.blockAlign !== stride)
    fail(`block align ${fmt.blockAlign} does not match ${channels} channels x ${bits} bits (${stride})`);
  const frames = Math.floor(dataSize / stride);
  const samples = new Float32Array(frames);
  const inv = 1 / channels;
  let p = dataStart;
  // One loop per encoding keeps the per-sample branch out of the hot path.
  if (format === WAVE_FORMAT_PCM && bits === 8) {
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p++) s += (bytes[p] - 128) / 128;
      samples[f] = s * inv;
    }
  } else if (format === WAVE_FORMAT_PCM && bits === 16) {
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 2) s += view.getInt16(p, true) / 32768;
      samples[f] = s * inv;
    }
  } else if (format === WAVE_FORMAT_PCM && bits === 24) {
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 3) {
        const v = ((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) << 8) >> 8; // sign-extend 24 -> 32
        s += v / 8388608;
      }
      samples[f] = s * inv;
    }
  } else if (format === WAVE_FORMAT_PCM && bits === 32) {
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 4) s += view.getInt32(p, true) / 2147483648;
      samples[f] = s * inv;
    }
  } else if (format === WAVE_FORMAT_IEEE_FLOAT && bits === 32) {
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 4) s += view.getFloat32(p, true);
      samples[f] = s * inv;
    }
  } else {
    // parseFmt only lets float 64 through here
    for (let f = 0; f < frames; f++) {
      let s = 0;
      for (let c = 0; c < channels; c++, p += 8) s += view.getFloat64(p, true);
      samples[f] = s * inv;
    }
  }
  return { sampleRate: fmt.sampleRate, channels, samples, frames };
}

function parseFmt(view: DataView, body: number, size: number, fail: (msg: string) => never): Fmt {
  if (size < 16) fail(`fmt chunk too short (${size} bytes, need 16)`);
  let format = view.getUint16(body, true);
  const channels = view.getUint16(body + 2, true);
  const sampleRate = view.getUint32(body + 4, true);
  const blockAlign = view.getUint16(body + 12, true);
  const bits = view.getUint16(body + 14, true);
  if (format === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) fail(`WAVE_FORMAT_EXTENSIBLE fmt chunk too short (${size} bytes, need 40)`);
    const sub = view.getUint16(body + 24, true);
    for (let i = 0; i < GUID_TAIL.length; i++)
      if (view.getUint8(body + 26 + i) !== GUID_TAIL[i])
        fail('unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID');
    format = sub;
  }
  if (channels === 0) fail('zero channels');
  if (sampleRate === 0) fail('zero sample rate');
  if (format === WAVE_FORMAT_PCM) {
    if (bits !== 8 && bits !== 16 && bits !== 24 && bits !== 32)
      fail(`unsupported PCM bit depth ${bits} (supported: 8, 16, 24, 32)`);
  } else if (format === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) fail(`unsupported IEEE float bit depth ${bits} (supported: 32, 64)`);
  } else {
    fail(
      `unsupported format tag 0x${format.toString(16).padStart(4, '0')} (supported: PCM 0x0001, IEEE float 0x0003, extensible 0xfffe)`,
    );
  }
  return { format, channels, sampleRate, blockAlign, bits };
}

/** Reads and decodes a WAV file from disk; errors name the path. See {@link readWav}. */
export function readWavFile(path: string): DecodedAudio {
  return readWav(fs.readFileSync(path), path);
}

/**
 * Encodes mono samples as 16-bit PCM RIFF/WAVE (44-byte header + 2 bytes per sample), for tests and fixtures.
 * Each sample is clipped to [−1, 1], scaled by 32768, rounded and clamped to [−32768, 32767], so values k/32768
 * survive a `readWav` round trip exactly. NaN is written as 0.
 * @param samples    Mono samples, nominally in [−1, 1].
 * @param sampleRate Sample rate in Hz (positive integer).
 */
export function writeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new RangeError(`writeWav16: invalid sample rate ${sampleRate}`);
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const v = new DataView(out.buffer);
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, WAVE_FORMAT_PCM, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    let s = samples[i];
    if (s !== s) s = 0;
    s = s > 1 ? 1 : s < -1 ? -1 : s;
    const q = Math.round(s * 32768);
    v.setInt16(44 + 2 * i, q > 32767 ? 32767 : q < -32768 ? -32768 : q, true);
  }
  return out;
}
