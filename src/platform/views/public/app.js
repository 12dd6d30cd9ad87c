// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initMapPickers } from '/assets/map-picker.js';
import { initSessionTimeout } from '/assets/session-timeout.js';

initAll();
initMapPickers(document);
initSessionTimeout(document);
