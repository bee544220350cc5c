import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFixtureFiles } from '@zsaudit/testing';
import { curationConfigSchema, type CurationConfig } from '../config';

const CLOTHO_HEADER = 'file_name,caption_1,caption_2,caption_3,caption_4,caption_5\n';
const ESC50_HEADER = 'filename,fold,target,category,esc10,src_file,take\n';

/**
 * A tiny study folder as a user lays it out: a config, Clotho captions with audio (one clip leaks "dog"), and an
 * ESC-50 root with audio. Paths in the config are relative to its folder, as in a real study.
 */
export const STUDY_FILES: Record<string, string> = {
  'zsaudit.config.yaml': [
    'version: 1',
    'curation:',
    '  esc50: { root: esc50 }',
    '  corpora:',
    '    - { corpus: clotho, input: captions, audio: "audio/{split}" }',
    '',
  ].join('\n'),
  'captions/clotho_captions_development.csv':
    CLOTHO_HEADER +
    'a.wav,A dog barks.,Barking.,A hound.,Noise.,Sound.\n' +
    'b.wav,Rain on a roof.,Water.,Drops.,Wet.,Patter.\n' +
    'c.wav,Steps in a hall.,Walking.,Shoes.,Echo.,Floor.\n',
  'audio/development/a.wav': 'RIFF-a',
  'audio/development/b.wav': 'RIFF-b',
  'audio/development/c.wav': 'RIFF-c',
  'esc50/meta/esc50.csv': ESC50_HEADER + '1-1-A-0.wav,1,0,dog,True,1,A\n1-2-A-1.wav,2,1,rooster,False,2,A\n',
  'esc50/audio/1-1-A-0.wav': 'RIFF-dog',
  'esc50/audio/1-2-A-1.wav': 'RIFF-rooster',
};

/** Writes the tiny study under `root` and returns its config's `curation` section (defaults applied). */
export function writeStudy(root: string, extra: Record<string, string> = {}): CurationConfig {
  fs.mkdirSync(root, { recursive: true });
  writeFixtureFiles(root, { ...STUDY_FILES, ...extra });
  return curationConfigSchema.parse({
    esc50: { root: 'esc50' },
    corpora: [{ corpus: 'clotho', input: 'captions', audio: 'audio/{split}' }],
  });
}

/** Every file under `dir` (hidden ones too) with its bytes, by relative POSIX path: a whole output folder's state. */
export function folderState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  if (!fs.existsSync(dir)) return state;
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, rel);
    if (fs.statSync(p).isFile()) state[rel.split(path.sep).join('/')] = fs.readFileSync(p).toString('base64');
  }
  return state;
}
