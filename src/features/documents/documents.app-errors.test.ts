import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import { documentAppError } from './documents.app-errors.ts';

describe('the document engine’s refusals as the app’s errors', () => {
  it('takes MuPDF’s compression bomb guard as a file too large once opened, not as a fault', () => {
    const error = documentAppError(new Error('compression bomb detected'), 'redactionIds');
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TOO_LARGE');
    expect((error as AppError).fields?.redactionIds).toMatch(/^The document cannot be worked on/);
    // Anything else that is not a refusal is left for the app's error handler.
    const fault = new TypeError('x is undefined');
    expect(documentAppError(fault)).toBe(fault);
  });
});
