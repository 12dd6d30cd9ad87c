import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
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
    const html = env.render(template, {
      ...context,
      user: principal,
      csrfToken: req.csrfToken,
      cspNonce: reply.scriptNonce(),
      currentPath: path,
      shell: { header, footer: shell.footer },
    });
    return reply.type('text/html; charset=utf-8').send(html);
  }

  return { env, render };
}

export type Views = ReturnType<typeof createViews>;
