import { describe, expect, it } from 'vitest';
import { careHomeDeath, deathCase, metresNorth, oakLodge } from './links.fixtures.ts';
import { analysisStreams, isDrugDeath, streamSeed, watchKnownSites } from './links.nightly.ts';
import { dayNumber } from './links.prepare.ts';

const background = {
  substances: { ghb: { tested: 1000, detected: 10 }, cocaine: { tested: 1000, detected: 150 } },
};

describe('analysis streams', () => {
  it('puts each death in the streams it belongs to', () => {
    const ghb = (id: string) => deathCase({ id, toxicology: { tested: ['GHB'], detected: ['GHB'] } });
    const cases = [
      ghb('g1'),
      ghb('g2'),
      deathCase({ id: 'c1', toxicology: { tested: ['cocaine'], detected: ['cocaine'] } }),
      deathCase({ id: 'f1', circumstanceTags: ['fall'] }),
      deathCase({ id: 'n1', unnatural: false }),
    ];
    const streams = analysisStreams(cases, background);
    expect(streams.map((s) => [s.name, s.events.map((e) => e.id)])).toEqual([
      ['unnatural', ['g1', 'g2', 'c1', 'f1']],
      ['drug', ['g1', 'g2', 'c1']],
      ['substance:ghb', ['g1', 'g2']],
    ]);
  });

  it('treats a suspected drug poisoning as a drug death before toxicology', () => {
    expect(isDrugDeath(deathCase({ circumstanceTags: ['suspected-drug-poisoning'] }))).toBe(true);
    expect(isDrugDeath(deathCase({ toxicology: { tested: ['alcohol'], detected: ['alcohol'] } }))).toBe(
      false,
    );
  });

  it('seeds each stream and night differently but reproducibly', () => {
    expect(streamSeed('drug', 100)).toBe(streamSeed('drug', 100));
    expect(streamSeed('drug', 100)).not.toBe(streamSeed('drug', 101));
  });
});

describe('watchKnownSites', () => {
  const day = dayNumber('2015-12-31');
  const dates = (n: number, from: string) =>
    Array.from({ length: n }, (_, i) =>
      new Date(Date.parse(from) + i * 86_400_000 * 14).toISOString().slice(0, 10),
    );

  it('leaves a care home with its usual deaths alone', () => {
    const cases = dates(26, '2014-12-01').map((d, i) => careHomeDeath(`c${i}`, d, `Name${i}`));
    expect(watchKnownSites(cases, [oakLodge], day).some((c) => c.unusual)).toBe(false);
  });

  it('flags a care home with a run of deaths far above its history', () => {
    const usual = dates(20, '2014-12-01').map((d, i) => careHomeDeath(`c${i}`, d, `Name${i}`));
    const run = Array.from({ length: 10 }, (_, i) =>
      careHomeDeath(`r${i}`, `2015-12-${String(10 + i).padStart(2, '0')}`, `Run${i}`),
    );
    const elsewhere = deathCase({ scene: { ...metresNorth(oakLodge, 3000), accuracyM: 10 } });
    const [check] = watchKnownSites([...usual, ...run, elsewhere], [oakLodge], day);
    expect(check?.unusual).toBe(true);
    expect(check?.observed).toBe(10);
  });
});
