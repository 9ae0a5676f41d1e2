// Text normalisation for Tria's local engine: lower-case, ё→е, no punctuation, light stemming
// (common Russian and English endings) and language detection by script. Deterministic, pure.

export type TriaLang = 'ru' | 'en';

/**
 * Lower-cases, folds ё→е, drops apostrophes, turns other punctuation into spaces (a decimal
 * point or comma between digits becomes "."), collapses spaces.
 */
export function normalise(input: string): string {
  return input
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/['’`]/g, '')
    .replace(/(\d)[.,](?=\d)/g, '$1·')
    .replace(/[^\p{L}\p{N}·\s]/gu, ' ')
    .replace(/·/g, '.')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of normalised text (numbers like "2.5" stay whole). */
export function tokenise(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

// Longest first: the first ending that leaves a stem of at least three letters is removed.
const RU_ENDINGS = [
  'иями',
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ешь',
  'ете',
  'ите',
  'ать',
  'ять',
  'ить',
  'еть',
  'уть',
  'ая',
  'яя',
  'ое',
  'ее',
  'ие',
  'ые',
  'ую',
  'юю',
  'ой',
  'ей',
  'ий',
  'ый',
  'ом',
  'ем',
  'ам',
  'ям',
  'ах',
  'ях',
  'ов',
  'ев',
  'ет',
  'ит',
  'ут',
  'ют',
  'ат',
  'ят',
  'ть',
  'ы',
  'и',
  'а',
  'я',
  'о',
  'е',
  'у',
  'ю',
  'ь',
  'й',
];
const MIN_STEM = 3;

function stripFirst(word: string, endings: readonly string[]): string {
  for (const ending of endings) {
    if (word.endsWith(ending) && word.length - ending.length >= MIN_STEM) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}

function stemEnglish(word: string): string {
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
  w = stripFirst(w, ['ing', 'ed']);
  return w.endsWith('e') && w.length > MIN_STEM ? w.slice(0, -1) : w;
}

/** Light stem of one lower-case word: Cyrillic words lose a Russian ending, Latin an English one. */
export function stem(word: string): string {
  if (/\p{Script=Cyrillic}/u.test(word)) return stripFirst(word, RU_ENDINGS);
  if (/^[a-z]+$/.test(word)) return stemEnglish(word);
  return word;
}

/** The script most letters are written in; `fallback` when there are no letters or a tie. */
export function detectLang(input: string, fallback: TriaLang = 'en'): TriaLang {
  const cyrillic = input.match(/\p{Script=Cyrillic}/gu)?.length ?? 0;
  const latin = input.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (cyrillic === latin) return fallback;
  return cyrillic > latin ? 'ru' : 'en';
}
