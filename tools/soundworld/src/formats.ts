import { stringify } from 'csv-stringify/sync';
import YAML from 'yaml';
import { ONTOLOGY, isEscOrSynonym, soundClass, type SoundClass } from './ontology';
import { inCleanAudioSet, type WorldPlan } from './plan';

/** A text file of the world: path relative to the world root, and its content. */
export interface TextFile {
  file: string;
  content: string;
}

const csv = (header: string[], rows: (string | number)[][]) => stringify([header, ...rows]);

/** AudioSet-style display name ("crying_baby" -> "Crying baby"). */
export const displayName = (c: SoundClass) =>
  c.name.charAt(0).toUpperCase() + c.name.slice(1).replace(/_/g, ' ');
/** An opaque machine id in the style of AudioSet's Freebase mids. */
export const mid = (c: SoundClass) => `/m/zsw${String(c.index).padStart(3, '0')}`;

/** ESC-50's meta/esc50.csv, sorted by file name as ESC-50 ships it. */
function esc50Files(plan: WorldPlan): TextFile[] {
  const rows = [...plan.esc50]
    .sort((a, b) => (a.filename < b.filename ? -1 : 1))
    .map((r) => [r.filename, r.fold, r.target, r.category, r.esc10 ? 'True' : 'False', r.src_file, r.take]);
  return [
    {
      file: 'esc50/meta/esc50.csv',
      content: csv(['filename', 'fold', 'target', 'category', 'esc10', 'src_file', 'take'], rows),
    },
  ];
}

function clothoFiles(plan: WorldPlan): TextFile[] {
  return (['development', 'evaluation'] as const).map((split) => ({
    file: `clotho/clotho_captions_${split}.csv`,
    content: csv(
      ['file_name', 'caption_1', 'caption_2', 'caption_3', 'caption_4', 'caption_5'],
      plan.clotho.filter((c) => c.split === split).map((c) => [c.file_name, ...c.captions]),
    ),
  }));
}

function audioCapsFiles(plan: WorldPlan): TextFile[] {
  return (['train', 'val', 'test'] as const).map((split) => ({
    file: `audiocaps/${split}.csv`,
    content: csv(
      ['audiocap_id', 'youtube_id', 'start_time', 'caption'],
      plan.audiocaps
        .filter((c) => c.split === split)
        .map((c) => [c.audiocap_id, c.youtube_id, c.start_time, c.caption]),
    ),
  }));
}

/** FSD50K's ground truth CSVs (labels as display names with underscores, mids) and clip-info JSONs. */
function fsd50kFiles(plan: WorldPlan): TextFile[] {
  const out: TextFile[] = [];
  for (const group of ['dev', 'eval'] as const) {
    const clips = plan.fsd50k.filter((c) => c.group === group);
    const labels = (c: (typeof clips)[number]) =>
      c.classes.map((n) => displayName(soundClass(n)).replace(/ /g, '_')).join(',');
    const mids = (c: (typeof clips)[number]) => c.classes.map((n) => mid(soundClass(n))).join(',');
    out.push({
      file: `fsd50k/ground_truth/${group}.csv`,
      content:
        group === 'dev'
          ? csv(
              ['fname', 'labels', 'mids', 'split'],
              clips.map((c) => [c.fname, labels(c), mids(c), c.split]),
            )
          : csv(
              ['fname', 'labels', 'mids'],
              clips.map((c) => [c.fname, labels(c), mids(c)]),
            ),
    });
    const info: Record<string, unknown> = {};
    for (const c of clips) {
      info[String(c.fname)] = {
        title: c.title,
        description: c.description,
        tags: c.tags,
        license: 'http://creativecommons.org/licenses/by/3.0/',
        uploader: c.uploader,
      };
    }
    out.push({
      file: `fsd50k/metadata/${group}_clips_info_FSD50K.json`,
      content: JSON.stringify(info, null, 1) + '\n',
    });
  }
  return out;
}

function macsFiles(plan: WorldPlan): TextFile[] {
  const doc = { files: plan.macs.map((m) => ({ filename: m.filename, annotations: m.annotations })) };
  return [{ file: 'macs/MACS.yaml', content: YAML.stringify(doc, { indentSeq: false }) }];
}

/**
 * AudioSet's layout in two label versions: `dirty/` labels every class; `clean/` keeps only clips none of whose
 * labels is an ESC-50 class or a synonym's class, and drops those classes from the label index.
 */
function audioSetFiles(plan: WorldPlan, seed: number, profileName: string): TextFile[] {
  const out: TextFile[] = [];
  for (const version of ['dirty', 'clean'] as const) {
    const classes = version === 'dirty' ? ONTOLOGY : ONTOLOGY.filter((c) => !isEscOrSynonym(c));
    const segs = plan.audioset.filter((s) => version === 'dirty' || inCleanAudioSet(s.classes));
    const positives = segs.reduce((n, s) => n + s.classes.length, 0);
    const unique = new Set(segs.flatMap((s) => s.classes)).size;
    const lines = [
      `# Segments csv created by zsaudit soundworld (seed ${seed}, size ${profileName}, ${version} labels)`,
      `# num_ytids=${segs.length}, num_segs=${segs.length}, num_unique_labels=${unique}, num_positive_labels=${positives}`,
      '# YTID, start_seconds, end_seconds, positive_labels',
      ...segs.map(
        (s) =>
          `${s.ytid}, ${s.start.toFixed(3)}, ${s.end.toFixed(3)}, "${s.classes.map((n) => mid(soundClass(n))).join(',')}"`,
      ),
    ];
    out.push({ file: `audioset/${version}/balanced_train_segments.csv`, content: lines.join('\n') + '\n' });
    out.push({
      file: `audioset/${version}/class_labels_indices.csv`,
      content: csv(
        ['index', 'mid', 'display_name'],
        classes.map((c, i) => [i, mid(c), displayName(c)]),
      ),
    });
  }
  return out;
}

/** The ontology itself, for users and tests: class, family, group, ESC-50 target, synonym of. */
function ontologyFile(): TextFile {
  return {
    file: 'ontology.csv',
    content: csv(
      ['index', 'name', 'family', 'group', 'esc50_target', 'synonym_of', 'mid', 'display_name'],
      ONTOLOGY.map((c) => [
        c.index,
        c.name,
        c.family,
        c.group,
        c.esc50Target ?? '',
        c.synonymOf ?? '',
        mid(c),
        displayName(c),
      ]),
    ),
  };
}

/** Every text file of the world (metadata and captions in each dataset's real format). */
export function worldTextFiles(
  plan: WorldPlan,
  seed: number,
  profileName: string,
  corpus: string[],
): TextFile[] {
  return [
    ontologyFile(),
    ...esc50Files(plan),
    ...clothoFiles(plan),
    ...audioCapsFiles(plan),
    ...fsd50kFiles(plan),
    ...macsFiles(plan),
    ...audioSetFiles(plan, seed, profileName),
    { file: 'textcorpus/corpus.txt', content: corpus.join('\n') + '\n' },
  ];
}
