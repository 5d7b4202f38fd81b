// In Chromium, through the admin UI alone: an operator mints a token, signs in with it, and adds a
// French Slack channel; axe-core finds no serious or critical violation on the tokens, webhooks,
// delivery log, settings, backfill and subscriber pages, their answer pages and their forms with errors.
// It drives the browser project's worker (test/browser/global-setup.ts, port 8797, the demo seeded).

import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { axeViolations, screenshot } from './admin-support';
import { launch } from './support';

const { url, adminToken } = inject('localWorker');
let browser: Browser;

const api = adminApi(url, adminToken).ok;

/** A browser context (CSP bypassed, for axe's injected script) signed in through the sign-in form with `token`. */
async function signedIn(
  token: string,
  path: string,
): Promise<{ context: BrowserContext; page: Awaited<ReturnType<BrowserContext['newPage']>> }> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${path}`);
  return { context, page };
}

beforeAll(async () => {
  browser = await launch();
  await api('POST', '/components', { name: 'Kiosk feed' });
});

afterAll(async () => {
  await browser?.close();
});

const SLACK_URL = 'https://hooks.slack.com/services/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';

describe('tokens and chat channels in the admin UI', () => {
  it('an operator mints a token, signs in with it and adds a French Slack channel; every page on the way passes axe', async () => {
    const found: Record<string, unknown> = {};
    const { context, page } = await signedIn(adminToken, '/admin/maintenances');

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Tokens' }).click();
    await page.waitForURL('**/admin/tokens');
    found.tokens = await axeViolations(page);

    // A name of spaces only (the browser lets it through) comes back with its error, accessible too.
    await page.getByLabel('Name', { exact: true }).fill('   ');
    await page.getByRole('button', { name: 'Mint token' }).click();
    await page.locator('#mint-name-error').waitFor();
    found['tokens-errors'] = await axeViolations(page);

    await page.getByLabel('Name', { exact: true }).fill('on-call laptop');
    await page.getByLabel('Scope').selectOption('write');
    await page.getByRole('button', { name: 'Mint token' }).click();
    const secretField = page.getByLabel('Token', { exact: true });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^fw_[A-Za-z0-9]{40}$/);
    expect(await page.getByRole('status').textContent()).toContain('Token “on-call laptop” minted. Copy it now');
    found['token-minted'] = await axeViolations(page);
    await screenshot(page, 'channels-token-minted');
    await page.goto('/admin/tokens');
    expect(await page.content()).not.toContain(secret);
    await context.close();

    // The minted token signs in; its session may write, not manage tokens.
    const { context: laptop, page: tab } = await signedIn(secret, '/admin/webhooks');
    const nav = tab.getByRole('navigation', { name: 'Admin sections' });
    expect(await nav.getByRole('link', { name: 'Tokens' }).count()).toBe(0);
    found.webhooks = await axeViolations(tab);

    await tab.getByLabel('Kind').selectOption('slack');
    await tab.getByLabel('Address (URL)').fill('https://example.com/services/a/b/c');
    await tab.getByRole('button', { name: 'Add', exact: true }).click();
    await tab.locator('#webhook-url-error').waitFor();
    expect(await tab.locator('#webhook-url-error').textContent()).toContain('This is not a Slack incoming-webhook address');
    found['webhooks-errors'] = await axeViolations(tab);

    await tab.getByLabel('Address (URL)').fill(SLACK_URL);
    await tab.getByLabel('Language', { exact: true }).selectOption('fr');
    await tab.getByLabel('Kiosk feed').check();
    await tab.getByRole('button', { name: 'Add', exact: true }).click();
    await tab.locator('#added').waitFor();
    expect(await tab.locator('#added').textContent()).toContain('Added: the Slack channel gets a message for each notice from now on.');
    const row = tab.getByRole('row').filter({ hasText: 'Slack' });
    expect((await row.textContent())?.replace(/\s+/g, ' ')).toContain('https://hooks.slack.com/services/…a7b8SlackFrenchKiosk feed');
    expect(await tab.content()).not.toContain('q7r8s9t0u1v2');
    found['webhook-added'] = await axeViolations(tab);
    await screenshot(tab, 'channels-slack-added');

    // Through the API as well: the channel is the admin API's webhook, named as its creator, and
    // its address (the channel's credential) is listed and audited shortened there too.
    const hook = (await api('GET', '/webhooks')).webhooks.find((w: { format: string }) => w.format === 'slack');
    expect(hook).toMatchObject({ url: 'https://hooks.slack.com/services/…a7b8', format: 'slack', locale: 'fr' });
    const { audit } = await api('GET', '/audit');
    const created = audit.find((a: { action: string }) => a.action === 'webhook.create');
    expect(created?.actor).toMatch(/^token:on-call laptop \(/);
    expect(JSON.stringify(created)).not.toContain(SLACK_URL.slice(-12));

    await row.getByRole('link', { name: /Delivery log/ }).click();
    await tab.getByRole('heading', { name: /Delivery log of https:\/\/hooks\.slack\.com/ }).waitFor();
    found['webhook-log'] = await axeViolations(tab);

    await tab.getByRole('button', { name: /Stop posting to/ }).click();
    await tab.getByRole('button', { name: 'Yes, stop it' }).waitFor();
    found['webhook-stop'] = await axeViolations(tab);

    for (const [name, path] of [
      ['settings', '/admin/settings'],
      ['backfill', '/admin/backfill'],
      ['subscribers', '/admin/subscribers'],
    ] as const) {
      await tab.goto(path);
      found[name] = await axeViolations(tab);
    }
    await tab.goto('/admin/backfill');
    await tab.getByLabel('Name', { exact: true }).fill('Crawlers stalled');
    await tab.getByLabel(/^Started/).fill('2026-11-10T14:00');
    await tab.getByLabel(/^Resolved/).fill('2026-11-10T13:00');
    await tab.getByLabel('What happened (first update)', { exact: true }).fill('The queue stalled.');
    await tab.getByRole('button', { name: 'Record incident' }).click();
    await tab.locator('.field-error').first().waitFor();
    found['backfill-errors'] = await axeViolations(tab);
    await laptop.close();

    expect(Object.fromEntries(Object.entries(found).filter(([, v]) => (v as unknown[]).length > 0))).toEqual({});
  }, 180_000);
});
