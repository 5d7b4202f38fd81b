// The night of a migration, from a browser: Debian's Chromium against `wrangler dev`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from './admin-support';
import { migrationWeekend, screenshot, startStack } from './admin-support';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await stack.api('PATCH', '/page', { name: 'Pricescope', time_zone: 'Europe/Paris', default_locale: 'en' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the admin UI in Chromium', () => {
  it('signs in with the admin token; the session cookie is HttpOnly, Secure and SameSite=Strict even on http://localhost', async () => {
    const context = await stack.browser.newContext({ baseURL: stack.worker.url });
    const page = await context.newPage();
    await page.goto('/admin/incidents');
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('API token').fill('certainly-not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This token is not valid');
    await page.getByLabel('API token').fill(stack.worker.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/incidents');
    await page.getByText('Signed in as admin-token').waitFor({ state: 'visible' });

    const cookie = (await context.cookies()).find((c) => c.name === 'fw_admin');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
    // A script on the page cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain('fw_admin');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/admin/sign-in?signed_out');
    await page.goto('/admin/incidents');
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await context.close();
  });

  it('the migration weekend: schedule it with three reminders, see it on the public page, post an update, complete it, see the notices with their counts', async () => {
    const { page, context } = await stack.signedIn();

    // The catalogue, built from the components page.
    await page.goto('/admin/components');
    await page.locator('#new-group-name').fill('Platform');
    await page.getByRole('button', { name: 'Add group' }).click();
    for (const name of ['Web app', 'Price crawlers', 'Public API', 'Login']) {
      await page.locator('#new-component-name').fill(name);
      await page.locator('#new-component-group_id').selectOption({ label: 'Platform' });
      await page.getByRole('button', { name: 'Add component' }).click();
      await page.getByRole('link', { name, exact: true }).first().waitFor({ state: 'visible' });
    }
    await screenshot(page, 'components');

    // Two customers, imported after a dry run: one follows the crawlers, one follows everything.
    await page.goto('/admin/subscribers');
    await page
      .getByLabel('Or paste the CSV here')
      .fill('email,language,time_zone,components\nanne@example.com,fr,Europe/Paris,Price crawlers\nbob@example.com,en,America/New_York,\n');
    await page.getByRole('button', { name: 'Check only (dry run)' }).click();
    await expect.poll(() => page.locator('#import-result').textContent()).toContain('2 rows are valid and would be imported');
    await page.getByLabel(/They already agreed to receive these e-mails \(existing customers\)/).check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.locator('#import-result').textContent()).toContain('Imported: 2 new');
    await screenshot(page, 'subscribers');

    // Schedule: Saturday 08:00 → Sunday 20:00 Paris time, per-component planned statuses, three reminders.
    const weekend = migrationWeekend();
    await page.goto('/admin/maintenances/new');
    await page.getByLabel('Name').fill('Data-centre migration');
    await page.getByLabel(/^Starts \(Europe\/Paris\)/).fill(weekend.start);
    await page.getByLabel(/^Ends \(Europe\/Paris\)/).fill(weekend.end);
    await page.getByLabel('Price crawlers').selectOption('under_maintenance');
    await page.getByLabel('Web app').selectOption('degraded_performance');
    await page.getByLabel('Public API').selectOption('partial_outage');
    await page.getByLabel('Login').selectOption('operational');
    await page.getByLabel('What still works').fill('Signing in and reading your dashboards and reports.');
    await page.getByLabel('What happens (announcement text)').fill('We are moving all our servers to a new data centre.');
    for (const preset of ['72 hours before', '24 hours before', '1 hour before'])
      expect(await page.getByLabel(preset).isChecked()).toBe(true);
    await screenshot(page, 'maintenance-new');
    await page.getByRole('button', { name: 'Schedule maintenance' }).click();
    // It e-mails both customers, so it asks first and says so.
    await expect.poll(() => page.locator('.audience').textContent()).toContain('2 subscribers will be e-mailed.');
    await screenshot(page, 'maintenance-confirm');
    await page.getByRole('button', { name: 'Yes, schedule it' }).click();
    await page.waitForURL(/\/admin\/maintenances\/[a-z0-9]+$/);
    const maintenanceUrl = page.url();
    const timeline = page.locator('ol.timeline');
    for (const reminder of ['72 h', '24 h', '1 h']) {
      await expect.poll(() => timeline.locator('li', { hasText: `Reminder, ${reminder} before` }).textContent()).toContain('Planned');
    }
    await expect.poll(() => timeline.textContent()).toContain(`${Number(weekend.start.slice(8, 10))} `);
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('08:00');
    await screenshot(page, 'maintenance-scheduled');

    // The public page announces it.
    const publicPage = await context.newPage();
    await publicPage.goto('/');
    await expect.poll(() => publicPage.locator('body').textContent()).toContain('Data-centre migration');
    await screenshot(publicPage, 'public-page');
    const upcoming = (await (await fetch(`${stack.worker.url}/api/v2/scheduled-maintenances/upcoming.json`)).json()) as {
      scheduled_maintenances: { name: string }[];
    };
    expect(upcoming.scheduled_maintenances.map((m) => m.name)).toContain('Data-centre migration');
    await publicPage.close();

    // The night itself: start by hand, post an update, complete.
    await page.goto(maintenanceUrl);
    await page.locator('#action-in_progress').getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('button', { name: 'Yes, start now' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('In progress');
    await page.locator('#maintenance-update-body').fill('Half of the servers are running in the new racks.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await page.getByRole('button', { name: 'Yes, post the update' }).click();
    await expect.poll(() => page.locator('.updates').textContent()).toContain('Half of the servers are running in the new racks.');
    await page.locator('#action-completed').getByRole('button', { name: 'Complete now' }).click();
    await page.getByRole('button', { name: 'Yes, complete now' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('Completed');
    await screenshot(page, 'maintenance-completed');
    const components = (await stack.api('GET', '/components')).components as { name: string; status: string }[];
    expect(components.every((c) => c.status === 'operational')).toBe(true);

    // Notices: the list refreshes by itself until every e-mail has gone to the mail catcher.
    await page.goto('/admin/notices');
    await page.getByText('Nothing is waiting to be sent.').waitFor({ state: 'visible', timeout: 60_000 });
    const rows = page.locator('#notice-progress tbody tr');
    const counts = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent?.trim() ?? '')),
    );
    expect(counts).toEqual([
      ['Data-centre migration', 'Completed', '0', '2', '0'],
      ['Data-centre migration', 'Update', '0', '2', '0'],
      ['Data-centre migration', 'Started', '0', '2', '0'],
      ['Data-centre migration', 'Announcement', '0', '2', '0'],
    ]);
    await screenshot(page, 'notices');
    await page.getByRole('link', { name: 'Announcement' }).click();
    await page.getByRole('heading', { name: 'In French' }).waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('section', { hasText: 'In French' }).textContent()).toContain('Data-centre migration');
    await screenshot(page, 'notice-detail');

    await page.goto('/admin/audit');
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('maintenance.complete');
    await screenshot(page, 'audit');
    await context.close();
  }, 240_000);

  it('posts without the CSRF token, or without the session cookie, are rejected and write nothing', async () => {
    const { page, context } = await stack.signedIn();
    const before = (await stack.api('GET', '/components')).components.length;
    // The browser's own cookie, but a form that does not carry the page's token.
    const withoutToken = await context.request.post('/admin/components', { form: { name: 'Forged', status: 'operational' } });
    expect(withoutToken.status()).toBe(403);
    const wrongToken = await context.request.post('/admin/components', {
      form: { name: 'Forged', status: 'operational', _csrf: 'x'.repeat(32) },
    });
    expect(wrongToken.status()).toBe(403);
    // From the page, a script posting without the token fares no better.
    const scripted = await page.evaluate(async () => {
      const res = await fetch('/admin/components', {
        method: 'POST',
        body: new URLSearchParams({ name: 'Forged', status: 'operational' }),
      });
      return res.status;
    });
    expect(scripted).toBe(403);
    // No cookie at all (another browser, or a cross-site request the SameSite=Strict cookie does not join).
    const anonymous = await stack.browser.newContext({ baseURL: stack.worker.url });
    const withoutCookie = await anonymous.request.post('/admin/components', {
      form: { name: 'Forged', status: 'operational', _csrf: 'whatever' },
      maxRedirects: 0,
    });
    expect(withoutCookie.status()).toBe(401);
    expect((await stack.api('GET', '/components')).components.length).toBe(before);
    await anonymous.close();
    await context.close();
  });
});
