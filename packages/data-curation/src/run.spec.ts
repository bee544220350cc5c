/**
 * The stage run in-process on a tiny study: the v2 contract (portable paths, audio hashes) read back through the
 * exported readers, the output set (all-or-nothing, locked, never over an input) and content identity.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RecordBatch, Schema, Table } from 'apache-arrow';
import {
  LockHeldError,
  OUTPUT_SET_MARKER,
  readArrowFile,
  readOutputSet,
  SCHEMA_ID_KEY,
  sha256,
  StagedOutput,
  writeArrowFile,
} from '@zsaudit/core';
import { CURATED_CLIPS_SCHEMA_ID, ESC50_SCHEMA_ID, EXCLUDED_SCHEMA_ID, PATHS_BASE_KEY } from './arrow/tables';
import { readCuratedClips, readEsc50Manifest } from './manifests';
import { runCuration } from './run';
import { fixtureTrees } from './testing/fixtures';
import { folderState, writeStudy } from './testing/study';

const { tmp } = fixtureTrees('curation-run');
let studies = 0;

/** A fresh tiny study and its output folder `<study>/out/curation`. */
function study(extra: Record<string, string> = {}) {
  const root = path.join(tmp, `study${studies++}`);
  const config = writeStudy(root, extra);
  return { root, config, out: path.join(root, 'out/curation') };
}

describe('runCuration: the v2 contract', () => {
  it('records paths relative to the config folder, the base in the metadata, and each clip’s audio hash', async () => {
    const s = study();
    const summary = await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const dirty = readArrowFile(path.join(s.out, 'clotho.development.dirty.arrow'), CURATED_CLIPS_SCHEMA_ID);
    expect(dirty.schema.metadata.get(PATHS_BASE_KEY)).toBe('../..');
    expect(dirty.toArray().map((r) => [r!.audio_path, r!.audio_sha256, r!.source_file])).toEqual(
      ['a', 'b', 'c'].map((n) => [
        `audio/development/${n}.wav`,
        sha256(`RIFF-${n}`),
        'captions/clotho_captions_development.csv',
      ]),
    );
    const esc = readArrowFile(path.join(s.out, 'esc50.arrow'), ESC50_SCHEMA_ID);
    expect(esc.toArray().map((r) => [r!.path, r!.audio_sha256])).toEqual([
      ['esc50/audio/1-1-A-0.wav', sha256('RIFF-dog')],
      ['esc50/audio/1-2-A-1.wav', sha256('RIFF-rooster')],
    ]);
    expect(summary).toMatchObject({
      schema: 'zsaudit.curation.summary/3',
      pathsBase: '../..',
      esc50: { root: 'esc50', clips: 2 },
      corpora: { clotho: { files: ['captions/clotho_captions_development.csv'] } },
    });

    const clips = readCuratedClips(path.join(s.out, 'clotho.development.dirty.arrow'));
    expect(clips.clips.map((c) => [c.id, c.audioPath, c.audioSha256, c.texts[0]])).toEqual(
      ['a', 'b', 'c'].map((n, i) => [
        `clotho:development:${n}.wav`,
        path.join(s.root, `audio/development/${n}.wav`),
        sha256(`RIFF-${n}`),
        {
          id: `clotho:development:${n}.wav#caption_1`,
          text: ['A dog barks.', 'Rain on a roof.', 'Steps in a hall.'][i],
        },
      ]),
    );
    const manifest = readEsc50Manifest(path.join(s.out, 'esc50.arrow'));
    expect(manifest.labels).toHaveLength(50);
    expect(manifest.labels.slice(0, 2)).toEqual(['dog', 'rooster']);
    expect(manifest.clips[1]).toEqual({
      id: 'esc50:test:1-2-A-1.wav',
      path: path.join(s.root, 'esc50/audio/1-2-A-1.wav'),
      audioSha256: sha256('RIFF-rooster'),
      fold: 2,
      target: 1,
      category: 'rooster',
    });
  });

  it('writes exclusions with the file relative to the base folder', async () => {
    const s = study({
      'captions/clotho_captions_development.csv':
        'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\n../../x.wav,One.,Two.,Three.,Four.,Five.\n',
    });
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const excluded = readArrowFile(path.join(s.out, 'clotho.excluded.arrow'), EXCLUDED_SCHEMA_ID);
    expect(excluded.toArray().map((r) => [r!.file, r!.row, r!.reason])).toEqual([
      ['captions/clotho_captions_development.csv', 2, 'path-outside-root'],
    ]);
  });

  it('resolves in a copy of the study folder made elsewhere (another clone, another machine)', async () => {
    const s = study();
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const moved = path.join(tmp, 'moved', 'elsewhere');
    fs.cpSync(s.root, moved, { recursive: true });
    fs.rmSync(s.root, { recursive: true });
    const clips = readCuratedClips(path.join(moved, 'out/curation/clotho.development.dirty.arrow'));
    for (const c of clips.clips) {
      expect(c.audioPath!.startsWith(moved + path.sep)).toBe(true);
      expect(sha256(fs.readFileSync(c.audioPath!))).toBe(c.audioSha256);
    }
    const esc = readEsc50Manifest(path.join(moved, 'out/curation/esc50.arrow'));
    expect(esc.clips.every((c) => fs.existsSync(c.path!) && c.path!.startsWith(moved))).toBe(true);
  });

  it('gives a clip a new audio hash when its file gets new bytes under the same name', async () => {
    const s = study();
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const file = path.join(s.out, 'clotho.development.dirty.arrow');
    const before = readCuratedClips(file).clips.map((c) => c.audioSha256);
    fs.writeFileSync(path.join(s.root, 'audio/development/b.wav'), 'RIFF-B');
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const after = readCuratedClips(file).clips.map((c) => c.audioSha256);
    expect(after).toEqual([before[0], sha256('RIFF-B'), before[2]]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('readers refuse a table replaced after the run, an incomplete set and the old schema, naming the file', async () => {
    const s = study();
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const file = path.join(s.out, 'clotho.development.dirty.arrow');
    const table = readArrowFile(file);
    writeArrowFile(file, table.slice(0, 1));
    expect(() => readCuratedClips(file)).toThrow(`${file}: changed after the curation run`);
    fs.rmSync(path.join(s.out, OUTPUT_SET_MARKER));
    expect(() => readEsc50Manifest(path.join(s.out, 'esc50.arrow'))).toThrow(
      /no complete curation output .*missing/,
    );
    // A complete set holding a table of the first contract (absolute paths, no audio hash).
    const old = path.join(tmp, `old${studies}`);
    const staged = StagedOutput.begin(old, 'curation');
    const v1 = new Schema(table.schema.fields, new Map([[SCHEMA_ID_KEY, 'zsaudit.curation.clips/1']]));
    writeArrowFile(
      staged.path('x.dirty.arrow'),
      new Table(
        v1,
        table.batches.map((b) => new RecordBatch(v1, b.data)),
      ),
    );
    staged.commit();
    expect(() => readCuratedClips(path.join(old, 'x.dirty.arrow'))).toThrow(
      `${path.join(old, 'x.dirty.arrow')}: expected schema zsaudit.curation.clips/2, found zsaudit.curation.clips/1`,
    );
  });
});

describe('runCuration: the output set', () => {
  it('a run that fails part-way leaves the previous set exactly as it was, and no staging behind', async () => {
    const s = study();
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const before = folderState(s.out);
    // Another strictness (every table would differ) and a second corpus whose input is missing: the run stages
    // ESC-50 and Clotho, then fails.
    const broken = {
      ...s.config,
      strictness: 'exact' as const,
      corpora: [...s.config.corpora, { corpus: 'macs' as const, input: 'absent', audio: null }],
    };
    await expect(runCuration(broken, { outDir: s.out, baseDir: s.root })).rejects.toThrow(
      /absent: MACS annotation file not found/,
    );
    expect(folderState(s.out)).toEqual(before);
    expect(fs.existsSync(`${s.out}.lock`)).toBe(false);
    expect(readOutputSet(s.out, 'curation').files).toHaveProperty(['clotho.development.dirty.arrow']);
  });

  it('a caption file that breaks part-way, after its tables were opened, leaves no temp file or table behind', async () => {
    const s = study();
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
    const before = folderState(s.out);
    // Rows stream into the split's tables (more than a batch of clips) before the reader meets the quote that
    // is never closed.
    const rows = Array.from({ length: 3000 }, (_, i) => `r${i}.wav,A dog barks.,Rain.,Wind.,Steps.,Birds.`);
    fs.writeFileSync(
      path.join(s.root, 'captions/clotho_captions_development.csv'),
      [
        'file_name,caption_1,caption_2,caption_3,caption_4,caption_5',
        ...rows,
        '"broken,1,2,3,4,5',
        'x,1,2,3,4,5',
      ].join('\n'),
    );
    const textOnly = {
      ...s.config,
      corpora: [{ corpus: 'clotho' as const, input: 'captions', audio: null }],
    };
    await expect(runCuration(textOnly, { outDir: s.out, baseDir: s.root })).rejects.toThrow(
      /clotho_captions_development\.csv:3002: a quoted field opens on this line and is never closed/,
    );
    expect(folderState(s.out)).toEqual(before);
    // Nor an open file: the split's table writers were aborted, not just their folder removed.
    const openUnder = (dir: string) =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false;
        }
      });
    if (fs.existsSync('/proc/self/fd')) expect(openUnder(s.root)).toEqual([]);
    const leftovers = fs
      .readdirSync(s.root, { recursive: true, encoding: 'utf8' })
      .filter((n) => /\.zsaudit-(tmp|staging)/.test(n));
    expect(leftovers).toEqual([]);
  });

  it('drops files the new set no longer has', async () => {
    const s = study();
    await runCuration({ ...s.config, export: true }, { outDir: s.out, baseDir: s.root });
    expect(fs.existsSync(path.join(s.out, 'export/clotho/clotho_captions_development.csv'))).toBe(true);
    await runCuration({ ...s.config, esc50: undefined }, { outDir: s.out, baseDir: s.root });
    expect(Object.keys(folderState(s.out)).sort()).toEqual([
      OUTPUT_SET_MARKER,
      'clotho.development.clean.arrow',
      'clotho.development.dirty.arrow',
      'clotho.development.leaks.arrow',
      'clotho.excluded.arrow',
      'curation-summary.json',
    ]);
  });

  it('refuses while another writer holds the folder, naming it', async () => {
    const s = study();
    const holder = StagedOutput.begin(s.out, 'curation');
    try {
      await expect(runCuration(s.config, { outDir: s.out, baseDir: s.root })).rejects.toThrow(LockHeldError);
      await expect(runCuration(s.config, { outDir: s.out, baseDir: s.root })).rejects.toThrow(
        `${s.out} is being written by pid ${process.pid}`,
      );
    } finally {
      holder.abort();
    }
    await runCuration(s.config, { outDir: s.out, baseDir: s.root });
  });

  it('refuses an output or export folder that is, or lies inside, an input, and writes nothing', async () => {
    const s = study();
    const wav = path.join(s.root, 'audio/development/a.wav');
    const before = folderState(s.root);
    for (const [outDir, message] of [
      [wav, `the output folder (--out) ${wav} is inside the input ${path.join(s.root, 'audio')}`],
      [
        path.join(s.root, 'captions'),
        `the output folder (--out) ${path.join(s.root, 'captions')} is the input`,
      ],
      [path.join(s.root, 'esc50/meta/new'), 'is inside the input'],
    ]) {
      await expect(runCuration(s.config, { outDir, baseDir: s.root })).rejects.toThrow(message);
    }
    await expect(
      runCuration(s.config, {
        outDir: s.out,
        baseDir: s.root,
        exportDir: path.join(s.root, 'audio/x'),
      }),
    ).rejects.toThrow(/the export folder \(--export\) .*audio\/x is inside the input/);
    expect(folderState(s.root)).toEqual(before);
  });

  it('writes an export folder outside the output folder as a set of its own, never over a source file', async () => {
    const s = study();
    const exportDir = path.join(tmp, `export${studies}`);
    const summary = await runCuration(s.config, { outDir: s.out, baseDir: s.root, exportDir });
    expect(readOutputSet(exportDir, 'curation-export').files).toHaveProperty([
      'clotho/clotho_captions_development.csv',
    ]);
    expect(summary.outputs).toContain(
      path.relative(s.out, path.join(exportDir, 'clotho/clotho_captions_development.csv')),
    );

    // The corpus input is <root>/clotho: exporting into <root> would put the clean file over it.
    const t = study({
      'clotho/clotho_captions_development.csv':
        'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\nb.wav,Rain.,Water.,Drops.,Wet.,Patter.\n',
    });
    const config = { ...t.config, corpora: [{ ...t.config.corpora[0], input: 'clotho' }] };
    const before = folderState(t.root);
    await expect(
      runCuration(config, {
        outDir: path.join(tmp, `out${studies}`),
        baseDir: t.root,
        exportDir: t.root,
      }),
    ).rejects.toThrow(/refusing to overwrite the source file .*clotho_captions_development\.csv/);
    expect(folderState(t.root)).toEqual(before);
  });
});
