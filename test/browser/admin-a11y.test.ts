// axe-core on every admin page, in Chromium: no serious or critical violation, with the page
// holding real content (components, an incident, a maintenance, a subscriber, notices).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from './admin-support';
import { axeViolations, screenshot, startStack } from './admin-support';

let stack: Stack;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  const { api } = stack;
  await api('PATCH', '/page', { name: 'Pricescope', time_zone: 'Europe/Paris' });
  ids.group = (await api('POST', '/groups', { name: 'Platform' })).group.id;
  ids.crawlers = (await api('POST', '/components', { name: 'Price crawlers', group_id: ids.group })).component.id;
  ids.webapp = (await api('POST', '/components', { name: 'Web app', group_id: ids.group })).component.id;
  await api('POST', '/components', { name: 'Login' });
  await api('POST', '/subscribers/import', {
    confirmed: true,
    subscribers: [{ email: 'anne@example.com', locale: 'fr', components: [ids.crawlers] }],
  });
  ids.incident = (
    await api('POST', '/incidents', {
      name: 'Crawlers stalled',
      body: 'Collection has stopped.',
      components: { [ids.crawlers]: 'major_outage' },
    })
  ).incident.id;
  const start = new Date(Date.now() + 14 * 86_400_000);
  ids.maintenance = (
    await api('POST', '/maintenances', {
      name: 'Data-centre migration',
      body: 'We are moving all our servers to a new data centre.',
      scheduled_for: start.toISOString(),
      scheduled_until: new Date(start.getTime() + 36 * 3_600_000).toISOString(),
      components: { [ids.crawlers]: 'under_maintenance', [ids.webapp]: 'degraded_performance' },
      reminders: [4320, 1440, 60],
      still_working: 'Signing in and reading dashboards.',
    })
  ).maintenance.id;
  ids.notice = (await api('GET', `/notices?subject_id=${ids.maintenance}`)).notices[0].id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('accessibility of the admin UI', () => {
  it('axe finds no serious or critical violation on any admin page', async () => {
    const anonymous = await stack.browser.newContext({ baseURL: stack.worker.url, bypassCSP: true });
    const signInPage = await anonymous.newPage();
    await signInPage.goto('/admin/sign-in');
    const found: Record<string, unknown> = { 'sign-in': await axeViolations(signInPage) };
    await anonymous.close();

    const { context, page } = await stack.signedIn({ bypassCSP: true });
    const pages: [string, string][] = [
      ['maintenances', '/admin/maintenances'],
      ['maintenance-form', '/admin/maintenances/new'],
      ['maintenance', `/admin/maintenances/${ids.maintenance}`],
      ['maintenance-edit', `/admin/maintenances/${ids.maintenance}/edit`],
      ['incidents', '/admin/incidents'],
      ['incident-form', '/admin/incidents/new'],
      ['incident', `/admin/incidents/${ids.incident}`],
      ['drafts-page', '/admin/drafts'],
      ['components-page', '/admin/components'],
      ['component-edit', `/admin/components/${ids.crawlers}`],
      ['group-edit', `/admin/groups/${ids.group}`],
      ['subscribers-page', '/admin/subscribers'],
      ['notices-page', '/admin/notices'],
      ['notice', `/admin/notices/${ids.notice}`],
      ['audit-page', '/admin/audit'],
    ];
    for (const [name, path] of pages) {
      await page.goto(path);
      found[name] = await axeViolations(page);
      await screenshot(page, `a11y-${name}`);
    }

    // A form sent back with errors: the messages must be as accessible as the form.
    await page.goto('/admin/maintenances/new');
    await page.getByLabel('Name').fill('Backwards');
    await page.getByLabel(/^Starts/).fill('2030-01-05T08:00');
    await page.getByLabel(/^Ends/).fill('2030-01-05T07:00');
    await page.getByLabel('Other reminders').fill('soon');
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await page.locator('.field-error').first().waitFor();
    found['maintenance-form-errors'] = await axeViolations(page);
    await screenshot(page, 'a11y-maintenance-form-errors');

    // Fixed, it asks for confirmation before e-mailing anyone: that page too.
    await page.getByLabel(/^Ends/).fill('2030-01-05T10:00');
    await page.getByLabel('Other reminders').fill('7d');
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    await page.getByRole('button', { name: 'Yes, schedule it' }).waitFor();
    found['schedule-confirmation'] = await axeViolations(page);
    await screenshot(page, 'a11y-schedule-confirmation');

    await context.close();
    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => (v as unknown[]).length > 0))).toEqual({});
  }, 180_000);
});
