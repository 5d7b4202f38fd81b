import type { Context } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Chrome, Section } from '../../views/admin/layout';
import type { AdminEnv } from './admin-env';

/** A full HTML document from a page component. */
export async function render(
  c: Context,
  page: HtmlEscapedString | Promise<HtmlEscapedString>,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  return c.html(`<!doctype html>${await page}`, status);
}

export function chrome(c: Context<AdminEnv>, section: Section): Chrome {
  const session = c.get('session');
  // The scope leaves out of the navigation what the session may not open (the tokens page).
  return { actor: session.actor ?? '', csrf: session.csrf, section, scope: session.scope };
}

/** After a successful POST: back to a page with GET (post/redirect/get). */
export const seeOther = (c: Context, path: string): Response => c.redirect(path, 303);
