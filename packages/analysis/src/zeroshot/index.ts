// Zero-shot classification by audio-text cosine similarity, and prompt ensembling of class embeddings.
export { zeroShotAccuracy, zeroShotEvaluate } from './zeroshot';
export type { TopKAccuracies, FoldAccuracy, ZeroShotEvaluation } from './zeroshot';
export { averagePromptEmbeddings } from './prompts';
