import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/support/factories.ts';
import { runLinkAssessments } from '../../../test/support/links.ts';
import { createTestApp } from '../../../test/support/test-app.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { notifications } from '../../platform/notify/notify.tables.ts';
import { linksApiSuite } from './links.api.fixtures.ts';
import { createGeocoder } from './links.geocode.ts';
import { ASSESS_JOB, assessStoredCase, queuePlacesPending } from './links.jobs.ts';
import { linkCases } from './links.tables.ts';

describe('possible links through the API', () => {
  const suite = linksApiSuite(0, 'senior');
  const { youngMan, report } = suite;

  it('queues the assessment in the same transaction as the report, and again when toxicology returns', async () => {
    const a = await report(youngMan('2021-03-01'));
    const queued = () =>
      suite.t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, ASSESS_JOB), sql`${jobs.payload}->>'caseId' = ${a.id}`));
    expect(await queued()).toHaveLength(1);
    const update = await suite.officer.post(`/api/v1/cases/${a.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { toxicology: { tested: ['GHB', 'cocaine'], detected: ['GHB'] } },
    });
    expect(update.statusCode, update.body).toBe(200);
    expect(await queued()).toHaveLength(2);
    // A refused change queues nothing: the job exists exactly when the change commits.
    const refused = await suite.officer.post(`/api/v1/cases/${a.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: { death: { dateOfDeath: '2099-01-01' } },
    });
    expect(refused.statusCode).toBe(400);
    expect(await queued()).toHaveLength(2);
  });

  it('links two deaths found by the same person at the same spot, with reasons, and tells the assigned coroner when urgent', async () => {
    const first = await report(youngMan('2021-05-02'));
    const second = await report(youngMan('2021-05-25', { offsetM: 20 }));
    const assign = await suite.officer.post(`/api/v1/cases/${first.id}/actions`, {
      type: 'ASSIGN',
      coronerId: suite.coroner.user.id,
    });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(await runLinkAssessments(suite.t, [first.id, second.id])).toBe(2);

    const res = await suite.officer.get(`/api/v1/cases/${second.id}/possible-links`);
    expect(res.statusCode, res.body).toBe(200);
    const links = res.json() as {
      caseId: string;
      level: string;
      score: number;
      reasons: { feature: string; detail: string }[];
    }[];
    expect(links).toHaveLength(1);
    expect(links[0]!.caseId).toBe(first.id);
    expect(links[0]!.level).toBe('urgent');
    const features = links[0]!.reasons.map((r) => r.feature);
    expect(features).toEqual(
      expect.arrayContaining(['same-person', 'same-scene', 'scene-distance', 'time-gap']),
    );
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(suite.finder);
    // Shown on both cases' pages, a reason names both cases rather than saying "this case".
    for (const r of links[0]!.reasons) expect(r.detail).not.toMatch(/this case/);
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(first.reference);
    expect(links[0]!.reasons.find((r) => r.feature === 'same-person')!.detail).toContain(second.reference);
    // The police officer attends deaths at work: never a link.
    expect(JSON.stringify(links[0]!.reasons)).not.toContain('Moss');
    // Both sides see the same link.
    const back = (await suite.officer.get(`/api/v1/cases/${first.id}/possible-links`)).json();
    expect(back.map((l: { caseId: string }) => l.caseId)).toEqual([second.id]);

    const alerts = (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
      id: string;
      summary: string;
      cases: { id: string }[];
    }[];
    const alert = alerts.find((a) => a.cases.some((c) => c.id === second.id))!;
    expect(alert.summary).toMatch(/^Possible link — review/);
    // The queue is a list like any other: filtered by status in any case, paged, with its total.
    const open = (await suite.officer.get('/api/v1/link-alerts?status=open&pageSize=1')).json();
    expect(open.items).toHaveLength(1);
    expect(open.total).toBe(alerts.filter((a) => (a as { status?: string }).status === 'OPEN').length);
    const wrong = await suite.officer.get('/api/v1/link-alerts?status=closed');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields.status).toBe('Status must be open, confirmed or dismissed');
    expect(alert.summary).not.toMatch(/murder|killed|serial|homicide/i);
    const sent = await suite.t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.source, 'link-alert'), eq(notifications.sourceId, alert.id)));
    // The assigned coroner of the first case; the second, just reported, has none yet: its area's coroners.
    const assigned = sent.filter((n) => n.recipientName === 'Coroner Linked');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.caseId).toBe(first.id);
    expect(assigned[0]!.body).toContain('not a finding');
    const areaCoroners = (
      await suite.t.db
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.role, 'coroner'), eq(users.areaCode, 'EL'), eq(users.active, true)))
    ).map((u) => u.email);
    const others = sent.filter((n) => n.recipientName !== 'Coroner Linked');
    expect(others.length).toBeGreaterThan(0);
    for (const n of others) {
      expect(areaCoroners).toContain(n.email);
      expect(n.caseId).toBe(second.id);
    }
    // Assessing again does not raise a second alert or a second message.
    await assessStoredCase(
      { database: suite.t.database, notifier: suite.t.notifier, config: suite.t.config },
      second.id,
      suite.t.clock.now(),
    );
    const again = (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
      cases: { id: string }[];
    }[];
    expect(again.filter((a) => a.cases.some((c) => c.id === second.id))).toHaveLength(1);

    // Another area does not see it; the Chief Coroner's office does.
    expect((await suite.otherOfficer.get(`/api/v1/link-alerts/${alert.id}`)).statusCode).toBe(404);
    expect((await suite.chief.get(`/api/v1/link-alerts/${alert.id}`)).statusCode).toBe(200);
  });

  it('raises a pair from nothing to a possible link when toxicology finds the same rare substance', async () => {
    const a = await report({
      ...youngMan('2021-08-01'),
      people: [],
      circumstanceTags: [],
    });
    const b = await report({
      ...youngMan('2021-09-20', { offsetM: 700 }),
      people: [],
      circumstanceTags: [],
    });
    await runLinkAssessments(suite.t, [a.id, b.id]);
    expect((await suite.officer.get(`/api/v1/cases/${b.id}/possible-links`)).json()).toEqual([]);
    for (const id of [a.id, b.id]) {
      const res = await suite.officer.post(`/api/v1/cases/${id}/actions`, {
        type: 'UPDATE_DETAILS',
        details: { toxicology: { tested: ['GHB'], detected: ['GHB'] } },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await runLinkAssessments(suite.t, [a.id, b.id]);
    const links = (await suite.officer.get(`/api/v1/cases/${b.id}/possible-links`)).json() as {
      caseId: string;
      reasons: { feature: string }[];
    }[];
    expect(links.map((l) => l.caseId)).toEqual([a.id]);
    expect(links[0]!.reasons.map((r) => r.feature)).toEqual(
      expect.arrayContaining(['shared-substance', 'scene-distance']),
    );
  });

  it('says so on an open alert when a corrected record no longer links the deaths', async () => {
    const first = await report(youngMan('2023-03-01', { finderPhone: '07700 900444' }));
    const second = await report(youngMan('2023-03-12', { finderPhone: '07700 900444', offsetM: 10 }));
    await runLinkAssessments(suite.t, [first.id, second.id]);
    const find = async () =>
      (
        (await suite.officer.get('/api/v1/link-alerts?pageSize=200')).json().items as {
          id: string;
          level: string;
          summary: string;
          reasons: { feature: string; detail: string }[];
          cases: { id: string }[];
        }[]
      ).find((a) => a.cases.some((c) => c.id === first.id) && a.cases.some((c) => c.id === second.id))!;
    expect((await find()).level).toBe('urgent');
    const corrected = await suite.officer.post(`/api/v1/cases/${second.id}/actions`, {
      type: 'UPDATE_DETAILS',
      details: {
        people: [{ role: 'finder', name: 'Wilfred Nobody', phone: '07700 900999' }],
        death: {
          sceneFound: {
            description: 'At home',
            lat: suite.scene.lat + 0.3,
            lon: suite.scene.lon + 0.3,
            accuracyM: 10,
            placeType: 'home',
          },
          circumstances: 'Found at home by a neighbour.',
        },
        circumstanceTags: [],
      },
      reason: 'The finder and the place were recorded wrongly',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    await runLinkAssessments(suite.t, [second.id]);
    expect((await suite.officer.get(`/api/v1/cases/${second.id}/possible-links`)).json()).toEqual([]);
    const stale = await find();
    expect(stale.level).toBe('review');
    expect(stale.summary).toMatch(/^No longer found — /);
    expect(stale.reasons[0]!.detail).toContain('no longer reach the level for review');
  });

  it('places a postcode through a postcodes.io-compatible service when one is configured, keeping its accuracy', async () => {
    const asked: string[] = [];
    const server: Server = createServer((req, res) => {
      asked.push(decodeURIComponent(req.url ?? ''));
      if (req.url === '/postcodes/RM13%208AA') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 200,
            result: { postcode: 'RM13 8AA', latitude: 51.521, longitude: 0.191 },
          }),
        );
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 404, error: 'Postcode not found' }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = youngMan('2022-03-01');
      body.death!.sceneFound = {
        description: 'Alley behind the shops',
        postcode: 'rm13 8aa',
        placeType: 'public-outdoor',
      };
      const created = await report(body);
      const geocoder = createGeocoder(url);
      await assessStoredCase(
        { database: suite.t.database, notifier: suite.t.notifier, config: suite.t.config },
        created.id,
        suite.t.clock.now(),
        geocoder,
      );
      const [row] = await suite.t.db.select().from(linkCases).where(eq(linkCases.caseId, created.id));
      expect(row).toMatchObject({ lat: 51.521, lon: 0.191, accuracyM: 100, locationSource: 'postcode' });
      expect(asked).toContain('/postcodes/RM13 8AA');
      expect(await geocoder.postcode('ZZ99 9ZZ')).toBeUndefined();
      expect(await geocoder.postcode('not a postcode')).toBeUndefined();
      // Without a service, the case is kept unplaced rather than guessed.
      await assessStoredCase(
        { database: suite.t.database, notifier: suite.t.notifier, config: suite.t.config },
        created.id,
        suite.t.clock.now(),
      );
      const [unplaced] = await suite.t.db.select().from(linkCases).where(eq(linkCases.caseId, created.id));
      expect(unplaced).toMatchObject({ lat: null, locationSource: null });
    } finally {
      server.close();
    }
  });

  it('still links a death while the postcode service is down, keeping the place its postcode had, and tries again', async () => {
    let up = true;
    // A geocoder of its own for each assessment: one answer it had is not asked for again.
    const geocoder = () =>
      createGeocoder('https://postcodes.example', {
        fetch: async () =>
          up
            ? new Response(
                JSON.stringify({
                  status: 200,
                  result: { latitude: suite.scene.lat, longitude: suite.scene.lon },
                }),
              )
            : new Response('Service Unavailable', { status: 503 }),
      });
    const byPostcode = (day: string) => {
      const body = youngMan(day, { finderPhone: '07700 900321' });
      body.death!.sceneFound = { description: 'Alley behind the shops', postcode: 'RM13 8AA' };
      return body;
    };
    const assess = (id: string) =>
      assessStoredCase(
        { database: suite.t.database, notifier: suite.t.notifier, config: suite.t.config },
        id,
        suite.t.clock.now(),
        geocoder(),
      );
    const first = await report(byPostcode('2023-06-01'));
    await assess(first.id);
    up = false;
    const second = await report(byPostcode('2023-06-08'));
    await expect(assess(second.id)).rejects.toThrow(
      `The postcode service at https://postcodes.example answered 503 when asked for RM13 8AA. ${second.reference} was assessed with the place its postcode had before, or none, and will be assessed again.`,
    );
    // The same finder links them at once; the place waits for the service.
    const links = (await suite.officer.get(`/api/v1/cases/${second.id}/possible-links`)).json();
    expect(links.map((l: { caseId: string }) => l.caseId)).toEqual([first.id]);
    const placed = () => suite.t.db.select().from(linkCases).where(eq(linkCases.caseId, second.id));
    expect((await placed())[0]).toMatchObject({ lat: null, locationSource: null });
    // A change made while the service is down keeps the point the postcode was placed at before.
    await expect(assess(first.id)).rejects.toThrow('answered 503');
    const [kept] = await suite.t.db.select().from(linkCases).where(eq(linkCases.caseId, first.id));
    expect(kept).toMatchObject({
      lat: suite.scene.lat,
      lon: suite.scene.lon,
      accuracyM: 100,
      locationSource: 'postcode',
    });
    // The nightly batch queues the unplaced case again, however long the service was down.
    expect((await placed())[0]?.placePending).toBe(true);
    expect(kept?.placePending).toBe(false);
    const queued = () =>
      suite.t.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, ASSESS_JOB), sql`${jobs.payload}->>'caseId' = ${second.id}`));
    const before = (await queued()).length;
    expect(await queuePlacesPending(suite.t.db, suite.t.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await queued()).length).toBe(before + 1);
    up = true;
    await assess(second.id);
    expect((await placed())[0]).toMatchObject({
      lat: suite.scene.lat,
      locationSource: 'postcode',
      placePending: false,
    });
  });

  it('keeps a register of known sites; two deaths at one care home are not linked by place', async () => {
    const bad = await suite.coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.radiusM).toBe('The radius must be at least 10 metres');
    const text = await suite.coroner.post('/api/v1/known-sites', {
      kind: 'care-home',
      lat: '51.6',
      lon: 0.1,
      radiusM: 80,
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.fields).toEqual({
      name: 'Enter the name of the site',
      lat: 'Latitude must be a number, for example 51.5686',
    });
    const noArea = await suite.coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 80,
      areaCode: 'ZZZ',
    });
    expect(noArea.statusCode).toBe(400);
    for (const blank of ['', '  ']) {
      const empty = await suite.coroner.post('/api/v1/known-sites', {
        name: 'Oak Lodge',
        kind: 'care-home',
        lat: 51.6,
        lon: 0.1,
        radiusM: 80,
        areaCode: blank,
      });
      expect(empty.statusCode, empty.body).toBe(400);
      expect(empty.json().error.fields.areaCode).toContain('Enter the code of a coroner area');
    }
    const elsewhere = await suite.coroner.post('/api/v1/known-sites', {
      name: 'Oak Lodge',
      kind: 'care-home',
      lat: 51.6,
      lon: 0.1,
      radiusM: 80,
      areaCode: 'IN',
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.message).toContain('only for your own coroner area (EL)');
    const site = {
      name: `Oak Lodge ${uniqueName()}`,
      kind: 'care-home',
      lat: suite.scene.lat,
      lon: suite.scene.lon,
      radiusM: 80,
    };
    const added = await suite.coroner.post('/api/v1/known-sites', site);
    expect(added.statusCode, added.body).toBe(201);
    expect((await suite.officer.get('/api/v1/known-sites')).json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: site.name, areaCode: 'EL' })]),
    );
    const resident = (day: string) => {
      const body = youngMan(day, { offsetM: 5 });
      body.deceased = {
        givenNames: uniqueName('Edith'),
        familyName: uniqueName('Moor'),
        sex: 'female',
        age: 91,
      };
      body.circumstanceTags = [];
      body.policeClassification = 'non-suspicious';
      body.people = [{ role: 'finder', name: 'Night Carer', phone: '07700 900999' }];
      body.death!.sceneFound = {
        description: 'Oak Lodge, room 4',
        lat: suite.scene.lat,
        lon: suite.scene.lon,
        accuracyM: 10,
        placeType: 'care-home',
      };
      return body;
    };
    const a = await report(resident('2022-05-01'));
    const b = await report(resident('2022-05-09'));
    await runLinkAssessments(suite.t, [a.id, b.id]);
    // Staff find residents: no same-person or same-scene link between deaths in one institution.
    expect((await suite.officer.get(`/api/v1/cases/${b.id}/possible-links`)).json()).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the possible-links, alerts and known-sites routes', async () => {
    const t = await createTestApp();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(res.statusCode, res.body).toBe(200);
      const paths = Object.keys(res.json().paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/cases/{id}/possible-links',
          '/api/v1/link-alerts',
          '/api/v1/link-alerts/{id}',
          '/api/v1/link-alerts/{id}/decision',
          '/api/v1/known-sites',
        ]),
      );
    } finally {
      await t.close();
    }
  });
});
