import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfigFile, loadConfigSection, parseFlags } from './config';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-core-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const schema = z.looseObject({
  version: z.literal(1),
  stage: z.object({ size: z.number().int().min(1).default(4), name: z.string() }).strict(),
});

function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('loadConfigFile', () => {
  it('validates, applies defaults and lets other sections pass through a loose schema', () => {
    const f = write('ok.yaml', 'version: 1\nother: { anything: true }\nstage:\n  name: x\n');
    const loaded = loadConfigFile(f, schema);
    expect(loaded.config.stage).toEqual({ size: 4, name: 'x' });
    expect(loaded.dir).toBe(tmp);
  });

  it('names the file, line and key of each problem', () => {
    const f = write('bad.yaml', 'version: 1\nstage:\n  name: x\n  size: 0\n  extra: 1\n');
    let err: unknown;
    try {
      loadConfigFile(f, schema);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain(`${f}:4: stage.size:`);
    // An unknown key points at its object (the map starts on line 3).
    expect(msg).toContain(`${f}:3: stage: Unrecognized key: "extra"`);
  });

  it('reports YAML syntax errors and missing files with the path', () => {
    const f = write('syntax.yaml', 'version: 1\nstage: [\n');
    expect(() => loadConfigFile(f, schema)).toThrow(new RegExp(`${f}:\\d+:`));
    expect(() => loadConfigFile(path.join(tmp, 'none.yaml'), schema)).toThrow('config file not found');
  });
});

describe('parseFlags', () => {
  it('reads errors as --kebab-case flags', () => {
    const flags = z.object({ batchSize: z.coerce.number().int().min(1) });
    expect(parseFlags(flags, { batchSize: '8' })).toEqual({ batchSize: 8 });
    expect(() => parseFlags(flags, { batchSize: 'abc' })).toThrow(/^--batch-size: /);
  });
});

describe('loadConfigSection', () => {
  const section = z.object({ size: z.number().int().min(1).default(4) }).strict();

  it('returns one section with defaults, whatever the other sections hold, and the folder of the file', () => {
    const f = write('section.yaml', 'version: 1\nother: { unknown: [1, 2] }\nstage:\n  size: 2\n');
    expect(loadConfigSection(f, 'stage', section)).toEqual({ file: f, dir: tmp, config: { size: 2 } });
    const absent = write('absent-section.yaml', 'version: 1\nother: {}\n');
    expect(loadConfigSection(absent, 'stage', section).config).toEqual({ size: 4 });
  });

  it("still checks the layout version and names the line of the section's problem", () => {
    const f = write('bad-section.yaml', 'version: 1\nstage:\n  size: 0\n');
    expect(() => loadConfigSection(f, 'stage', section)).toThrow(`${f}:3: stage.size:`);
    const v = write('version.yaml', 'version: 2\nstage: {}\n');
    expect(() => loadConfigSection(v, 'stage', section)).toThrow(`${v}:1: version:`);
  });
});
