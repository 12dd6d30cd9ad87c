import { describe, expect, it } from 'vitest';
import { prepareDeceased } from './links.person-match.ts';
import { findNameMention, isDistinctiveGivenName } from './links.text.ts';

const gabriel = { given: ['gabriel'], family: 'kovari' };

describe('findNameMention', () => {
  it('links a note naming "Gabriel" to a deceased named Gabriel Kovari', () => {
    const note = ['Note found with him: "I am sorry, I did not mean to hurt Gabriel. It was an accident."'];
    expect(findNameMention(note, gabriel)).toEqual({ kind: 'given-name', matched: 'Gabriel', textIndex: 0 });
  });

  it('finds the full name, misspelt, or written surname first', () => {
    expect(findNameMention(['He knew Gabriel Kovary well.'], gabriel)?.kind).toBe('full-name');
    expect(findNameMention(['Friend: KOVARI, Gabriel (deceased)'], gabriel)?.kind).toBe('full-name');
    expect(findNameMention(['A friend, Gabriel Andras Kovari, was with him.'], gabriel)?.matched).toBe(
      'Gabriel Andras Kovari',
    );
  });

  it('finds a full name written in Devanagari, Arabic or Cyrillic, its letters and signs read as one word', () => {
    const named = (givenNames: string, familyName: string) => {
      const { given, family } = prepareDeceased('c', { givenNames, familyName });
      return { given, family };
    };
    expect(findNameMention(['रात को कृष्ण शर्मा घर आए।'], named('कृष्ण', 'शर्मा'))?.kind).toBe('full-name');
    expect(findNameMention(['وجدت رسالة من محمد الحسيني في جيبه'], named('محمد', 'الحسيني'))?.kind).toBe(
      'full-name',
    );
    expect(findNameMention(['Записка: Олег Коваленко, друг.'], named('Олег', 'Коваленко'))?.kind).toBe(
      'full-name',
    );
    expect(findNameMention(['रात को कृष्ण वर्मा घर आए।'], named('कृष्ण', 'शर्मा'))).toBe(undefined);
  });

  it('ignores common words and common names', () => {
    expect(
      findNameMention(['The family will grieve. We hope for answers.'], { given: ['will'], family: 'hope' }),
    ).toBe(undefined);
    expect(findNameMention(['Found by his neighbour David.'], { given: ['david'], family: 'okafor' })).toBe(
      undefined,
    );
    expect(isDistinctiveGivenName('gabriel')).toBe(true);
    expect(isDistinctiveGivenName('grace')).toBe(false);
  });

  it('does not read a given name that is part of another name or a place', () => {
    expect(findNameMention(['Found on Gabriel Road near the shops.'], gabriel)).toBe(undefined);
    expect(findNameMention(['Gabriel Smith found him.'], gabriel)).toBe(undefined);
    expect(findNameMention(['Service at St Gabriel church.'], gabriel)).toBe(undefined);
    expect(findNameMention(['the gabriel hound'], gabriel)).toBe(undefined);
  });

  it('does not read a name that belongs to the text’s own case', () => {
    const own = new Set(['gabriel']);
    expect(findNameMention(['Tell Gabriel I love him.'], gabriel, { ownGivenNames: own })).toBe(undefined);
  });

  it('uses background frequencies when given', () => {
    const givenNames = new Map([['gabriel', 0.01]]);
    expect(findNameMention(['Sorry Gabriel.'], gabriel, { givenNames })).toBe(undefined);
  });
});
