import type nunjucks from 'nunjucks';
import { escapeHtml } from './html.ts';

/**
 * The header (skip link, service navigation, phase banner) and footer of every page. They are rendered
 * from the GOV.UK Frontend macros once per distinct navigation (role, current section, signed in or not)
 * and reused, with the user's name and CSRF token put in afterwards: calling those macros on every request
 * used to cost more than the rest of most pages.
 */
export function createShell(env: nunjucks.Environment) {
  const footer = env.render('shell-footer.njk', {});
  const headers = new Map<string, string>();
  return {
    footer,
    header(input: {
      navigation: { text: string; href: string; active: boolean }[];
      signedIn: boolean;
      hideSignIn: boolean;
      userName: string;
      csrfToken: string;
    }): string {
      const key = JSON.stringify([input.navigation, input.signedIn, input.hideSignIn]);
      let html = headers.get(key);
      if (html === undefined) {
        html = env.render('shell-header.njk', input);
        if (headers.size < 1000) headers.set(key, html);
      }
      // Replaced by functions, so that a name holding `$&` or `$'` is shown as typed, not read as a pattern.
      return html
        .replace('__USER_NAME__', () => escapeHtml(input.userName))
        .replace('__CSRF__', () => escapeHtml(input.csrfToken));
    },
  };
}
