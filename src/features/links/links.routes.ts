import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import { allows } from '../../platform/auth/roles.ts';
import { type Field, type FormBody, formValues, readForm } from '../../platform/forms/forms.ts';
import { type FieldErrors, isAppError } from '../../platform/http/errors.ts';
import { principalOf, seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, govukDateTime } from '../../platform/views/dates.ts';
import { escapeHtml } from '../../platform/views/html.ts';
import { pageHref, pageNumber, pageRange, pagination } from '../../platform/views/pagination.ts';
import { getCaseFor } from '../cases/cases.queries.ts';
import {
  type AlertView,
  alertCases,
  countAlerts,
  decisionInput,
  getAlertWithAccess,
  groupOf,
  listAlerts,
  possibleLinksOf,
} from './links.alerts.ts';
import {
  addKnownSite,
  knownSiteInput,
  listKnownSites,
  SITE_KIND_LABELS,
  SITE_KINDS,
} from './links.known-sites.ts';
import { mapPoints, plotMap, timeline } from './links.map.ts';
import { linksPermissions } from './links.policy.ts';
import { recordAlertDecision } from './links.service.ts';

const LEVEL_TAG = { urgent: 'govuk-tag--red', review: 'govuk-tag--yellow' } as const;
const STATUS_TEXT = { OPEN: 'To review', CONFIRMED: 'Confirmed as linked', DISMISSED: 'Dismissed' } as const;
const STATUS_TAG = {
  OPEN: 'govuk-tag--blue',
  CONFIRMED: 'govuk-tag--green',
  DISMISSED: 'govuk-tag--grey',
} as const;

/** Alerts on a page of the queue. */
const ALERTS_PAGE_SIZE = 50;

/** A query parameter given more than once counts once: its first value. */
const firstOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

const levelText = (level: 'review' | 'urgent') => (level === 'urgent' ? 'Urgent review' : 'Review');
const weightText = (w: number) => (w === 0 ? 'rule' : `${w > 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`);

/** The questions of the known-site form; the area is asked only of someone who belongs to none (an administrator). */
function knownSiteFields(principal: Principal): Field[] {
  const fields: Field[] = [
    { kind: 'text', path: 'name', label: 'Name of the site', hint: 'For example, Queen’s Hospital, Romford' },
    {
      kind: 'radios',
      path: 'kind',
      label: 'What kind of site is it?',
      options: SITE_KINDS.map((k) => ({ value: k, text: SITE_KIND_LABELS[k] })),
    },
    {
      kind: 'decimal',
      path: 'lat',
      label: 'Latitude',
      hint: 'Of the middle of the site, for example 51.5686',
    },
    {
      kind: 'decimal',
      path: 'lon',
      label: 'Longitude',
      hint: 'For example 0.1794; west of Greenwich it is negative, for example -0.1276',
    },
    {
      kind: 'number',
      path: 'radiusM',
      label: 'Radius in metres',
      hint: 'How far from the middle a death counts as at the site: from 10 to 2,000 metres',
    },
  ];
  if (!principal.areaCode)
    fields.push({
      kind: 'text',
      path: 'areaCode',
      label: 'Coroner area (optional)',
      hint: 'Its code, for example EL. Leave it empty for a site that belongs to no one area.',
      width: '4',
    });
  return fields;
}

/** The alerts queue, an alert with its map, timeline and decision, and the possible links of a case. */
export function registerLinksRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const tileUrl = deps.config.mapTileUrl;

  /** The map and timeline of the cases the user may open. */
  async function picture(openable: readonly string[]) {
    const list = await alertCases(db, openable);
    return {
      map: plotMap(mapPoints(list), { tileUrl }),
      tiles: Boolean(tileUrl),
      timeline: timeline(list).map((t) => ({ ...t, date: govukDate(t.date) })),
      unplaced: list.length - mapPoints(list).length,
    };
  }

  app.get<{ Params: { id: string } }>(
    '/cases/:id/possible-links',
    { config: { permission: linksPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const caseRow = await getCaseFor(db, principal, req.params.id);
      const { links, canOpen } = await possibleLinksOf(db, principal, caseRow.id);
      return reply.page('links/views/possible-links.njk', {
        title: `Possible links to other deaths: ${caseRow.reference}`,
        caseRow,
        links: links.map((l) => ({
          ...l,
          canOpen: canOpen.has(l.caseId),
          levelText: levelText(l.level),
          levelTag: LEVEL_TAG[l.level],
          statusText: l.alertStatus ? STATUS_TEXT[l.alertStatus] : null,
          reasons: l.reasons.map((r) => ({ ...r, weightText: weightText(r.weight) })),
        })),
        // The case itself the user may open (getCaseFor), and of the others those in canOpen.
        ...(await picture([caseRow.id, ...links.map((l) => l.caseId).filter((id) => canOpen.has(id))])),
        backLink: `/cases/${caseRow.id}`,
      });
    },
  );

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/link-alerts',
    { config: { permission: linksPermissions.read, audit: null } },
    async (req, reply) => {
      const principal = principalOf(req);
      const asked = firstOf(req.query.status)?.toUpperCase();
      const status = (['OPEN', 'CONFIRMED', 'DISMISSED'] as const).find((s) => s === asked) ?? 'OPEN';
      // A page past the last (an old link, once alerts are decided) is shown as such, with the way back.
      const page = pageNumber(req.query.page, ALERTS_PAGE_SIZE);
      const [alerts, total] = await Promise.all([
        listAlerts(db, principal, {
          status,
          limit: ALERTS_PAGE_SIZE,
          offset: (page - 1) * ALERTS_PAGE_SIZE,
        }),
        countAlerts(db, principal, { status }),
      ]);
      const href = pageHref(
        '/link-alerts',
        { status: status === 'OPEN' ? undefined : status },
        { numberFirstPage: false },
      );
      return reply.page('links/views/alerts.njk', {
        title: 'Possible links to review',
        status,
        total,
        shown: pageRange(page, ALERTS_PAGE_SIZE, total),
        pagination: pagination({ page, pageSize: ALERTS_PAGE_SIZE, total, href }),
        firstPageHref: href(1),
        rows: alerts.map((a) => [
          { html: `<a class="govuk-link" href="/link-alerts/${a.id}">${escapeHtml(a.summary)}</a>` },
          { html: `<strong class="govuk-tag ${LEVEL_TAG[a.level]}">${levelText(a.level)}</strong>` },
          { text: a.score === null ? '–' : a.score.toFixed(2) },
          { text: govukDateTime(a.raisedAt) },
          { html: `<strong class="govuk-tag ${STATUS_TAG[a.status]}">${STATUS_TEXT[a.status]}</strong>` },
        ]),
      });
    },
  );

  async function alertPage(
    req: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    body?: FormBody,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const principal = principalOf(req);
    const { alert, canOpen } = await getAlertWithAccess(db, principal, req.params.id);
    // Decided by someone else while the form was open: the page says the decision was not saved, and shows theirs.
    const notSaved = Boolean(body) && alert.status !== 'OPEN';
    return reply.code(notSaved ? 409 : errors ? 400 : 200).page('links/views/alert.njk', {
      title: alert.summary,
      notSaved,
      alert: decorate(alert),
      cases: alert.cases.map((c) => ({ ...c, canOpen: canOpen.has(c.id) })),
      canDecide:
        alert.status === 'OPEN' &&
        allows(linksPermissions.decide, principal.role) &&
        Boolean(principal.areaCode && alert.areaCodes.includes(principal.areaCode)),
      group: alert.groupId ? await groupOf(db, alert.groupId) : undefined,
      notGrouped:
        alert.status === 'CONFIRMED' && !alert.groupId
          ? new Set(alert.cases.map((c) => c.areaCode)).size > 1
            ? 'the cases belong to different coroner areas, and a group holds the cases of one area. Each area’s office sees the link here'
            : 'an investigation among them has ended (or was being transferred), and its inquest cannot be heard with the others'
          : undefined,
      values: body ?? {},
      errors: notSaved ? undefined : errors,
      ...(await picture(alert.cases.map((c) => c.id).filter((id) => canOpen.has(id)))),
      backLink: '/link-alerts',
    });
  }

  app.get<{ Params: { id: string } }>(
    '/link-alerts/:id',
    { config: { permission: linksPermissions.read, audit: null } },
    (req, reply) => alertPage(req, reply),
  );

  app.get(
    '/known-sites',
    { config: { permission: linksPermissions.sites, audit: null } },
    async (_req, reply) =>
      reply.page('links/views/known-sites.njk', {
        title: 'Known sites',
        rows: (await listKnownSites(db)).map((site) => [
          { text: site.name },
          { text: SITE_KIND_LABELS[site.kind] },
          { text: site.areaCode ?? 'None' },
          { text: `${site.lat}, ${site.lon}` },
          { text: `${site.radiusM.toLocaleString('en-GB')} m`, format: 'numeric' },
        ]),
      }),
  );

  function knownSiteForm(reply: FastifyReply, fields: Field[], body?: FormBody, errors?: FieldErrors) {
    return reply.code(errors ? 400 : 200).page('links/views/known-site-form.njk', {
      title: 'Add a known site',
      fields,
      values: formValues(fields, { body }),
      errors: errors ? formErrors(errors) : undefined,
      backLink: '/known-sites',
    });
  }

  app.get(
    '/known-sites/new',
    { config: { permission: linksPermissions.sites, audit: null } },
    async (req, reply) => knownSiteForm(reply, knownSiteFields(principalOf(req))),
  );

  app.post<{ Body: FormBody }>(
    '/known-sites/new',
    { config: { permission: linksPermissions.sites, audit: 'KNOWN_SITE_ADDED' } },
    async (req, reply) => {
      const fields = knownSiteFields(principalOf(req));
      const parsed = knownSiteInput.safeParse(readForm(fields, req.body));
      if (!parsed.success) return knownSiteForm(reply, fields, req.body, fieldErrorsOf(parsed.error.issues));
      try {
        await addKnownSite(deps, req, parsed.data);
      } catch (error) {
        if (isAppError(error) && error.fields) return knownSiteForm(reply, fields, req.body, error.fields);
        throw error;
      }
      return seeOther(reply, '/known-sites');
    },
  );

  app.post<{ Params: { id: string }; Body: FormBody }>(
    '/link-alerts/:id/decision',
    { config: { permission: linksPermissions.decide, audit: 'LINK_ALERT_DECIDED' } },
    async (req, reply) => {
      const body = req.body ?? {};
      const input = {
        decision: body.decision || undefined,
        reason: typeof body.reason === 'string' && body.reason.trim() ? body.reason : undefined,
        groupName: typeof body.groupName === 'string' && body.groupName.trim() ? body.groupName : undefined,
      };
      const parsed = decisionInput.safeParse(input);
      if (!parsed.success) return alertPage(req, reply, body, formErrors(fieldErrorsOf(parsed.error.issues)));
      try {
        await recordAlertDecision(deps, req, req.params.id, parsed.data);
      } catch (error) {
        if (isAppError(error) && error.code === 'CONFLICT')
          return alertPage(req, reply, body, formErrors({ decision: error.message }));
        throw error;
      }
      return seeOther(reply, `/link-alerts/${req.params.id}`);
    },
  );
}

function decorate(a: AlertView) {
  return {
    ...a,
    levelText: levelText(a.level),
    levelTag: LEVEL_TAG[a.level],
    statusText: STATUS_TEXT[a.status],
    statusTag: STATUS_TAG[a.status],
    raisedText: govukDateTime(a.raisedAt),
    decidedText: a.decidedAt ? govukDateTime(a.decidedAt) : null,
    reasons: a.reasons.map((r) => ({ ...r, weightText: weightText(r.weight) })),
  };
}
