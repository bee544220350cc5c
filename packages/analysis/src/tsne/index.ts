// t-SNE embeddings and the trustworthiness of low-dimensional embeddings.
export { tsne, type TsneOptions } from './tsne';
export { trustworthiness } from './trustworthiness';
