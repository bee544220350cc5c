/**
 * The curated clips and leaks tables built batch by batch as a corpus streams through curation: each row's values
 * go straight into the column builders (core `Utf8ColumnBuilder`…), and `flush()` hands over one record batch's
 * columns for `ArrowFileWriter`, without an array of rows or of strings in between.
 */
import { makeData, type List, type Struct } from 'apache-arrow';
import { Int32ColumnBuilder, ListOffsetsBuilder, Utf8ColumnBuilder, type ColumnValues } from '@zsaudit/core';
import type { LeakRow } from '../curate';
import type { CaptionClip } from '../types';
import { relativeMemo } from './columns';
import { curatedClipsFields } from './tables';

const listType = (name: string) => curatedClipsFields.find((f) => f.name === name)!.type as List;
const TEXTS_TYPE = listType('texts');
const LEAKED_LABELS_TYPE = listType('leaked_labels');

/** Rows of `<corpus>.<split>.{dirty,clean}.arrow` (`curatedClipsFields`); paths written relative to `base`. */
export class ClipBatchBuilder {
  private readonly clipId = new Utf8ColumnBuilder('clip_id');
  private readonly corpus = new Utf8ColumnBuilder('corpus');
  private readonly split = new Utf8ColumnBuilder('split');
  private readonly sourceId = new Utf8ColumnBuilder('source_id');
  private readonly audioPath = new Utf8ColumnBuilder('audio_path', true);
  private readonly audioSha256 = new Utf8ColumnBuilder('audio_sha256', true);
  private readonly texts = new ListOffsetsBuilder();
  private readonly textField = new Utf8ColumnBuilder('field');
  private readonly textId = new Utf8ColumnBuilder('text_id');
  private readonly text = new Utf8ColumnBuilder('text');
  private readonly leakedLabels = new ListOffsetsBuilder();
  private readonly leakedLabel = new Utf8ColumnBuilder('item');
  private readonly sourceFile = new Utf8ColumnBuilder('source_file');
  private readonly sourceRow = new Int32ColumnBuilder('source_row');
  /** Portable paths, remembered by absolute path (core `portablePath`). */
  private readonly rel: (file: string | null) => string | null;

  constructor(base: string) {
    this.rel = relativeMemo(base);
  }

  get length(): number {
    return this.clipId.length;
  }

  append(clip: CaptionClip, leakedLabels: readonly string[] = []): void {
    this.clipId.append(clip.clipId);
    this.corpus.append(clip.corpus);
    this.split.append(clip.split);
    this.sourceId.append(clip.sourceId);
    this.audioPath.append(this.rel(clip.audioPath));
    this.audioSha256.append(clip.audioSha256);
    for (const t of clip.texts) {
      this.textField.append(t.field);
      this.textId.append(t.id);
      this.text.append(t.text);
    }
    this.texts.endList(this.text.length);
    for (const label of leakedLabels) this.leakedLabel.append(label);
    this.leakedLabels.endList(this.leakedLabel.length);
    this.sourceFile.append(this.rel(clip.source.file));
    this.sourceRow.append(clip.source.row);
  }

  /** The batch's columns, and an empty builder. */
  flush(): ColumnValues {
    const texts = this.texts.finish();
    const textsStruct = TEXTS_TYPE.children[0].type as Struct;
    const textChildren = [this.textField.finish(), this.textId.finish(), this.text.finish()];
    const labels = this.leakedLabels.finish();
    return {
      clip_id: this.clipId.finish(),
      corpus: this.corpus.finish(),
      split: this.split.finish(),
      source_id: this.sourceId.finish(),
      audio_path: this.audioPath.finish(),
      audio_sha256: this.audioSha256.finish(),
      texts: makeData({
        type: TEXTS_TYPE,
        length: texts.length,
        nullCount: 0,
        valueOffsets: texts.valueOffsets,
        child: makeData({
          type: textsStruct,
          length: textChildren[0].length,
          nullCount: 0,
          children: textChildren,
        }),
      }),
      leaked_labels: makeData({
        type: LEAKED_LABELS_TYPE,
        length: labels.length,
        nullCount: 0,
        valueOffsets: labels.valueOffsets,
        child: this.leakedLabel.finish(),
      }),
      source_file: this.sourceFile.finish(),
      source_row: this.sourceRow.finish(),
    };
  }
}

/** Rows of `<corpus>.<split>.leaks.arrow` (`leaksFields`). */
export class LeakBatchBuilder {
  private readonly clipId = new Utf8ColumnBuilder('clip_id');
  private readonly textId = new Utf8ColumnBuilder('text_id');
  private readonly field = new Utf8ColumnBuilder('field');
  private readonly label = new Utf8ColumnBuilder('label');
  private readonly target = new Int32ColumnBuilder('target');
  private readonly matched = new Utf8ColumnBuilder('matched');
  private readonly form = new Utf8ColumnBuilder('form');
  private readonly level = new Utf8ColumnBuilder('level');
  private readonly status = new Utf8ColumnBuilder('status');
  private readonly spanStart = new Int32ColumnBuilder('span_start');
  private readonly spanEnd = new Int32ColumnBuilder('span_end');

  get length(): number {
    return this.clipId.length;
  }

  append(l: LeakRow): void {
    this.clipId.append(l.clipId);
    this.textId.append(l.textId);
    this.field.append(l.field);
    this.label.append(l.label);
    this.target.append(l.target);
    this.matched.append(l.matched);
    this.form.append(l.form);
    this.level.append(l.level);
    this.status.append(l.status);
    this.spanStart.append(l.spanStart);
    this.spanEnd.append(l.spanEnd);
  }

  flush(): ColumnValues {
    return {
      clip_id: this.clipId.finish(),
      text_id: this.textId.finish(),
      field: this.field.finish(),
      label: this.label.finish(),
      target: this.target.finish(),
      matched: this.matched.finish(),
      form: this.form.finish(),
      level: this.level.finish(),
      status: this.status.finish(),
      span_start: this.spanStart.finish(),
      span_end: this.spanEnd.finish(),
    };
  }
}
