/**
 * What synthetic deaths are made of: the national figures they are calibrated to (coroner-service.md §9,
 * Ministry of Justice "Coroners statistics" 2019–2024) and the names and places they are dressed in.
 * Where the published figures are silent the share is our own assumption, marked as such.
 */
import type { ShortFormConclusion } from './cases.conclusions.ts';
import type { PlaceType } from './cases.schema.ts';

/** Deaths reported to coroners in England and Wales in 2024 (174,878). */
export const NATIONAL_REFERRALS_PER_YEAR = 175_000;
/** Coroner areas in 2020–21; an area's default yearly volume is the national figure shared among them. */
export const NATIONAL_AREAS = 85;

/** How a reported death ends, as shares of all referrals. */
export const PATHWAY_SHARES = {
  /** Inquests opened: 36,900 of ~195,000 referrals in 2023. */
  inquest: 0.19,
  /** Investigations discontinued after a post-mortem (s.4). With the inquests' examinations this gives about
   * 39% of referrals examined, as in 2019 (82,100 of 210,900). */
  discontinued: 0.22,
  /** The rest: natural deaths certified without an investigation. */
  noDuty: 0.59,
} as const;

/** Deaths in state detention: 546 of 174,878 referrals in 2024 (prison 359, police 16, IRC 4, MHA 151). */
export const STATE_DETENTION_SHARE = 546 / 174_878;
export const STATE_DETENTION_KINDS = [
  ['prison', 359],
  ['police-custody', 16],
  ['immigration-removal-centre', 4],
  ['mental-health-act', 151],
] as const;

/**
 * Inquest conclusions. Misadventure 25%, suicide 13%, natural causes 12% (2024); open 4% (2020);
 * unclassified, mostly narrative, about 20% (2019). The split of the remaining small groups is our
 * assumption until the Ministry of Justice table "conclusions by type" is read into it.
 */
export const CONCLUSION_SHARES: readonly (readonly [ShortFormConclusion | 'narrative', number])[] = [
  ['accident-or-misadventure', 0.25],
  ['suicide', 0.13],
  ['natural-causes', 0.12],
  ['narrative', 0.2],
  ['alcohol-drug-related', 0.12],
  ['road-traffic-collision', 0.06],
  ['industrial-disease', 0.06],
  ['open', 0.04],
  ['unlawful-killing', 0.012],
  ['stillbirth', 0.006],
  ['lawful-killing', 0.002],
];

/** Of short-form conclusions, the share that also carry a narrative (assumption). */
export const SHORT_FORM_WITH_NARRATIVE = 0.08;
/** Jury inquests: about 1% of inquests heard (2023). */
export const JURY_SHARE = 0.01;
/** Suspended for criminal proceedings: 891 of 36,900 inquests (2023). */
export const SUSPENSION_SHARE = 891 / 36_900;
/** Transfers to another area (s.2 or s.3) among investigations (assumption). */
export const TRANSFER_SHARE = 0.01;
/** Concluded inquests later quashed by the High Court (s.13; tens a year, assumption). */
export const QUASH_SHARE = 0.001;
/** Referrals that go through preliminary enquiries before the decision (assumption). */
export const PRELIMINARY_ENQUIRIES_SHARE = 0.45;
/** Males: about 65% of inquest conclusions (2020); among all referrals a little over half (assumption). */
export const MALE_SHARE = { inquest: 0.65, other: 0.53 } as const;

/**
 * Time from report to conclusion: lognormal fitted to "29% within 3 months, 18% over 12 months", which
 * gives a median of about 5 months and a mean of about 34 weeks (31 weeks published for 2021 and 2024).
 */
export const DURATION_DAYS = { median: 154, sigma: 0.946 } as const;

/** Where deaths happen, by pathway (assumption shaped on ONS place-of-death shares). */
export const PLACE_SHARES: Record<
  'noDuty' | 'discontinued' | 'inquest',
  readonly (readonly [PlaceType, number])[]
> = {
  noDuty: [
    ['hospital', 0.46],
    ['home', 0.3],
    ['care-home', 0.17],
    ['hospice', 0.05],
    ['other', 0.02],
  ],
  discontinued: [
    ['home', 0.52],
    ['hospital', 0.3],
    ['care-home', 0.1],
    ['public-outdoor', 0.04],
    ['other', 0.04],
  ],
  inquest: [
    ['home', 0.4],
    ['hospital', 0.3],
    ['public-outdoor', 0.12],
    ['care-home', 0.08],
    ['workplace', 0.03],
    ['road', 0.03],
    ['other', 0.04],
  ],
};

/** Age at death: a normal curve per kind of death, clipped (assumption; inquests skew younger). */
export const AGE_CURVES: Record<string, { mean: number; sd: number; min: number; max: number }> = {
  noDuty: { mean: 79, sd: 12, min: 18, max: 104 },
  discontinued: { mean: 70, sd: 16, min: 0, max: 102 },
  'accident-or-misadventure': { mean: 72, sd: 20, min: 0, max: 103 },
  suicide: { mean: 46, sd: 17, min: 12, max: 95 },
  'natural-causes': { mean: 70, sd: 17, min: 0, max: 102 },
  narrative: { mean: 62, sd: 22, min: 0, max: 102 },
  'alcohol-drug-related': { mean: 43, sd: 12, min: 15, max: 85 },
  'road-traffic-collision': { mean: 45, sd: 21, min: 1, max: 97 },
  'industrial-disease': { mean: 78, sd: 9, min: 45, max: 100 },
  open: { mean: 50, sd: 20, min: 0, max: 98 },
  'unlawful-killing': { mean: 36, sd: 17, min: 0, max: 92 },
  'lawful-killing': { mean: 34, sd: 10, min: 18, max: 70 },
  stillbirth: { mean: 0, sd: 0, min: 0, max: 0 },
};

/**
 * The condition that led to a Part 1a cause, for the causes where a pathologist would often give one (1b is
 * what caused 1a: "1a Pulmonary embolism, 1b Deep vein thrombosis"). Injuries and poisonings have none here:
 * how they came about is for box 3 of the record, not for the medical cause.
 */
export const UNDERLYING_CAUSES: Record<string, string> = {
  'Myocardial infarction': 'Coronary artery atherosclerosis',
  Sepsis: 'Bronchopneumonia',
  'Intracerebral haemorrhage': 'Hypertension',
  Pneumonia: 'Chronic obstructive pulmonary disease',
  'Pulmonary embolism': 'Deep vein thrombosis',
  'Multiple organ failure': 'Sepsis',
  'Hypoxic brain injury': 'Cardiac arrest',
  Mesothelioma: 'Exposure to asbestos',
};

export const MEDICAL_CAUSES: Record<string, readonly string[]> = {
  noDuty: [
    'Ischaemic heart disease',
    'Bronchopneumonia',
    'Chronic obstructive pulmonary disease',
    'Dementia',
  ],
  discontinued: [
    'Ischaemic heart disease',
    'Hypertensive heart disease',
    'Pulmonary thromboembolism',
    'Ruptured abdominal aortic aneurysm',
    'Myocardial infarction',
    'Cirrhosis of the liver',
  ],
  'accident-or-misadventure': ['Head injury', 'Fractured neck of femur', 'Multiple injuries', 'Drowning'],
  suicide: ['Hanging', 'Multiple injuries', 'Mixed drug toxicity', 'Carbon monoxide poisoning'],
  'natural-causes': ['Myocardial infarction', 'Sepsis', 'Intracerebral haemorrhage', 'Pneumonia'],
  narrative: ['Hypoxic brain injury', 'Sepsis', 'Pulmonary embolism', 'Multiple organ failure'],
  'alcohol-drug-related': [
    'Mixed drug toxicity',
    'Heroin toxicity',
    'Acute alcohol toxicity',
    'GHB toxicity',
  ],
  'road-traffic-collision': ['Multiple injuries', 'Head injury', 'Chest injuries'],
  'industrial-disease': ['Mesothelioma', 'Asbestosis', 'Pneumoconiosis'],
  open: ['Unascertained', 'Drowning', 'Multiple injuries'],
  'unlawful-killing': ['Stab wound to the chest', 'Head injury', 'Compression of the neck'],
  'lawful-killing': ['Gunshot wound to the chest'],
  stillbirth: ['Intrauterine hypoxia', 'Placental abruption'],
};

export const SUBSTANCES = ['heroin', 'cocaine', 'methadone', 'GHB', 'alcohol', 'diazepam', 'pregabalin'];

export const MALE_NAMES = `
James John David Michael Robert Peter Paul Mark Richard Stephen Andrew Christopher Anthony Thomas
William George Daniel Matthew Kevin Gary Ian Alan Brian Colin Derek Edward Frank Graham Harry Jack
Kenneth Leonard Martin Neil Oliver Patrick Raymond Simon Terence Victor Wayne Adam Ben Callum Dylan
Ethan Gareth Hamza Ibrahim Jamal Kwame Liam Mohammed Nathan Omar Piotr Rhys Sanjay Tomasz Usman
Yusuf Arjun Chinedu Dariusz Emeka`
  .trim()
  .split(/\s+/);
export const FEMALE_NAMES = `
Mary Margaret Patricia Susan Elizabeth Jean Joan Dorothy Barbara Christine Linda Janet Sarah Helen
Karen Julie Emma Claire Rachel Lisa Angela Anne Brenda Carol Deborah Eileen Frances Gillian Hannah
Irene Jacqueline Kathleen Lorraine Maureen Nicola Pauline Rita Sheila Teresa Valerie Wendy Amelia
Bethan Chloe Demi Ellie Fatima Grace Ifeoma Jasmine Katarzyna Leah Maryam Nia Olivia Priya Rukhsana
Sophie Sian Zainab Agnieszka Ngozi`
  .trim()
  .split(/\s+/);
/** Common surnames, most common first (weighted by rank). */
export const FAMILY_NAMES = `
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin
Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson
Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell
Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson
Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes
Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Ahmed
Okafor Adeyemi Kowalski Nowak Mensah Osei Nguyen Chen Rahman Akhtar Mahmood Hassan`
  .trim()
  .split(/\s+/);
/** Halves of English surnames, combined for the long tail of rarer names. */
export const SURNAME_STEMS = `
Ash Black Brad Brook Cald Crans Dun Ells Fair Fern Gold Hard Haw Holl Kings Lang Mar Mid Nor Oak Pem
Ray Rad Shel Stan Thorn Wal Went Whit Wood Beck Chad Dal Hen Lid Mos Pen Ros Sel Tam Ald Bar Bram Bur
Cas Chal Cod Cran Dar Ever Farn Gar Gren Hal Hurl Ick Kel Kin Lan Lock Mal Merri Nether Ord Pad Rams
Rock Sal Shap Sher Sid Skel Sout Stave Tad Tref Up War Wes Wil Win`
  .trim()
  .split(/\s+/);
export const SURNAME_ENDINGS = `
worth ley ford ton well field gate more by combe ham hurst wick stone bridge den ridge shaw thorpe
wood cliffe brook dale sworth stead low hill lock mere cott ington wright ock ard ing man ers wick
ridge holme`
  .trim()
  .split(/\s+/);

export type AreaGeography = { town: string; outward: readonly string[]; lat: number; lon: number }[];

/** The demo areas' places (outward postcodes and rough centres); other areas get a place by their code. */
export const AREA_PLACES: Record<string, { perYear: number; places: AreaGeography }> = {
  EL: {
    perYear: 4800,
    places: [
      { town: 'London', outward: ['E4', 'E10', 'E11', 'E17'], lat: 51.585, lon: -0.012 },
      { town: 'Barking', outward: ['IG11', 'RM8', 'RM9', 'RM10'], lat: 51.539, lon: 0.081 },
      { town: 'Ilford', outward: ['IG1', 'IG2', 'IG3', 'IG6'], lat: 51.559, lon: 0.074 },
      { town: 'London', outward: ['E6', 'E7', 'E12', 'E13', 'E15', 'E16'], lat: 51.531, lon: 0.035 },
      { town: 'Romford', outward: ['RM1', 'RM3', 'RM7', 'RM11'], lat: 51.577, lon: 0.183 },
      { town: 'London', outward: ['E1', 'E2', 'E3', 'E14'], lat: 51.515, lon: -0.036 },
    ],
  },
  IN: {
    perYear: 3600,
    places: [
      { town: 'London', outward: ['NW1', 'NW3', 'NW5', 'WC1'], lat: 51.545, lon: -0.15 },
      { town: 'London', outward: ['E5', 'E8', 'E9', 'N16'], lat: 51.548, lon: -0.055 },
      { town: 'London', outward: ['N1', 'N5', 'N7', 'N19'], lat: 51.552, lon: -0.11 },
    ],
  },
  SL: {
    perYear: 4100,
    places: [
      { town: 'Croydon', outward: ['CR0', 'CR2', 'CR7'], lat: 51.372, lon: -0.1 },
      { town: 'Bromley', outward: ['BR1', 'BR2', 'BR6'], lat: 51.4, lon: 0.017 },
      { town: 'Sutton', outward: ['SM1', 'SM2', 'SM3'], lat: 51.36, lon: -0.19 },
      { town: 'Bexleyheath', outward: ['DA6', 'DA7', 'DA15'], lat: 51.456, lon: 0.14 },
    ],
  },
};

/** Towns of England and Wales for areas without places of their own. */
export const OTHER_PLACES: AreaGeography = [
  { town: 'Leeds', outward: ['LS1', 'LS6', 'LS9', 'LS11'], lat: 53.8, lon: -1.549 },
  { town: 'Bristol', outward: ['BS1', 'BS3', 'BS5', 'BS7'], lat: 51.455, lon: -2.588 },
  { town: 'Cardiff', outward: ['CF10', 'CF11', 'CF14', 'CF24'], lat: 51.481, lon: -3.179 },
  { town: 'Manchester', outward: ['M1', 'M8', 'M14', 'M20'], lat: 53.48, lon: -2.242 },
  { town: 'Birmingham', outward: ['B5', 'B10', 'B13', 'B23'], lat: 52.486, lon: -1.89 },
  { town: 'Norwich', outward: ['NR1', 'NR2', 'NR3', 'NR5'], lat: 52.628, lon: 1.293 },
  { town: 'Newcastle upon Tyne', outward: ['NE1', 'NE4', 'NE6', 'NE15'], lat: 54.978, lon: -1.617 },
  { town: 'Plymouth', outward: ['PL1', 'PL4', 'PL5', 'PL6'], lat: 50.375, lon: -4.143 },
  { town: 'Liverpool', outward: ['L1', 'L4', 'L8', 'L15'], lat: 53.408, lon: -2.991 },
  { town: 'Nottingham', outward: ['NG1', 'NG3', 'NG5', 'NG7'], lat: 52.954, lon: -1.158 },
];

export const STREETS = `
High Street, Station Road, Church Road, Park Avenue, Victoria Road, Green Lane, Manor Road,
Queens Road, Kings Road, Grove Road, Mill Lane, London Road, Hillside, Chestnut Close, Windsor Court,
Albert Street, New Road, Elm Grove, Orchard Way`
  .trim()
  .split(/\s*,\s*/);
