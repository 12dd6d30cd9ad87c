// Web Mercator, as tile servers draw the world: one module for the maps drawn on the server (links.map.ts)
// and the map a place is picked on in the browser (map-picker.js).

export const TILE = 256;

/** World pixel coordinates of a point at a zoom level (Web Mercator, 256-pixel tiles). */
export function project(lat, lon, zoom) {
  const size = TILE * 2 ** zoom;
  const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size,
  };
}

/** The latitude and longitude at world pixel coordinates: the inverse of `project`. */
export function unproject(x, y, zoom) {
  const size = TILE * 2 ** zoom;
  // A map moved round the world past the date line shows the same longitudes again.
  const lon = (((((x / size) * 360) % 360) + 360) % 360) - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return { lat, lon };
}

/** Metres on the ground per screen pixel at a latitude and zoom. */
export function metresPerPixel(lat, zoom) {
  return (156_543.034 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

/** The tiles covering a view of `width` × `height` pixels centred on world pixel `centre`, placed in the view. */
export function tilesFor(centre, zoom, width, height, template) {
  const left = centre.x - width / 2;
  const top = centre.y - height / 2;
  const n = 2 ** zoom;
  const tiles = [];
  for (let tx = Math.floor(left / TILE); tx < Math.ceil((left + width) / TILE); tx++)
    for (let ty = Math.floor(top / TILE); ty < Math.ceil((top + height) / TILE); ty++) {
      if (ty < 0 || ty >= n) continue;
      const x = ((tx % n) + n) % n;
      tiles.push({
        key: `${zoom}/${tx}/${ty}`,
        src: template.replace('{z}', String(zoom)).replace('{x}', String(x)).replace('{y}', String(ty)),
        left: Math.round(tx * TILE - left),
        top: Math.round(ty * TILE - top),
      });
    }
  return tiles;
}
