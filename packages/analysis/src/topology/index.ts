// Similarity of two embedding spaces of the same items: neighbourhood graphs (NNGS), distance structure (RSA), CKA.
export { nngs, nngsPerItem } from './nngs';
export type { NngsOptions } from './nngs';
export { rsa, upperTriangleDistances, RSA_MAX_ITEMS } from './rsa';
export type { RsaOptions } from './rsa';
export { linearCka } from './cka';
