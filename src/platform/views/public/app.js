// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initMapPickers } from '/assets/map-picker.js';

initAll();
initMapPickers(document);
