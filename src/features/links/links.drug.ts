/** Which deaths count as drug-poisoning deaths: the drug stream of the scan and the drug stratum of the score. */
import { normaliseSubstance } from './links.prepare.ts';
import type { LinkCase } from './links.types.ts';

/** Substances whose detection marks a drug-poisoning death for the drug stream (with the tag 'suspected-drug-poisoning'). */
export const DRUGS_OF_MISUSE: ReadonlySet<string> = new Set(
  [
    'heroin',
    '6-mam',
    'morphine',
    'methadone',
    'buprenorphine',
    'fentanyl',
    'carfentanil',
    'oxycodone',
    'tramadol',
    'cocaine',
    'benzoylecgonine',
    'amphetamine',
    'methamphetamine',
    'mdma',
    'ketamine',
    'ghb',
    'gbl',
    '1,4-butanediol',
    'mephedrone',
    'pregabalin',
    'gabapentin',
    'etizolam',
    'bromazolam',
    'xylazine',
    'isotonitazene',
    'metonitazene',
    'protonitazene',
    'nitazene',
    'synthetic cannabinoid',
    'spice',
  ].map(normaliseSubstance),
);

/** Tags that record a suspected drug poisoning: the case form's 'drugs-suspected', and the longer form. */
export const DRUG_SUSPECTED_TAGS: ReadonlySet<string> = new Set([
  'drugs-suspected',
  'suspected-drug-poisoning',
]);

/** Drug-poisoning stream membership: unnatural, and suspected drug poisoning or a drug of misuse detected. */
export function isDrugDeath(c: LinkCase): boolean {
  if (!c.unnatural) return false;
  if (c.circumstanceTags.some((t) => DRUG_SUSPECTED_TAGS.has(t))) return true;
  return c.toxicology.detected.some((s) => DRUGS_OF_MISUSE.has(normaliseSubstance(s)));
}
