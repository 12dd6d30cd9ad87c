/**
 * Geocoding of postcodes. Postcodes are validated and normalised with the `postcode` package. When a
 * postcodes.io-compatible service is configured (`GEOCODER_URL`), a postcode with no typed coordinate is
 * placed at its centroid; otherwise only coordinates typed (or picked on the map) are used. Every point
 * keeps its accuracy radius, which the scores use.
 */
import { isValid, toNormalised } from 'postcode';
import type { GeoPoint } from './links.types.ts';

/** A full postcode's centroid is within about 100 m of its addresses in towns (wider in the country). */
export const POSTCODE_ACCURACY_M = 100;
/** A typed or GPS coordinate without a stated accuracy. */
export const TYPED_ACCURACY_M = 50;

export type Geocoder = {
  readonly configured: boolean;
  /**
   * The centroid of a postcode, or undefined when the service does not know it (or cannot place it).
   * Throws `GeocoderUnavailable` when the service cannot answer: down, too slow, or answering garbage.
   */
  postcode(postcode: string): Promise<GeoPoint | undefined>;
};

/** The postcode service could not answer; the message says why, for whoever reads the job's last error. */
export class GeocoderUnavailable extends Error {}

/** "e17 8qp" → "E17 8QP"; undefined for anything that is not a real postcode. */
export function normalisedPostcode(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !isValid(trimmed)) return undefined;
  return toNormalised(trimmed) ?? undefined;
}

/** No geocoding service: coordinates must be typed. */
export const NO_GEOCODER: Geocoder = { configured: false, postcode: async () => undefined };

/** Where a United Kingdom postcode can be (the Channel Islands to Shetland, Northern Ireland to Kent). */
const UK = { lat: [49, 61], lon: [-9, 2] } as const;
const isNumberIn = (x: unknown, [min, max]: readonly [number, number]): x is number =>
  typeof x === 'number' && x >= min && x <= max;

/**
 * A postcodes.io-compatible service: `GET {base}/postcodes/{postcode}` answering
 * `{ status: 200, result: { latitude, longitude } }`, or 404 for an unknown postcode. A known postcode
 * without coordinates (postcodes.io gives null for a few) is left unplaced.
 */
export function createGeocoder(
  baseUrl: string | undefined,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Geocoder {
  if (!baseUrl) return NO_GEOCODER;
  const base = baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  const cache = new Map<string, GeoPoint | undefined>();
  return {
    configured: true,
    async postcode(value) {
      const postcode = normalisedPostcode(value);
      if (!postcode) return undefined;
      if (cache.has(postcode)) return cache.get(postcode);
      const unavailable = (why: string) =>
        new GeocoderUnavailable(`The postcode service at ${base} ${why} when asked for ${postcode}`);
      let response: Response;
      let body: { result?: { latitude?: unknown; longitude?: unknown } | null };
      try {
        response = await doFetch(`${base}/postcodes/${encodeURIComponent(postcode)}`, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/json' },
        });
        if (response.status === 404) {
          cache.set(postcode, undefined);
          return undefined;
        }
        if (!response.ok) throw unavailable(`answered ${response.status}`);
        body = (await response.json()) as typeof body;
      } catch (error) {
        if (error instanceof GeocoderUnavailable) throw error;
        if (error instanceof SyntaxError) throw unavailable('did not answer with JSON');
        if (error instanceof DOMException && error.name === 'TimeoutError')
          throw unavailable(`did not answer within ${timeoutMs / 1000} seconds`);
        throw unavailable('could not be reached');
      }
      const lat = body?.result?.latitude;
      const lon = body?.result?.longitude;
      let point: GeoPoint | undefined;
      if (isNumberIn(lat, UK.lat) && isNumberIn(lon, UK.lon))
        point = { lat, lon, accuracyM: POSTCODE_ACCURACY_M };
      else if (!(lat === null && lon === null))
        throw unavailable('answered with something that is not a place in the United Kingdom');
      if (cache.size > 10_000) cache.clear();
      cache.set(postcode, point);
      return point;
    },
  };
}
