import pluralize from 'pluralize';

/** Irregular verbs met in sound descriptions: lemma -> [third person, past, past participle, gerund]. */
const IRREGULAR_VERBS: Record<string, [string, string, string, string]> = {
  break: ['breaks', 'broke', 'broken', 'breaking'],
  drink: ['drinks', 'drank', 'drunk', 'drinking'],
  ring: ['rings', 'rang', 'rung', 'ringing'],
  sing: ['sings', 'sang', 'sung', 'singing'],
  blow: ['blows', 'blew', 'blown', 'blowing'],
  fly: ['flies', 'flew', 'flown', 'flying'],
  shake: ['shakes', 'shook', 'shaken', 'shaking'],
  cut: ['cuts', 'cut', 'cut', 'cutting'],
  run: ['runs', 'ran', 'run', 'running'],
  saw: ['saws', 'sawed', 'sawn', 'sawing'],
  crow: ['crows', 'crowed', 'crowed', 'crowing'],
  pour: ['pours', 'poured', 'poured', 'pouring'],
};

const VOWELS = /[aeiou]/;
const isConsonant = (c: string) => /[a-z]/.test(c) && !VOWELS.test(c);

/** Number of vowel groups: a rough syllable count, used only to decide consonant doubling. */
function syllables(word: string): number {
  return (word.replace(/e$/, '').match(/[aeiouy]+/g) ?? []).length || 1;
}

/** Doubles a final consonant before -ing/-ed for one-syllable consonant-vowel-consonant verbs (clap -> clapping). */
function doubled(lemma: string): string {
  const n = lemma.length;
  if (n >= 3 && syllables(lemma) === 1) {
    const [a, b, c] = [lemma[n - 3], lemma[n - 2], lemma[n - 1]];
    if (isConsonant(a) && VOWELS.test(b) && isConsonant(c) && !/[wxy]/.test(c)) return lemma + c;
  }
  return lemma;
}

/**
 * The inflections of an English verb: [lemma, third person singular, past, past participle, gerund].
 * Regular rules (cry -> cries/cried/crying, sneeze -> sneezing, clap -> clapping) plus a table of irregulars.
 */
export function verbForms(lemma: string): string[] {
  const irregular = IRREGULAR_VERBS[lemma];
  if (irregular) return [lemma, ...irregular];
  const n = lemma.length;
  const last = lemma[n - 1];
  const prev = lemma[n - 2] ?? '';
  let third: string;
  if (/(s|x|z|ch|sh)$/.test(lemma)) third = lemma + 'es';
  else if (last === 'y' && isConsonant(prev)) third = lemma.slice(0, -1) + 'ies';
  else if (last === 'o' && isConsonant(prev)) third = lemma + 'es';
  else third = lemma + 's';
  let past: string;
  let gerund: string;
  if (last === 'e') {
    past = lemma + 'd';
    if (/(ee|oe|ye)$/.test(lemma)) gerund = lemma + 'ing';
    else if (lemma.endsWith('ie')) gerund = lemma.slice(0, -2) + 'ying';
    else gerund = lemma.slice(0, -1) + 'ing';
  } else if (last === 'y' && isConsonant(prev)) {
    past = lemma.slice(0, -1) + 'ied';
    gerund = lemma + 'ing';
  } else {
    const stem = doubled(lemma);
    past = stem + 'ed';
    gerund = stem + 'ing';
  }
  return [lemma, third, past, past, gerund];
}

/** Singular and plural of a noun (dog/dogs, baby/babies, sheep, tooth/teeth), whichever form is given. */
export function nounForms(word: string): string[] {
  return [word, pluralize.plural(word), pluralize.singular(word)];
}
