/** The import's progress on standard error: a bar on a terminal, a plain line now and then elsewhere. */
import type { ImportProgress } from './cases.import.ts';

/** Shows progress on a terminal as a bar redrawn in place, elsewhere as a plain line now and then. */
export function progressPrinter(
  out: { isTTY?: boolean; write(text: string): unknown },
  seconds = () => performance.now() / 1000,
) {
  const started = seconds();
  let lastDrawn = -Infinity;
  let lastPercent = -1;
  return {
    /** Draws the progress; `final` ends the bar's line on a terminal. */
    update(p: ImportProgress, final = false) {
      const now = seconds();
      const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : 1;
      const percent = Math.floor(fraction * 100);
      const rate = Math.round(p.imported / Math.max(now - started, 0.001));
      const figures = `${percent}%  ${p.imported.toLocaleString('en-GB')} imported, ${p.skipped.toLocaleString('en-GB')} skipped, ${rate.toLocaleString('en-GB')} a second`;
      if (out.isTTY) {
        if (!final && now - lastDrawn < 0.1) return;
        lastDrawn = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        out.write(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${figures}\x1b[K${final ? '\n' : ''}`,
        );
      } else if (percent >= lastPercent + 10 || now - lastDrawn >= 10) {
        lastDrawn = now;
        lastPercent = percent;
        out.write(`Importing: ${figures}\n`);
      }
    },
    /** A message on its own line, without breaking the bar. */
    message(text: string) {
      out.write(out.isTTY ? `\r\x1b[K${text}\n` : `${text}\n`);
      lastDrawn = -Infinity;
    },
  };
}
