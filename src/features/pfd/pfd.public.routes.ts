import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { pageHref, pageNumber, pagination } from '../../platform/views/pagination.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { publicListQuery } from './pfd.api.ts';
import { RECIPIENT_STATE_LABELS, RECIPIENT_STATE_TAGS } from './pfd.domain.ts';
import { findPublished, listPublished } from './pfd.queries.ts';
import { PFD_THEME_CODES, PFD_THEMES } from './pfd.themes.ts';

const PAGE_SIZE = 50;

/** The public pages of published reports: the list (filter by year, area, theme) and each report. */
export function registerPfdPublicRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const today = () => londonDate(deps.clock.now());

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/prevention-of-future-deaths',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      // The filters are a form whose mistakes the error summary names; the page is not a question on it, and
      // one that is not a page number shows the first page, as on the other lists.
      const { page: asked, ...clean } = Object.fromEntries(
        Object.entries(req.query).filter(([, v]) => v !== '' && v !== undefined),
      );
      const page = pageNumber(asked, PAGE_SIZE);
      const parsed = publicListQuery.safeParse(clean);
      const q = parsed.success ? parsed.data : { page: 1, pageSize: PAGE_SIZE };
      const [result, areas] = await Promise.all([
        listPublished(db, { ...q, page, pageSize: PAGE_SIZE }, today()),
        listAreas(db),
      ]);
      const query = new URLSearchParams(clean as Record<string, string>);
      // A filter that is not one: the error summary names it, as on any GOV.UK form.
      const errors = parsed.success
        ? undefined
        : formErrors({
            ...fieldErrorsOf(parsed.error.issues),
            ...(parsed.error.issues.some((i) => i.path[0] === 'year')
              ? { year: 'Enter a year like 2026' }
              : {}),
          });
      const pageOf = pageHref('/prevention-of-future-deaths', Object.fromEntries(query), {
        numberFirstPage: false,
      });
      return reply.code(errors ? 400 : 200).page('pfd/views/public-list.njk', {
        title: 'Prevention of future deaths reports',
        errors,
        total: result.total,
        filters: { year: req.query.year ?? '', area: q.area ?? '', theme: q.theme ?? '' },
        areaOptions: [
          { value: '', text: 'All areas' },
          ...areas.map((a) => ({ value: a.code, text: a.name, selected: a.code === q.area })),
        ],
        themeOptions: [
          { value: '', text: 'All themes' },
          ...PFD_THEME_CODES.map((c) => ({ value: c, text: PFD_THEMES[c].label, selected: c === q.theme })),
        ],
        csv: `/api/v1/public/pfd-reports.csv${query.size ? `?${query}` : ''}`,
        pagination: pagination({ page, pageSize: PAGE_SIZE, total: result.total, href: pageOf }),
        firstPageHref: pageOf(1),
        items: result.items.map((r) => ({
          id: r.id,
          reference: r.reference,
          heading: r.deceasedName ? `${r.deceasedName}: ${r.reference}` : r.reference,
          sent: govukDate(r.sentOn),
          area: r.areaName,
          themes: r.themes.map((t) => t.label).join(', '),
          recipients: r.recipients.map((x) => ({
            organisation: x.organisation,
            state: RECIPIENT_STATE_LABELS[x.state],
            tag: RECIPIENT_STATE_TAGS[x.state],
          })),
        })),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/prevention-of-future-deaths/:id',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const r = await findPublished(db, req.params.id, today());
      return reply.page('pfd/views/public-report.njk', {
        title: `Prevention of future deaths report ${r.reference}`,
        r,
        sent: govukDate(r.sentOn),
        recipients: r.recipients.map((x) => ({
          ...x,
          due: govukDate(x.dueOn),
          responded: x.respondedOn ? govukDate(x.respondedOn) : null,
          stateText: RECIPIENT_STATE_LABELS[x.state],
          tag: RECIPIENT_STATE_TAGS[x.state],
        })),
      });
    },
  );
}
