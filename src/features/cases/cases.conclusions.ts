/**
 * Record of Inquest (Coroners (Inquests) Rules 2013, Schedule, Form 2): the short-form conclusions, with
 * the words the record uses, and the Ministry of Justice statistical category each counts under.
 */
export const SHORT_FORM_CONCLUSIONS = {
  'accident-or-misadventure': { wording: 'Accident or misadventure', statistics: 'Accident or misadventure' },
  'alcohol-drug-related': { wording: 'Alcohol/drug related', statistics: 'Alcohol or drug related' },
  'industrial-disease': { wording: 'Industrial disease', statistics: 'Industrial disease' },
  'lawful-killing': { wording: 'Lawful killing', statistics: 'Killed lawfully' },
  'natural-causes': { wording: 'Natural causes', statistics: 'Natural causes' },
  open: { wording: 'Open conclusion', statistics: 'Open' },
  'unlawful-killing': { wording: 'Unlawful killing', statistics: 'Killed unlawfully' },
  'road-traffic-collision': { wording: 'Road traffic collision', statistics: 'Road traffic collision' },
  stillbirth: { wording: 'Stillbirth', statistics: 'Stillborn' },
  suicide: { wording: 'Suicide', statistics: 'Suicide' },
} as const;

export type ShortFormConclusion = keyof typeof SHORT_FORM_CONCLUSIONS;
export const SHORT_FORMS = Object.keys(SHORT_FORM_CONCLUSIONS) as [
  ShortFormConclusion,
  ...ShortFormConclusion[],
];

/**
 * The short forms the neglect rider is never added to: an unlawful or a lawful killing already answers how
 * the death came about, and a stillborn child was never alive to be neglected.
 */
export const NO_NEGLECT_RIDER: readonly ShortFormConclusion[] = [
  'unlawful-killing',
  'lawful-killing',
  'stillbirth',
];

/** Whether the rider "contributed to by neglect" may be added to this short form. */
export const neglectRiderAllowed = (shortForm: ShortFormConclusion) => !NO_NEGLECT_RIDER.includes(shortForm);

/** The conclusion as the record states it: the short form (with the neglect rider), the narrative, or both. */
export function conclusionWording(c: {
  shortForm?: ShortFormConclusion | null;
  narrative?: string | null;
  neglect?: boolean | null;
}): string {
  const parts: string[] = [];
  if (c.shortForm)
    parts.push(
      `${SHORT_FORM_CONCLUSIONS[c.shortForm].wording}${c.neglect ? ', contributed to by neglect' : ''}.`,
    );
  if (c.narrative) parts.push(c.narrative);
  return parts.join('\n\n');
}
