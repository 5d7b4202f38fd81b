// The readable error page: 404 and the rest, in the reader's language, in the page's frame
// without anything that needs the snapshot (an error may come from the snapshot itself).
import type { FC } from 'hono/jsx';
import type { Messages } from '../../i18n';
import { ICON_ASSET, STYLE_ASSET } from './assets';

export const ErrorPage: FC<{ t: Messages; lang: string; status: number }> = ({ t, lang, status }) => {
  const notFound = status === 404;
  const heading = notFound ? t.errors.notFoundHeading : t.errors.errorHeading;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${status} · ${heading}`}</title>
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" type="image/svg+xml" href={ICON_ASSET.path} />
        <link rel="stylesheet" href={STYLE_ASSET.path} />
      </head>
      <body>
        <main class="wrap">
          <p class="muted">{status}</p>
          <h1>{heading}</h1>
          <p>{notFound ? t.errors.notFoundLead : t.errors.errorLead}</p>
          <p>
            <a href="/">{t.errors.back}</a>
          </p>
        </main>
      </body>
    </html>
  );
};
