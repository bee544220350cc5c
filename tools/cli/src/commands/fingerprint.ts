import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { analysisFingerprint } from '@zsaudit/analysis';
import { z } from 'zod';
import { DEFAULT_CONFIG_FILE, parseFlags } from '@zsaudit/core';
import { curationFingerprint } from '@zsaudit/data-curation';
import { modelsFingerprint } from '@zsaudit/models';
import { worldFingerprint } from '@zsaudit/soundworld';
import { STAGES, type StageName } from '../config';

/** Each stage's own fingerprint function: what its result depends on outside the workspace. */
const FINGERPRINTS: Record<StageName, (configFile: string) => string> = {
  world: worldFingerprint,
  curation: curationFingerprint,
  models: modelsFingerprint,
  analysis: analysisFingerprint,
};

/**
 * What a stage's result depends on outside its code: its own config section (with defaults applied) and the
 * external files it reads. The stage's own bin prints the same (`zsaudit-<stage> fingerprint`), which Nx hashes
 * as a runtime input of its `train` target.
 */
export function stageFingerprint(stage: StageName, configFile: string): string {
  return FINGERPRINTS[stage](configFile);
}

/** Every flag of `fingerprint`, validated before the config is read. */
const fingerprintFlagsSchema = z
  .object({ config: z.string().min(1, 'expected a file name, got ""'), hash: z.boolean().optional() })
  .strict();

export function fingerprintCommand(): Command {
  return new Command('fingerprint')
    .argument('<stage>', STAGES.join(' | '))
    .description(
      `Print what a stage depends on outside the workspace (its config section and external files): ${STAGES.join('|')}`,
    )
    .option('-c, --config <file>', 'study config', DEFAULT_CONFIG_FILE)
    .option('--hash', 'print only a sha256 of the fingerprint')
    .action((stage: string, options: Record<string, unknown>) => {
      const o = parseFlags(fingerprintFlagsSchema, options);
      if (!STAGES.includes(stage as StageName))
        throw new Error(`unknown stage "${stage}"; stages: ${STAGES.join(', ')}`);
      const fp = stageFingerprint(stage as StageName, o.config);
      console.log(o.hash ? createHash('sha256').update(fp).digest('hex') : fp);
    });
}
