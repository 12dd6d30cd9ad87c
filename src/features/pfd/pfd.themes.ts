/**
 * The controlled vocabulary of Prevention of Future Deaths themes, and the rule that finds later deaths
 * with the same theme (docs/pfd.md "Themes"). One list for the forms, the API, the public data and the rule.
 *
 * A later case matches a theme when any of these holds (each is a reason shown to the coroner):
 * - a keyword appears as a whole word or phrase in its circumstances, or in its Record of Inquest (how,
 *   when and where; circumstances; narrative);
 * - it carries one of the theme's circumstance tags;
 * - the place of death (or where the body was found) is one of the theme's place types;
 * - the death was in one of the theme's kinds of state detention;
 * - its short-form conclusion is one of the theme's conclusions;
 * - (child safety) the deceased was under 18.
 */
export type ThemeRule = {
  label: string;
  keywords: readonly string[];
  tags?: readonly string[];
  places?: readonly string[];
  detention?: readonly string[];
  conclusions?: readonly string[];
  under18?: boolean;
};

export const PFD_THEMES = {
  'mental-health-services': {
    label: 'Mental health services',
    keywords: ['mental health', 'psychiatric', 'psychiatrist', 'crisis team', 'section 136', 'sectioned'],
    detention: ['mental-health-act'],
  },
  'police-custody': {
    label: 'Police custody and restraint',
    keywords: ['police custody', 'custody suite', 'restraint', 'restrained', 'arrested', 'arrest'],
    places: ['police-custody'],
    detention: ['police-custody'],
  },
  prisons: {
    label: 'Prisons and immigration detention',
    keywords: ['prison', 'prisoner', 'HMP', 'young offender institution', 'immigration removal centre'],
    places: ['prison'],
    detention: ['prison', 'immigration-removal-centre'],
  },
  'drugs-and-alcohol': {
    label: 'Drugs and alcohol',
    keywords: ['overdose', 'drug', 'drugs', 'alcohol', 'heroin', 'cocaine', 'methadone', 'GHB', 'fentanyl'],
    tags: ['paraphernalia-present', 'alcohol-suspected', 'drugs-suspected'],
    conclusions: ['alcohol-drug-related'],
  },
  'road-safety': {
    label: 'Road safety',
    keywords: ['road', 'vehicle', 'driver', 'collision', 'pedestrian', 'cyclist', 'motorcycle', 'junction'],
    places: ['road'],
    conclusions: ['road-traffic-collision'],
  },
  'hospital-care': {
    label: 'Hospital care',
    keywords: ['hospital', 'ward', 'emergency department', 'A&E', 'discharged', 'sepsis', 'triage'],
    places: ['hospital'],
  },
  'community-health-care': {
    label: 'Community health care and GPs',
    keywords: ['GP', 'general practitioner', 'district nurse', 'community nurse', 'surgery appointment'],
  },
  'care-homes': {
    label: 'Care homes',
    keywords: ['care home', 'nursing home', 'residential care', 'carer', 'carers'],
    places: ['care-home'],
  },
  'child-safety': {
    label: 'Child safety',
    keywords: ['child', 'children', 'infant', 'baby', 'school', 'safeguarding'],
    under18: true,
  },
  'suicide-prevention': {
    label: 'Suicide prevention',
    keywords: ['suicide', 'self-harm', 'ligature', 'hanging', 'took their own life'],
    tags: ['note-present'],
    conclusions: ['suicide'],
  },
  'emergency-services': {
    label: 'Emergency services',
    keywords: ['ambulance', 'paramedic', 'paramedics', '999', '111', 'fire service', 'response time'],
  },
  medication: {
    label: 'Medication',
    keywords: ['medication', 'prescribed', 'prescription', 'dose', 'dosage', 'pharmacy', 'opioid'],
  },
  'product-safety': {
    label: 'Product safety',
    keywords: ['product', 'appliance', 'manufacturer', 'recall', 'button battery', 'blind cord'],
  },
  'workplace-safety': {
    label: 'Workplace safety',
    keywords: ['workplace', 'employer', 'construction site', 'machinery', 'Health and Safety Executive'],
    places: ['workplace'],
    conclusions: ['industrial-disease'],
  },
  other: { label: 'Other', keywords: [] },
} as const satisfies Record<string, ThemeRule>;

export type PfdTheme = keyof typeof PFD_THEMES;
export const PFD_THEME_CODES = Object.keys(PFD_THEMES) as [PfdTheme, ...PfdTheme[]];

export const themeLabel = (theme: string): string =>
  (PFD_THEMES as Record<string, ThemeRule>)[theme]?.label ?? theme;

/** What the rule looks at in a later case. */
export type CaseFacts = {
  circumstances: string;
  inquestText: string;
  circumstanceTags: readonly string[];
  placeType: string | null;
  stateDetention: string | null;
  shortForm: string | null;
  age: number | null;
};

export type ThemeMatch = { theme: PfdTheme; reasons: string[] };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A keyword as a whole word or phrase, case-insensitive (spaces match any run of spaces). */
function keywordPattern(keyword: string): RegExp {
  const body = keyword
    .split(/\s+/)
    .map((w) => escapeRegExp(w))
    .join('\\s+');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${body}($|[^\\p{L}\\p{N}])`, 'iu');
}

/** The reasons a later case shares a theme, or none. The rule is described at the top of this file. */
export function themeReasons(theme: PfdTheme, facts: CaseFacts): string[] {
  const rule: ThemeRule = PFD_THEMES[theme];
  const reasons: string[] = [];
  const text = (facts.circumstances ?? '').toString();
  const inquest = (facts.inquestText ?? '').toString();
  for (const keyword of rule.keywords) {
    const pattern = keywordPattern(keyword);
    if (pattern.test(text)) reasons.push(`The circumstances mention “${keyword}”`);
    else if (pattern.test(inquest)) reasons.push(`The Record of Inquest mentions “${keyword}”`);
  }
  for (const tag of rule.tags ?? [])
    if (facts.circumstanceTags.includes(tag)) reasons.push(`Circumstance: ${tag.replace(/-/g, ' ')}`);
  if (facts.placeType && rule.places?.includes(facts.placeType))
    reasons.push(`Place of death: ${facts.placeType.replace(/-/g, ' ')}`);
  if (facts.stateDetention && rule.detention?.includes(facts.stateDetention))
    reasons.push(`Died in state detention (${facts.stateDetention.replace(/-/g, ' ')})`);
  if (facts.shortForm && rule.conclusions?.includes(facts.shortForm))
    reasons.push(`Conclusion: ${facts.shortForm.replace(/-/g, ' ')}`);
  if (rule.under18 && facts.age !== null && facts.age < 18) reasons.push('The deceased was under 18');
  return reasons;
}

/** Every theme of `themes` that the later case shares, with the reasons. */
export function matchThemes(themes: readonly PfdTheme[], facts: CaseFacts): ThemeMatch[] {
  return themes
    .map((theme) => ({ theme, reasons: themeReasons(theme, facts) }))
    .filter((m) => m.reasons.length > 0);
}

/**
 * A PostgreSQL regular expression (`~*`) that finds candidate cases for the themes' keywords, so the
 * database narrows the search before `themeReasons` decides. `\m`/`\M` are PostgreSQL's word boundaries.
 */
export function keywordRegexForSql(themes: readonly PfdTheme[]): string | null {
  const words = themes.flatMap((t) => [...PFD_THEMES[t].keywords]);
  if (words.length === 0) return null;
  return words
    .map(
      (k) =>
        `(^|[^[:alnum:]])${k
          .split(/\s+/)
          .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('\\s+')}($|[^[:alnum:]])`,
    )
    .join('|');
}

/** The structured parts of the themes (tags, places, detention, conclusions) for the candidate query. */
export function themeFacets(themes: readonly PfdTheme[]) {
  const rules: ThemeRule[] = themes.map((t) => PFD_THEMES[t]);
  return {
    tags: [...new Set(rules.flatMap((r) => r.tags ?? []))],
    places: [...new Set(rules.flatMap((r) => r.places ?? []))],
    detention: [...new Set(rules.flatMap((r) => r.detention ?? []))],
    conclusions: [...new Set(rules.flatMap((r) => r.conclusions ?? []))],
    under18: rules.some((r) => r.under18),
  };
}
