import { createProgressReporter } from './progress';

/** A non-TTY stream that records what is written. */
function sink(): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: false, text: '', write: (chunk: string) => ((s.text += chunk), true) };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('createProgressReporter', () => {
  afterEach(() => jest.useRealTimers());

  it('logs plain lines with rate and ETA every 2 s and at the end, nothing for a task under a second', () => {
    jest.useFakeTimers({ now: 0 });
    const out = sink();
    const p = createProgressReporter(out);
    p.update({ task: 'quick', done: 0, total: 10 });
    jest.setSystemTime(500);
    p.update({ task: 'quick', done: 10, total: 10 });
    expect(out.text).toBe('');
    jest.setSystemTime(1000);
    p.update({ task: 'slow', done: 0, total: 100 });
    jest.setSystemTime(3000);
    p.update({ task: 'slow', done: 40, total: 100 });
    expect(out.text).toBe('slow: 40/100 (20/s, ETA 3.0 s)\n');
    jest.setSystemTime(3500);
    p.update({ task: 'slow', done: 50, total: 100 });
    expect(out.text.split('\n').length).toBe(2);
    jest.setSystemTime(6000);
    p.update({ task: 'slow', done: 100, total: 100 });
    expect(out.text.split('\n')[1]).toBe('slow: 100/100 (20/s, ETA 0.0 s)');
    p.stop();
  });
});
