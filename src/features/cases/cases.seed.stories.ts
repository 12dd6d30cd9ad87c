/**
 * The East London demo cases told step by step: a quashed inquest and its fresh inquest, suspensions,
 * transfers in and out, Records of Inquest (one by a jury, Article 2 engaged), a series of drug deaths near
 * one churchyard in Barking, and cases reported in the last days.
 */
import type { Actor } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { govukDate } from '../../platform/views/dates.ts';
import type { CaseAction } from './cases.actions.schema.ts';
import type { ReportDeathInput } from './cases.schema.ts';

export type Staff = { principal: Principal; actor: Actor };

export type Storyteller = {
  /** Reports a death `reportedAgo` days ago and takes each step on its day. */
  story(
    report: Omit<ReportDeathInput, 'areaCode'> & { areaCode?: string },
    reportedAgo: number,
    steps: [ago: number, who: Staff, action: CaseAction][],
  ): Promise<{ id: string; freshId?: string }>;
  /** One more step on a case already told. */
  act(caseId: string, ago: number, who: Staff, action: CaseAction): Promise<void>;
  coroner: Staff;
  officer: Staff;
  /** A coroner of South London, who transfers a case to East London. */
  visitor: Staff;
  /** The date `ago` days before today. */
  day(ago: number): string;
};

export async function tellDemoStories({
  story,
  act,
  coroner,
  officer,
  visitor,
  day,
}: Storyteller): Promise<void> {
  const walthamstow = { line1: 'Queens Road', town: 'London', postcode: 'E17 8QP' };
  const person = (givenNames: string, familyName: string, sex: 'male' | 'female', dateOfBirth: string) => ({
    givenNames,
    familyName,
    sex,
    dateOfBirth,
    homeTown: 'London',
  });
  const police = {
    type: 'police' as const,
    name: 'PC Dean Archer',
    organisation: 'Metropolitan Police Service',
  };

  // A suicide conclusion quashed by the High Court on new evidence, and the fresh inquest it ordered.
  const quashed = await story(
    {
      deceased: person('Marcus', 'Ellery', 'male', '1989-04-12'),
      death: {
        dateOfDeath: day(1001),
        placeOfDeath: {
          description: 'Lea Bridge Road, Leyton',
          postcode: 'E10 7JN',
          placeType: 'public-outdoor',
        },
        circumstances: 'Found hanged in woodland near the river; a note was found but not verified.',
      },
      reportedBy: police,
      circumstanceTags: ['found-outdoors', 'note-unverified'],
    },
    1000,
    [
      [
        999,
        coroner,
        {
          type: 'OPEN_INVESTIGATION',
          grounds: ['VIOLENT_OR_UNNATURAL'],
          reason: 'An apparently self-inflicted death.',
        },
      ],
      [
        995,
        officer,
        {
          type: 'RECORD_POST_MORTEM',
          examinedOn: day(996),
          kind: 'INVASIVE',
          pathologist: 'Dr Helen Marsh',
          causeOfDeath: 'Hanging',
        },
      ],
      [990, coroner, { type: 'OPEN_INQUEST', openedOn: day(990), provisionalCause: '1a Hanging' }],
      [
        760,
        coroner,
        {
          type: 'RECORD_CONCLUSION',
          concludedOn: day(760),
          medicalCause: { '1a': 'Hanging' },
          howWhenWhere: `Marcus Ellery was found hanged near Lea Bridge Road, Leyton, on ${govukDate(day(1001))}.`,
          shortForm: 'suicide',
          neglect: false,
          byJury: false,
          registration: { placeOfDeath: 'Lea Bridge Road, Leyton', occupation: 'Electrician' },
        },
      ],
      [
        120,
        coroner,
        {
          type: 'QUASH',
          court: 'High Court (Divisional Court)',
          orderedOn: day(125),
          citation: `[${day(125).slice(0, 4)}] EWHC 1873 (Admin)`,
          grounds:
            'Messages found on a second phone suggest a third party was present; a fresh inquest is necessary in the interests of justice (Coroners Act 1988 s.13).',
        },
      ],
    ],
  );
  await act(quashed.freshId!, 90, coroner, {
    type: 'OPEN_INQUEST',
    openedOn: day(90),
    provisionalCause: '1a Hanging',
  });

  // Suspended: a person charged with murder (Sch.1 para 2), and a driver under investigation (para 1).
  await story(
    {
      deceased: person('Kelly', 'Brandon', 'female', '1997-08-30'),
      death: {
        dateOfDeath: day(201),
        placeOfDeath: {
          description: 'Flat 4, 18 Romford Road, Stratford',
          postcode: 'E15 4BZ',
          placeType: 'home',
        },
        circumstances: 'Found with stab wounds after neighbours heard shouting.',
      },
      reportedBy: police,
      circumstanceTags: ['signs-of-injury'],
      policeClassification: 'homicide',
      people: [{ role: 'person-of-interest', name: 'Darren Flint' }],
    },
    200,
    [
      [
        200,
        coroner,
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Death from stab wounds.' },
      ],
      [
        196,
        officer,
        {
          type: 'RECORD_POST_MORTEM',
          examinedOn: day(197),
          kind: 'INVASIVE',
          pathologist: 'Dr Rupert Vane',
          causeOfDeath: 'Stab wound to the chest',
        },
      ],
      [
        190,
        coroner,
        { type: 'OPEN_INQUEST', openedOn: day(190), provisionalCause: '1a Stab wound to the chest' },
      ],
      [
        180,
        coroner,
        {
          type: 'SUSPEND',
          basis: 'SCH1_PARA2',
          requestedBy: 'Crown Prosecution Service',
          reason: 'A man has been charged with murder.',
        },
      ],
      [
        179,
        officer,
        {
          type: 'SEND_REGISTRAR_PARTICULARS',
          sentOn: day(179),
          registerOffice: 'Newham Register Office',
          causeOfDeath: '1a Stab wound to the chest',
          registration: {},
        },
      ],
    ],
  );
  // Not resumed: the man charged was convicted of manslaughter, and the trial answered how the deceased died
  // (Sch.1 paras 2 and 8); the Chief Coroner was told when the investigation passed 12 months and when it ended.
  await story(
    {
      deceased: person('Jermaine', 'Okafor', 'male', '1990-05-17'),
      death: {
        dateOfDeath: day(701),
        placeOfDeath: {
          description: 'Outside 40 High Street North, East Ham',
          postcode: 'E6 2HJ',
          placeType: 'public-outdoor',
        },
        circumstances: 'Collapsed after being punched outside a bar; died in hospital the next day.',
      },
      reportedBy: police,
      circumstanceTags: ['signs-of-injury'],
      policeClassification: 'homicide',
      people: [{ role: 'person-of-interest', name: 'Callum Reid' }],
    },
    700,
    [
      [
        700,
        coroner,
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Death after an assault.' },
      ],
      [
        698,
        officer,
        {
          type: 'RECORD_POST_MORTEM',
          examinedOn: day(698),
          kind: 'INVASIVE',
          pathologist: 'Dr Rupert Vane',
          causeOfDeath: 'Head injury',
        },
      ],
      [690, coroner, { type: 'OPEN_INQUEST', openedOn: day(690), provisionalCause: '1a Head injury' }],
      [
        680,
        coroner,
        { type: 'SUSPEND', basis: 'SCH1_PARA2', reason: 'Callum Reid has been charged with manslaughter.' },
      ],
      [
        680,
        officer,
        {
          type: 'SEND_REGISTRAR_PARTICULARS',
          sentOn: day(680),
          registerOffice: 'Barking and Dagenham Register Office',
          causeOfDeath: '1a Head injury',
          registration: {},
        },
      ],
      [
        330,
        officer,
        { type: 'SEND_S16_NOTICE', stage: 'OVER_12_MONTHS', reasonCategory: 'CROWN_COURT_PROCEEDINGS' },
      ],
      [
        120,
        coroner,
        {
          type: 'DECIDE_NOT_TO_RESUME',
          reason:
            'Callum Reid was convicted of manslaughter at the Central Criminal Court. The trial heard how, when and where Mr Okafor died; there is no sufficient reason to resume.',
        },
      ],
      [
        115,
        officer,
        { type: 'SEND_S16_NOTICE', stage: 'COMPLETED', reasonCategory: 'CROWN_COURT_PROCEEDINGS' },
      ],
    ],
  );
  await story(
    {
      deceased: person('Adrian', 'Pollard', 'male', '1968-02-03'),
      death: {
        dateOfDeath: day(41),
        placeOfDeath: {
          description: 'A406 North Circular, near Waterworks Corner',
          postcode: 'E18 2QL',
          placeType: 'road',
        },
        circumstances: 'Pedestrian struck by a van; the driver was arrested.',
      },
      reportedBy: police,
    },
    40,
    [
      [
        40,
        coroner,
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'Road traffic collision.' },
      ],
      [
        36,
        officer,
        {
          type: 'RECORD_POST_MORTEM',
          examinedOn: day(37),
          kind: 'CT',
          pathologist: 'Dr Helen Marsh',
          causeOfDeath: 'Multiple injuries',
        },
      ],
      [30, coroner, { type: 'OPEN_INQUEST', openedOn: day(30), provisionalCause: '1a Multiple injuries' }],
      [
        20,
        coroner,
        {
          type: 'SUSPEND',
          basis: 'SCH1_PARA1',
          requestedBy: 'Metropolitan Police Service',
          reason: 'The police are considering charges against the driver.',
        },
      ],
    ],
  );

  // Transfers: one waiting for Inner North London to accept it, one received from South London.
  await story(
    {
      deceased: person('Harold', 'Finch', 'male', '1951-11-19'),
      death: {
        dateOfDeath: day(7),
        placeOfDeath: {
          description: 'Whipps Cross University Hospital',
          postcode: 'E11 1NR',
          placeType: 'hospital',
        },
        circumstances: 'Fell at home in Islington; died in hospital in Leytonstone.',
      },
      reportedBy: { type: 'hospital', name: 'Dr Amina Yusuf' },
    },
    6,
    [
      [
        5,
        coroner,
        { type: 'OPEN_INVESTIGATION', grounds: ['VIOLENT_OR_UNNATURAL'], reason: 'A fall at home.' },
      ],
      [
        2,
        coroner,
        {
          type: 'TRANSFER',
          toAreaCode: 'IN',
          basis: 'S2',
          agreedBy: 'Senior coroner, Inner North London',
          reason: 'The fall happened in Islington, where the family live and the witnesses are.',
        },
      ],
    ],
  );
  await story(
    {
      areaCode: 'SL',
      deceased: person('Grace', 'Adebayo', 'female', '1979-05-06'),
      death: {
        dateOfDeath: day(31),
        placeOfDeath: {
          description: 'Croydon University Hospital',
          postcode: 'CR7 7YE',
          placeType: 'hospital',
        },
        circumstances: 'Collapsed at work in Barking; died after transfer to hospital in Croydon.',
      },
      reportedBy: { type: 'hospital', name: 'Dr Owen Price' },
    },
    30,
    [
      [
        29,
        visitor,
        { type: 'OPEN_INVESTIGATION', grounds: ['CAUSE_UNKNOWN'], reason: 'Sudden collapse at work.' },
      ],
      [
        27,
        visitor,
        {
          type: 'TRANSFER',
          toAreaCode: 'EL',
          basis: 'S2',
          agreedBy: 'Nadia Rahman',
          reason: 'The death followed an incident at work in Barking.',
        },
      ],
      [24, officer, { type: 'ACCEPT_TRANSFER', reason: 'Papers received from South London.' }],
    ],
  );

  // Records of Inquest: a jury inquest into a death in police custody (Article 2), and a fall in a care home.
  await story(
    {
      deceased: person('Leon', 'Matthews', 'male', '1992-01-25'),
      death: {
        dateOfDeath: day(461),
        placeOfDeath: {
          description: 'Ilford police station custody suite',
          postcode: 'IG1 1DD',
          placeType: 'police-custody',
        },
        stateDetention: 'police-custody',
        circumstances: 'Became unresponsive in a cell four hours after arrest.',
      },
      reportedBy: police,
    },
    460,
    [
      [
        460,
        coroner,
        {
          type: 'OPEN_INVESTIGATION',
          grounds: ['STATE_DETENTION', 'CAUSE_UNKNOWN'],
          reason: 'A death in police custody.',
        },
      ],
      [
        456,
        officer,
        {
          type: 'RECORD_POST_MORTEM',
          examinedOn: day(457),
          kind: 'INVASIVE',
          pathologist: 'Dr Rupert Vane',
          causeOfDeath: 'Positional asphyxia',
        },
      ],
      [
        450,
        coroner,
        { type: 'OPEN_INQUEST', openedOn: day(450), provisionalCause: '1a Positional asphyxia' },
      ],
      [
        400,
        coroner,
        { type: 'DECIDE_ARTICLE_2', article2: 'ENGAGED', reason: 'A death in the custody of the state.' },
      ],
      [
        400,
        coroner,
        {
          type: 'DECIDE_JURY',
          jury: true,
          basis: 'S7_2_A',
          reason: 'A death in state detention whose cause was unknown.',
        },
      ],
      [
        94,
        officer,
        {
          type: 'SEND_S16_NOTICE',
          stage: 'OVER_12_MONTHS',
          reasonCategory: 'EXTERNAL_INVESTIGATION',
          note: 'Waiting for the IOPC investigation report.',
        },
      ],
      [
        40,
        coroner,
        {
          type: 'RECORD_CONCLUSION',
          concludedOn: day(40),
          medicalCause: { '1a': 'Positional asphyxia', '2': 'Cocaine use' },
          howWhenWhere: `Leon Matthews died in a cell at Ilford police station on ${govukDate(day(461))}.`,
          circumstances:
            'He was left lying face down while restrained, and checks on him were not carried out as the custody policy required.',
          narrative:
            'The failure to carry out the required checks more than minimally contributed to his death.',
          neglect: false,
          byJury: true,
          registration: { placeOfDeath: 'Ilford police station', occupation: 'Warehouse operative' },
        },
      ],
      [
        35,
        officer,
        { type: 'SEND_S16_NOTICE', stage: 'COMPLETED', reasonCategory: 'EXTERNAL_INVESTIGATION' },
      ],
    ],
  );
  await story(
    {
      deceased: person('Doris', 'Kemp', 'female', '1941-07-14'),
      death: {
        dateOfDeath: day(151),
        placeOfDeath: {
          description: 'Forest View care home, Chingford',
          postcode: 'E4 7QG',
          placeType: 'care-home',
        },
        circumstances: 'Fell in her room at night and fractured her hip; died in hospital nine days later.',
      },
      reportedBy: { type: 'medical-examiner', name: 'Dr Simon Hart' },
    },
    150,
    [
      [
        148,
        officer,
        { type: 'OPEN_PRELIMINARY_ENQUIRIES', reason: 'Asking the care home for the falls record.' },
      ],
      [
        145,
        coroner,
        {
          type: 'OPEN_INVESTIGATION',
          grounds: ['VIOLENT_OR_UNNATURAL'],
          reason: 'A death following a fall.',
        },
      ],
      [
        140,
        coroner,
        {
          type: 'OPEN_INQUEST',
          openedOn: day(140),
          provisionalCause: '1a Bronchopneumonia; 1b Fractured neck of femur',
        },
      ],
      [
        60,
        coroner,
        {
          type: 'RECORD_CONCLUSION',
          concludedOn: day(60),
          medicalCause: { '1a': 'Bronchopneumonia', '1b': 'Fractured neck of femur', '2': 'Dementia' },
          howWhenWhere: `Doris Kemp fell in her room at Forest View care home, Chingford, and died in Whipps Cross University Hospital on ${govukDate(day(151))}.`,
          shortForm: 'accident-or-misadventure',
          neglect: false,
          byJury: false,
          registration: {
            placeOfDeath: 'Whipps Cross University Hospital',
            maidenSurname: 'Hollis',
            occupation: 'Retired school secretary',
            usualAddress: 'Forest View care home, Chingford, E4 7QG',
          },
        },
      ],
    ],
  );

  // A series of young men found dead of GHB near one churchyard in Barking, reported as unconnected.
  const churchyard = {
    description: 'St Margaret’s churchyard, North Street, Barking',
    postcode: 'IG11 8AS',
    lat: 51.5365,
    lon: 0.0768,
    accuracyM: 10,
    placeType: 'place-of-worship-grounds' as const,
  };
  const series = [
    { name: ['Ryan', 'Calloway', '2001-03-02'], found: 540, finder: 'Brian Cole', end: 'open' },
    { name: ['Tomasz', 'Wierzba', '2002-09-17'], found: 460, finder: 'Brian Cole', end: 'drugs' },
    { name: ['Luke', 'Hadley', '1999-12-08'], found: 400, finder: 'Sandra Page', end: 'inquest' },
    { name: ['Jonah', 'Price', '2003-06-21'], found: 20, finder: 'Sandra Page', end: 'investigation' },
  ] as const;
  for (const s of series) {
    const found = s.found;
    const steps: [number, Staff, CaseAction][] = [
      [
        found - 1,
        coroner,
        {
          type: 'OPEN_INVESTIGATION',
          grounds: ['CAUSE_UNKNOWN', 'VIOLENT_OR_UNNATURAL'],
          reason: 'A young man found dead outdoors; drugs suspected.',
        },
      ],
    ];
    if (s.end !== 'investigation') {
      steps.push(
        [
          found - 6,
          officer,
          {
            type: 'RECORD_POST_MORTEM',
            examinedOn: day(found - 4),
            kind: 'INVASIVE',
            pathologist: 'Dr Helen Marsh',
            causeOfDeath: 'GHB toxicity',
          },
        ],
        [
          found - 10,
          coroner,
          { type: 'OPEN_INQUEST', openedOn: day(found - 10), provisionalCause: '1a GHB toxicity' },
        ],
      );
    }
    if (s.end === 'inquest')
      steps.push([
        found - 372,
        officer,
        {
          type: 'SEND_S16_NOTICE',
          stage: 'OVER_12_MONTHS',
          reasonCategory: 'EXTERNAL_INVESTIGATION',
          note: 'Police enquiries are continuing.',
        },
      ]);
    if (s.end === 'open' || s.end === 'drugs')
      steps.push([
        found - 240,
        coroner,
        {
          type: 'RECORD_CONCLUSION',
          concludedOn: day(found - 240),
          medicalCause: { '1a': 'GHB toxicity' },
          howWhenWhere: `${s.name[0]} ${s.name[1]} was found in St Margaret’s churchyard, Barking, on ${govukDate(day(found))}, having taken GHB.`,
          shortForm: s.end === 'open' ? 'open' : 'alcohol-drug-related',
          neglect: false,
          byJury: false,
          registration: { placeOfDeath: 'St Margaret’s churchyard, Barking' },
        },
      ]);
    await story(
      {
        deceased: { ...person(s.name[0], s.name[1], 'male', s.name[2]), homeTown: 'London' },
        death: {
          dateOfDeath: day(found),
          dateFound: day(found),
          timeFound: '07:10',
          sceneFound: churchyard,
          placeOfDeath: churchyard,
          circumstances: 'Found by a dog walker early in the morning, sitting against the churchyard wall.',
        },
        reportedBy: police,
        people: [
          {
            role: 'finder',
            name: s.finder,
            address: { line1: '3 Church Road', town: 'Barking', postcode: 'IG11 8AA' },
          },
        ],
        circumstanceTags: ['found-outdoors', 'drugs-suspected', 'body-moved', 'phone-missing'],
        // The latest death's toxicology has not come back yet: nothing is recorded as tested.
        toxicology:
          s.end === 'investigation'
            ? { tested: [], detected: [] }
            : { tested: ['GHB', 'alcohol', 'cocaine'], detected: ['GHB'] },
        policeClassification: 'unexplained-not-suspicious',
      },
      found,
      steps,
    );
  }
  // Reported this morning, nothing done yet.
  await story(
    {
      deceased: person('Irene', 'Dobson', 'female', '1936-10-02'),
      death: {
        dateOfDeath: day(1),
        placeOfDeath: { description: '7 Hale End Road, Walthamstow', postcode: 'E17 4BU', placeType: 'home' },
        circumstances: 'Found at home by her son; her GP had not seen her for a year.',
      },
      reportedBy: { type: 'police', name: 'PC Dean Archer', organisation: 'Metropolitan Police Service' },
      people: [{ role: 'next-of-kin', name: 'Paul Dobson', address: walthamstow }],
    },
    0,
    [],
  );

  // Reported yesterday: the officer is asking the GP whether they can certify.
  await story(
    {
      deceased: person('Stanley', 'Okoro', 'male', '1948-03-29'),
      death: {
        dateOfDeath: day(2),
        placeOfDeath: { description: '22 Eastern Avenue, Ilford', postcode: 'IG2 6NQ', placeType: 'home' },
        circumstances: 'Died at home; known heart failure, but not seen by his GP for three months.',
      },
      reportedBy: { type: 'medical-examiner', name: 'Dr Simon Hart' },
    },
    1,
    [
      [
        1,
        officer,
        {
          type: 'OPEN_PRELIMINARY_ENQUIRIES',
          reason: 'Asking the GP whether they can certify the cause of death.',
        },
      ],
    ],
  );
}
