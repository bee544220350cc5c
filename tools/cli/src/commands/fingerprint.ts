import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import {
  BUNDLED_ESC50_LABELS,
  BUNDLED_FORMS_FILE,
  curationInputPaths,
  resolveCurationPaths,
} from '@zsaudit/data-curation';
import { DEFAULT_CONFIG_FILE, loadStudyConfig, STAGES, type StageName } from '../config';
import { fingerprintPaths, stableJson } from '../fingerprint';

/** A backbone manifest and the files it names (ONNX, vocabulary), for fingerprinting. */
function manifestFiles(manifest: string): string[] {
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { onnx?: string; vocab?: string };
    return [
      manifest,
      ...[m.onnx, m.vocab]
        .filter((f): f is string => !!f)
        .map((f) => path.resolve(path.dirname(manifest), f)),
    ];
  } catch {
    return [manifest];
  }
}

/** Every file under `root` (recursively, sorted); none when it does not exist. */
function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => path.join(root, f))
    .filter((f) => fs.statSync(f).isFile());
}

/**
 * What a stage's result depends on outside its code: its own config section (with defaults applied) and the
 * external files it reads. Nx hashes this output as a runtime input, so editing another stage's section or an
 * unrelated file does not rerun the stage.
 */
export function stageFingerprint(stage: StageName, configFile: string): string {
  const { config, dir } = loadStudyConfig(configFile);
  const section = config[stage];
  // The world is made from its section alone; curation also reads files the config names.
  const files =
    stage === 'curation'
      ? fingerprintPaths(
          curationInputPaths(resolveCurationPaths(config.curation, dir), {
            labels: BUNDLED_ESC50_LABELS,
            forms: BUNDLED_FORMS_FILE,
          }),
        )
      : stage === 'models'
        ? fingerprintPaths(config.models.backbones.flatMap((m) => manifestFiles(path.resolve(dir, m))))
        : stage === 'analysis'
          ? fingerprintPaths(filesUnder(path.resolve(dir, config.analysis.runs)))
          : [];
  return [`stage ${stage}`, `config ${stableJson(section)}`, ...files].join('\n');
}

export function registerFingerprint(program: Command): void {
  program
    .command('fingerprint <stage>')
    .description(
      `Print what a stage depends on outside the workspace (its config section and external files): ${STAGES.join('|')}`,
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--hash', 'print only a sha256 of the fingerprint')
    .action((stage: string, o: { config: string; hash?: boolean }) => {
      if (!STAGES.includes(stage as StageName))
        throw new Error(`unknown stage "${stage}"; stages: ${STAGES.join(', ')}`);
      const fp = stageFingerprint(stage as StageName, o.config);
      console.log(o.hash ? createHash('sha256').update(fp).digest('hex') : fp);
    });
}
