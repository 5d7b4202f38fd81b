// The HTML answer for an error outside the APIs: readable, in the reader's language, with the
// pages' security headers. It needs no snapshot, since the snapshot may be what failed.
import { MESSAGES, negotiateLocale } from '../../i18n';
import { ErrorPage } from '../../views/public/error-page';
import { securityHeaderValues } from '../security-headers';

export function errorPageResponse(status: number, request?: Request): Response {
  const url = request ? new URL(request.url) : null;
  const { locale } = negotiateLocale({
    query: url?.searchParams.get('lang'),
    cookieHeader: request?.headers.get('cookie'),
    acceptLanguage: request?.headers.get('accept-language'),
    fallback: 'en',
  });
  // ErrorPage has no async parts, so it renders to a string at once.
  const body = `<!doctype html>${String(<ErrorPage t={MESSAGES[locale]} lang={locale} status={status} />)}`;
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': locale,
      'Cache-Control': 'no-store',
      ...securityHeaderValues('none'),
    },
  });
}
