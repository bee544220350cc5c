import { z } from 'zod';
import { PROFILES, profile, type WorldProfile } from './profiles';

/**
 * The `world` section of the study config (defaults in brackets): `seed` [1], `size` tiny | small | full [small],
 * `sampleRate` [the profile's, 16000]. The same section always gives byte-identical files.
 */
export const worldConfigSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    size: z.enum(Object.keys(PROFILES) as [WorldProfile['name'], ...WorldProfile['name'][]]).default('small'),
    sampleRate: z.number().int().min(8000).max(96000).optional(),
  })
  .strict();
export type WorldConfig = z.infer<typeof worldConfigSchema>;

/** The profile a world config asks for. */
export function worldProfile(config: WorldConfig): WorldProfile {
  return profile(config.size, config.sampleRate);
}
