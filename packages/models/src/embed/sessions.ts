import type * as ort from 'onnxruntime-node';
import type { LoadedBackbone } from '../manifest';

/**
 * The onnxruntime sessions an embedder owns, and their release: {@link dispose} (or `await using`) releases each
 * once; a later run is an error rather than a crash inside onnxruntime. A process that opens many backbones in
 * turn (the stage, training) releases each before the next.
 */
export abstract class SessionOwner {
  private released = false;

  protected constructor(private readonly sessions: readonly (ort.InferenceSession | null)[]) {}

  /** Whether {@link dispose} has released the sessions. */
  get disposed(): boolean {
    return this.released;
  }

  /** Releases the sessions. A second call does nothing. */
  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    for (const s of this.sessions) await s?.release();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  /** Throws once the sessions are released; `what` names the embedder in the message. */
  protected checkOpen(what: string): void {
    if (this.released) throw new Error(`${what} was disposed`);
  }
}

/**
 * Finishes an embedder's creation: runs `measure` on a probe built over the open sessions to learn the output
 * dimension, checks it against the manifest, and returns the embedder `make` builds for it. On any failure the
 * sessions are released before the error goes up.
 */
export async function probeDim<E extends SessionOwner>(
  backbone: LoadedBackbone,
  probe: E,
  measure: (probe: E) => Promise<number>,
  make: (dim: number) => E,
): Promise<E> {
  try {
    const dim = await measure(probe);
    const declared = backbone.manifest.output.dim;
    if (declared !== undefined && declared !== dim)
      throw new Error(
        `${backbone.file}: the manifest says output dim ${declared}, ${backbone.onnxPath} gives ${dim}`,
      );
    return make(dim);
  } catch (err) {
    await probe.dispose();
    throw err;
  }
}

/**
 * Checks, when the backbone's session is created, that its graph takes exactly the inputs the manifest feeds and
 * gives the output it reads: a mismatch is an error naming the manifest and the expected and actual names, not a
 * failure inside the first session run. Releases the session before throwing.
 */
export async function checkGraphNames(
  backbone: LoadedBackbone,
  session: ort.InferenceSession,
  expected: { inputs: readonly string[]; output: string },
): Promise<void> {
  const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
  const problems: string[] = [];
  const actualInputs = [...session.inputNames];
  const same =
    actualInputs.length === expected.inputs.length && expected.inputs.every((n) => actualInputs.includes(n));
  if (!same) problems.push(`expected input(s) ${list(expected.inputs)}, the graph has ${list(actualInputs)}`);
  if (!session.outputNames.includes(expected.output))
    problems.push(`expected output "${expected.output}", the graph has ${list(session.outputNames)}`);
  if (problems.length === 0) return;
  await session.release();
  throw new Error(
    `${backbone.file}: the manifest does not match ${backbone.onnxPath}: ${problems.join('; ')}`,
  );
}
