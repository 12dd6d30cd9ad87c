import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.ts';
import { PUBLIC } from '../../platform/auth/roles.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { formErrors } from '../../platform/http/validation.ts';
import { govukDate, londonDate } from '../../platform/views/dates.ts';
import { pageHref, pageNumber, pagination } from '../../platform/views/pagination.ts';
import { listAreas } from '../areas/areas.queries.ts';
import { publicListQuery } from './pfd.api.ts';
import { RECIPIENT_STATE_LABELS, RECIPIENT_STATE_TAGS } from './pfd.domain.ts';
import { findPublished, listPublished } from './pfd.queries.ts';
import { PFD_THEME_CODES, PFD_THEMES, type PfdTheme } from './pfd.themes.ts';

const PAGE_SIZE = 50;

/** The public pages of published reports: the list (filter by year, area, theme) and each report. */
export function registerPfdPublicRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db } = deps.database;
  const today = () => londonDate(deps.clock.now());

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/prevention-of-future-deaths',
    { config: { permission: PUBLIC, audit: null } },
    async (req, reply) => {
      const page = pageNumber(req.query.page, PAGE_SIZE);
      const areas = await listAreas(db);
      const { filters, problems } = publicFilters(req.query, new Set(areas.map((a) => a.code)));
      const result = await listPublished(db, { ...filters, page, pageSize: PAGE_SIZE }, today());
      // Links keep the filters the list is for, and only those.
      const kept = { year: filters.year?.toString(), area: filters.area, theme: filters.theme };
      const query = new URLSearchParams(
        Object.entries(kept).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const errors = formErrors(problems);
      const pageOf = pageHref('/prevention-of-future-deaths', kept, { numberFirstPage: false });
      return reply.code(errors ? 400 : 200).page('pfd/views/public-list.njk', {
        title: 'Prevention of future deaths reports',
        errors,
        total: result.total,
        filters: {
          year: firstOf(req.query.year) ?? '',
          area: filters.area ?? '',
          theme: filters.theme ?? '',
        },
        areaOptions: [
          { value: '', text: 'All areas' },
          ...areas.map((a) => ({ value: a.code, text: a.name, selected: a.code === filters.area })),
        ],
        themeOptions: [
          { value: '', text: 'All themes' },
          ...PFD_THEME_CODES.map((c) => ({
            value: c,
            text: PFD_THEMES[c].label,
            selected: c === filters.theme,
          })),
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

/** A parameter given more than once counts once, as its first. */
const firstOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

type PublicFilters = { year?: number; area?: string; theme?: PfdTheme };

/**
 * The list's filters from a query string: the form's own questions (year, area, theme), each kept when it
 * is valid and named in the error summary when not. Anything else (`pageSize`, say) is no question on the
 * page: the page ignores it, and the page number is read on its own (a bad one is the first page).
 */
export function publicFilters(
  query: Record<string, string | string[] | undefined>,
  areaCodes: ReadonlySet<string>,
): { filters: PublicFilters; problems: FieldErrors } {
  const given = (key: string) => {
    const first = firstOf(query[key]);
    return first === '' ? undefined : first;
  };
  const filters: PublicFilters = {};
  const problems: FieldErrors = {};
  const year = publicListQuery.shape.year.safeParse(given('year'));
  if (!year.success) problems.year = 'Enter a year like 2026';
  else if (year.data !== undefined) filters.year = year.data;
  const area = publicListQuery.shape.area.safeParse(given('area'));
  if (!area.success || (area.data !== undefined && !areaCodes.has(area.data)))
    problems.area = 'Select a coroner area from the list';
  else if (area.data !== undefined) filters.area = area.data;
  const theme = publicListQuery.shape.theme.safeParse(given('theme'));
  if (!theme.success) problems.theme = 'Select a theme from the list';
  else if (theme.data !== undefined) filters.theme = theme.data;
  return { filters, problems };
}
