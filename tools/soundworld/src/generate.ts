import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORE_CODE_DIR, sha256, sourceFingerprint, startWorker, writeFileAtomic } from '@zsaudit/core';
import { worldTextFiles, type TextFile } from './formats';
import { planWorld, type AudioJob } from './plan';
import type { WorldProfile } from './profiles';
import { renderJob, type RenderRequest, type RenderResult } from './render-worker';
import { DATA_DIR } from './package-root';
import { createRng } from './rng';
import { textCorpus } from './text/textcorpus';

/** Bump when the meaning of the world changes in a way the code fingerprint would not catch. */
export const GENERATOR_VERSION = 1;
export const MANIFEST_FILE = 'world.json';

export interface FileEntry {
  bytes: number;
  sha256: string;
  /** Hash of what the file is made from (scene, stream, seed, rate): a file is reused only if this matches. */
  source: string;
}

export interface WorldManifest {
  schema: 'zsaudit.soundworld/1';
  generator: number;
  /** Hash of the generator's own code and data (codeFingerprint), so a changed synthesizer never reuses old files. */
  code: string;
  seed: number;
  profile: WorldProfile;
  counts: Record<string, number>;
  files: Record<string, FileEntry>;
}

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

function readManifest(out: string): WorldManifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as WorldManifest;
  } catch {
    return null;
  }
}

/** True when `file` exists with the recorded size and content hash. */
function intact(out: string, file: string, entry: FileEntry | undefined): boolean {
  if (!entry) return false;
  const p = path.join(out, file);
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return !!st && st.size === entry.bytes && sha256(fs.readFileSync(p)) === entry.sha256;
}

/** Renders audio jobs on worker threads, in a fixed assignment order; results are keyed by job, so order never matters. */
async function renderAll(
  requests: RenderRequest[],
  workers: number,
  onDone: (r: RenderResult) => void,
): Promise<void> {
  if (workers === 0 || requests.length === 0) {
    for (const req of requests) onDone(renderJob(req));
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
              onDone(r);
              feed();
            });
            w.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Generates the world into `out`: every text file in its dataset's format, then every audio file. Files that a
 * previous run of the same generator, code, seed and profile left intact are kept; everything is written
 * atomically and the manifest (`world.json`, with every file's size and sha256) last, so an interrupted run
 * resumes where it stopped.
 */
export async function generateWorld(opts: GenerateOptions): Promise<WorldManifest> {
  const out = path.resolve(opts.out);
  const log = opts.log ?? (() => undefined);
  const p = opts.profile;
  const code = codeFingerprint();
  const previous = readManifest(out);
  const reusable =
    previous && previous.generator === GENERATOR_VERSION && previous.code === code ? previous.files : {};

  const plan = planWorld(opts.seed, p);
  const corpus = textCorpus(createRng(opts.seed, 'textcorpus'), p.textSentences);
  const texts: TextFile[] = worldTextFiles(plan, opts.seed, p.name, corpus);
  const files: Record<string, FileEntry> = {};
  for (const t of texts) {
    const source = sha256(t.content);
    const entry = reusable[t.file];
    if (!(entry && entry.source === source && intact(out, t.file, entry)))
      writeFileAtomic(path.join(out, t.file), t.content);
    files[t.file] = { bytes: Buffer.byteLength(t.content), sha256: source, source };
  }

  const sourceOf = (job: AudioJob) =>
    sha256(JSON.stringify({ seed: opts.seed, rate: p.sampleRate, stream: job.stream, scene: job.scene }));
  const todo: RenderRequest[] = [];
  plan.audio.forEach((job, id) => {
    const source = sourceOf(job);
    const entry = reusable[job.file];
    if (entry && entry.source === source && intact(out, job.file, entry)) files[job.file] = entry;
    else todo.push({ id, seed: opts.seed, sampleRate: p.sampleRate, out, job });
  });
  log(
    `world: ${plan.audio.length} audio files, ${plan.audio.length - todo.length} reused, ${todo.length} to render`,
  );
  const total = todo.length;
  let done = 0;
  await renderAll(todo, opts.workers ?? Math.min(8, os.cpus().length), (r) => {
    files[r.file] = { bytes: r.bytes, sha256: r.sha256, source: sourceOf(plan.audio[r.id]) };
    done++;
    if (done % 25 === 0 || done === total) opts.onProgress?.({ task: 'world audio', done, total });
  });

  // Files of an earlier, different world in the same folder would mislead the loaders: remove them.
  for (const stale of Object.keys(previous?.files ?? {})) {
    if (!(stale in files)) fs.rmSync(path.join(out, stale), { force: true });
  }
  const manifest: WorldManifest = {
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
    files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  writeFileAtomic(path.join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}
