import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A temp folder for one spec file, removed after its tests, and a maker of fixture trees in it:
 * `fixture({ 'meta/esc50.csv': '...' })` writes the files (folders created) and returns the tree's root.
 */
export function fixtureTrees(prefix: string): {
  tmp: string;
  fixture: (files: Record<string, string | Buffer>) => string;
} {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `zsaudit-${prefix}-`));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  let n = 0;
  const fixture = (files: Record<string, string | Buffer>) => {
    const root = path.join(tmp, `d${n++}`);
    fs.mkdirSync(root, { recursive: true });
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), body);
    }
    return root;
  };
  return { tmp, fixture };
}
