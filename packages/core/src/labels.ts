/**
 * A class label as words, the way prompts and reports print it: ESC-50 writes `crying_baby`, a prompt says
 * "crying baby". Only underscores change; the leak matcher's own normalisation (case, punctuation) is a separate,
 * stricter function of the curation stage.
 */
export function labelPhrase(label: string): string {
  return label.replace(/_/g, ' ');
}
