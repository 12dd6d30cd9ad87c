import { describe, expect, it } from 'vitest';
import { containsPhrase, joinHyphenatedLines, phrasePattern } from './documents.match.ts';

const replaced = (text: string, phrase: string) => text.replace(phrasePattern(phrase)!, '[X]');

describe('how words to redact are found', () => {
  it('finds a word only as a whole word, never inside another', () => {
    const text =
      'Mr Ross walked across the road at the crossing. The gross weight was noted. ROSS, Rossiter.';
    expect(replaced(text, 'Ross')).toBe(
      'Mr [X] walked across the road at the crossing. The gross weight was noted. [X], Rossiter.',
    );
    expect(containsPhrase('across the crossing', 'ross')).toBe(false);
  });

  it('takes any character that is not a letter or digit, in any script, as the edge of a word', () => {
    expect(replaced('(Ross) "Ross" Ross’s Ross-Smith Ross_1 Ross.', 'ross')).toBe(
      '([X]) "[X]" [X]’s [X]-Smith [X]_1 [X].',
    );
    // Letters and digits of other scripts, and accents written after a letter, are part of the word.
    expect(replaced('Rossé Ross\u0301 Ross2 2Ross Rossя яRoss', 'ross')).toBe(
      'Rossé Ross\u0301 Ross2 2Ross Rossя яRoss',
    );
    expect(replaced('Zoë Ng and Zoëlle', 'zoë')).toBe('[X] Ng and Zoëlle');
  });

  it('finds a phrase in any case, across line breaks and runs of spaces', () => {
    expect(replaced('the\ninformant  lives at 12 MILL\n  LANE.', '12 Mill Lane')).toBe(
      'the\ninformant  lives at [X].',
    );
    expect(containsPhrase('the informant', 'THE   INFORMANT')).toBe(true);
  });

  it('finds a phrase whose words are apart by hyphens, underscores or dots, as file names write them', () => {
    for (const written of [
      'Mary_Smith_statement.docx',
      'Statement of MARY-SMITH',
      'mary.smith',
      'Mary - Smith',
    ])
      expect(containsPhrase(written, 'Mary Smith'), written).toBe(true);
    expect(containsPhrase('MarySmith', 'Mary Smith')).toBe(false);
    expect(containsPhrase('Mary Smithson', 'Mary Smith')).toBe(false);
    expect(containsPhrase('Mary Smith', 'mary-smith')).toBe(true);
  });

  it('finds letter-spaced words letter by letter, but never joins ordinary words', () => {
    expect(replaced('N I G H T  J A R log', 'nightjar')).toBe('[X] log');
    expect(containsPhrase('A night jar is a bird', 'nightjar')).toBe(false);
    expect(containsPhrase('T H E N I G H T J A R S', 'nightjar')).toBe(true);
    expect(containsPhrase('M i l l L a n e', 'Mill Lane')).toBe(true);
  });

  it('takes the words literally, not as a pattern, and finds nothing for a phrase of no words', () => {
    expect(replaced('Case (A.B) file and AxB', '(a.b)')).toBe('Case [X] file and AxB');
    expect(phrasePattern('   ')).toBeUndefined();
    expect(containsPhrase('anything', '')).toBe(false);
  });

  it('joins a word broken by a hyphen at the end of a line, and only there', () => {
    expect(joinHyphenatedLines('Operation Night-\njar and well-known\nfacts, soft\u00ad\n\n  hyphen')).toBe(
      'Operation Nightjar and well-known\nfacts, softhyphen',
    );
  });
});
