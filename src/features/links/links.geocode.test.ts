import { describe, expect, it } from 'vitest';
import { createGeocoder, GeocoderUnavailable } from './links.geocode.ts';

/** A postcode service that answers every question with the same response (or fails to answer). */
const answering = (answer: () => Response | Promise<Response>) =>
  createGeocoder('https://postcodes.example/', { fetch: async () => answer() });
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the postcode service', () => {
  it('places a postcode at its centroid, and leaves an unknown one unplaced', async () => {
    const found = answering(() => json({ status: 200, result: { latitude: 51.521, longitude: 0.191 } }));
    expect(await found.postcode('rm13 8aa')).toEqual({ lat: 51.521, lon: 0.191, accuracyM: 100 });
    expect(await answering(() => json({ status: 404 }, 404)).postcode('ZZ99 9ZZ')).toBeUndefined();
    // A postcode the service knows but cannot place (it has no grid reference) is unplaced too.
    const noPlace = answering(() => json({ status: 200, result: { latitude: null, longitude: null } }));
    expect(await noPlace.postcode('RM13 8AA')).toBeUndefined();
  });

  it.each([
    ['is down', () => Promise.reject(new TypeError('fetch failed')), 'could not be reached'],
    ['fails', () => json({ status: 500 }, 500), 'answered 500'],
    ['answers a web page', () => new Response('<html>Gateway</html>'), 'did not answer with JSON'],
    [
      'answers a place off the map',
      () => json({ status: 200, result: { latitude: 999, longitude: 0.19 } }),
      'answered with something that is not a place in the United Kingdom',
    ],
    [
      'answers without a place',
      () => json({ status: 200 }),
      'answered with something that is not a place in the United Kingdom',
    ],
  ])('says so in a sentence when the service %s', async (_what, answer, why) => {
    const asked = answering(answer).postcode('rm13 8aa');
    await expect(asked).rejects.toThrow(GeocoderUnavailable);
    await expect(answering(answer).postcode('rm13 8aa')).rejects.toThrow(
      `The postcode service at https://postcodes.example ${why} when asked for RM13 8AA`,
    );
  });

  it('says so when the service is too slow', async () => {
    const slow = createGeocoder('https://postcodes.example', {
      timeoutMs: 1,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        ),
    });
    await expect(slow.postcode('RM13 8AA')).rejects.toThrow('did not answer within 0.001 seconds');
  });
});
