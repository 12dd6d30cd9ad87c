import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { registerAccountRoutes } from './features/account/account.routes.ts';
import { registerAreasApi } from './features/areas/areas.api.ts';
import { registerCasesApi } from './features/cases/cases.api.ts';
import { registerCaseAuditApi } from './features/cases/cases.audit.ts';
import type { CaseRow } from './features/cases/cases.queries.ts';
import { registerReportRoutes } from './features/cases/cases.report.routes.ts';
import { registerCaseRoutes } from './features/cases/cases.routes.ts';
import { registerDocuments } from './features/documents/documents.feature.ts';
import { documentCaseLinks, documentPortalSections } from './features/documents/documents.portal.ts';
import {
  HEARINGS_NAVIGATION,
  hearingCaseLinks,
  hearingOversightMeasures,
  hearingPortalSections,
  hearingsPeriodic,
  registerHearingsFeature,
} from './features/hearings/hearings.feature.ts';
import {
  interestedPersonCaseLinks,
  registerInterestedPersons,
} from './features/interested-persons/interested-persons.feature.ts';
import {
  LINKS_NAVIGATION,
  linksCaseLinks,
  linksJobs,
  linksPeriodic,
  registerLinks,
} from './features/links/links.feature.ts';
import { tileImageSources } from './features/links/links.map.ts';
import {
  OVERSIGHT_NAVIGATION,
  oversightChainCaseLinks,
  oversightChainMeasures,
  registerOversightChain,
} from './features/oversight/oversight.feature.ts';
import {
  PFD_NAVIGATION,
  pfdCaseLinks,
  pfdJobs,
  pfdOversightMeasures,
  registerPfdFeature,
} from './features/pfd/pfd.feature.ts';
import { authJobs, authPeriodic } from './platform/auth/auth.jobs.ts';
import type { Principal } from './platform/auth/auth.queries.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { registerApiMeta, registerOpenApi } from './platform/http/openapi.ts';
import { createHttpServer } from './platform/http/server.ts';
import type { JobHandler } from './platform/jobs/jobs.ts';
import { deliverDueNotifications, type Sender } from './platform/notify/notify.ts';
import type { DocumentStore } from './platform/storage/storage.ts';
import { createViews, type NavItem, type Views } from './platform/views/views.ts';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

/** What every feature is given: nothing global, everything passed in here. */
export type AppDeps = {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  views: Views;
  /** Sends notifications from the outbox (GOV.UK Notify), or says it is not configured. */
  notifier: Sender;
  /** Where document files are kept (content-addressed). */
  storage: DocumentStore;
  /** What features add to each other's pages (see `Feature`). */
  extensions: Extensions;
};

/** A link a feature adds to the case page (e.g. "Hearings (2)"). */
export type CasePageLink = { text: string; href: string };
/** A section a feature adds to an interested person's view of their case; `html` comes from the feature's own template. */
export type PortalSection = { title: string; html: string };
/** A figure a feature adds to the Chief Coroner's oversight of each area (e.g. hearings postponed without a date). */
export type OversightMeasure = { areaCode: string; label: string; value: number; href?: string };

export type Extensions = {
  caseLinks(principal: Principal, caseRow: CaseRow): Promise<CasePageLink[]>;
  portalSections(principal: Principal, caseId: string): Promise<PortalSection[]>;
  oversightMeasures(areaCodes: string[]): Promise<OversightMeasure[]>;
};

type Feature = {
  name: string;
  navigation?: NavItem[];
  register(app: FastifyInstance, deps: AppDeps): void | Promise<void>;
  /** Background jobs the feature queues (by kind) and work it does on every tick of the job runner. */
  jobs?(deps: BackgroundDeps): Record<string, JobHandler>;
  periodic?(deps: BackgroundDeps): ((now: Date) => Promise<unknown>)[];
  /** Links on the case page, for a user who may see the case. */
  caseLinks?(deps: AppDeps, principal: Principal, caseRow: CaseRow): Promise<CasePageLink[]>;
  /** Sections of the interested person's view of a case they belong to. */
  portalSections?(deps: AppDeps, principal: Principal, caseId: string): Promise<PortalSection[]>;
  /** Figures for the Chief Coroner's oversight, per area. */
  oversightMeasures?(deps: AppDeps, areaCodes: string[]): Promise<OversightMeasure[]>;
};

export type BackgroundDeps = Omit<AppDeps, 'views' | 'extensions'>;

const STAFF = ['coroner', 'officer', 'court-admin', 'chief-coroner', 'provider'] as const;

/** The features, in the order their routes are registered. */
const features: Feature[] = [
  { name: 'account', register: registerAccountRoutes },
  { name: 'areas', register: registerAreasApi },
  {
    name: 'cases',
    register: (app, deps) => {
      registerReportRoutes(app, deps);
      registerCaseRoutes(app, deps);
      registerCasesApi(app, deps);
      registerCaseAuditApi(app, deps);
    },
    navigation: [
      { text: 'Cases', href: '/cases', roles: STAFF },
      { text: 'Deadlines', href: '/deadlines', roles: ['coroner', 'officer', 'chief-coroner'] },
      { text: 'Workload', href: '/workload', roles: ['coroner', 'officer'] },
    ],
  },
  {
    name: 'pfd',
    register: registerPfdFeature,
    navigation: PFD_NAVIGATION,
    jobs: pfdJobs,
    caseLinks: pfdCaseLinks,
    oversightMeasures: pfdOversightMeasures,
  },
  {
    name: 'documents',
    register: registerDocuments,
    navigation: [{ text: 'Documents', href: '/documents', roles: ['coroner', 'officer', 'provider'] }],
    caseLinks: documentCaseLinks,
    portalSections: documentPortalSections,
  },
  {
    name: 'hearings',
    register: registerHearingsFeature,
    navigation: HEARINGS_NAVIGATION,
    periodic: hearingsPeriodic,
    caseLinks: hearingCaseLinks,
    portalSections: hearingPortalSections,
    oversightMeasures: hearingOversightMeasures,
  },
  {
    name: 'oversight',
    register: registerOversightChain,
    navigation: OVERSIGHT_NAVIGATION,
    caseLinks: oversightChainCaseLinks,
    oversightMeasures: oversightChainMeasures,
  },
  {
    name: 'interested-persons',
    register: registerInterestedPersons,
    navigation: [{ text: 'Your cases', href: '/portal', roles: ['interested-person'] }],
    caseLinks: interestedPersonCaseLinks,
  },
  {
    name: 'links',
    register: registerLinks,
    navigation: LINKS_NAVIGATION,
    jobs: linksJobs,
    periodic: linksPeriodic,
    caseLinks: linksCaseLinks,
  },
];

/** The platform's own background work: delivering the notification outbox, deleting ended sessions. */
const platformPeriodic = (deps: BackgroundDeps) => [
  (now: Date) => deliverDueNotifications(deps.database.db, deps.notifier, now),
  authPeriodic(deps.database.db),
];

/** Every feature's job handlers and periodic work, for the job runner. */
export function backgroundWork(deps: BackgroundDeps) {
  const platformJobs = authJobs({ idleMinutes: deps.config.sessionIdleMinutes, logger: deps.logger });
  return {
    handlers: Object.assign({}, platformJobs, ...features.map((f) => f.jobs?.(deps) ?? {})) as Record<
      string,
      JobHandler
    >,
    periodic: [...platformPeriodic(deps), ...features.flatMap((f) => f.periodic?.(deps) ?? [])],
  };
}

/** The composition root: builds the app from its dependencies and wires every feature. Nothing else. */
export async function buildApp(input: BackgroundDeps): Promise<FastifyInstance> {
  const views = createViews({
    navigation: features.flatMap((f) => f.navigation ?? []),
    maps: { tileUrl: input.config.mapTileUrl, centre: input.config.mapCentre },
    session: {
      idleMinutes: input.config.sessionIdleMinutes,
      hours: input.config.sessionHours,
      now: () => input.clock.now(),
    },
  });
  const deps: AppDeps = {
    ...input,
    views,
    extensions: {
      caseLinks: async (principal, caseRow) =>
        (await Promise.all(features.map((f) => f.caseLinks?.(deps, principal, caseRow) ?? []))).flat(),
      portalSections: async (principal, caseId) =>
        (await Promise.all(features.map((f) => f.portalSections?.(deps, principal, caseId) ?? []))).flat(),
      oversightMeasures: async (areaCodes) =>
        (await Promise.all(features.map((f) => f.oversightMeasures?.(deps, areaCodes) ?? []))).flat(),
    },
  };
  const app = await createHttpServer({
    logger: input.logger,
    database: input.database,
    views,
    now: () => input.clock.now(),
    secureCookies: input.config.secureCookies,
    sessionIdleMinutes: input.config.sessionIdleMinutes,
    bodyLimitBytes: input.config.bodyLimitBytes,
    trustedProxies: input.config.trustedProxies,
    signInAttemptsPerMinute: input.config.signIn.attemptsPerMinute,
    extraImageSources: tileImageSources(input.config.mapTileUrl),
    checkResponses: input.config.env !== 'production',
  });
  await registerOpenApi(app, VERSION);
  registerApiMeta(app, { version: VERSION, database: input.database.kind });
  for (const feature of features) await feature.register(app, deps);
  await app.ready();
  return app;
}
