/** Normalising and comparing names, phone numbers and addresses for record linkage. */

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lord', 'lady']);
const SUFFIXES = new Set(['jr', 'jnr', 'sr', 'snr', 'ii', 'iii', 'iv']);

/**
 * A word of a name or a text as names are compared: marks removed (accents, and the vowel signs of Arabic,
 * Hebrew or Devanagari, which are written or left out at will), lower case, a Greek final sigma as any other,
 * apostrophes dropped.
 */
export function normaliseWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ς/g, 'σ').replace(/['’`]/g, '');
}

/** The words of a text, each with the marks on its letters (a Devanagari word is letters and signs). */
export const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?/gu;

/**
 * Each word normalised (`normaliseWord`), punctuation to spaces, titles and suffixes dropped: 'Dr. José
 * O’Neil' → 'jose oneil'. Letters of every script are kept ('Иван ПЕТРОВ' → 'иван петров', 'محمد' stays).
 */
export function normaliseName(name: string): string {
  const tokens = normaliseWord(name)
    .replace(/[^\p{L}\s]/gu, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0 && !TITLES.has(t) && !SUFFIXES.has(t));
  return tokens.join(' ');
}

/** Splits a single "full name" string into given names and family name (the last word). */
export function splitFullName(name: string): { given: string[]; family: string } {
  const tokens = normaliseName(name).split(' ').filter(Boolean);
  if (tokens.length === 0) return { given: [], family: '' };
  return { given: tokens.slice(0, -1), family: tokens[tokens.length - 1]! };
}

/** Jaro similarity (Jaro 1989), 0..1. */
function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/** Jaro–Winkler similarity (Winkler 1990; prefix scale 0.1, prefix up to 4), 0..1. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

const SOUNDEX_CODES: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** American Soundex (Russell 1918), used as a blocking key: 'smith' and 'smyth' → 'S530'. */
export function soundex(name: string): string {
  const s = normaliseName(name).replace(/\s/g, '');
  if (s.length === 0) return '';
  let code = s[0]!.toUpperCase();
  let previous = SOUNDEX_CODES[s[0]!] ?? '';
  for (let i = 1; i < s.length && code.length < 4; i++) {
    const ch = s[i]!;
    const digit = SOUNDEX_CODES[ch] ?? '';
    if (digit !== '' && digit !== previous) code += digit;
    if (ch !== 'h' && ch !== 'w') previous = digit;
  }
  return code.padEnd(4, '0');
}

/** UK postcode in canonical form 'IG11 7AB', or undefined when it is not a plausible full postcode. */
export function normalisePostcode(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const compact = postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (!/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** UK phone number as national digits ('+44 7700 900123' → '07700900123'), or undefined when too short. */
export function normalisePhone(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`;
  else if (digits.startsWith('440') && digits.length === 13) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('44') && digits.length === 12) digits = `0${digits.slice(2)}`;
  return digits.length >= 10 ? digits : undefined;
}

const STREET_WORDS: Record<string, string> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  ct: 'court',
  dr: 'drive',
  gdns: 'gardens',
  pl: 'place',
  sq: 'square',
  cres: 'crescent',
  ter: 'terrace',
  terr: 'terrace',
  hse: 'house',
  est: 'estate',
  grn: 'green',
  pk: 'park',
};

/** Address line normalised to words and house or flat numbers, abbreviations expanded. */
export function normaliseAddressLine(line: string): { words: string[]; numbers: string[] } {
  const tokens = line
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const words: string[] = [];
  const numbers: string[] = [];
  for (const token of tokens) {
    if (/^\d+[a-z]?$/.test(token)) numbers.push(token);
    else if (token !== 'flat' && token !== 'apartment' && token !== 'the')
      words.push(STREET_WORDS[token] ?? token);
  }
  return { words, numbers };
}

export type LineAgreement = 'exact' | 'close' | 'different';

/**
 * Compares two address lines: different whenever their house or flat numbers differ (Flat 12 and Flat 40 of
 * one block are different homes, and so are a flat and its building); otherwise exact, close (Jaro–Winkler
 * ≥ 0.9, or every word of the shorter line found in the longer), or different.
 */
export function compareAddressLines(a: string, b: string): LineAgreement {
  const x = normaliseAddressLine(a);
  const y = normaliseAddressLine(b);
  if (x.words.length === 0 || y.words.length === 0) return 'different';
  // House and flat numbers must agree exactly: "Flat 3, 62 Cooke Street" is not "62 Cooke Street".
  if ([...x.numbers].sort().join(' ') !== [...y.numbers].sort().join(' ')) return 'different';
  const xs = x.words.join(' ');
  const ys = y.words.join(' ');
  if (xs === ys) return 'exact';
  if (jaroWinkler(xs, ys) >= 0.9) return 'close';
  const [short, long] = x.words.length <= y.words.length ? [x.words, y.words] : [y.words, x.words];
  return short.every((w) => long.includes(w)) ? 'close' : 'different';
}
