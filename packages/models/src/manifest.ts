import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { checkSafeName, resolveInside, sha256File, writeFileAtomic } from '@zsaudit/core';

/**
 * The backbone manifest: the public contract by which a user plugs a real CNN14 (a PANNs checkpoint exported to
 * ONNX), a real BERT (a standard transformer ONNX export) or any other model into the study. One JSON file beside
 * the ONNX file says what the model expects and gives.
 */

/** Log-mel front end settings (PANNs CNN14: 32 kHz, nFft 1024, hop 320, 64 mel bins, 50–14000 Hz). */
export const frontendSchema = z
  .object({
    nFft: z.number().int().positive(),
    hop: z.number().int().positive(),
    melBins: z.number().int().positive(),
    fMin: z.number().min(0),
    fMax: z.number().positive(),
  })
  .strict()
  .refine((f) => f.fMax > f.fMin, { message: 'fMax must exceed fMin' });

export const audioManifestSchema = z
  .object({
    modality: z.literal('audio'),
    /** Backbone name, used as its id in output paths (default: the manifest file's base name). */
    name: z.string().min(1).optional(),
    /** ONNX file, relative to the manifest. */
    onnx: z.string().min(1),
    /** `waveform`: input [batch, samples]; `logmel`: input [batch, frames, melBins]. */
    input: z.object({ name: z.string().min(1), kind: z.enum(['waveform', 'logmel']) }).strict(),
    output: z.object({ name: z.string().min(1), dim: z.number().int().positive().optional() }).strict(),
    sampleRate: z.number().int().min(8000).max(192000),
    clipSeconds: z.number().positive(),
    frontend: frontendSchema.optional(),
  })
  .strict()
  .refine((m) => m.input.kind === 'waveform' || m.frontend !== undefined, {
    message: 'a logmel input needs "frontend" settings',
    path: ['frontend'],
  });

export const textManifestSchema = z
  .object({
    modality: z.literal('text'),
    name: z.string().min(1).optional(),
    onnx: z.string().min(1),
    /** WordPiece vocabulary (vocab.txt), relative to the manifest. */
    vocab: z.string().min(1),
    /** Longest token sequence, [CLS] and [SEP] included (the paper: 100). */
    maxLength: z.number().int().min(2).max(4096),
    lowerCase: z.boolean().default(true),
    inputs: z
      .object({
        inputIds: z.string().min(1).default('input_ids'),
        attentionMask: z.string().min(1).default('attention_mask'),
        tokenTypeIds: z.string().min(1).nullable().default(null),
      })
      .strict(),
    output: z
      .object({
        name: z.string().min(1),
        /** `cls`: the first token of [batch, tokens, dim]; `mean`: masked mean; `pooled`: the output is [batch, dim] already. */
        pooling: z.enum(['cls', 'mean', 'pooled']),
        dim: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();

export const backboneManifestSchema = z.union([audioManifestSchema, textManifestSchema]);
export type AudioManifest = z.infer<typeof audioManifestSchema>;
export type TextManifest = z.infer<typeof textManifestSchema>;
export type BackboneManifest = z.infer<typeof backboneManifestSchema>;

/** A manifest read from disk, with resolved paths and the backbone's identity. */
export interface LoadedBackbone<M extends BackboneManifest = BackboneManifest> {
  manifest: M;
  file: string;
  /** Name of the backbone (manifest `name`, else the manifest file's base name). */
  name: string;
  onnxPath: string;
  /** sha256 of the ONNX file: with the name, the backbone's identity in every embedding file. */
  onnxSha256: string;
}

/** Reads and validates a backbone manifest; errors name the file and each offending key. */
export function loadBackboneManifest(file: string): LoadedBackbone {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new Error(`${abs}: backbone manifest not found`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(abs, 'utf8'));
  } catch (err) {
    throw new Error(`${abs}: not valid JSON (${(err as Error).message})`);
  }
  const modality = (json as { modality?: unknown })?.modality;
  const schema = modality === 'audio' ? audioManifestSchema : modality === 'text' ? textManifestSchema : null;
  if (!schema) throw new Error(`${abs}: "modality" must be "audio" or "text"`);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${abs}: invalid backbone manifest:\n${parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
  const manifest = parsed.data as BackboneManifest;
  const onnxPath = path.resolve(path.dirname(abs), manifest.onnx);
  if (!fs.existsSync(onnxPath)) throw new Error(`${abs}: onnx file ${onnxPath} not found`);
  if (manifest.modality === 'text') {
    const vocab = path.resolve(path.dirname(abs), manifest.vocab);
    if (!fs.existsSync(vocab)) throw new Error(`${abs}: vocab file ${vocab} not found`);
  }
  // The name becomes a folder under the output (embeddings/<name>/): only a safe file name may.
  const name =
    manifest.name ??
    path
      .basename(abs)
      .replace(/\.json$/i, '')
      .replace(/\.manifest$/i, '');
  checkSafeName(
    name,
    manifest.name !== undefined
      ? `${abs}: "name"`
      : `${abs}: the backbone's name (the file name; set "name")`,
  );
  return { manifest, file: abs, name, onnxPath, onnxSha256: sha256File(onnxPath) };
}

/** Writes an ONNX model and its manifest atomically (temp file + rename), the ONNX file first. */
export function writeBackbone(
  dir: string,
  name: string,
  onnx: Uint8Array,
  manifest: BackboneManifest,
): string {
  checkSafeName(name, `backbone ${JSON.stringify(name)} in ${dir}`);
  const onnxFile = resolveInside(dir, manifest.onnx);
  if (!onnxFile) throw new Error(`backbone ${name}: its onnx file ${manifest.onnx} is outside ${dir}`);
  writeFileAtomic(onnxFile, onnx);
  const manifestFile = path.join(dir, `${name}.json`);
  writeFileAtomic(manifestFile, JSON.stringify({ ...manifest, name }, null, 2) + '\n');
  return manifestFile;
}
