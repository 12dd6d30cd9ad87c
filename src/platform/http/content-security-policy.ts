import { newNonce } from '../auth/tokens.ts';

/**
 * The strict content security policy every response carries: the service's own origin only, no inline
 * code, no framing. A page that runs its one inline script gets a fresh nonce in its own copy of the
 * policy; every other response shares one precomputed header.
 */
export function contentSecurityPolicy(extraImageSources: string[] = []) {
  const directives = (scriptSrc: string) =>
    [
      "default-src 'self'",
      `script-src ${scriptSrc}`,
      "style-src 'self'",
      ['img-src', "'self'", 'data:', ...extraImageSources].join(' '),
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  return {
    header: directives("'self'"),
    /** A fresh nonce and the policy that allows it. */
    withNonce(): { nonce: string; header: string } {
      const nonce = newNonce();
      return { nonce, header: directives(`'self' 'nonce-${nonce}'`) };
    },
  };
}
