import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { confusionSvg, esc50Baseline } from './esc50-baseline';
import { CODE_ROOTS, codeFingerprint, generateWorld, MANIFEST_FILE, PARTIAL_FILE } from './generate';
import { ONTOLOGY, isEscOrSynonym } from './ontology';
import { MICRO_WORLD, profile } from './profiles';
import { readWorldManifest } from './world-files';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-world-'));
// The content-hash cache of this run's files, kept out of the user's cache.
process.env.ZSAUDIT_CACHE_DIR = path.join(tmp, 'cache');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** sha256 over every file's relative path and bytes, in path order: the identity of a generated tree. */
function treeHash(root: string): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else h.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p));
    }
  };
  walk(root);
  return h.digest('hex');
}

const tiny = profile('tiny');

describe('generateWorld', () => {
  const a = path.join(tmp, 'a');
  const lines: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    await generateWorld({ seed: 7, profile: tiny, out: a, workers: 2, log: (l) => lines.push(l) });
    const bytes =
      fs.readdirSync(a).length && JSON.parse(fs.readFileSync(path.join(a, MANIFEST_FILE), 'utf8'));
    const total = Object.values(bytes.files as Record<string, { bytes: number }>).reduce(
      (n, f) => n + f.bytes,
      0,
    );
    console.log(
      `tiny world: ${((Date.now() - started) / 1000).toFixed(1)} s, ${(total / 2 ** 20).toFixed(1)} MiB`,
    );
  });

  it('is byte-identical for a seed, whatever the number of workers', async () => {
    const b = path.join(tmp, 'b');
    await generateWorld({ seed: 7, profile: tiny, out: b, workers: 0 });
    expect(treeHash(b)).toBe(treeHash(a));
    const c = path.join(tmp, 'c');
    await generateWorld({ seed: 8, profile: tiny, out: c, workers: 2 });
    expect(treeHash(c)).not.toBe(treeHash(a));
  });

  it('records every file with its size and hash, and reuses intact files on a rerun', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(a, MANIFEST_FILE), 'utf8'));
    for (const [file, entry] of Object.entries(
      manifest.files as Record<string, { bytes: number; sha256: string }>,
    )) {
      const data = fs.readFileSync(path.join(a, file));
      expect(data.length).toBe(entry.bytes);
      expect(createHash('sha256').update(data).digest('hex')).toBe(entry.sha256);
    }
    const wavs = Object.keys(manifest.files).filter((f) => f.endsWith('.wav'));
    const before = treeHash(a);
    fs.rmSync(path.join(a, wavs[0]));
    fs.writeFileSync(path.join(a, wavs[1]), 'corrupt');
    // Edited by hand with its size and mtime kept: only its content tells, and it is made again.
    const edited = path.join(a, wavs[2]);
    const st = fs.statSync(edited);
    const bytes = fs.readFileSync(edited);
    bytes[1000] ^= 0xff;
    fs.writeFileSync(edited, bytes);
    fs.utimesSync(edited, st.atime, st.mtime);
    const csv = path.join(a, 'esc50/meta/esc50.csv');
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('A-', 'B-'));
    const log: string[] = [];
    await generateWorld({ seed: 7, profile: tiny, out: a, workers: 2, log: (l) => log.push(l) });
    expect(log.join('\n')).toContain(`${wavs.length - 3} reused, 3 to render`);
    expect(treeHash(a)).toBe(before);
    // Nothing changed: nothing is written, world.json included.
    const mtime = fs.statSync(path.join(a, MANIFEST_FILE)).mtimeMs;
    await generateWorld({ seed: 7, profile: tiny, out: a, workers: 2, log: (l) => log.push(l) });
    expect(log.at(-1)).toContain(`${wavs.length} reused, 0 to render`);
    expect(fs.statSync(path.join(a, MANIFEST_FILE)).mtimeMs).toBe(mtime);
  });

  it('writes each dataset in its real layout', () => {
    const esc = fs.readFileSync(path.join(a, 'esc50/meta/esc50.csv'), 'utf8').trim().split('\n');
    expect(esc[0]).toBe('filename,fold,target,category,esc10,src_file,take');
    expect(esc).toHaveLength(1 + 50 * tiny.esc50.clipsPerClass);
    expect(new Set(esc.slice(1).map((l) => l.split(',')[1]))).toEqual(new Set(['1', '2', '3', '4', '5']));
    for (const line of esc.slice(1)) {
      const [filename, fold, target] = line.split(',');
      expect(filename).toMatch(new RegExp(`^${fold}-\\d{6}-A-${target}\\.wav$`));
      expect(fs.existsSync(path.join(a, 'esc50/audio', filename))).toBe(true);
    }
    for (const f of [
      'clotho/clotho_captions_development.csv',
      'clotho/clotho_captions_evaluation.csv',
      'audiocaps/train.csv',
      'audiocaps/val.csv',
      'audiocaps/test.csv',
      'fsd50k/ground_truth/dev.csv',
      'fsd50k/ground_truth/eval.csv',
      'fsd50k/metadata/dev_clips_info_FSD50K.json',
      'fsd50k/metadata/eval_clips_info_FSD50K.json',
      'macs/MACS.yaml',
      'audioset/dirty/balanced_train_segments.csv',
      'audioset/clean/class_labels_indices.csv',
      'textcorpus/corpus.txt',
      'ontology.csv',
    ]) {
      expect(fs.existsSync(path.join(a, f))).toBe(true);
    }
    const header = fs
      .readFileSync(path.join(a, 'audioset/dirty/balanced_train_segments.csv'), 'utf8')
      .split('\n');
    expect(header[2]).toBe('# YTID, start_seconds, end_seconds, positive_labels');
    expect(header[3]).toMatch(/^[A-Za-z0-9_-]{11}, \d+\.000, \d+\.000, "\/m\/zsw\d{3}(,\/m\/zsw\d{3})*"$/);
  });

  it("removes ESC-50 classes and their synonyms' classes from the clean AudioSet labels", () => {
    const read = (v: string) =>
      fs
        .readFileSync(path.join(a, `audioset/${v}/class_labels_indices.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
    const escNames = ONTOLOGY.filter(isEscOrSynonym).length;
    expect(read('dirty')).toHaveLength(ONTOLOGY.length);
    expect(read('clean')).toHaveLength(ONTOLOGY.length - escNames);
    const cleanMids = new Set(read('clean').map((l) => l.split(',')[1]));
    const segs = fs
      .readFileSync(path.join(a, 'audioset/clean/balanced_train_segments.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(3);
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) for (const m of s.split('"')[1].split(',')) expect(cleanMids.has(m)).toBe(true);
    const dirty = fs
      .readFileSync(path.join(a, 'audioset/dirty/balanced_train_segments.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(3);
    expect(dirty.length).toBeGreaterThan(segs.length);
  });

  it('has an ESC-50-like set that a simple baseline learns well above chance and well below perfect', () => {
    const r = esc50Baseline(path.join(a, 'esc50'));
    console.log(
      `tiny world ESC-50 baseline (log-mel stats + nearest centroid, 5-fold CV): accuracy ${r.accuracy.toFixed(3)}, ` +
        `within-family share of errors ${r.withinFamilyShare.toFixed(3)} (${r.errors} errors)`,
    );
    expect(r.clips).toBe(50 * tiny.esc50.clipsPerClass);
    expect(r.accuracy).toBeGreaterThan(0.2);
    expect(r.accuracy).toBeLessThan(0.9);
    expect(r.withinFamilyShare).toBeGreaterThan(0.3);
    expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(r.clips);
    const svg = confusionSvg(r, 'tiny world');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>crying_baby</text>');
    const escFamilies = new Set(ONTOLOGY.filter((c) => c.esc50Target !== null).map((c) => c.family));
    expect(svg.match(/stroke="#c00"/g)).toHaveLength(escFamilies.size);
  });
});

describe('an interrupted generation', () => {
  it('leaves no world.json (not even the previous one), and the next run resumes to the same world', async () => {
    const fresh = path.join(tmp, 'micro-fresh');
    await generateWorld({ seed: 2, profile: MICRO_WORLD, out: fresh, workers: 0 });
    const dir = path.join(tmp, 'micro-rerun');
    await generateWorld({ seed: 1, profile: MICRO_WORLD, out: dir, workers: 0 });
    expect(readWorldManifest(dir).seed).toBe(1);
    // Another seed over the complete world, failing after 25 clips (a full disk, a bug, Ctrl-C alike).
    const failing = generateWorld({
      seed: 2,
      profile: MICRO_WORLD,
      out: dir,
      workers: 0,
      onProgress: ({ done }) => {
        if (done === 25) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(fs.existsSync(path.join(dir, MANIFEST_FILE))).toBe(false);
    expect(() => readWorldManifest(dir)).toThrow(
      `${dir}: no complete world (world.json missing, ${PARTIAL_FILE} present: its generation was interrupted)`,
    );
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    const log: string[] = [];
    await generateWorld({ seed: 2, profile: MICRO_WORLD, out: dir, workers: 0, log: (l) => log.push(l) });
    expect(log.join('\n')).toMatch(/^world: \d+ audio files, 25 reused, \d+ to render$/);
    expect(fs.existsSync(path.join(dir, PARTIAL_FILE))).toBe(false);
    // The seed-1 clips the seed-2 world does not have are gone too.
    expect(treeHash(dir)).toBe(treeHash(fresh));
  });
});

describe('codeFingerprint', () => {
  /** A copy of a root under a fresh folder, keeping its own name (the fingerprint hashes root names). */
  const copyOf = (dir: string, tag: string) => {
    const to = path.join(tmp, `fingerprint-${tag}`, path.basename(dir));
    fs.cpSync(dir, to, { recursive: true });
    return to;
  };
  // Taken just before each test's copies, not when the file is collected: the sources may be edited meanwhile.
  let base = '';
  beforeEach(() => (base = codeFingerprint()));

  it('changes when a data file changes', () => {
    const data = copyOf(CODE_ROOTS.data, 'data');
    expect(codeFingerprint({ ...CODE_ROOTS, data })).toBe(base);
    fs.appendFileSync(path.join(data, 'lexicon.json'), ' ');
    expect(codeFingerprint({ ...CODE_ROOTS, data })).not.toBe(base);
    const added = copyOf(CODE_ROOTS.data, 'added');
    fs.writeFileSync(path.join(added, 'more.json'), '{}\n');
    expect(codeFingerprint({ ...CODE_ROOTS, data: added })).not.toBe(base);
  });

  it("changes with the code that shapes the world, a folder's index included, and with @zsaudit/core", () => {
    const code = copyOf(CODE_ROOTS.code, 'code');
    expect(codeFingerprint({ ...CODE_ROOTS, code })).toBe(base);
    const ext = path.extname(__filename);
    fs.appendFileSync(path.join(code, `index${ext}`), '\n');
    expect(codeFingerprint({ ...CODE_ROOTS, code })).toBe(base);
    fs.appendFileSync(path.join(code, 'audio', 'recipes', `index${ext}`), '\n');
    expect(codeFingerprint({ ...CODE_ROOTS, code })).not.toBe(base);
    const core = copyOf(CODE_ROOTS.core, 'core');
    expect(codeFingerprint({ ...CODE_ROOTS, core })).toBe(base);
    const file = fs.readdirSync(core).find((f) => /^files\.(ts|js)$/.test(f)) ?? 'files.ts';
    fs.appendFileSync(path.join(core, file), '\n');
    expect(codeFingerprint({ ...CODE_ROOTS, core })).not.toBe(base);
  });
});
