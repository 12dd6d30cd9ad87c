import { createHash, randomFillSync } from 'node:crypto';

// Cryptographically random bytes drawn in 4 KiB blocks and handed out once each, as Node does for
// randomUUID: one call into the system's generator per hundred-odd secrets instead of one each, which
// matters when every page needs a fresh nonce.
const pool = Buffer.alloc(4096);
let used = pool.length;

function freshBytes(n: number): Buffer {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + n));
  pool.fill(0, used, used + n);
  used += n;
  return bytes;
}

/** A new random secret for a session cookie, an API token or an invitation link (256 bits). */
export function newSecret(prefix = ''): string {
  return prefix + freshBytes(32).toString('base64url');
}

/** A nonce for one page's inline script (128 bits). */
export function newNonce(): string {
  return freshBytes(16).toString('base64url');
}

/** Secrets are stored only as their SHA-256: they carry 256 bits of entropy, so no slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
