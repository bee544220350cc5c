/**
 * Scenes: several sound events placed on a timeline over a background noise bed, as in a recorded clip. Each
 * event's audio depends only on its own stream (rng.fork(`event-${i}`)) and its class and duration, so adding or
 * removing another event never changes it.
 */
import type { Rng } from '../rng';
import { soundClass } from '../ontology';
import * as P from './primitives';
import { synthesizeEvent } from './recipes';

/** One event of a scene. */
export interface SceneEvent {
  /** Class name (see ONTOLOGY). */
  cls: string;
  /** Start time, s (events starting before 0 or running past the end are cut). */
  onset: number;
  /** Duration, s. */
  duration: number;
  /** Gain applied to the (0.9-peak) event, dB. */
  gainDb: number;
}

/** A scene: length, events, background bed and its level. */
export interface SceneSpec {
  /** Length, s. */
  seconds: number;
  events: SceneEvent[];
  /** Background bed kind; 'none' gives the events alone (snrDb ignored). */
  background: 'none' | 'room' | 'street' | 'nature' | 'crowd';
  /** Events-to-background ratio, dB: active RMS of the event mix (see activeRms) vs the bed's RMS. */
  snrDb: number;
}

/** Fade length at event edges, s (avoids clicks where an event is cut). */
export const EVENT_FADE_SECONDS = 0.01;
/** Peak limit of a rendered scene. */
export const SCENE_PEAK = 0.99;
/** RMS of the background bed when a scene has no (audible) events. */
export const BED_ONLY_RMS = 0.05;

/**
 * Renders a scene to mono samples at sampleRate (length round(seconds·sampleRate)): synthesizes each event with
 * its own stream, places it at its onset with short fades and its gain, adds the background bed scaled to
 * snrDb below the events' active RMS, then scales the whole clip down if its peak exceeds 0.99.
 */
export function renderScene(spec: SceneSpec, rng: Rng, sampleRate: number): Float32Array {
  const n = Math.max(0, Math.round(spec.seconds * sampleRate));
  const mix = new Float32Array(n);
  const covered = new Uint8Array(n);
  const fade = Math.floor(EVENT_FADE_SECONDS * sampleRate);
  spec.events.forEach((ev, i) => {
    const cls = soundClass(ev.cls);
    const start = Math.round(ev.onset * sampleRate);
    const len = Math.round(ev.duration * sampleRate);
    if (len <= 0 || start >= n || start + len <= 0) return;
    const audio = synthesizeEvent(cls, rng.fork(`event-${i}`), { sampleRate, seconds: len / sampleRate });
    const from = Math.max(0, -start); // part cut at the clip start
    const to = Math.min(audio.length, n - start); // part cut at the clip end
    P.applyFades(audio, from, to - from, fade);
    P.mixInto(mix, audio, start + from, ev.gainDb, from, to - from);
    covered.fill(1, start + from, start + to);
  });
  if (spec.background !== 'none' && n > 0) {
    const eventRms = activeRms(mix, covered, sampleRate);
    const target = eventRms > 0 ? eventRms / P.dbToGain(spec.snrDb) : BED_ONLY_RMS;
    const bed = renderBackground(spec.background, rng.fork('background'), n, sampleRate);
    const r = P.rms(bed);
    if (r > 0) {
      const g = target / r;
      for (let i = 0; i < n; i++) mix[i] += g * bed[i];
    }
  }
  const peak = P.peakAbs(mix);
  if (peak > SCENE_PEAK) P.scaleInPlace(mix, SCENE_PEAK / peak);
  return mix;
}

/** Frame length for the active-level measurement, s. */
export const ACTIVE_FRAME_SECONDS = 0.02;
/** Frames more than this many dB below the loudest event frame count as pauses. */
export const ACTIVE_THRESHOLD_DB = 30;

/**
 * Active level of the event mix (in the spirit of ITU-T P.56): RMS over the 20 ms frames, among those any event
 * covers, whose energy is within 30 dB of the loudest frame; pauses between barks or knocks don't count, so a
 * sparse sound gets the same bed level relative to its bursts as a dense one. 0 when no event is audible.
 */
export function activeRms(mix: Float32Array, covered: Uint8Array, sampleRate: number): number {
  const frame = Math.max(1, Math.round(ACTIVE_FRAME_SECONDS * sampleRate));
  const energies: number[] = [];
  let maxE = 0;
  for (let s = 0; s < mix.length; s += frame) {
    const e = Math.min(mix.length, s + frame);
    let acc = 0;
    let cov = 0;
    for (let i = s; i < e; i++) {
      acc += mix[i] * mix[i];
      cov += covered[i];
    }
    const en = cov > 0 ? acc / (e - s) : -1;
    energies.push(en);
    if (en > maxE) maxE = en;
  }
  if (maxE <= 0) return 0;
  const thr = maxE * Math.pow(10, -ACTIVE_THRESHOLD_DB / 10);
  let acc = 0;
  let cnt = 0;
  for (const en of energies) {
    if (en >= thr) {
      acc += en;
      cnt++;
    }
  }
  return Math.sqrt(acc / cnt);
}

/**
 * A background bed of n samples (arbitrary level; renderScene sets it): 'room' = dull pink noise with a faint
 * mains hum, 'street' = low rumble with swelling traffic, 'nature' = broadband air noise over a soft swelling
 * wind, 'crowd' =
 * babble-shaped noise with syllabic modulation.
 */
export function renderBackground(
  kind: Exclude<SceneSpec['background'], 'none'>,
  rng: Rng,
  n: number,
  sampleRate: number,
): Float32Array {
  const sr = sampleRate;
  const bed = new Float32Array(n);
  const tmp = new Float32Array(n);
  switch (kind) {
    case 'room': {
      // dull pink noise (ventilation, distant traffic through walls) and a faint mains hum
      P.pinkNoise(bed, 0, n, rng, 1);
      P.Biquad.lowpass(rng.uniform(3000, 4500), 0.6, sr).process(bed);
      const hum = rng.pick([50, 60]);
      P.harmonicTone(bed, 0, n, sr, { f0: hum, partials: [0.3, 1, 0.3, 0.2] }, 0.03);
      break;
    }
    case 'street': {
      // low rumble with swelling traffic and a mid-band hiss of tyres
      P.brownNoise(bed, 0, n, rng, 1);
      P.Biquad.lowpass(600, 0.7, sr).process(bed);
      P.pinkNoise(tmp, 0, n, rng, 0.3);
      P.Biquad.bandpass(1000, 0.5, sr).processInto(tmp, 0, bed, 0, n, 1);
      P.modulateSmoothRandom(bed, 0, n, sr, rng, 2, 0.4, 1);
      break;
    }
    case 'nature': {
      // open air: broadband air noise with a soft swelling wind underneath
      P.pinkNoise(bed, 0, n, rng, 1);
      P.Biquad.lowpass(rng.uniform(4500, 6500), 0.6, sr).process(bed);
      P.brownNoise(tmp, 0, n, rng, 0.6);
      P.Biquad.lowpass(rng.uniform(400, 800), 0.7, sr).process(tmp);
      P.modulateSmoothRandom(tmp, 0, n, sr, rng, 2.5, 0.2, 1);
      for (let i = 0; i < n; i++) bed[i] += tmp[i];
      break;
    }
    case 'crowd': {
      P.pinkNoise(tmp, 0, n, rng, 1);
      P.Biquad.bandpass(500, 1.0, sr).processInto(tmp, 0, bed, 0, n, 1);
      P.Biquad.bandpass(1500, 1.2, sr).processInto(tmp, 0, bed, 0, n, 0.6);
      P.modulateSmoothRandom(bed, 0, n, sr, rng, 0.15, 0.5, 1);
      break;
    }
  }
  return bed;
}
