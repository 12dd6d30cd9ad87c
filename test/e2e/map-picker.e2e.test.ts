import { createServer, type Server } from 'node:http';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, signInWithForm } from '../support/browser.ts';
import { uniqueName } from '../support/factories.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const PASSWORD = 'a long map-picking passphrase';
/** A plain grey tile, as a tile server would send one. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

describe('picking the place where a deceased was found on a map, in a real browser', () => {
  let tiles: Server;
  const asked: string[] = [];
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    tiles = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end(TILE);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const tilePort = (tiles.address() as { port: number }).port;
    t = await createTestApp({
      env: {
        MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
        // St Margaret's churchyard, Barking.
        MAP_CENTRE: '51.5362,0.0813',
      },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
    const officer = await t.user('officer', { password: PASSWORD });
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await signInWithForm(page, base, officer.email, PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  const click = async (name: string, scope: Page | Locator = page) => {
    await scope.getByRole('button', { name, exact: true }).click();
  };
  const submit = async (name: string) => {
    await click(name);
    await page.waitForLoadState('load');
  };
  const lat = () => page.getByLabel('Where the deceased was found: latitude (if known)');
  const lon = () => page.getByLabel('Where the deceased was found: longitude (if known)');
  const precision = () => page.locator('input[name="death.sceneFound.accuracyM"]');

  it('fills in the latitude and longitude, keeps how precisely they were picked, and shows them on the case', async () => {
    const family = uniqueName('Hartley');
    await page.goto(`${base}/cases`);
    await submit('Report a death');
    await page.getByLabel('Given names').fill('Samuel');
    await page.getByLabel('Family name').fill(family);
    await page.getByLabel('Male', { exact: true }).check();
    await submit('Continue');

    const picker = page.locator('.app-map-picker').first();
    await expect
      .poll(() => picker.getByRole('heading').textContent())
      .toBe('Where the deceased was found: or pick the place on a map');
    await expectAccessible(page);

    // From the keyboard: zoom in three times and use the centre of the map (the configured start).
    for (let i = 0; i < 3; i++) await click('Zoom in', picker);
    await click('Use the centre of the map', picker);
    expect(await lat().inputValue()).toBe('51.53620');
    expect(await lon().inputValue()).toBe('0.08130');
    expect(await precision().inputValue()).toBe('15');
    expect(await picker.locator('[aria-live]').textContent()).toContain('to within about 15 metres');
    await expect.poll(() => asked.includes('/16/32782/21783.png')).toBe(true);

    // With the pointer: a point 64 pixels east of the centre is 64 / (256 × 2^16) of the world further east.
    const box = (await picker.locator('.app-map-picker__map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 + 64, box.y + box.height / 2);
    expect(Number(await lon().inputValue())).toBeCloseTo(0.0813 + (64 * 360) / (256 * 2 ** 16), 5);
    expect(Number(await lat().inputValue())).toBeCloseTo(51.5362, 4);
    expect(await picker.locator('.app-map-picker__marker').isVisible()).toBe(true);

    // Dragging moves the map and picks nothing.
    const before = [await lat().inputValue(), await lon().inputValue()];
    await page.mouse.move(box.x + 100, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 160, { steps: 5 });
    await page.mouse.up();
    expect([await lat().inputValue(), await lon().inputValue()]).toEqual(before);

    // Typing a coordinate by hand drops the picked precision; the map's centre, dragged north-west of the
    // churchyard, sets both again.
    await lat().fill('51.5');
    expect(await precision().inputValue()).toBe('');
    await click('Use the centre of the map', picker);
    const dragged = [await lat().inputValue(), await lon().inputValue()];
    expect(Number(dragged[0])).toBeGreaterThan(51.5362);
    expect(Number(dragged[1])).toBeLessThan(0.0813);
    expect(await precision().inputValue()).toBe('15');
    // Zooming keeps the centre where it is; moving north and back south returns to it.
    await click('Zoom out', picker);
    await click('Move north', picker);
    await click('Move south', picker);
    await click('Use the centre of the map', picker);
    expect([await lat().inputValue(), await lon().inputValue()]).toEqual(dragged);
    expect(await precision().inputValue()).toBe('30');

    const [y, m, d] = ['2026', '11', '18'];
    await page.locator('#death-dateOfDeath').fill(d);
    await page.locator('#death-dateOfDeath-month').fill(m);
    await page.locator('#death-dateOfDeath-year').fill(y);
    await page.getByLabel('Where the deceased was found: description').fill('St Margaret’s churchyard');
    await page.getByLabel('What is known about the circumstances').fill('Found by a dog walker.');
    await submit('Continue');
    await page.getByLabel('Police', { exact: true }).check();
    await submit('Continue');
    await submit('Continue');
    await submit('Continue');
    const shown = `${Number(dragged[0])}, ${Number(dragged[1])} (to within about 30 metres)`;
    expect(await page.locator('main').textContent()).toContain(shown);
    await submit('Report the death');
    expect(await page.locator('h1').textContent()).toBe(`Samuel ${family}`);
    expect(await page.locator('main').textContent()).toContain(shown);

    // The precision is kept with the place, as the API shows it, and a change of details keeps it too.
    const caseId = new URL(page.url()).pathname.split('/')[2]!;
    const api = await t.client(await t.user('coroner'));
    const scene = async () => (await api.get(`/api/v1/cases/${caseId}`)).json().death.sceneFound;
    expect(await scene()).toMatchObject({ lat: Number(dragged[0]), lon: Number(dragged[1]), accuracyM: 30 });
    await page.getByRole('link', { name: 'Update the details of the death' }).click();
    await page.waitForLoadState('load');
    expect(await precision().inputValue()).toBe('30');
    await expectAccessible(page);
    await submit('Save');
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    expect(await scene()).toMatchObject({ accuracyM: 30 });
  });

  it('is not offered without a tile server: the coordinates are typed, and a tampered precision is refused', async () => {
    const plain = await createTestApp();
    try {
      const officer = await plain.browser(await plain.user('officer'));
      const start = await officer.post('/cases/new');
      const draft = start.headers.location as string;
      const step = await officer.get(draft.replace(/\/[a-z]+$/, '/death'));
      expect(step.statusCode).toBe(200);
      expect(step.body).toContain('Where the deceased was found: latitude (if known)');
      expect(step.body).not.toContain('app-map-picker');
      // A precision that is not a number of metres is refused with a sentence, and nothing is saved.
      const bad = await officer.post(draft.replace(/\/[a-z]+$/, '/death'), {
        'death.dateOfDeath-day': '18',
        'death.dateOfDeath-month': '11',
        'death.dateOfDeath-year': '2026',
        'death.sceneFound.description': 'A churchyard',
        'death.sceneFound.lat': '51.5362',
        'death.sceneFound.lon': '0.0813',
        'death.sceneFound.accuracyM': 'close',
        'death.circumstances': 'Found by a dog walker.',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('How precisely the place is known must be a number of metres');
      // The script is served to browsers; its type declarations are not.
      expect((await plain.app.inject({ url: '/assets/map-picker.js' })).statusCode).toBe(200);
      expect((await plain.app.inject({ url: '/assets/map-picker.d.ts' })).statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
