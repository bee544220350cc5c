import { SingleBar, Presets } from 'cli-progress';

/** One step of a long task: `done` of `total` units. */
export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
}

export interface ProgressReporter {
  update: (e: ProgressEvent) => void;
  stop: () => void;
}

/**
 * Shows progress with rate and ETA: a cli-progress bar on a terminal, plain log lines (at most every 2 s and at
 * the end of a task) when stderr is a file or CI log, where a redrawn bar would be noise.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let bar: SingleBar | null = null;
  let task = '';
  let started = 0;
  let lastLog = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const update = (e: ProgressEvent) => {
    const now = Date.now();
    if (e.task !== task) {
      stop();
      task = e.task;
      started = now;
      lastLog = 0;
      if (stream.isTTY) {
        bar = new SingleBar(
          {
            format: `${e.task} [{bar}] {percentage}% {value}/{total} | {rate}/s | ETA {eta_formatted}`,
            stream,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        bar.start(e.total, 0, { rate: '0' });
      }
    }
    const seconds = Math.max((now - started) / 1000, 1e-3);
    const rate = e.done / seconds;
    if (bar) {
      bar.update(e.done, { rate: rate.toFixed(0) });
      if (e.done >= e.total) stop();
    } else if (
      (lastLog === 0 && now - started >= 2000) ||
      (lastLog > 0 && now - lastLog >= 2000) ||
      (e.done >= e.total && (lastLog > 0 || now - started >= 1000))
    ) {
      // Plain lines: the first after 2 s, then every 2 s; a task that ends within a second prints nothing.
      lastLog = now;
      const eta = rate > 0 ? (e.total - e.done) / rate : 0;
      stream.write(`${e.task}: ${e.done}/${e.total} (${rate.toFixed(0)}/s, ETA ${eta.toFixed(1)} s)\n`);
    }
  };
  return { update, stop };
}
