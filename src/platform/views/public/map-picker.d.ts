// Types of the pure parts of map-picker.js, for its tests.
export declare const MIN_ZOOM: number;
export declare const MAX_ZOOM: number;
export declare function pickAccuracy(lat: number, zoom: number): number;
export declare function readCoordinate(text: string, limit: number): number | undefined;
export declare function initMapPickers(scope: unknown): void;
