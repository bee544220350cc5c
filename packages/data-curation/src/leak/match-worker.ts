/** Worker thread of {@link MatchPool}: builds the matcher from the caller's data and matches batches of texts. */
import { serveSyncWorker } from '@zsaudit/core';
import { HitCodec, matcherFor, matchTexts, type MatchWorkerData } from './match-pool';

serveSyncWorker<MatchWorkerData, string[], Int32Array>((data) => {
  const matcher = matcherFor(data);
  const codec = new HitCodec(matcher);
  return (texts) => matchTexts(matcher, codec, texts);
});
