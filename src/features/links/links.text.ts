/**
 * Layer 1 rule (c): a text of one case names the deceased of another (linked-deaths.md §3.2: "a case document
 * names another decedent"; the note in the Barking series named "Gabriel").
 *
 * A mention is found when a text holds
 *  - the full name: a given name followed, within three words, by the family name (Jaro–Winkler ≥ 0.92 for
 *    names of five letters or more, to survive misspelling), or "Family, Given", or a title and a
 *    distinctive family name ("Mr Kerekes"); or
 *  - a distinctive given name on its own: written with a capital, at least four letters, not an ordinary
 *    English word ("Will", "May", "Grace", "Hope"...), not a common given name (background share above 1 in
 *    400, or in a built-in list when no background is given), not part of a longer proper noun ("Gabriel
 *    Road", "St Gabriel"), and not the name of someone in the text's own case.
 * A given name alone is weaker evidence; the caller also asks for context (the two deaths near in place
 * and time) before treating it as a link.
 */
import { jaroWinkler, normaliseWord, WORD } from './links.names.ts';
import type { NameFrequencies } from './links.types.ts';

export type NameMention = { kind: 'full-name' | 'given-name'; matched: string; textIndex: number };

export type NamedDeceased = { given: string[]; family: string };

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);
const SAINT = new Set(['st', 'saint', 'san', 'santa']);

/** Given names that are also ordinary English words, months or street words. */
const ORDINARY_WORDS = new Set(
  (
    'will may mark bill grace hope joy rose june april august faith summer frank guy art pat sue ray dawn penny ' +
    'ruby amber holly ivy lily robin jack king rich sky star river max sunny carol chase dean drew earl gene ' +
    'hunter jay jewel lance les major miles page pearl rocky rod rusty sandy skip stone sterling victor wade ward ' +
    'warren wolf young brown white green black gray grey bishop baker cook eve norm patience prudence honor ' +
    'justice christian church chapel street road lane park hill court close heath field wood brook ' +
    'morgan percy neville jordan lincoln israel paris florence sydney chelsea brooklyn ' +
    'this that there then they them their with from were when what where which while will would ' +
    'mum dad mummy daddy nan nana grandad sorry love please thank thanks police doctor nurse'
  ).split(' '),
);

/** Common given names of adults in England and Wales, used when no background frequencies are given. */
const COMMON_GIVEN_NAMES = new Set(
  (
    'john david michael paul james peter robert richard andrew stephen christopher ian william thomas anthony ' +
    'george daniel kevin gary alan brian simon martin jason lee matthew steven colin keith adam ryan craig scott ' +
    'shaun wayne darren neil carl tony jim harry oliver charlie joseph ben sam mohammed muhammad mohammad ali ' +
    'ahmed joshua luke jamie liam nathan callum kieran aaron alex edward philip graham derek raymond roy ' +
    'kenneth ronald donald dennis terence barry trevor geoffrey malcolm nigel stuart gordon douglas ' +
    'margaret mary susan sarah patricia elizabeth linda jane karen julie helen catherine ann anne joan jean ' +
    'christine janet barbara lisa emma claire nicola jennifer angela michelle tracey deborah pauline maureen ' +
    'valerie sandra joyce doris dorothy irene eileen sheila brenda gillian wendy jacqueline alison rachel ' +
    'rebecca laura amy hannah jessica sophie chloe lucy charlotte emily kelly gemma samantha victoria louise ' +
    'kathleen betty shirley hazel sylvia marion diane fatima'
  ).split(' '),
);

const COMMON_SHARE = 1 / 400;
const DISTINCTIVE_FAMILY_SHARE = 1 / 2000;

type Token = { raw: string; norm: string; start: number; end: number };

const tokenCache = new Map<string, Token[]>();

function tokenise(text: string): Token[] {
  const cached = tokenCache.get(text);
  if (cached) return cached;
  if (tokenCache.size > 10_000) tokenCache.clear();
  const tokens: Token[] = [];
  tokenCache.set(text, tokens);
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const norm = normaliseWord(raw);
    tokens.push({ raw, norm, start: match.index, end: match.index + raw.length });
  }
  return tokens;
}

const isCapitalised = (raw: string): boolean => raw[0] !== raw[0]!.toLowerCase();

function sameFamily(token: string, family: string): boolean {
  if (token === family) return true;
  return family.length >= 5 && token.length >= 5 && jaroWinkler(token, family) >= 0.92;
}

/** Whether a given name is distinctive enough to link on its own (see the file comment). */
export function isDistinctiveGivenName(name: string, givenNames?: NameFrequencies): boolean {
  if (name.length < 4 || ORDINARY_WORDS.has(name)) return false;
  if (givenNames) return (givenNames.get(name) ?? 0) <= COMMON_SHARE;
  return !COMMON_GIVEN_NAMES.has(name);
}

function isDistinctiveFamilyName(name: string, familyNames?: NameFrequencies): boolean {
  if (name.length < 4 || ORDINARY_WORDS.has(name)) return false;
  return familyNames ? (familyNames.get(name) ?? 0) <= DISTINCTIVE_FAMILY_SHARE : false;
}

export type MentionOptions = {
  /** Normalised given names of the people of the text's own case (its deceased included). */
  ownGivenNames?: ReadonlySet<string>;
  givenNames?: NameFrequencies;
  familyNames?: NameFrequencies;
};

/** Layer 1 rule (c): the strongest mention of a deceased person in a case's texts (full name before given name). */
export function findNameMention(
  texts: readonly string[],
  deceased: NamedDeceased,
  options: MentionOptions = {},
): NameMention | undefined {
  const family = deceased.family.split(' ').at(-1) ?? '';
  const given = deceased.given.filter((g) => g.length > 1);
  if (!family || given.length === 0) return undefined;
  let givenOnly: NameMention | undefined;
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t]!;
    const tokens = tokenise(text);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (given.includes(token.norm)) {
        for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
          if (/[.!?;:]/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start))) break;
          if (sameFamily(tokens[k]!.norm, family) && looksLikeName(token, tokens[k]!)) {
            return { kind: 'full-name', matched: text.slice(token.start, tokens[k]!.end), textIndex: t };
          }
        }
        if (!givenOnly && token.norm === given[0] && isLoneGivenName(text, tokens, i, options)) {
          givenOnly = { kind: 'given-name', matched: token.raw, textIndex: t };
        }
      }
      if (sameFamily(token.norm, family)) {
        const next = tokens[i + 1];
        const previous = tokens[i - 1];
        if (next && given.includes(next.norm) && /^\s*,\s*$/.test(text.slice(token.end, next.start))) {
          return { kind: 'full-name', matched: text.slice(token.start, next.end), textIndex: t };
        }
        if (previous && TITLES.has(previous.norm) && isDistinctiveFamilyName(family, options.familyNames)) {
          return { kind: 'full-name', matched: text.slice(previous.start, token.end), textIndex: t };
        }
      }
    }
  }
  if (
    givenOnly &&
    isDistinctiveGivenName(given[0]!, options.givenNames) &&
    !options.ownGivenNames?.has(given[0]!)
  ) {
    return givenOnly;
  }
  return undefined;
}

function looksLikeName(given: Token, family: Token): boolean {
  if (isCapitalised(given.raw) || isCapitalised(family.raw)) return true;
  return !ORDINARY_WORDS.has(given.norm) && !ORDINARY_WORDS.has(family.norm);
}

function isLoneGivenName(text: string, tokens: Token[], i: number, options: MentionOptions): boolean {
  const token = tokens[i]!;
  if (!isCapitalised(token.raw)) return false;
  const previous = tokens[i - 1];
  if (previous && SAINT.has(previous.norm) && /^\.?\s+$/.test(text.slice(previous.end, token.start)))
    return false;
  const next = tokens[i + 1];
  if (next && /^\s+$/.test(text.slice(token.end, next.start)) && isCapitalised(next.raw)) {
    // "Gabriel Smith" names someone else; "Gabriel Road" is a place.
    if (
      !ORDINARY_WORDS.has(next.norm) ||
      /^(road|street|lane|park|close|court|hill|church|house)$/.test(next.norm)
    ) {
      return false;
    }
  }
  return !options.ownGivenNames?.has(token.norm);
}
