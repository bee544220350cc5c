/**
 * Minimal RIFF/WAVE codec for the sound world's clips: writes mono 16-bit PCM byte-deterministically (no dither)
 * and reads 16-bit PCM back (any channel count, mixed down to mono), with clear errors for anything else.
 * Its own WAV codec: the world must not depend on the stages it feeds (they read these files with theirs).
 */

/** Decoded audio: sample rate (Hz), channel count of the file, mono samples in [−1, 1). */
export interface DecodedWav {
  sampleRate: number;
  channels: number;
  samples: Float32Array;
}

/**
 * Encodes mono samples as a RIFF/WAVE file, 16-bit little-endian PCM: each sample clipped to [−1, 1] and
 * rounded to round(s·32768) clamped to [−32768, 32767] (no random dither, so equal input gives equal bytes).
 * 44-byte header + 2 bytes per sample.
 */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0)
    throw new Error(`encodeWav: invalid sample rate ${sampleRate}`);
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const v = new DataView(bytes.buffer);
  const ascii = (off: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[off + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true); // fmt chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true); // byte rate
  v.setUint16(32, 2, true); // block align
  v.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    let s = samples[i];
    if (!(s === s)) s = 0; // NaN → 0
    s = s > 1 ? 1 : s < -1 ? -1 : s;
    let q = Math.round(s * 32768);
    if (q > 32767) q = 32767;
    else if (q < -32768) q = -32768;
    v.setInt16(44 + 2 * i, q, true);
  }
  return bytes;
}

/**
 * Decodes a RIFF/WAVE file with 16-bit PCM samples (format 1, or WAVE_FORMAT_EXTENSIBLE with a PCM subformat);
 * multi-channel files are averaged to mono; samples are int16/32768. Throws an Error naming the problem for a
 * non-RIFF/WAVE input, a missing or unsupported fmt chunk, a missing data chunk, or a truncated data chunk.
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (off: number) =>
    String.fromCharCode(bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new Error('decodeWav: not a RIFF/WAVE file');
  let off = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number; blockAlign: number } | null =
    null;
  while (off + 8 <= bytes.length) {
    const id = tag(off);
    const size = v.getUint32(off + 4, true);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new Error('decodeWav: truncated fmt chunk');
      let format = v.getUint16(body, true);
      if (format === 0xfffe && size >= 40) format = v.getUint16(body + 24, true); // extensible: subformat GUID's first 2 bytes
      fmt = {
        format,
        channels: v.getUint16(body + 2, true),
        sampleRate: v.getUint32(body + 4, true),
        blockAlign: v.getUint16(body + 12, true),
        bits: v.getUint16(body + 14, true),
      };
      if (fmt.format !== 1)
        throw new Error(`decodeWav: unsupported format ${fmt.format} (only PCM is supported)`);
      if (fmt.bits !== 16)
        throw new Error(`decodeWav: unsupported ${fmt.bits}-bit samples (only 16-bit PCM is supported)`);
      if (fmt.channels < 1) throw new Error('decodeWav: fmt chunk has no channels');
      if (fmt.sampleRate < 1) throw new Error('decodeWav: fmt chunk has sample rate 0');
    } else if (id === 'data') {
      if (!fmt) throw new Error('decodeWav: data chunk before fmt chunk');
      if (body + size > bytes.length) {
        throw new Error(
          `decodeWav: truncated data chunk (header says ${size} bytes, file has ${bytes.length - body})`,
        );
      }
      const ch = fmt.channels;
      const frameBytes = 2 * ch;
      const frames = Math.floor(size / frameBytes);
      const samples = new Float32Array(frames);
      const inv = 1 / (32768 * ch);
      for (let i = 0; i < frames; i++) {
        let acc = 0;
        const p = body + i * frameBytes;
        for (let c = 0; c < ch; c++) acc += v.getInt16(p + 2 * c, true);
        samples[i] = acc * inv;
      }
      return { sampleRate: fmt.sampleRate, channels: ch, samples };
    }
    off = body + size + (size & 1); // chunks are word-aligned
  }
  throw new Error(fmt ? 'decodeWav: no data chunk' : 'decodeWav: no fmt chunk');
}
