// What the session's scope lets a page show and do, beyond the per-method rule of auth.tsx
// (GET needs read, a POST write): a read session sees no write buttons, and the tokens page, like
// the admin API's GET /tokens, is for admin sessions alone.
import type { Context } from 'hono';
import type { Scope } from '../../domain/scopes';
import { covers } from '../../domain/scopes';
import type { Chrome, Section } from '../../views/admin/layout';
import { RefusedPage } from '../../views/admin/refused-page';
import type { AdminEnv } from './admin-env';
import { chrome, render } from './render';

type C = Context<AdminEnv>;

/** Whether this session's scope covers `needed`. */
export const sessionMay = (c: C, needed: Scope): boolean => {
  const scope = c.get('session').scope;
  return scope !== null && covers(scope, needed);
};

/** The page frame, with the session's scope so the navigation leaves out what it may not open. */
export const scopedChrome = (c: C, section: Section): Chrome => ({ ...chrome(c, section), scope: c.get('session').scope });

/** The 403 page when the session's scope does not cover `needed`; null when it does. */
export function refusalUnless(c: C, needed: Scope): Promise<Response> | null {
  if (sessionMay(c, needed)) return null;
  const { actor, scope, csrf } = c.get('session');
  return render(c, <RefusedPage actor={actor ?? ''} scope={scope ?? ''} needed={needed} csrf={csrf} />, 403);
}
