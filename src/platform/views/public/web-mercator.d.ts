// Types of web-mercator.js, for the server's maps and the tests.
export type WorldPoint = { x: number; y: number };
export declare const TILE: number;
export declare function project(lat: number, lon: number, zoom: number): WorldPoint;
export declare function unproject(x: number, y: number, zoom: number): { lat: number; lon: number };
export declare function metresPerPixel(lat: number, zoom: number): number;
export declare function tilesFor(
  centre: WorldPoint,
  zoom: number,
  width: number,
  height: number,
  template: string,
): { key: string; src: string; left: number; top: number }[];
