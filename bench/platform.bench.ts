/**
 * Platform benchmark (issue "Platform", item 10): throughput ratios measured in one run.
 *  (a) the signed-in case list page (session, database query, render) against the same template rendered
 *      from fixed data with no session or database (the template floor); target ≥ 0.5
 *  (b) an authenticated JSON read (token, database query) against a bare Fastify JSON route; target ≥ 0.15
 *  (c) the template floor against the bare route, and what makes rendering cheap.
 */
import Fastify from 'fastify';
import { reportDeath } from '../src/features/cases/cases.commands.ts';
import { reportDeath as reportSchema } from '../src/features/cases/cases.schema.ts';
import { createApiToken, createSession, createUser } from '../src/platform/auth/auth.queries.ts';
import { createViews } from '../src/platform/views/views.ts';
import { benchApp, scratchDatabase } from './bench-app.ts';
import { line, memory, quick, ratio, throughput } from './support.ts';

const seconds = quick ? 2 : 8;

export async function runPlatformBench(): Promise<void> {
  const { database, kind, drop } = await scratchDatabase('platform');
  const { app, deps } = await benchApp(database);
  try {
    const now = deps.clock.now();
    const coroner = await createUser(database.db, {
      email: 'bench.coroner@example.org',
      name: 'Bench Coroner',
      role: 'coroner',
      coronerOffice: 'senior',
      areaCode: 'SL',
    });
    for (let i = 0; i < 20; i++) {
      const input = reportSchema.parse({
        areaCode: 'SL',
        deceased: {
          givenNames: `Person ${i}`,
          familyName: `Bench${i}`,
          sex: i % 2 ? 'male' : 'female',
          dateOfBirth: '1960-01-01',
        },
        death: { dateOfDeath: '2026-11-01', circumstances: 'Benchmark case' },
        reportedBy: { type: 'doctor' },
        reportedAt: '2026-11-02T09:00:00Z',
      });
      await database.db.transaction((tx) =>
        reportDeath(tx, input, { id: coroner.id, label: 'Bench', role: 'coroner' }, now),
      );
    }
    const cookie = `oc_session=${await createSession(database.db, coroner.id, now, 12)}`;
    const { token } = await createApiToken(database.db, coroner.id, 'bench');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;

    // The template floor: the case list template from fixed data, no session, no database.
    const views = createViews({ navigation: [{ text: 'Cases', href: '/cases', roles: ['coroner'] }] });
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: `id-${i}`,
      reference: `SL-2026-0000${i}`,
      name: `Person ${i} Bench${i}`,
      died: '1 November 2026',
      status: 'Reported',
      tag: 'govuk-tag--blue',
      officer: '—',
    }));
    const context = {
      title: 'Cases',
      filters: { q: '' },
      total: 20,
      canReport: true,
      statusOptions: [],
      officerOptions: [],
      rows,
      user: { name: 'Bench Coroner', role: 'coroner' },
      navigation: [{ text: 'Cases', href: '/cases', active: true }],
      csrfToken: 'x',
      cspNonce: 'x',
    };
    const macroContext = {
      ...context,
      rows: undefined,
      tableRows: rows.map((r) => [
        { html: `<a class="govuk-link" href="/cases/${r.id}">${r.reference}</a>` },
        { text: r.name },
        { text: r.died },
        { html: `<strong class="govuk-tag ${r.tag}">${r.status}</strong>` },
        { text: r.officer },
      ]),
    };
    const floor = Fastify({ logger: false });
    floor.get('/bare', async () => ({ ok: true }));
    floor.get('/floor', async (_req, reply) =>
      reply.type('text/html').send(views.env.render('cases/views/list.njk', context)),
    );
    views.env.addGlobal('benchTableRows', true);
    floor.get('/floor-macro', async (_req, reply) =>
      reply.type('text/html').send(views.env.renderString(MACRO_TABLE, macroContext)),
    );
    await floor.listen({ port: 0, host: '127.0.0.1' });
    const floorPort = (floor.server.address() as { port: number }).port;

    const bare = await throughput(`http://127.0.0.1:${floorPort}/bare`, { seconds });
    const floorRun = await throughput(`http://127.0.0.1:${floorPort}/floor`, { seconds });
    const macroRun = await throughput(`http://127.0.0.1:${floorPort}/floor-macro`, { seconds });
    const page = await throughput(`http://127.0.0.1:${port}/cases`, { seconds, headers: { cookie } });
    const api = await throughput(`http://127.0.0.1:${port}/api/v1/cases?pageSize=20`, {
      seconds,
      headers: { authorization: `Bearer ${token}` },
    });
    if (page.errors || api.errors)
      throw new Error(`errors during the run: page ${page.errors}, api ${api.errors}`);

    console.log(`\nPlatform (${kind}, ${seconds} s per run, 10 connections)`);
    line('bare Fastify JSON route', `${bare.rps.toFixed(0)} req/s`);
    line('template floor: case list, 20 rows, plain table markup', `${floorRun.rps.toFixed(0)} req/s`);
    line('same table through the govukTable macro (for comparison)', `${macroRun.rps.toFixed(0)} req/s`);
    line('signed-in case list page (session, query, render)', `${page.rps.toFixed(0)} req/s`);
    line('authenticated JSON read GET /api/v1/cases (token, query)', `${api.rps.toFixed(0)} req/s`);
    line('(a) case list page / template floor', ratio(page.rps, floorRun.rps).toFixed(2), '≥ 0.5');
    line('(b) authenticated JSON read / bare route', ratio(api.rps, bare.rps).toFixed(3), '≥ 0.15');
    line('(c) template floor / bare route', ratio(floorRun.rps, bare.rps).toFixed(3), 'report');
    line('    govukTable macro / plain markup', ratio(macroRun.rps, floorRun.rps).toFixed(2), 'report');
    line('memory', memory());
    await floor.close();
  } finally {
    await app.close();
    await drop();
  }
}

const MACRO_TABLE = `{% extends "layout.njk" %}{% from "govuk/components/table/macro.njk" import govukTable %}
{% block pageContent %}<h1 class="govuk-heading-l">Cases</h1>{{ govukTable({ head: [{ text: "Reference" }, { text: "Name" }, { text: "Died" }, { text: "Status" }, { text: "Officer" }], rows: tableRows }) }}{% endblock %}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  await runPlatformBench();
}
