// Benchmarks for documents: redaction of a long PDF and a streamed upload, each measured both in the
// document engine alone and end to end through the app (HTTP, database, document store), against
// baselines measured in the same run; and plain text set on pages in scripts that are shaped (Arabic,
// Devanagari) or read right to left (Hebrew), against the same length of English.
// Run: node --import tsx bench/documents.bench.ts [--quick]
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as mupdf from 'mupdf';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { ensureArea } from '../src/features/areas/areas.queries.ts';
import { redactDocument } from '../src/features/documents/documents.redact.ts';
import { typesetText } from '../src/features/documents/documents.typeset.ts';
import { multipart } from '../src/features/documents/fixtures/multipart.ts';
import { createApiToken, createUser } from '../src/platform/auth/auth.queries.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { openEmbedded } from '../src/platform/db/embedded.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/log.ts';
import { createNotifySender } from '../src/platform/notify/notify.ts';
import { createLocalStore } from '../src/platform/storage/storage.local.ts';
import { DEMO_AREAS } from '../src/seed.ts';

const QUICK = process.argv.includes('--quick');
const PAGES = QUICK ? 100 : 300;
const OCCURRENCES = 50;
const CODENAME = 'NIGHTJAR';
const REDACT_TARGET_S = 10;
const UPLOAD_BYTES = (QUICK ? 20 : 100) * 1024 * 1024;
const MEMORY_TARGET_MB = 150;

const mb = (bytes: number) => bytes / (1024 * 1024);
const seconds = (since: number) => (performance.now() - since) / 1000;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** Peak extra memory of this process while `work` runs (sampled every 10 ms), against just before it. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; rss: number; heap: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed + before.external;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.external);
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      seconds: seconds(started),
      rss: mb(peakRss - before.rss),
      heap: mb(peakHeap - before.heapUsed - before.external),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** A statement bundle, 45 lines a page, with the codename on 50 pages spread through it. */
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

/**
 * A scanned bundle as a valid PDF of just under `total` bytes, generated as it is sent: one 1 MB greyscale
 * scan a page (uncompressed, as many scanners write them), never held in memory whole.
 */
function* scannedPdf(total: number): Generator<Buffer> {
  const side = 1000;
  const scan = randomBytes(side * side);
  // About 500 bytes of objects and cross-reference per page, and a little for the file's head and tail.
  const pages = Math.max(1, Math.floor((total - 8192) / (scan.length + 512)));
  const offsets: number[] = [];
  let at = 0;
  function* out(chunk: Buffer | string) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    at += buf.length;
    yield buf;
  }
  function* object(num: number, body: string, stream?: Buffer) {
    offsets[num] = at;
    yield* out(`${num} 0 obj\n${body}\n`);
    if (stream) {
      yield* out('stream\n');
      yield* out(stream);
      yield* out('\nendstream\n');
    }
    yield* out('endobj\n');
  }
  // Objects: 1 catalogue, 2 page tree, then per page: page, content, image.
  const pageNum = (i: number) => 3 + i * 3;
  yield* out('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  yield* object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  const kids = Array.from({ length: pages }, (_, i) => `${pageNum(i)} 0 R`).join(' ');
  yield* object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  const content = Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q');
  for (let i = 0; i < pages; i++) {
    const n = pageNum(i);
    yield* object(
      n,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>`,
    );
    yield* object(n + 1, `<< /Length ${content.length} >>`, content);
    yield* object(
      n + 2,
      `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${scan.length} >>`,
      scan,
    );
  }
  const count = pageNum(pages);
  const xref = at;
  let table = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let num = 1; num < count; num++) table += `${String(offsets[num]).padStart(10, '0')} 00000 n \n`;
  yield* out(table);
  yield* out(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

/** Streams a multipart upload of a generated file to the running server; returns the status, body and the file's hash. */
async function streamUpload(url: string, token: string, total: number) {
  const boundary = `----bench${randomUUID().replace(/-/g, '')}`;
  const hash = createHash('sha256');
  let size = 0;
  async function* body() {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nScanned bundle\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="ownerOrganisation"\r\n\r\nMetropolitan Police Service\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bundle.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    for (const chunk of scannedPdf(total)) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return new Promise<{ status: number; body: string; sha256: string; size: number }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, sha256: hash.digest('hex'), size }),
        );
      },
    );
    req.on('error', reject);
    pipeline(Readable.from(body()), req).catch(reject);
  });
}

/** A new PostgreSQL database for this run on the server of DATABASE_URL, dropped afterwards. */
async function scratchPostgres(url: string) {
  const name = `opencoroner_bench_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function startApp(dataDir: string) {
  const server = process.env.DATABASE_URL ? await scratchPostgres(process.env.DATABASE_URL) : undefined;
  const embedded = server ? undefined : await openEmbedded('memory://');
  const database = await openDatabase(
    server
      ? { kind: 'postgres', url: server.url, poolSize: 4 }
      : { kind: 'pglite-socket', socketDir: embedded!.socketDir, poolSize: 4 },
  );
  await migrate(database.pool);
  await ensureArea(database.db, DEMO_AREAS[0]!);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JOBS: 'false',
    NODE_ENV: 'production',
  });
  const storage = createLocalStore({ root: join(dataDir, 'documents') });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    logger: createLogger('silent'),
    notifier: createNotifySender(config.notify),
    storage,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const officer = await createUser(database.db, {
    email: `bench-officer-${randomUUID()}@example.org`,
    name: 'Bench officer',
    role: 'officer',
    areaCode: 'EL',
  });
  const { token } = await createApiToken(database.db, officer.id, 'bench');
  const reported = await app.inject({
    method: 'POST',
    url: '/api/v1/deaths',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      areaCode: 'EL',
      deceased: { givenNames: `Bench ${randomUUID().slice(0, 6)}`, familyName: 'Walgate', sex: 'male' },
      death: { dateOfDeath: '2026-11-01', circumstances: 'Benchmark case.' },
      reportedBy: { type: 'police' },
    },
  });
  if (reported.statusCode !== 201) throw new Error(`reporting the death answered ${reported.body}`);
  const caseId = reported.json().id as string;
  return {
    app,
    base,
    token,
    caseId,
    async close() {
      await app.close();
      await database.close();
      await embedded?.stop();
      await server?.drop();
    },
  };
}

async function main() {
  console.log(`Documents benchmark${QUICK ? ' (quick)' : ''}: Node ${process.version}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'opencoroner-bench-'));
  const startup = performance.now();
  const app = await startApp(dataDir);
  console.log(
    `App and ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded'} database ready in ${seconds(startup).toFixed(1)} s`,
  );
  try {
    // 1. A streamed upload: the store alone (baseline), then through HTTP, multipart, recognition and the store.
    const baselineStore = createLocalStore({ root: join(dataDir, 'baseline') });
    const baseline = await measured(() =>
      baselineStore.put(Readable.from(scannedPdf(UPLOAD_BYTES)), { maxBytes: UPLOAD_BYTES * 2 }),
    );
    console.log(
      `\nUpload of a ${mb(baseline.result.size).toFixed(0)} MB scanned PDF into the local store alone (baseline): ${baseline.seconds.toFixed(2)} s, extra memory at peak RSS ${baseline.rss.toFixed(1)} MB`,
    );
    const upload = await measured(() =>
      streamUpload(`${app.base}/api/v1/cases/${app.caseId}/documents`, app.token, UPLOAD_BYTES),
    );
    if (upload.result.status !== 201)
      throw new Error(`upload answered ${upload.result.status}: ${upload.result.body}`);
    const stored = JSON.parse(upload.result.body).versions[0];
    if (stored.sha256 !== upload.result.sha256) throw new Error('the stored file is not the file sent');
    const extra = Math.max(upload.rss, upload.heap);
    console.log(
      `Upload of the same through the app (HTTP multipart, staged, recognised by MuPDF, stored, recorded): ${upload.seconds.toFixed(2)} s, ${(upload.seconds / baseline.seconds).toFixed(1)}x the baseline; ${stored.pageCount} pages`,
    );
    console.log(
      `  extra memory at peak: RSS ${upload.rss.toFixed(1)} MB, heap and buffers ${upload.heap.toFixed(1)} MB (target < ${MEMORY_TARGET_MB} MB): ${verdict(extra < MEMORY_TARGET_MB)}`,
    );

    // 2. Redaction: text extraction (baseline), the engine alone, then proposal + redacted version through the app.
    const pdf = makeLongPdf();
    console.log(
      `\nGenerated a ${PAGES}-page PDF (${(pdf.length / 1024).toFixed(0)} KB), "${CODENAME}" on ${OCCURRENCES} pages`,
    );
    extractAllText(pdf); // warm-up: the first pass pays for compiling MuPDF's code paths
    const baselineStart = performance.now();
    extractAllText(pdf);
    const extraction = seconds(baselineStart);
    console.log(`Baseline (open and extract the text of every page): ${extraction.toFixed(2)} s`);

    const engineStart = performance.now();
    const result = redactDocument(pdf, 'application/pdf', [
      { kind: 'text', text: CODENAME.toLowerCase(), reason: 'SENSITIVE_OPERATIONAL' },
    ]);
    const engine = seconds(engineStart);
    const hits = result.schedule.redactions[0]?.hits ?? 0;
    if (hits !== OCCURRENCES) throw new Error(`expected ${OCCURRENCES} hits, found ${hits}`);
    console.log(
      `Redact + verify in the engine (${hits} hits): ${engine.toFixed(2)} s (target <= ${REDACT_TARGET_S} s): ${verdict(engine <= REDACT_TARGET_S)}; ${(engine / extraction).toFixed(1)}x the baseline`,
    );

    const auth = { authorization: `Bearer ${app.token}` };
    const form = multipart(
      { title: 'Statement bundle', ownerOrganisation: 'Metropolitan Police Service' },
      { name: 'bundle.pdf', bytes: pdf },
    );
    const added = await app.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${app.caseId}/documents`,
      headers: { ...auth, ...form.headers },
      payload: form.payload,
    });
    const documentId = added.json().id as string;
    const proposeStart = performance.now();
    const proposed = await app.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/redactions`,
      headers: auth,
      payload: { text: CODENAME, reason: 'SENSITIVE_OPERATIONAL' },
    });
    const propose = seconds(proposeStart);
    if (proposed.statusCode !== 201)
      throw new Error(`proposal answered ${proposed.statusCode}: ${proposed.body}`);
    const versionStart = performance.now();
    const version = await app.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/redacted-versions`,
      headers: auth,
      payload: { redactionIds: [proposed.json().id] },
    });
    const made = seconds(versionStart);
    if (version.statusCode !== 201)
      throw new Error(`redacted version answered ${version.statusCode}: ${version.body}`);
    console.log(
      `Through the app: propose the redaction (finds ${proposed.json().hits} hits) ${propose.toFixed(2)} s; make the redacted version (store, redact, verify, store, record) ${made.toFixed(2)} s (target <= ${REDACT_TARGET_S} s): ${verdict(made <= REDACT_TARGET_S)}; ${(made / extraction).toFixed(1)}x the baseline`,
    );

    setTextInEachScript();

    const memory = process.memoryUsage();
    console.log(
      `\nProcess memory at the end: RSS ${mb(memory.rss).toFixed(0)} MB, heap ${mb(memory.heapUsed).toFixed(0)} MB, external ${mb(memory.external).toFixed(0)} MB (the database runs in its own process)`,
    );
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A text of `words` made-up words of 2–6 letters from `letters` (each letter may be several characters). */
function madeUpText(letters: readonly string[], words: number): string {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 16807) % 2147483647;
    return seed % n;
  };
  const text: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = '';
    for (let i = 2 + next(5); i > 0; i--) word += letters[next(letters.length)];
    text.push(word);
    if (w % 120 === 119) text.push('\n');
  }
  return text.join(' ');
}

/** Sets the same number of made-up words in each script on pages, against English as the baseline. */
function setTextInEachScript(): void {
  const words = QUICK ? 5_000 : 20_000;
  const devanagari = [...'कखगचजटडतदनपबमयरलवशसह'].flatMap((c) => [c, `${c}ा`, `${c}ि`, `${c}्र`, `${c}ु`]);
  const scripts: [string, readonly string[]][] = [
    ['English', [...'abcdefghijklmnopqrstuvwxyz']],
    ['Arabic', [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي']],
    ['Hebrew', [...'אבגדהוזחטיכלמנסעפצקרשת']],
    ['Devanagari', devanagari],
  ];
  console.log(`\nPlain text set on pages (${words.toLocaleString('en-GB')} made-up words):`);
  let english = 0;
  for (const [script, letters] of scripts) {
    const text = madeUpText(letters, words);
    typesetText(text.slice(0, 2_000)); // warm-up
    const started = performance.now();
    const pages = typesetText(text).countPages();
    const took = seconds(started);
    if (script === 'English') english = took;
    console.log(
      `  ${script.padEnd(12)} ${took.toFixed(2)} s, ${pages} pages${script === 'English' ? ' (baseline)' : `, ${(took / english).toFixed(1)}x English`}`,
    );
  }
}

await main();
