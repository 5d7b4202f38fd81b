// A draft's card as the public page would show it, in one language: the home page's own card
// components and stylesheet, alone in a document the draft page frames. The draft is not on the
// public page; this document is served from the admin only.
import type { FC } from 'hono/jsx';
import type { Component, Incident, Maintenance } from '../../domain/model';
import { STYLE_ASSET } from '../public/assets';
import type { ViewContext } from '../public/context';
import { IncidentNotice, MaintenanceNotice } from '../public/notices';

export const DraftCardPage: FC<{
  ctx: ViewContext;
  subject: { maintenance: Maintenance } | { incident: Incident };
  components: readonly Component[];
}> = ({ ctx, subject, components }) => (
  <html lang={ctx.locale} data-intl={ctx.t.intlLocale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width,initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="robots" content="noindex" />
      <title>{'maintenance' in subject ? subject.maintenance.name : subject.incident.name}</title>
      <link rel="stylesheet" href={STYLE_ASSET.path} />
    </head>
    <body>
      <main class="wrap">
        {'maintenance' in subject ? (
          <MaintenanceNotice ctx={ctx} maintenance={subject.maintenance} components={components} />
        ) : (
          <IncidentNotice ctx={ctx} incident={subject.incident} components={components} />
        )}
      </main>
    </body>
  </html>
);
