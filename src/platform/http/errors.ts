/** The closed set of error codes the API answers with (API.md "Conventions"). */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ACTION_NOT_ALLOWED'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ACTION_NOT_ALLOWED: 409,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** Field path → a sentence about that field, e.g. { "deceased.familyName": "Enter the family name" }. */
export type FieldErrors = Record<string, string>;

/** The one error type: domain and route code throw it; one handler renders it as a page or as JSON. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldErrors | undefined;
  /** The heading of the error page, where the usual one for the code would mislead. */
  readonly pageTitle: string | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, pageTitle?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = STATUS[code];
    this.fields = fields;
    this.pageTitle = pageTitle;
  }
}

export const notFound = (what = 'The page'): AppError =>
  new AppError('NOT_FOUND', `${what} could not be found.`);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
