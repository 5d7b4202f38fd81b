// The demo page: a competitive-intelligence SaaS with a data-centre move next weekend.
// Seeded through the admin API, like an operator would, and only into an empty page.
import { adminApi } from './admin-api.mjs';

/** UTC instant of a wall-clock time in `zone` (two passes settle DST edges). */
export function zonedTime(year, month, day, hour, minute, zone) {
  let guess = Date.UTC(year, month - 1, day, hour, minute);
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .formatToParts(new Date(guess))
        .map((p) => [p.type, p.value]),
    );
    const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    guess += Date.UTC(year, month - 1, day, hour, minute) - shown;
  }
  return new Date(guess);
}

/** Saturday 08:00 → Sunday 20:00 Europe/Paris of the next weekend at least two days away. */
export function nextWeekendWindow(now = new Date(), zone = 'Europe/Paris') {
  const today = new Date(now.toLocaleString('en-US', { timeZone: zone }));
  const daysToSaturday = (6 - today.getDay() + 7) % 7 || 7;
  const saturday = new Date(today);
  saturday.setDate(today.getDate() + (daysToSaturday < 2 ? daysToSaturday + 7 : daysToSaturday));
  const sunday = new Date(saturday);
  sunday.setDate(saturday.getDate() + 1);
  return {
    scheduled_for: zonedTime(saturday.getFullYear(), saturday.getMonth() + 1, saturday.getDate(), 8, 0, zone).toISOString(),
    scheduled_until: zonedTime(sunday.getFullYear(), sunday.getMonth() + 1, sunday.getDate(), 20, 0, zone).toISOString(),
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Seeds the demo into an empty page; returns false when the page already has components. */
export async function seedDemo(base, token, now = new Date()) {
  const admin = adminApi(base, token).ok;
  const { components: existing } = await admin('GET', '/components');
  if (existing.length > 0) return false;

  await admin('PATCH', '/page', { name: 'Pricescope', url: base, time_zone: 'Europe/Paris', default_locale: 'en' });
  // The company is French and so are most of its customers: everything is written in both languages.
  const fr = (fields) => ({ translations: { fr: fields } });
  const group = async (name, position, frName) => (await admin('POST', '/groups', { name, position, ...fr({ name: frName }) })).group.id;
  const app = await group('Application', 1, 'Application');
  const data = await group('Data collection', 2, 'Collecte des données');
  const integrations = await group('Integrations', 3, 'Intégrations');
  const component = async (name, description, group_id, position, [frName, frDescription]) =>
    (
      await admin('POST', '/components', {
        name,
        description,
        group_id,
        position,
        ...fr({ name: frName, description: frDescription }),
      })
    ).component.id;
  const webapp = await component('Web app', 'Dashboards, alerts set-up and account settings', app, 1, [
    'Application web',
    'Tableaux de bord, réglage des alertes et paramètres du compte',
  ]);
  await component('Search engine', 'Product and price search across tracked catalogues', app, 2, [
    'Moteur de recherche',
    'Recherche de produits et de prix dans les catalogues suivis',
  ]);
  const reports = await component('Reports and exports', 'Scheduled reports, CSV and Excel exports', app, 3, [
    'Rapports et exports',
    'Rapports planifiés, exports CSV et Excel',
  ]);
  const login = await component('Login', 'Sign-in and single sign-on', app, 4, ['Connexion', 'Connexion et authentification unique']);
  const crawlers = await component('Price crawlers', 'Collection of competitor prices and stock levels', data, 5, [
    'Robots de collecte',
    'Collecte des prix et des stocks des concurrents',
  ]);
  const api = await component('Public API', 'REST API for prices and products', integrations, 6, [
    'API publique',
    'API REST des prix et des produits',
  ]);
  const alerts = await component('E-mail alerts', 'Price-change and stock alerts by e-mail', integrations, 7, [
    'Alertes par e-mail',
    'Alertes de variation de prix et de stock par e-mail',
  ]);

  await admin('POST', '/incidents/backfill', {
    name: 'Exports failing for large reports',
    impact: 'major',
    body: 'Exports of more than 50,000 rows fail with a timeout. We are investigating.',
    components: { [reports]: 'major_outage' },
    started_at: new Date(now.getTime() - 37 * DAY).toISOString(),
    resolved_at: new Date(now.getTime() - 37 * DAY + 50 * 60_000).toISOString(),
    postmortem:
      'A query planner change made large exports scan the whole price history. We pinned the plan and added a regression test on a 100,000-row export.',
    ...fr({
      name: 'Échec des exports de gros rapports',
      body: 'Les exports de plus de 50 000 lignes échouent par dépassement de délai. Nous analysons le problème.',
      postmortem:
        'Un changement du planificateur de requêtes faisait parcourir tout l’historique des prix aux gros exports. Nous avons figé le plan et ajouté un test de non-régression sur un export de 100 000 lignes.',
    }),
  });
  await admin('POST', '/incidents/backfill', {
    name: 'Delayed price collection on marketplaces',
    impact: 'minor',
    body: 'Prices from two marketplaces are collected with up to 3 hours of delay.',
    components: { [crawlers]: 'degraded_performance', [alerts]: 'degraded_performance' },
    started_at: new Date(now.getTime() - 12 * DAY - 3 * HOUR).toISOString(),
    resolved_at: new Date(now.getTime() - 12 * DAY + HOUR).toISOString(),
    ...fr({
      name: 'Collecte des prix retardée sur les places de marché',
      body: 'Les prix de deux places de marché sont collectés avec jusqu’à 3 heures de retard.',
    }),
  });

  // Existing customers, imported as confirmed, so the local mail catcher shows what they receive.
  await admin('POST', '/subscribers/import', {
    confirmed: true,
    subscribers: [
      { email: 'ops@acme.example', locale: 'en', time_zone: 'America/New_York', components: [] },
      { email: 'veille@exemple.fr', locale: 'fr', time_zone: 'Europe/Paris', components: [crawlers] },
      { email: 'alerts-only@example.com', locale: 'en', time_zone: 'Europe/London', components: [alerts] },
    ],
  });

  await admin('POST', '/maintenances', {
    name: 'Data-centre migration',
    body:
      'We are moving all our servers to a new data centre. During the move Pricescope runs in a reduced mode: ' +
      'price collection pauses, the web app is read-only and the public API answers only part of its requests.',
    ...nextWeekendWindow(now),
    components: { [crawlers]: 'under_maintenance', [webapp]: 'degraded_performance', [api]: 'partial_outage', [login]: 'operational' },
    reminders: [72 * 60, 24 * 60, 60],
    auto_start: true,
    auto_complete: true,
    still_working: 'Signing in, reading your dashboards and existing reports, and e-mail alerts on prices collected before the move.',
    ...fr({
      name: 'Migration du centre de données',
      body:
        'Nous déménageons tous nos serveurs dans un nouveau centre de données. Pendant le déménagement, Pricescope fonctionne en mode réduit\u00a0: ' +
        'la collecte des prix est suspendue, l’application web est en lecture seule et l’API publique ne répond qu’à une partie des requêtes.',
      still_working:
        'La connexion, la consultation de vos tableaux de bord et des rapports existants, et les alertes par e-mail sur les prix collectés avant le déménagement.',
    }),
  });
  return true;
}
