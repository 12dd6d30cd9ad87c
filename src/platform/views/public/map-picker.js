// Picking a place on a map: an addition to a place's latitude and longitude boxes, shown only when a tile
// server is configured and JavaScript runs. Without it the boxes are typed in, as before. Selecting a point
// on the map (or moving the map and using its centre, from the keyboard) fills both boxes, and a hidden field
// records how precisely the point was picked, from the map's scale.

import { metresPerPixel, project, tilesFor, unproject } from './web-mercator.js';

export const MIN_ZOOM = 5;
export const MAX_ZOOM = 18;

/**
 * How far the picked point may be from the true place, in metres: a person pointing at a map is taken to be
 * within about ten pixels, and never closer than 10 m.
 */
export function pickAccuracy(lat, zoom) {
  return Math.max(10, Math.round((metresPerPixel(lat, zoom) * 10) / 5) * 5);
}

/** A latitude and longitude as typed in a box, or undefined when it is not a number in range. */
export function readCoordinate(text, limit) {
  const value = Number(String(text).trim());
  return String(text).trim() !== '' && Number.isFinite(value) && Math.abs(value) <= limit ? value : undefined;
}

const element = (tag, attributes = {}, text) => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
};

function mountPicker(root) {
  const lat = document.getElementById(root.dataset.lat);
  const lon = document.getElementById(root.dataset.lon);
  const template = root.dataset.tiles;
  if (!lat || !lon || !template) return;
  const [startLat, startLon] = (root.dataset.centre || '').split(',').map(Number);

  const accuracy = element('input', { type: 'hidden', name: root.dataset.accuracyName });
  accuracy.value = root.dataset.accuracy || '';
  const map = element('div', { class: 'app-map-picker__map' });
  const marker = element('div', { class: 'app-map-picker__marker', hidden: '' });
  const crosshair = element('div', { class: 'app-map-picker__crosshair' });
  const status = element('p', { class: 'govuk-body-s app-map-picker__status', 'aria-live': 'polite' });
  const buttons = element('div', { class: 'govuk-button-group app-map-picker__controls' });
  const button = (text, action) => {
    const b = element('button', { type: 'button', class: 'govuk-button govuk-button--secondary' }, text);
    b.addEventListener('click', action);
    buttons.append(b);
  };
  map.append(crosshair, marker);
  root.append(
    element('h2', { class: 'govuk-heading-s' }, root.dataset.label),
    element(
      'p',
      { class: 'govuk-hint' },
      'Select the place on the map to fill in the latitude and longitude. You can also move the map with the buttons and use its centre.',
    ),
    map,
    buttons,
    status,
    element('p', { class: 'govuk-body-s' }, 'Map tiles from the configured tile server.'),
    accuracy,
  );

  const typed = () => {
    const a = readCoordinate(lat.value, 90);
    const b = readCoordinate(lon.value, 180);
    return a !== undefined && b !== undefined ? { lat: a, lon: b } : undefined;
  };
  const start = typed();
  let zoom = start ? 16 : 13;
  let centre = start
    ? project(start.lat, start.lon, zoom)
    : project(
        Number.isFinite(startLat) ? startLat : 51.5074,
        Number.isFinite(startLon) ? startLon : -0.1278,
        zoom,
      );
  const tiles = new Map();

  function render() {
    const width = map.clientWidth;
    const height = map.clientHeight;
    const wanted = tilesFor(centre, zoom, width, height, template);
    const keep = new Set(wanted.map((t) => t.key));
    for (const [key, img] of tiles)
      if (!keep.has(key)) {
        img.remove();
        tiles.delete(key);
      }
    for (const t of wanted) {
      let img = tiles.get(t.key);
      if (!img) {
        img = element('img', { class: 'app-map-picker__tile', alt: '', src: t.src, draggable: 'false' });
        tiles.set(t.key, img);
        map.insertBefore(img, crosshair);
      }
      img.style.left = `${t.left}px`;
      img.style.top = `${t.top}px`;
    }
    const place = typed();
    marker.hidden = !place;
    if (place) {
      const p = project(place.lat, place.lon, zoom);
      marker.style.left = `${Math.round(p.x - centre.x + width / 2)}px`;
      marker.style.top = `${Math.round(p.y - centre.y + height / 2)}px`;
    }
  }

  function pick(worldX, worldY) {
    const point = unproject(worldX, worldY, zoom);
    lat.value = point.lat.toFixed(5);
    lon.value = point.lon.toFixed(5);
    const metres = pickAccuracy(point.lat, zoom);
    accuracy.value = String(metres);
    status.textContent = `The place is set to latitude ${lat.value} and longitude ${lon.value}, to within about ${metres} metres. Select another place to change it.`;
    render();
  }

  function zoomTo(next) {
    const z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, next));
    const here = unproject(centre.x, centre.y, zoom);
    zoom = z;
    centre = project(here.lat, here.lon, zoom);
    render();
  }
  const move = (dx, dy) => () => {
    centre = { x: centre.x + dx * map.clientWidth * 0.4, y: centre.y + dy * map.clientHeight * 0.4 };
    render();
  };
  button('Zoom in', () => zoomTo(zoom + 1));
  button('Zoom out', () => zoomTo(zoom - 1));
  button('Move north', move(0, -1));
  button('Move south', move(0, 1));
  button('Move west', move(-1, 0));
  button('Move east', move(1, 0));
  button('Use the centre of the map', () => pick(centre.x, centre.y));

  // Dragging moves the map; a press that does not move picks the place under it.
  let drag;
  map.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, centre, moved: false };
    map.setPointerCapture(event.pointerId);
  });
  map.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (drag.moved) {
      centre = { x: drag.centre.x - dx, y: drag.centre.y - dy };
      render();
    }
  });
  map.addEventListener('pointerup', (event) => {
    if (!drag) return;
    const moved = drag.moved;
    drag = undefined;
    if (moved) return;
    const box = map.getBoundingClientRect();
    pick(
      centre.x - box.width / 2 + (event.clientX - box.left),
      centre.y - box.height / 2 + (event.clientY - box.top),
    );
  });
  map.addEventListener('pointercancel', () => {
    drag = undefined;
  });
  // Coordinates typed by hand are as precise as the person typing says: the picked precision no longer applies.
  for (const input of [lat, lon])
    input.addEventListener('input', () => {
      accuracy.value = '';
      render();
    });
  window.addEventListener('resize', render);
  render();
}

/** Turns every place picker on the page into a map. */
export function initMapPickers(scope) {
  for (const root of scope.querySelectorAll('[data-module="app-map-picker"]')) mountPicker(root);
}
