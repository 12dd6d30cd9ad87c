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
  /** The centroid of a postcode, or undefined when the service does not know it. Throws when it cannot answer. */
  postcode(postcode: string): Promise<GeoPoint | undefined>;
};

/** "e17 8qp" → "E17 8QP"; undefined for anything that is not a real postcode. */
export function normalisedPostcode(value: string | undefined | null): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !isValid(trimmed)) return undefined;
  return toNormalised(trimmed) ?? undefined;
}

/** No geocoding service: coordinates must be typed. */
export const NO_GEOCODER: Geocoder = { configured: false, postcode: async () => undefined };

/**
 * A postcodes.io-compatible service: `GET {base}/postcodes/{postcode}` answering
 * `{ status: 200, result: { latitude, longitude } }`, or 404 for an unknown postcode.
 */
export function createGeocoder(
  baseUrl: string | undefined,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Geocoder {
  if (!baseUrl) return NO_GEOCODER;
  const base = baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const cache = new Map<string, GeoPoint | undefined>();
  return {
    configured: true,
    async postcode(value) {
      const postcode = normalisedPostcode(value);
      if (!postcode) return undefined;
      if (cache.has(postcode)) return cache.get(postcode);
      const response = await doFetch(`${base}/postcodes/${encodeURIComponent(postcode)}`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        headers: { accept: 'application/json' },
      });
      if (response.status === 404) {
        cache.set(postcode, undefined);
        return undefined;
      }
      if (!response.ok) throw new Error(`The postcode service answered ${response.status}`);
      const body = (await response.json()) as { result?: { latitude?: unknown; longitude?: unknown } | null };
      const lat = body.result?.latitude;
      const lon = body.result?.longitude;
      const point =
        typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon)
          ? { lat, lon, accuracyM: POSTCODE_ACCURACY_M }
          : undefined;
      if (cache.size > 10_000) cache.clear();
      cache.set(postcode, point);
      return point;
    },
  };
}
