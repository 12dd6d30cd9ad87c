import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { checkCsrf } from '../../platform/http/access.ts';
import { findControlCharacter, UNUSUAL_CHARACTER_IN_ANSWER } from '../../platform/http/input-characters.ts';
import { validationError } from '../../platform/http/validation.ts';
import { uploadAppError } from './documents.app-errors.ts';
import type { DocumentsContext } from './documents.context.ts';
import type { DeclaredDocument } from './documents.sniff.ts';
import { discardStaged, type StagedFile, stageFile } from './documents.stage.ts';

export type ReceivedUpload = {
  fields: Record<string, string>;
  file: { staged: StagedFile; declared: DeclaredDocument };
};

/**
 * Reads a multipart upload: its fields, and its one file (named `file`) streamed to a staging file
 * without holding it in memory. A signed-in browser must send the CSRF token, in the
 * `x-csrf-token` header or in a `_csrf` field before the file: a file arriving without it is refused
 * before a byte of it is kept. On any refusal the staged file is removed. The form's fields are read
 * into `fields` as they arrive, so a page refusing the upload can still show the user's answers again.
 */
export async function receiveUpload(
  req: FastifyRequest,
  ctx: DocumentsContext,
  fields: Record<string, string> = {},
): Promise<ReceivedUpload> {
  const needsCsrf = req.principal?.via !== 'token';
  const header = req.headers['x-csrf-token'];
  let csrfChecked = false;
  if (needsCsrf && typeof header === 'string' && header !== '') {
    checkCsrf(req, header);
    csrfChecked = true;
  }
  let file: ReceivedUpload['file'] | undefined;
  try {
    const parts = req.parts({
      // Keep any folder path a sender puts in the file name, so that one climbing out of a folder is refused.
      preservePath: true,
      limits: { fileSize: ctx.uploadLimitBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === '_csrf') {
          if (needsCsrf && !csrfChecked) {
            checkCsrf(req, String(part.value));
            csrfChecked = true;
          }
        } else if (typeof part.value === 'string') {
          fields[part.fieldname] = part.value;
        }
        continue;
      }
      if (needsCsrf && !csrfChecked) {
        part.file.resume();
        checkCsrf(req, undefined);
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw validationError({ file: 'Send one file, in the field named “file”' });
      }
      if (!part.filename) {
        // A browser sends an empty part with no name when no file was chosen.
        part.file.resume();
        continue;
      }
      const staged = await stageFile(part.file, ctx.stagingDir, ctx.uploadLimitBytes);
      file = { staged, declared: { contentType: part.mimetype, fileName: part.filename } };
      if (part.file.truncated) {
        throw Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
      }
    }
    if (needsCsrf && !csrfChecked) checkCsrf(req, undefined);
  } catch (error) {
    if (file) await discardStaged(file.staged.path);
    throw uploadAppError(error, ctx.uploadLimitBytes);
  }
  // The answers of a multipart form are read here, not by the server's check of parsed bodies.
  const unusual = findControlCharacter(fields);
  if (unusual) {
    if (file) await discardStaged(file.staged.path);
    throw validationError({ [unusual]: UNUSUAL_CHARACTER_IN_ANSWER });
  }
  if (!file) throw validationError({ file: 'Choose a file to upload' });
  return { fields, file };
}
