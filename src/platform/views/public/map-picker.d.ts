// Types of the pure parts of map-picker.js, for its tests.
type WorldPoint = { x: number; y: number };
export declare const MIN_ZOOM: number;
export declare const MAX_ZOOM: number;
export declare function project(lat: number, lon: number, zoom: number): WorldPoint;
export declare function unproject(x: number, y: number, zoom: number): { lat: number; lon: number };
export declare function metresPerPixel(lat: number, zoom: number): number;
export declare function pickAccuracy(lat: number, zoom: number): number;
export declare function tilesFor(
  centre: WorldPoint,
  zoom: number,
  width: number,
  height: number,
  template: string,
): { key: string; src: string; left: number; top: number }[];
export declare function readCoordinate(text: string, limit: number): number | undefined;
export declare function initMapPickers(scope: unknown): void;
