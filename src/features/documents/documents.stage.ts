import { randomUUID } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as mupdf from 'mupdf';
import { createMeasuringStream } from '../../platform/storage/storage.ts';
import { openPdf } from './documents.pdf.ts';
import { type InspectionSource, textChecker } from './documents.sniff.ts';

/** An upload written to a private staging file while it arrived, not yet accepted or stored. */
export interface StagedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Streams an incoming file to a new file in `dir`, hashing and counting as it goes and failing with
 * DOCUMENT_TOO_LARGE past `maxBytes`, so an upload is never held in memory and can be inspected before
 * anything reaches the document store. On any failure the partial file is removed.
 */
export async function stageFile(content: Readable, dir: string, maxBytes: number): Promise<StagedFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomUUID());
  const measure = createMeasuringStream(maxBytes);
  try {
    await pipeline(content, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await discardStaged(path);
    throw error;
  }
  return { path, ...measure.result() };
}

export async function discardStaged(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * A staged file as an inspection source: the first and last bytes, text checked a chunk at a time,
 * and PDFs opened by MuPDF through a stream over the file (never read into memory whole).
 * `dispose` closes whatever it opened.
 */
export function fileSource(file: StagedFile): InspectionSource & { dispose(): void } {
  const descriptors = new Set<number>();
  const readAt = async (position: number, length: number) => {
    const handle = await open(file.path, 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, file.size - position)));
      await handle.read(buffer, 0, buffer.length, position);
      return new Uint8Array(buffer);
    } finally {
      await handle.close();
    }
  };
  return {
    size: file.size,
    head: (length) => readAt(0, length),
    tail: (length) => readAt(Math.max(0, file.size - length), length),
    async readText() {
      const checker = textChecker();
      for await (const chunk of createReadStream(file.path, { highWaterMark: 1024 * 1024 })) {
        if (!checker.push(chunk as Buffer)) return 'not-text';
      }
      return checker.end();
    },
    bytes: async () => new Uint8Array(await readFile(file.path)),
    openPdf() {
      const fd = openSync(file.path, 'r');
      descriptors.add(fd);
      const close = () => {
        if (descriptors.delete(fd)) closeSync(fd);
      };
      const stream = new mupdf.Stream({
        fileSize: () => file.size,
        read: (memory, offset, length, position) => readSync(fd, memory, offset, length, position),
        close,
      });
      return openPdf(stream);
    },
    dispose() {
      for (const fd of descriptors) closeSync(fd);
      descriptors.clear();
    },
  };
}
