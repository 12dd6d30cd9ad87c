import { describe, expect, it } from 'vitest';
import { findEntityLinks } from './links.entity.ts';
import {
  barkingSeries,
  careHomeDeath,
  churchyard,
  deathCase,
  metresNorth,
  oakLodge,
} from './links.fixtures.ts';

const context = { knownSites: [oakLodge] };

describe('Layer 1 entity links', () => {
  it('links the second and third Barking deaths by finder, note and scene', () => {
    const [, second, third] = barkingSeries();
    const links = findEntityLinks(third, second, context);
    expect(links.map((l) => l.kind).sort()).toEqual(['named-in-text', 'same-person', 'same-scene']);
    const finder = links.find((l) => l.kind === 'same-person')!;
    expect(finder.detail).toContain('The finder in this case (Barbra Denholm) and the finder in BD-port-2');
    expect(finder.fields?.map((f) => f.field)).toContain('phone');
    expect(links.find((l) => l.kind === 'named-in-text')?.detail).toContain('“Gabriel”');
  });

  it('is found from either side', () => {
    const [, second, third] = barkingSeries();
    expect(findEntityLinks(second, third, context).length).toBe(
      findEntityLinks(third, second, context).length,
    );
  });

  it('does not link two deaths attended by the same police officer', () => {
    const [first, , third] = barkingSeries();
    const a = { ...first, circumstanceTags: [], scene: { ...first.scene!, placeType: 'home' as const } };
    expect(findEntityLinks(a, third, context)).toEqual([]);
  });

  it('does not link two deaths in the same care home found by the same carer', () => {
    const a = careHomeDeath('ch-1', '2015-01-03', 'Marsh');
    const b = careHomeDeath('ch-2', '2015-01-20', 'Pryce');
    expect(findEntityLinks(a, b, context)).toEqual([]);
  });

  it('links a carer who found two people in their own homes', () => {
    const carer = {
      id: 'carer',
      role: 'last-seen-with' as const,
      name: 'Lorna Fitzgerald',
      phone: '07700 900321',
    };
    const a = deathCase({ people: [carer], dateFound: '2015-02-01' });
    const b = deathCase({
      people: [{ ...carer, id: 'carer-b', name: 'Lorna Fitzgerrald' }],
      dateFound: '2015-05-01',
      scene: { ...metresNorth(churchyard, 3000), accuracyM: 10, placeType: 'home' },
    });
    expect(findEntityLinks(a, b, context).map((l) => l.kind)).toEqual(['same-person']);
  });

  it('links the home of a deceased to the address of a person named in another case', () => {
    const address = { line1: '22 Ripple Road', town: 'Barking', postcode: 'IG11 7PB' };
    const a = deathCase({ people: [{ id: 'x', role: 'household-member', name: 'Kay Lund', address }] });
    const b = deathCase({
      deceased: {
        givenNames: 'Reza',
        familyName: 'Tehrani',
        sex: 'male',
        address: { ...address, line1: '22 Ripple Rd' },
      },
    });
    const links = findEntityLinks(a, b, context);
    expect(links.map((l) => l.kind)).toEqual(['address']);
    expect(links[0]!.detail).toContain('22 Ripple Road, IG11 7PB');
  });

  it('links a person in one case who is the deceased of another', () => {
    const a = deathCase({
      people: [{ id: 'w', role: 'witness', name: 'Marek Zielinski', dateOfBirth: '1990-02-03' }],
    });
    const b = deathCase({
      dateFound: '2015-03-01',
      deceased: { givenNames: 'Marek', familyName: 'Zielinski', sex: 'male', dateOfBirth: '1990-02-03' },
    });
    expect(findEntityLinks(a, b, context).map((l) => l.kind)).toEqual(['person-is-deceased']);
  });

  it('does not treat neighbouring home deaths as the same scene', () => {
    const a = deathCase({ scene: { ...churchyard, accuracyM: 10, placeType: 'home' } });
    const b = deathCase({ scene: { ...metresNorth(churchyard, 10), accuracyM: 10, placeType: 'home' } });
    expect(findEntityLinks(a, b, context)).toEqual([]);
  });

  it('does not link natural deaths or deaths more than three years apart', () => {
    const [, second, third] = barkingSeries();
    expect(findEntityLinks({ ...third, unnatural: false }, second, context)).toEqual([]);
    expect(findEntityLinks({ ...third, dateFound: '2018-01-01' }, second, context)).toEqual([]);
  });
});
