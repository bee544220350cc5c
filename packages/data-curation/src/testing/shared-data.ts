import * as fs from 'node:fs';
import * as path from 'node:path';

/** `../shared/data` beside the workspace: the real Clotho captions and the ESC-50 class list (tests only). */
export const SHARED_DATA = path.resolve(__dirname, '../../../../../shared/data');

/**
 * Path of a file under ../shared/data, or null when it is absent (the test then skips with a message). Under
 * CI=true an absent file is an error: CI always has shared/ beside the clone, so a skip there would hide a failure.
 */
export function sharedDataPath(relative: string): string | null {
  const p = path.join(SHARED_DATA, relative);
  if (fs.existsSync(p)) return p;
  if (process.env.CI === 'true')
    throw new Error(`${p} is missing; CI must have ../shared/data beside the clone`);
  console.warn(`skipping: ${p} not found`);
  return null;
}
