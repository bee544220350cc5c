/**
 * Structural checks of the Arrow tables the analysis stage reads, before apache-arrow parses them: a garbage,
 * truncated or mis-typed table is an error naming the file and what is wrong with it, never a parser's TypeError
 * ("Cannot read properties of null") or a table read as empty.
 */
import { checkArrowFraming } from '@zsaudit/core';
import { readEmbeddingsMetadata } from '@zsaudit/models';

/**
 * Throws, naming `file` and `role` (what the stage wanted it for), unless `file` is a regular file holding a whole
 * Arrow IPC file (core's framing check: a file cut short by an interrupted copy or write lacks its footer).
 */
export function checkArrowIpcFile(file: string, role: string): void {
  try {
    checkArrowFraming(file);
  } catch (err) {
    throw new Error(`${(err as Error).message} (${role})`);
  }
}

/**
 * Checks an embedding table without loading its vectors: a whole Arrow file ({@link checkArrowIpcFile}) whose
 * footer declares the models stage's embedding schema.
 */
export function checkEmbeddingTable(file: string, role: string): void {
  checkArrowIpcFile(file, role);
  try {
    readEmbeddingsMetadata(file);
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(message.startsWith(file) ? `${message} (${role})` : `${file}: ${message} (${role})`);
  }
}
