// A browser-like client of the admin UI over the test worker: keeps cookies, reads the CSRF
// token from the last page, posts forms the way a browser does.
import type { Harness } from '../support/harness';
import { ADMIN_TOKEN } from '../support/harness';

export interface Page {
  status: number;
  html: string;
  headers: Headers;
  location: string | null;
}

export type Fields = Record<string, string | string[]>;

export const csrfOf = (html: string): string | null => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

let browsers = 0;

/**
 * A browser on the admin UI. Each comes from its own network (an IPv6 /64 of the documentation
 * prefix, as CF-Connecting-IP), as separate people would, so that sign-in limits count each
 * browser's attempts; `address` puts it elsewhere.
 */
export function adminClient(h: Harness, options: { address?: string } = {}) {
  const jar = new Map<string, string>();
  let csrf: string | null = null;
  browsers += 1;
  const address = options.address ?? `2001:db8:${browsers.toString(16)}::1`;

  async function send(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Page> {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await h.fetch(path, {
      method,
      body,
      headers: { 'cf-connecting-ip': address, ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') jar.delete(name.trim());
      else jar.set(name.trim(), value.trim());
    }
    const html = await res.text();
    csrf = csrfOf(html) ?? csrf;
    return { status: res.status, html, headers: res.headers, location: res.headers.get('location') };
  }

  const formBody = (fields: Fields) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return body;
  };

  return {
    jar,
    address,
    get csrf() {
      return csrf;
    },
    get: (path: string) => send('GET', path),
    /** A form post carrying the CSRF token of the last page read, unless `withCsrf` is false. */
    post: (path: string, fields: Fields = {}, withCsrf = true) =>
      send('POST', path, formBody({ ...(withCsrf && csrf ? { _csrf: csrf } : {}), ...fields }), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    send,
    /** Answers a confirmation page: Confirm, or Back with `back`. */
    answer(page: Page, choice: 'confirm' | 'back' = 'confirm'): Promise<Page> {
      const { action, fields } = confirmationForm(page.html);
      return this.post(action, choice === 'back' ? { ...fields, _back: '1' } : fields);
    },
    /** Posts a form that asks for confirmation and confirms it; the confirmation page must come first. */
    async postConfirmed(path: string, fields: Fields = {}): Promise<Page> {
      const asked = await this.post(path, fields);
      if (asked.status !== 200 || !asked.html.includes('name="confirm"')) {
        throw new Error(`expected a confirmation page, got ${asked.status}: ${textOf(asked.html).slice(0, 500)}`);
      }
      return this.answer(asked);
    },
    async signIn(token = ADMIN_TOKEN): Promise<Page> {
      await send('GET', '/admin/sign-in');
      const res = await this.post('/admin/sign-in', { token });
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}: ${res.html.slice(0, 500)}`);
      let page = await send('GET', res.location ?? '/admin');
      for (let hops = 0; page.status === 303 && page.location && hops < 5; hops++) page = await send('GET', page.location);
      return res;
    },
  };
}

export type AdminClient = ReturnType<typeof adminClient>;

/** The text of the page without tags, for assertions on what a reader sees. */
export const textOf = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

const unescapeHtml = (s: string): string =>
  s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The form of a confirmation page as a browser would post it: its action and hidden fields. */
export function confirmationForm(html: string): { action: string; fields: Fields } {
  const form = /<form method="post" action="([^"]+)" class="actions">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no confirmation form in: ${textOf(html).slice(0, 300)}`);
  const fields: Record<string, string[]> = {};
  for (const input of (form[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
    const name = unescapeHtml(input[1] ?? '');
    if (name === '_csrf') continue;
    fields[name] = [...(fields[name] ?? []), unescapeHtml(input[2] ?? '')];
  }
  return { action: unescapeHtml(form[1] ?? ''), fields };
}
