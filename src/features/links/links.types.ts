/** Plain data shapes for the linked-deaths detector; the case module maps its rows into these. */

/** A located point; `accuracyM` is the accuracy radius in metres (10 typed/GPS, 100 postcode centroid, 2000 district). */
export type GeoPoint = { lat: number; lon: number; accuracyM: number };

export type PlaceType =
  | 'home'
  | 'public-outdoor'
  | 'hospital'
  | 'care-home'
  | 'hospice'
  | 'prison'
  | 'police-custody'
  | 'place-of-worship-grounds'
  | 'road'
  | 'workplace'
  | 'other';

export type PostalAddress = { line1: string; line2?: string; town: string; postcode?: string };

export type PersonRole =
  | 'finder'
  | 'caller'
  | 'last-seen-with'
  | 'household-member'
  | 'witness'
  | 'person-of-interest'
  | 'next-of-kin'
  | 'police-officer'
  | 'paramedic'
  | 'forensic-medical-examiner'
  | 'other-professional';

export type LinkPerson = {
  id: string;
  role: PersonRole;
  name: string;
  dateOfBirth?: string;
  phone?: string;
  address?: PostalAddress;
};

export type PoliceClassification =
  | 'unexplained-not-suspicious'
  | 'unexplained-suspicious'
  | 'homicide'
  | 'non-suspicious'
  | 'not-yet-classified';

export type LinkCase = {
  id: string;
  reference: string;
  areaCode: string;
  /** ISO instant the death was reported. */
  reportedAt: string;
  /** YYYY-MM-DD */
  dateOfDeath?: string;
  /** YYYY-MM-DD */
  dateFound?: string;
  deceased: {
    givenNames: string;
    familyName: string;
    sex: 'male' | 'female' | 'unknown';
    dateOfBirth?: string;
    age?: number;
    address?: PostalAddress;
    residence?: GeoPoint;
  };
  scene?: GeoPoint & { placeType?: PlaceType; postcode?: string; description?: string };
  people: LinkPerson[];
  /** e.g. found-outdoors, body-moved, phone-missing, note-present, note-unverified, paraphernalia-present, missing-person-report */
  circumstanceTags: string[];
  /** Substance names, e.g. 'GHB', 'heroin'. */
  toxicology: { tested: string[]; detected: string[] };
  policeClassification?: PoliceClassification;
  /** Suspected violent or unnatural death, or cause unknown: the coroner's duty to investigate arose. */
  unnatural: boolean;
  /** Free text: circumstances, statements, document text. */
  texts: string[];
};

export type KnownSite = {
  id: string;
  name: string;
  kind: 'hospital' | 'hospice' | 'care-home' | 'prison' | 'railway-station' | 'other';
  lat: number;
  lon: number;
  radiusM: number;
};

/** Per substance: how many cases were tested for it and in how many it was detected (the system's own data). */
export type SubstanceFrequencies = Readonly<Record<string, { tested: number; detected: number }>>;

/** Share of people in the background with a given normalised name (e.g. 'smith' → 0.011). */
export type NameFrequencies = ReadonlyMap<string, number>;

/** Background frequencies the scores are measured against, estimated from the system's own cases. */
export type Background = {
  substances: SubstanceFrequencies;
  /** Among unnatural deaths: how many cases, and how many carried each circumstance tag. */
  circumstanceTags?: { cases: number; counts: Readonly<Record<string, number>> };
  /** Among unnatural deaths: share the police classified as unexplained. */
  unexplainedShare?: number;
  /** Among unnatural deaths with an age: how many, and how many in each ten-year band ('0', '10', … '90'). */
  ageBands?: { cases: number; counts: Readonly<Record<string, number>> };
  /**
   * The same measures among drug-poisoning deaths only: when both deaths of a pair are drug deaths, features
   * are judged against other drug deaths (a shared opiate or paraphernalia says little between two overdoses).
   */
  drugDeaths?: {
    substances: SubstanceFrequencies;
    circumstanceTags: { cases: number; counts: Readonly<Record<string, number>> };
    unexplainedShare: number;
    ageBands?: { cases: number; counts: Readonly<Record<string, number>> };
  };
  familyNames?: NameFrequencies;
  givenNames?: NameFrequencies;
};

export type LinkLevel = 'review' | 'urgent';

/** One line of the explanation of a score: a fact, never a conclusion. */
export type LinkReason = { feature: string; detail: string; weight: number };

/** A possible link — review (API.md "Possible links"). */
export type PossibleLink = {
  caseId: string;
  reference: string;
  score: number;
  level: LinkLevel;
  reasons: LinkReason[];
};
