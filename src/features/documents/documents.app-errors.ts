import { AppError, type ErrorCode } from '../../platform/http/errors.ts';
import { StorageError } from '../../platform/storage/storage.ts';
import { DocumentError, type DocumentErrorCode } from './documents.errors.ts';

// The one place where refusals of the document engine, the document store and the upload parser become
// the app's error type, each with the field of the form or request it is about.

const ENGINE_CODES = {
  UNSUPPORTED_FILE_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FILE_TYPE_MISMATCH: 'UNSUPPORTED_MEDIA_TYPE',
  TEXT_NOT_READABLE: 'UNSUPPORTED_MEDIA_TYPE',
  PDF_ENCRYPTED: 'VALIDATION_FAILED',
  DOCUMENT_DAMAGED: 'VALIDATION_FAILED',
  // A decompression bomb is a file too large once opened.
  DOCUMENT_TOO_COMPLEX: 'TOO_LARGE',
  FILE_NAME_NOT_ALLOWED: 'VALIDATION_FAILED',
  REDACTION_NOT_APPLICABLE: 'VALIDATION_FAILED',
  REDACTION_OUTSIDE_DOCUMENT: 'VALIDATION_FAILED',
  // The new version failed its own check: nothing is kept or disclosed, and the person is told so.
  REDACTION_NOT_VERIFIED: 'CONFLICT',
} as const satisfies Record<DocumentErrorCode, ErrorCode>;

const UNREADABLE_UPLOAD = 'The upload could not be read. Check it and try again.';

/** Multipart refusals of @fastify/multipart and busboy, by their error code. */
const UPLOAD_CODES: Record<string, ErrorCode> = {
  FST_REQ_FILE_TOO_LARGE: 'TOO_LARGE',
  FST_FILES_LIMIT: 'VALIDATION_FAILED',
  FST_PARTS_LIMIT: 'TOO_LARGE',
  FST_FIELDS_LIMIT: 'TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_PROTO_VIOLATION: 'VALIDATION_FAILED',
};

/**
 * An engine, store or upload refusal as an AppError naming `field` (the file input for uploads, the
 * redaction's field for redactions); anything else is returned unchanged for the app's error handler.
 */
export function documentAppError(error: unknown, field = 'file', limitBytes?: number): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof DocumentError) {
    return new AppError(ENGINE_CODES[error.code], error.message, { [field]: error.message });
  }
  // MuPDF's own guard against a stream that inflates far beyond its compressed size, met while working on a
  // file accepted before: the file is too large once opened, as a refusal at upload would have said.
  if (error instanceof Error && /compression bomb/i.test(error.message)) {
    const message =
      'The document cannot be worked on: part of it expands to far more than its file size. Ask the sender for a smaller or simpler copy, for example a PDF saved again or split into parts.';
    return new AppError('TOO_LARGE', message, { [field]: message });
  }
  if (error instanceof StorageError) {
    if (error.code === 'DOCUMENT_NOT_FOUND')
      return new AppError('NOT_FOUND', 'The file of this document could not be found.');
    return new AppError('TOO_LARGE', error.message, { [field]: error.message });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UPLOAD_CODES[code]) {
    const message =
      code === 'FST_REQ_FILE_TOO_LARGE'
        ? tooLargeMessage(limitBytes)
        : code === 'FST_FILES_LIMIT'
          ? 'Send one file at a time.'
          : code === 'FST_INVALID_MULTIPART_CONTENT_TYPE'
            ? 'Send the file as multipart/form-data.'
            : UNREADABLE_UPLOAD;
    return new AppError(UPLOAD_CODES[code], message, { [field]: message });
  }
  return error;
}

/**
 * A refusal while reading a multipart upload, about its file field. Besides the coded refusals above, the
 * parser refuses a body cut off part way, one without its boundary or with a broken part header with a plain
 * Error and no code; the app's refusals, the store's and the file system's carry a code, and a fault of the
 * app's own (a TypeError, say) is not a plain Error.
 */
export function uploadAppError(error: unknown, limitBytes: number): unknown {
  const malformed =
    error instanceof Error &&
    Object.getPrototypeOf(error) === Error.prototype &&
    (error as { code?: unknown }).code === undefined;
  if (malformed) return new AppError('VALIDATION_FAILED', UNREADABLE_UPLOAD, { file: UNREADABLE_UPLOAD });
  return documentAppError(error, 'file', limitBytes);
}

function tooLargeMessage(limitBytes: number | undefined): string {
  if (!limitBytes) return 'The file is too large. Send a smaller file, or split it into parts.';
  const mb = Math.round((limitBytes / (1024 * 1024)) * 10) / 10;
  return `The file is larger than the ${mb} MB limit. Send a smaller file, or split it into parts.`;
}

/** Runs `work`, turning engine and store refusals into AppErrors about `field`. */
export async function withDocumentErrors<T>(
  field: string,
  work: () => Promise<T> | T,
  limitBytes?: number,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw documentAppError(error, field, limitBytes);
  }
}
