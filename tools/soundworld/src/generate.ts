import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  acquireLock,
  CORE_CODE_DIR,
  onInterrupt,
  removeStaleTemps,
  sha256,
  sourceFingerprint,
  startWorker,
  writeFileAtomic,
  yieldToSignals,
} from '@zsaudit/core';
import { worldTextFiles, type TextFile } from './formats';
import { planWorld, type AudioJob } from './plan';
import type { WorldProfile } from './profiles';
import { renderJob, type RenderRequest, type RenderResult } from './render-worker';
import { DATA_DIR } from './package-root';
import { createRng } from './rng';
import { textCorpus } from './text/textcorpus';
import {
  intact,
  MANIFEST_FILE,
  PARTIAL_FILE,
  readManifestIfAny,
  readProgressIfAny,
  sortedFiles,
  worldPath,
  writeRecord,
  type FileEntry,
  type WorldManifest,
} from './world-files';

export { MANIFEST_FILE, PARTIAL_FILE, type FileEntry, type WorldManifest } from './world-files';

/** Bump when the meaning of the world changes in a way the code fingerprint would not catch. */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  seed: number;
  profile: WorldProfile;
  out: string;
  /** Worker threads for audio (default: the machine's cores, at most 8; 0 renders in this thread). */
  workers?: number;
  onProgress?: (p: { task: string; done: number; total: number }) => void;
  log?: (line: string) => void;
}

/**
 * Files that do not shape the world's content (exports, command line, config parsing, the baseline check): a change
 * there reuses files.
 */
const NOT_CONTENT = new Set(['index', 'command', 'config', 'esc50-baseline']);

/** Where the code fingerprint looks: this package's code and data, and the shared plumbing it runs on. */
export interface CodeRoots {
  /** This package's code (src/ or dist/): its .ts/.js files, specs, declarations and NOT_CONTENT excluded. */
  code: string;
  /** This package's data files (the lexicon's words): every file. */
  data: string;
  /** @zsaudit/core's code (src/ or dist/, whichever runs), specs and declarations excluded. */
  core: string;
}

export const CODE_ROOTS: CodeRoots = { code: __dirname, data: DATA_DIR, core: CORE_CODE_DIR };

const isSource = (rel: string) => /\.(ts|js)$/.test(rel) && !/\.spec\.|\.d\.ts$/.test(rel);

/**
 * Hash of everything that shapes the world: this package's code and data and the code of @zsaudit/core, so a
 * changed synthesizer, word list or writer never reuses old files. NOT_CONTENT is matched at the top of the code
 * root only (a folder's own index.ts, such as the recipes', does shape the world).
 */
export function codeFingerprint(roots: CodeRoots = CODE_ROOTS): string {
  return sha256(
    [
      sourceFingerprint([roots.code], {
        include: (rel) => isSource(rel) && !NOT_CONTENT.has(rel.replace(/\.(ts|js)$/, '')),
      }),
      sourceFingerprint([roots.data], { include: () => true }),
      sourceFingerprint([roots.core]),
    ].join('\n'),
  );
}

/**
 * Renders audio jobs on worker threads, in a fixed assignment order; results are keyed by job, so order never
 * matters. `onDone` runs on this thread (it writes the file); its error ends the run.
 */
async function renderAll(
  requests: RenderRequest[],
  workers: number,
  onDone: (r: RenderResult) => void,
): Promise<void> {
  if (workers === 0 || requests.length === 0) {
    for (const req of requests) {
      onDone(renderJob(req));
      // Lets a signal in: rendering in this thread would otherwise hold the event loop until the last clip.
      await yieldToSignals();
    }
    return;
  }
  const queue = [...requests];
  const pool = Array.from({ length: Math.min(workers, requests.length) }, () =>
    startWorker(__dirname, 'render-worker'),
  );
  try {
    await Promise.all(
      pool.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              const next = queue.shift();
              if (next) w.postMessage(next);
              else resolve();
            };
            w.on('message', (r: RenderResult) => {
              if (r.error) return reject(new Error(`rendering ${r.file} failed: ${r.error}`));
              try {
                onDone(r);
              } catch (err) {
                return reject(err as Error);
              }
              feed();
            });
            w.on('error', reject);
            w.on('exit', (code) => reject(new Error(`a render thread stopped (exit code ${code})`)));
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** The progress record is rewritten at most this often (and when the run is interrupted or fails). */
const PROGRESS_EVERY_MS = 10_000;

/**
 * Generates the world into `out`: every text file in its dataset's format, then every audio file. The folder is
 * locked for the run (a second generation into it refuses, naming this one). A file that a previous run of the
 * same generator and code made from the same source is kept when its content still matches its record (hashed
 * through the content-hash cache, so a file edited by hand is made again). Files are written atomically, by this
 * thread; `world.json` (every file's size and sha256) is removed before the first change and written last, so a
 * folder with `world.json` always holds a complete world. Meanwhile `world.partial.json` records what is done, so
 * an interrupted run (Ctrl-C, SIGTERM, an error; at worst the last 10 s of a killed one) resumes where it stopped.
 */
export async function generateWorld(opts: GenerateOptions): Promise<WorldManifest> {
  const out = path.resolve(opts.out);
  const st = fs.statSync(out, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new Error(`${out}: not a folder (the world is written into a folder)`);
  const lock = acquireLock(out, { command: `zsaudit world (seed ${opts.seed}, ${opts.profile.name})` });
  try {
    const removed = removeStaleTemps(out);
    if (removed > 0) opts.log?.(`world: removed ${removed} temp file(s) of an interrupted run`);
    return await generateLocked(out, opts);
  } finally {
    lock.release();
  }
}

async function generateLocked(out: string, opts: GenerateOptions): Promise<WorldManifest> {
  const log = opts.log ?? (() => undefined);
  const p = opts.profile;
  const code = codeFingerprint();
  const previous = readManifestIfAny(out);
  const partial = readProgressIfAny(out);
  // Files of this generator and code (a partial run's are newer than the last complete one's), and every file
  // any earlier run wrote here, for removing those the new world no longer has.
  const reusable: Record<string, FileEntry> = {};
  const written = new Set<string>(partial?.written ?? []);
  for (const record of [previous, partial]) {
    if (!record) continue;
    for (const file of Object.keys(record.files)) written.add(file);
    if (record.generator === GENERATOR_VERSION && record.code === code) Object.assign(reusable, record.files);
  }
  const kept = (file: string, source: string): FileEntry | null => {
    const entry = reusable[file];
    return entry && entry.source === source && intact(out, file, entry) ? entry : null;
  };

  const plan = planWorld(opts.seed, p);
  const corpus = textCorpus(createRng(opts.seed, 'textcorpus'), p.textSentences);
  const texts: TextFile[] = worldTextFiles(plan, opts.seed, p.name, corpus);
  const files: Record<string, FileEntry> = {};
  const textTodo: TextFile[] = [];
  for (const t of texts) {
    const source = sha256(t.content);
    const entry = kept(t.file, source);
    if (entry) files[t.file] = entry;
    else textTodo.push(t);
  }
  const sourceOf = (job: AudioJob) =>
    sha256(JSON.stringify({ seed: opts.seed, rate: p.sampleRate, stream: job.stream, scene: job.scene }));
  const todo: RenderRequest[] = [];
  plan.audio.forEach((job, id) => {
    const entry = kept(job.file, sourceOf(job));
    if (entry) files[job.file] = entry;
    else todo.push({ id, seed: opts.seed, sampleRate: p.sampleRate, job });
  });
  log(
    `world: ${plan.audio.length} audio files, ${plan.audio.length - todo.length} reused, ${todo.length} to render`,
  );
  const manifestOf = (): WorldManifest => ({
    schema: 'zsaudit.soundworld/1',
    generator: GENERATOR_VERSION,
    code,
    seed: opts.seed,
    profile: p,
    counts: {
      esc50: plan.esc50.length,
      clotho: plan.clotho.length,
      audiocaps: plan.audiocaps.length,
      fsd50k: plan.fsd50k.length,
      macs: plan.macs.length,
      audioset: plan.audioset.length,
      textSentences: corpus.length,
      audioFiles: plan.audio.length,
    },
    files: sortedFiles(files),
  });
  const stale = () => [...written].filter((f) => !(f in files));
  const manifestFile = path.join(out, MANIFEST_FILE);
  const progressFile = path.join(out, PARTIAL_FILE);

  // Already complete: nothing is written, so a reader never sees the folder without its world.json.
  if (previous && !partial && textTodo.length === 0 && todo.length === 0 && stale().length === 0) {
    const manifest = manifestOf();
    if (fs.readFileSync(manifestFile, 'utf8') === JSON.stringify(manifest, null, 1) + '\n') return manifest;
  }

  const saveProgress = () =>
    writeRecord(out, PARTIAL_FILE, {
      schema: 'zsaudit.soundworld.partial/1',
      generator: GENERATOR_VERSION,
      code,
      files: sortedFiles({ ...files }),
      written: [...new Set([...written, ...Object.keys(files)])].sort(),
    });
  fs.mkdirSync(out, { recursive: true });
  saveProgress();
  fs.rmSync(manifestFile, { force: true });
  // Signals are handled between two writes of this thread: the record then names every file written so far.
  const unregister = onInterrupt(saveProgress);
  let lastSave = Date.now();
  const record = (file: string, entry: FileEntry) => {
    files[file] = entry;
    written.add(file);
    if (Date.now() - lastSave > PROGRESS_EVERY_MS) {
      saveProgress();
      lastSave = Date.now();
    }
  };
  try {
    for (const t of textTodo) {
      writeFileAtomic(path.join(out, t.file), t.content);
      const source = sha256(t.content);
      record(t.file, { bytes: Buffer.byteLength(t.content), sha256: source, source });
    }
    const total = todo.length;
    let done = 0;
    await renderAll(todo, opts.workers ?? Math.min(8, os.cpus().length), (r) => {
      writeFileAtomic(path.join(out, r.file), r.wav);
      record(r.file, { bytes: r.wav.length, sha256: r.sha256, source: sourceOf(plan.audio[r.id]) });
      done++;
      if (done % 25 === 0 || done === total) opts.onProgress?.({ task: 'world audio', done, total });
    });
    // Files of an earlier, different world in the same folder would mislead the loaders: remove them.
    for (const file of stale()) {
      const abs = worldPath(out, file);
      if (abs && !fs.lstatSync(abs, { throwIfNoEntry: false })?.isDirectory())
        fs.rmSync(abs, { force: true });
    }
    const manifest = manifestOf();
    writeRecord(out, MANIFEST_FILE, manifest);
    fs.rmSync(progressFile, { force: true });
    return manifest;
  } catch (err) {
    saveProgress();
    throw err;
  } finally {
    unregister();
  }
}
