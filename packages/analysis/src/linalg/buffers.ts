/**
 * Scratch ArrayBuffers kept between calls. On this kind of VM a fresh 16 MB ArrayBuffer costs ~10 ms of page
 * faults (zeroed pages touched for the first time), as long as ~3e8 multiply-adds of GEMM. The distance
 * functions move their float64 copies and result tiles to the worker and back, then keep them here for the
 * next call. At most 4 buffers and 96 MB in all (none over 64 MB); closeDistanceWorker() releases them.
 */
const MAX_BUFFERS = 4;
const MAX_BYTES = 64 << 20;
const MAX_TOTAL = 96 << 20;

const kept: ArrayBuffer[] = [];

/** A buffer of at least `bytes`, contents arbitrary: a kept one of up to 4× the size, else a new one. */
export function takeBuffer(bytes: number): ArrayBuffer {
  let best = -1;
  for (let q = 0; q < kept.length; q++) {
    const len = kept[q].byteLength;
    if (len >= bytes && len <= 4 * Math.max(bytes, 1 << 16) && (best < 0 || len < kept[best].byteLength))
      best = q;
  }
  return best >= 0 ? kept.splice(best, 1)[0] : new ArrayBuffer(bytes);
}

/** Offers a buffer for reuse; one that is detached (moved to the worker and lost) or too big is dropped. */
export function keepBuffer(buf: ArrayBuffer | undefined): void {
  if (!buf || buf.byteLength === 0 || buf.byteLength > MAX_BYTES || kept.includes(buf)) return;
  kept.push(buf);
  // Keep the largest ones within the limits: they serve the most requests.
  kept.sort((a, b) => b.byteLength - a.byteLength);
  let total = 0;
  let q = 0;
  for (; q < kept.length && q < MAX_BUFFERS; q++) {
    if (total + kept[q].byteLength > MAX_TOTAL) break;
    total += kept[q].byteLength;
  }
  kept.length = q;
}

/** Drops every kept buffer. */
export function releaseBuffers(): void {
  kept.length = 0;
}
