import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { sessionLeft } from '../auth/auth.queries.ts';
import type { Role } from '../auth/roles.ts';
import { ROLE_LABELS } from '../auth/roles.ts';
import { newOnceToken } from '../forms/once.ts';
import { govukDate, govukDateTime, govukShortDate, govukTime } from './dates.ts';
import { createShell } from './shell.ts';

export type NavItem = { text: string; href: string; roles: readonly Role[] };

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * One Nunjucks environment for every page: our layout, each feature's `views/` folder (as
 * `<feature>/views/<name>.njk`), and the GOV.UK and MoJ Frontend macros. Templates are compiled once and
 * cached; autoescaping is on.
 */
export function createViews(options: {
  navigation: NavItem[];
  watch?: boolean;
  /** Maps to pick a place on (forms' `map` fields): shown only with a tile server. */
  maps?: { tileUrl?: string; centre: { lat: number; lon: number } };
  /** Signed-in pages warn before a session ends: for want of use (SESSION_IDLE_MINUTES), or at SESSION_HOURS. */
  session?: { idleMinutes: number; hours: number; now: () => Date };
}) {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        here('./templates'),
        here('../../features'),
        here('../../../node_modules/govuk-frontend/dist'),
        here('../../../node_modules/@ministryofjustice/frontend'),
      ],
      { noCache: false, watch: options.watch ?? false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addFilter('govukDate', govukDate);
  env.addFilter('govukShortDate', govukShortDate);
  env.addFilter('govukTime', govukTime);
  env.addFilter('govukDateTime', govukDateTime);
  // MoJ Frontend's timeline and other components call mojDate.
  env.addFilter('mojDate', (value: string | Date, type?: string) => {
    if (type === 'time') return govukTime(value);
    if (type === 'date') return govukDate(value);
    if (type === 'shortdate') return govukShortDate(value);
    return govukDateTime(value);
  });
  env.addFilter('roleLabel', (role: Role) => ROLE_LABELS[role] ?? role);
  env.addGlobal('serviceName', 'OpenCoroner');
  // A single-use form's token (forms/once.ts), fresh on every page.
  env.addGlobal('newOnceToken', newOnceToken);
  env.addGlobal('mapTiles', options.maps?.tileUrl ?? '');
  env.addGlobal('mapCentre', options.maps ? `${options.maps.centre.lat},${options.maps.centre.lon}` : '');
  const shell = createShell(env);

  function render(
    req: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown> = {},
  ) {
    const principal = req.principal;
    const path = req.url.split('?')[0] ?? '/';
    const navigation = principal
      ? options.navigation
          .filter((n) => n.roles.includes(principal.role))
          .map((n) => ({
            text: n.text,
            href: n.href,
            active: path === n.href || path.startsWith(`${n.href}/`),
          }))
      : [];
    const header = shell.header({
      navigation,
      signedIn: Boolean(principal),
      hideSignIn: Boolean(context.hideSignIn),
      userName: principal?.name ?? '',
      csrfToken: req.csrfToken,
    });
    const nonce = reply.scriptNonce();
    const left = options.session && sessionLeft(principal, options.session.now());
    const sessionTimeout =
      left && options.session
        ? { ...left, idleMinutes: options.session.idleMinutes, hours: options.session.hours }
        : undefined;
    const draw = (ctx: Record<string, unknown>) =>
      env.render(template, {
        ...ctx,
        user: principal,
        csrfToken: req.csrfToken,
        cspNonce: nonce,
        currentPath: path,
        sessionTimeout,
        shell: { header, footer: shell.footer },
      });
    let html = draw(context);
    // The error summary lists the problems in the order their questions appear on the page (GOV.UK).
    const errors = context.errors as { errorList?: { href?: string }[] } | undefined;
    if (errors?.errorList && errors.errorList.length > 1) {
      const sorted = inPageOrder(html, errors.errorList);
      if (sorted !== errors.errorList) html = draw({ ...context, errors: { ...errors, errorList: sorted } });
    }
    return reply.type('text/html; charset=utf-8').send(html);
  }

  return { env, render };
}

export type Views = ReturnType<typeof createViews>;

/**
 * The error summary's items in the order their fields appear in the page (an item whose field is not found
 * keeps its place after them); the same array when that is already the order.
 */
export function inPageOrder<T extends { href?: string }>(html: string, items: T[]): T[] {
  const body = html.slice(html.indexOf('<main'));
  const at = (item: T) => {
    const id = item.href?.startsWith('#') ? item.href.slice(1) : undefined;
    if (!id) return Number.POSITIVE_INFINITY;
    const exact = body.indexOf(`id="${id}"`);
    const prefixed = exact < 0 ? body.indexOf(`id="${id}-`) : exact;
    return prefixed < 0 ? Number.POSITIVE_INFINITY : prefixed;
  };
  const ranked = items.map((item, i) => ({ item, i, at: at(item) }));
  const sorted = [...ranked].sort((a, b) => a.at - b.at || a.i - b.i);
  return sorted.every((r, i) => r.i === i) ? items : sorted.map((r) => r.item);
}
