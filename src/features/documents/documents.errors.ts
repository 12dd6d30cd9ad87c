/** Every refusal of the document engine, each with a sentence a coroner's officer can act on. */
export type DocumentErrorCode =
  | 'UNSUPPORTED_FILE_TYPE'
  | 'FILE_TYPE_MISMATCH'
  | 'TEXT_NOT_READABLE'
  | 'PDF_ENCRYPTED'
  | 'DOCUMENT_DAMAGED'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'FILE_NAME_NOT_ALLOWED'
  | 'REDACTION_NOT_APPLICABLE'
  | 'REDACTION_OUTSIDE_DOCUMENT'
  | 'REDACTION_NOT_VERIFIED';

const STATUS = {
  UNSUPPORTED_FILE_TYPE: 415,
  FILE_TYPE_MISMATCH: 415,
  TEXT_NOT_READABLE: 415,
  PDF_ENCRYPTED: 422,
  DOCUMENT_DAMAGED: 422,
  DOCUMENT_TOO_COMPLEX: 422,
  FILE_NAME_NOT_ALLOWED: 422,
  REDACTION_NOT_APPLICABLE: 422,
  REDACTION_OUTSIDE_DOCUMENT: 422,
  REDACTION_NOT_VERIFIED: 500,
} satisfies Record<DocumentErrorCode, number>;

/**
 * A refusal by the document engine; `code`, `status` and `message` map one to one onto the app's
 * error type. Messages never quote redacted text.
 */
export class DocumentError extends Error {
  readonly status: number;
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
    this.status = STATUS[code];
  }
}

/** The file cannot be opened: cut short in transfer, corrupted, or not really of its kind. */
export function documentDamaged(): DocumentError {
  return new DocumentError(
    'DOCUMENT_DAMAGED',
    'The file is damaged or incomplete and cannot be opened. Ask the sender to send it again.',
  );
}
