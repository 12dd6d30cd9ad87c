import { describe, expect, it } from 'vitest';
import { caseAction } from './cases.actions.schema.ts';
import { AREA_PLACES, UNDERLYING_CAUSES } from './cases.generate.data.ts';
import { areaVolume, type GeneratedDeath, generateDeaths, generationPlan } from './cases.generate.ts';
import { ageOn } from './cases.report.ts';
import { reportDeath } from './cases.schema.ts';

const AREAS = ['EL', 'IN', 'SL'].map(areaVolume);
const UNTIL = '2026-11-25';

// One large sample, reused: ten years of three London areas' referrals.
const sample: GeneratedDeath[] = [
  ...generateDeaths({ seed: 7, cases: 60_000, years: 10, areas: AREAS, until: UNTIL }),
];
const share = (list: GeneratedDeath[], test: (d: GeneratedDeath) => boolean) =>
  list.filter(test).length / list.length;
const types = (d: GeneratedDeath) => d.lifecycle.actions.map((a) => a.action.type);
const conclusion = (d: GeneratedDeath) => {
  const c = d.lifecycle.actions.find((a) => a.action.type === 'RECORD_CONCLUSION')?.action;
  return c?.type === 'RECORD_CONCLUSION' ? c : undefined;
};
// Cases reported long enough ago to have run their course (the tail of durations aside).
const settled = sample.filter((d) => d.reportedAt! < '2022-01-01');
const concluded = settled.filter((d) => conclusion(d));

describe('synthetic deaths', () => {
  it('are the same for the same seed and differ for another', () => {
    const options = { seed: 42, cases: 300, areas: AREAS, until: UNTIL };
    const a = JSON.stringify([...generateDeaths(options)]);
    expect(JSON.stringify([...generateDeaths(options)])).toBe(a);
    expect(JSON.stringify([...generateDeaths({ ...options, seed: 43 })])).not.toBe(a);
  });

  it('are valid death reports with valid actions, in order of report, before the cut-off', () => {
    let previous = '';
    for (const death of sample.slice(0, 5000)) {
      const parsed = reportDeath.safeParse(death);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      for (const { action } of death.lifecycle.actions)
        expect(caseAction.safeParse(action).success).toBe(true);
      expect(death.reportedAt! >= previous).toBe(true);
      previous = death.reportedAt!;
      const times = death.lifecycle.actions.map((a) => a.at);
      expect(times).toEqual([...times].sort());
      expect(times.every((t) => t > death.reportedAt! && t < `${UNTIL}T00:00:00Z`)).toBe(true);
      const { dateOfBirth, age } = death.deceased;
      const died = death.death.dateOfDeath ?? death.death.dateFound;
      if (dateOfBirth && died) expect(ageOn(dateOfBirth, died)).toBe(age);
    }
  });

  it('share the volume among the areas by their yearly referrals', () => {
    expect(generationPlan({ seed: 1, years: 2, areas: AREAS, until: UNTIL }).cases).toBe(
      2 * (4800 + 3600 + 4100),
    );
    expect(share(sample, (d) => d.areaCode === 'EL')).toBeCloseTo(4800 / 12_500, 1);
    expect(areaVolume('zz').perYear).toBe(Math.round(175_000 / 85));
    expect(areaVolume('XY:2500').perYear).toBe(2500);
    expect(() => areaVolume('E1')).toThrow(/2 to 4 letters/);
  });

  it('open an inquest for about 19% of referrals and examine about 39% (coroner-service.md §9)', () => {
    expect(share(settled, (d) => types(d).includes('OPEN_INQUEST'))).toBeGreaterThan(0.175);
    expect(share(settled, (d) => types(d).includes('OPEN_INQUEST'))).toBeLessThan(0.205);
    expect(share(settled, (d) => types(d).includes('RECORD_POST_MORTEM'))).toBeGreaterThan(0.36);
    expect(share(settled, (d) => types(d).includes('RECORD_POST_MORTEM'))).toBeLessThan(0.42);
    expect(share(settled, (d) => d.lifecycle.outcome === 'NO_DUTY')).toBeGreaterThan(0.55);
  });

  it('conclude with the national mix: misadventure 25%, suicide 13%, natural causes 12%, open 4%', () => {
    const of = (form: string) => share(concluded, (d) => conclusion(d)?.shortForm === form);
    expect(of('accident-or-misadventure')).toBeGreaterThan(0.23);
    expect(of('accident-or-misadventure')).toBeLessThan(0.27);
    expect(of('suicide')).toBeGreaterThan(0.115);
    expect(of('suicide')).toBeLessThan(0.145);
    expect(of('natural-causes')).toBeGreaterThan(0.105);
    expect(of('natural-causes')).toBeLessThan(0.14);
    expect(of('open')).toBeGreaterThan(0.03);
    expect(of('open')).toBeLessThan(0.05);
    const narrativeOnly = share(concluded, (d) => !conclusion(d)?.shortForm);
    expect(narrativeOnly).toBeGreaterThan(0.17);
    expect(narrativeOnly).toBeLessThan(0.23);
  });

  it('take about 31 weeks to conclude: about 29% within 3 months and 18% over 12 months', () => {
    const days = concluded.map(
      (d) => (Date.parse(conclusion(d)!.concludedOn) - Date.parse(d.reportedAt!.slice(0, 10))) / 86_400_000,
    );
    const within = (n: number) => days.filter((x) => x <= n).length / days.length;
    expect(within(91)).toBeGreaterThan(0.25);
    expect(within(91)).toBeLessThan(0.33);
    expect(1 - within(365)).toBeGreaterThan(0.15);
    expect(1 - within(365)).toBeLessThan(0.22);
    const meanWeeks = days.reduce((a, b) => a + b, 0) / days.length / 7;
    expect(meanWeeks).toBeGreaterThan(27);
    expect(meanWeeks).toBeLessThan(38);
  });

  it('have juries in about 1% of inquests and suspend about 2.4% for criminal proceedings', () => {
    const inquests = settled.filter((d) => types(d).includes('OPEN_INQUEST'));
    const jury = share(inquests, (d) =>
      d.lifecycle.actions.some((a) => a.action.type === 'DECIDE_JURY' && a.action.jury),
    );
    expect(jury).toBeGreaterThan(0.005);
    expect(jury).toBeLessThan(0.02);
    const suspended = share(inquests, (d) => types(d).includes('SUSPEND'));
    expect(suspended).toBeGreaterThan(0.015);
    expect(suspended).toBeLessThan(0.035);
  });

  it('are mostly men among inquest conclusions (about 65%) and older among natural deaths', () => {
    expect(share(concluded, (d) => d.deceased.sex === 'male')).toBeGreaterThan(0.62);
    expect(share(concluded, (d) => d.deceased.sex === 'male')).toBeLessThan(0.68);
    const ages = (list: GeneratedDeath[]) =>
      list.reduce((n, d) => n + (d.deceased.age ?? 0), 0) / list.length;
    const noDuty = settled.filter((d) => d.lifecycle.outcome === 'NO_DUTY');
    const drugs = concluded.filter((d) => conclusion(d)?.shortForm === 'alcohol-drug-related');
    expect(ages(noDuty)).toBeGreaterThan(72);
    expect(ages(drugs)).toBeLessThan(50);
  });

  it('put road deaths on roads, drug deaths with toxicology, deaths in detention before juries and Article 2', () => {
    for (const d of concluded) {
      const c = conclusion(d)!;
      if (c.shortForm === 'road-traffic-collision') expect(d.death.placeOfDeath?.placeType).toBe('road');
      if (c.shortForm === 'alcohol-drug-related') expect(d.toxicology?.tested?.length).toBeGreaterThan(0);
    }
    const detention = sample.filter((d) => d.death.stateDetention);
    expect(detention.length / sample.length).toBeGreaterThan(0.0015);
    expect(detention.length / sample.length).toBeLessThan(0.005);
    for (const d of detention.filter((x) => conclusion(x))) expect(conclusion(d)!.circumstances).toBeTruthy();
    const places = new Set(sample.map((d) => d.death.placeOfDeath?.placeType));
    for (const p of [
      'home',
      'hospital',
      'care-home',
      'hospice',
      'public-outdoor',
      'road',
      'workplace',
      'prison',
    ])
      expect(places).toContain(p);
  });

  it('give a medical cause whose Part 1b, when there is one, is what leads to its Part 1a', () => {
    const causes = concluded.map((d) => conclusion(d)!.medicalCause);
    const withUnderlying = causes.filter((c) => c['1b']);
    for (const c of withUnderlying) expect(c['1b']).toBe(UNDERLYING_CAUSES[c['1a']]);
    // Injuries and poisonings are given no underlying disease.
    expect(causes.some((c) => c['1a'] === 'Hanging' && c['1b'])).toBe(false);
    expect(withUnderlying.length).toBeGreaterThan(100);
  });

  it('name the town a place is in, by its postcode', () => {
    const towns = (code: string) => AREA_PLACES[code]!.places;
    let named = 0;
    for (const death of sample.slice(0, 20_000)) {
      const place = death.death.placeOfDeath!;
      const town =
        /, ([A-Z][a-z]+)$/.exec(place.description)?.[1] ??
        /^([A-Z][a-z]+) (University Hospital|police station)/.exec(place.description)?.[1];
      if (!town || !place.postcode) continue;
      named++;
      const outward = place.postcode.split(' ')[0]!;
      const where = towns(death.areaCode).filter((t) => t.outward.includes(outward));
      expect(
        where.map((t) => t.town),
        `${place.description} · ${place.postcode}`,
      ).toContain(town);
    }
    expect(named).toBeGreaterThan(1000);
  });

  it('hold cases in every status, recent ones still open', () => {
    const recent = [...generateDeaths({ seed: 3, cases: 20_000, years: 0.25, areas: AREAS, until: UNTIL })];
    const outcomes = new Set([...sample, ...recent].map((d) => d.lifecycle.outcome));
    for (const status of [
      'REPORTED',
      'PRELIMINARY_ENQUIRIES',
      'NO_DUTY',
      'INVESTIGATION_OPEN',
      'DISCONTINUED',
      'INQUEST_OPENED',
      'SUSPENDED',
      'TRANSFER_PENDING',
      'CONCLUDED',
      'QUASHED',
    ])
      expect(outcomes, status).toContain(status);
    const lastMonth = sample.filter((d) => d.reportedAt! > '2026-10-25');
    expect(
      share(lastMonth, (d) => ['NO_DUTY', 'DISCONTINUED', 'CONCLUDED'].includes(d.lifecycle.outcome)),
    ).toBeLessThan(0.75);
  });
});
