import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startWorker } from './worker';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zsaudit-core-worker-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function roundTrip(dir: string, base: string): Promise<unknown> {
  const w = startWorker(dir, base, { workerData: 21 });
  return new Promise((resolve, reject) => {
    w.once('message', (m) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

describe('startWorker', () => {
  it('runs a .ts worker script through tsx when no .js sibling exists', async () => {
    fs.writeFileSync(
      path.join(tmp, 'double.ts'),
      "import { parentPort, workerData } from 'node:worker_threads';\nconst n: number = workerData;\nparentPort!.postMessage(n * 2);\n",
    );
    await expect(roundTrip(tmp, 'double')).resolves.toBe(42);
  });

  it('prefers the compiled .js script', async () => {
    const dir = path.join(tmp, 'dist');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'triple.js'),
      "const { parentPort, workerData } = require('node:worker_threads');\nparentPort.postMessage(workerData * 3);\n",
    );
    fs.writeFileSync(path.join(dir, 'triple.ts'), 'throw new Error("the .ts must not run");\n');
    await expect(roundTrip(dir, 'triple')).resolves.toBe(63);
  });

  it('names the script it cannot find', () => {
    expect(() => startWorker(tmp, 'missing')).toThrow(/worker script not found: .*missing\.js/);
  });
});
