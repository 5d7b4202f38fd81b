// A maintenance drafted, previewed and published from a browser: Debian's Chromium against
// `wrangler dev`, with a real SMTP peer (the mail catcher) behind the worker that must receive
// nothing until the operator publishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from './admin-support';
import { axeViolations, migrationWeekend, screenshot, startStack } from './admin-support';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await stack.api('PATCH', '/page', { name: 'Pricescope', time_zone: 'Europe/Paris', default_locale: 'en' });
  const crawlers = (await stack.api('POST', '/components', { name: 'Price crawlers' })).component;
  await stack.api('POST', '/components', { name: 'Web app' });
  await stack.api('POST', '/subscribers/import', {
    confirmed: true,
    subscribers: [
      { email: 'anne@example.com', locale: 'fr', components: [crawlers.id] },
      { email: 'bob@example.com', locale: 'en' },
    ],
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** What the SMTP peer has received so far: recipient and subject. */
const received = () => stack.mail.messages.map((m) => ({ to: m.envelope.to[0], subject: m.parsed.subject }));

describe('drafts in Chromium', () => {
  it('a draft maintenance: its preview shows the card and the e-mails in English and French while the SMTP peer receives nothing; after Publish and its confirmation the subscribers’ e-mails arrive', async () => {
    const { page, context } = await stack.signedIn();
    const weekend = migrationWeekend();

    await page.goto('/admin/maintenances/new');
    await page.getByLabel('Name', { exact: true }).fill('Data-centre migration');
    await page.getByRole('group', { name: 'Name in other languages' }).getByLabel('French').fill('Migration du centre de données');
    await page.getByLabel(/^Starts \(Europe\/Paris\)/).fill(weekend.start);
    await page.getByLabel(/^Ends \(Europe\/Paris\)/).fill(weekend.end);
    await page.getByLabel('Price crawlers').selectOption('under_maintenance');
    await page.getByLabel('What happens (announcement text)').fill('We move our servers to a new data centre.');
    await page
      .getByRole('group', { name: 'What happens (announcement text) in other languages' })
      .getByLabel('French')
      .fill('Nous déménageons nos serveurs dans un nouveau centre de données.');
    await page.getByLabel('What still works', { exact: true }).fill('Signing in and reading your dashboards.');
    await screenshot(page, 'draft-form');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.waitForURL(/\/admin\/drafts\/[a-z0-9]+#preview$/);
    const draftUrl = page.url().replace(/#preview$/, '');

    await expect
      .poll(() => page.locator('.audience').textContent())
      .toContain('Publishing now e-mails 2 subscribers (1 in English, 1 in French).');
    // The public card, as each language's readers will see it, with the page's own stylesheet.
    const cardFr = page.frameLocator('iframe[title="Status page card preview in French"]').locator('article.notice');
    await expect.poll(() => cardFr.locator('h3').textContent()).toBe('Migration du centre de données');
    await expect.poll(() => cardFr.textContent()).toContain('Price crawlers');
    // A string, so it runs in the frame and this Node-side file needs no DOM typings.
    expect(await cardFr.evaluate((el: any) => (globalThis as any).getComputedStyle(el).borderLeftWidth)).not.toBe('0px');
    const cardEn = page.frameLocator('iframe[title="Status page card preview in English"]').locator('article.notice');
    await expect.poll(() => cardEn.locator('h3').textContent()).toBe('Data-centre migration');
    // Each e-mail, with its subject and its HTML as sent.
    const mailFr = page.locator('section[data-preview-mail="fr"]');
    await expect.poll(() => mailFr.locator('h4').textContent()).toBe('In French: to 1 subscriber');
    await expect.poll(() => mailFr.locator('.mail-subject').textContent()).toContain('Migration du centre de données');
    await expect
      .poll(() => page.frameLocator('iframe[title="E-mail preview in French"]').locator('body').textContent())
      .toContain('Nous déménageons nos serveurs');
    await expect
      .poll(() => page.frameLocator('iframe[title="E-mail preview in English"]').locator('body').textContent())
      .toContain('We move our servers to a new data centre.');
    await screenshot(page, 'draft-preview');

    // Nothing of it is public, and the SMTP peer has received nothing.
    const publicPage = await context.newPage();
    await publicPage.goto('/');
    expect(await publicPage.locator('body').textContent()).not.toContain('Data-centre migration');
    await publicPage.close();
    const summary = (await (await fetch(`${stack.worker.url}/api/v2/summary.json`)).json()) as { scheduled_maintenances: unknown[] };
    expect(summary.scheduled_maintenances).toEqual([]);
    await page.waitForTimeout(2_000);
    expect(received()).toEqual([]);

    // Publish asks first, with the number of subscribers it writes to.
    // Back at the top of the draft (the #preview anchor scrolls the page again as its frames load).
    await page.goto(draftUrl);
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('heading', { name: 'Publish “Data-centre migration”?' }).waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('.audience').textContent()).toContain('2 subscribers will be e-mailed.');
    await screenshot(page, 'draft-confirm');
    expect(received()).toEqual([]);
    await page.getByRole('button', { name: 'Publish and e-mail 2 subscribers' }).click();
    await page.waitForURL(/\/admin\/maintenances\/[a-z0-9]+$/);

    await expect.poll(() => received().length, { timeout: 60_000 }).toBe(2);
    const byRecipient = Object.fromEntries(received().map((m) => [m.to, m.subject]));
    expect(byRecipient['anne@example.com']).toContain('Migration du centre de données');
    expect(byRecipient['bob@example.com']).toContain('Data-centre migration');

    await page.goto(draftUrl);
    await page.getByText('This draft has been published.').waitFor({ state: 'visible' });
    await context.close();
  }, 180_000);

  it('the schedule form with its language fields and the draft page have no serious accessibility violations', async () => {
    const { page, context } = await stack.signedIn({ bypassCSP: true });
    await page.goto('/admin/maintenances/new');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto('/admin/incidents/new');
    await page.getByLabel('Name', { exact: true }).fill('Slow dashboards');
    await page.getByLabel('Message', { exact: true }).fill('Dashboards take a minute to load.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/admin\/drafts\/[a-z0-9]+\?saved$/);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
