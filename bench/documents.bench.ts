// Benchmarks for the document engine: redaction of a long PDF and a streamed upload.
// Run: node --import tsx bench/documents.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as mupdf from 'mupdf';
import { redactDocument } from '../src/features/documents/documents.redact.ts';
import { createLocalStore } from '../src/platform/storage/storage.local.ts';

const PAGES = 300;
const OCCURRENCES = 50;
const CODENAME = 'NIGHTJAR';
const REDACT_TARGET_S = 10;
const UPLOAD_BYTES = 100 * 1024 * 1024;
const MEMORY_TARGET_MB = 150;

const mb = (bytes: number) => bytes / (1024 * 1024);

/** A 300-page statement bundle, 45 lines a page, with the codename on 50 pages spread through it. */
function makeLongPdf(): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const font = doc.addSimpleFont(new mupdf.Font('Helvetica'));
  const resources = doc.addObject({ Font: { F1: font } });
  const codenamePages = new Set(
    Array.from({ length: OCCURRENCES }, (_, i) => Math.floor((i * PAGES) / OCCURRENCES)),
  );
  for (let p = 0; p < PAGES; p++) {
    const lines = Array.from(
      { length: 45 },
      (_, l) =>
        `Page ${p + 1}, line ${l + 1}: the officer recorded the scene, the weather and the time of the call.`,
    );
    if (codenamePages.has(p))
      lines[20] = `Surveillance under Operation ${CODENAME} continued until the early morning.`;
    const body = lines.map((line, l) => `1 0 0 1 56 ${790 - l * 16} Tm (${line}) Tj`).join('\n');
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, `BT /F1 10 Tf\n${body}\nET`));
  }
  return doc.saveToBuffer('compress=yes').asUint8Array().slice();
}

function extractAllText(bytes: Uint8Array): number {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  let chars = 0;
  for (let i = 0; i < doc.countPages(); i++) chars += doc.loadPage(i).toStructuredText('').asText().length;
  return chars;
}

async function benchUpload(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'opencoroner-bench-'));
  try {
    const store = createLocalStore({ root });
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= UPLOAD_BYTES) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    const started = performance.now();
    const stored = await store.put(source, { maxBytes: UPLOAD_BYTES });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const extraRss = mb(peakRss - before.rss);
    const extraHeap = mb(peakHeap - before.heapUsed);
    console.log(`Upload of ${mb(stored.size)} MB through the local store: ${seconds.toFixed(2)} s`);
    console.log(
      `  extra memory at peak: RSS ${extraRss.toFixed(1)} MB, heap ${extraHeap.toFixed(1)} MB (target < ${MEMORY_TARGET_MB} MB): ${
        Math.max(extraRss, extraHeap) < MEMORY_TARGET_MB ? 'met' : 'MISSED'
      }`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function benchRedaction(): void {
  const pdf = makeLongPdf();
  console.log(
    `Generated a ${PAGES}-page PDF (${(pdf.length / 1024).toFixed(0)} KB), "${CODENAME}" on ${OCCURRENCES} pages`,
  );

  extractAllText(pdf); // warm-up: the first pass pays for compiling MuPDF's code paths
  const baselineStart = performance.now();
  extractAllText(pdf);
  const baseline = (performance.now() - baselineStart) / 1000;

  const started = performance.now();
  const result = redactDocument(pdf, 'application/pdf', [
    { kind: 'text', text: CODENAME.toLowerCase(), reason: 'SENSITIVE_OPERATIONAL' },
  ]);
  const seconds = (performance.now() - started) / 1000;
  const hits = result.schedule.redactions[0]?.hits ?? 0;
  if (hits !== OCCURRENCES) throw new Error(`expected ${OCCURRENCES} hits, found ${hits}`);

  console.log(`Baseline (open and extract the text of every page): ${baseline.toFixed(2)} s`);
  console.log(
    `Redact + verify (${hits} hits): ${seconds.toFixed(2)} s (target <= ${REDACT_TARGET_S} s): ${
      seconds <= REDACT_TARGET_S ? 'met' : 'MISSED'
    }; ${(seconds / baseline).toFixed(1)}x the baseline`,
  );
}

await benchUpload();
benchRedaction();
