import { createHash, randomBytes } from 'node:crypto';

/** A new random secret for a session cookie, an API token or an invitation link. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256: they carry 256 bits of entropy, so no slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
