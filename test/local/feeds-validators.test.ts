// The feeds and calendars of `wrangler dev`, served on a port (PUBLIC_URL http://localhost:8811),
// checked by validators nobody on the project wrote: xmllint against RFC 4287's RELAX NG schema
// for every Atom document, and libical (parse + iTIP restrictions of the calendar's METHOD) for
// /maintenances.ics, /maintenances/:id.ics and the .ics of every e-mail, announcement and
// cancellation. Needs the Debian packages libxml2-utils and libical-dev (and gcc).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { startLocalWorker } from '../../scripts/local-worker.mjs';
import { type MailCatcher, startMailCatcher } from '../../scripts/mail-catcher.mjs';

const fixtures = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'forewarn-feeds-'));
const checker = join(dir, 'ical-check');
let worker: Awaited<ReturnType<typeof startLocalWorker>>;
let catcher: MailCatcher;
let seen = 0;

/** A validator's verdict on `text`: its exit status and what it printed. */
function validate(command: string, args: (file: string) => string[], text: string, suffix: string) {
  const file = join(dir, `document-${seen++}${suffix}`);
  writeFileSync(file, text);
  const run = spawnSync(command, args(file), { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.replaceAll(file, suffix) };
}
const relaxNg = (atom: string) => validate('xmllint', (f) => ['--noout', '--relaxng', join(fixtures, 'atom.rng'), f], atom, '.atom');
const wellFormed = (rss: string) => validate('xmllint', (f) => ['--noout', f], rss, '.rss');
const libical = (ics: string) => validate(checker, (f) => [f], ics, '.ics');

const api = (method: string, path: string, body?: unknown) => adminApi(worker.url, worker.adminToken).ok(method, path, body);

async function served(path: string): Promise<string> {
  const res = await fetch(`${worker.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The e-mails to `to` that carry a calendar, once there are `count` of them (or the time is up). */
async function calendarMail(to: string, count: number, timeoutMs = 30_000): Promise<{ subject: string; ics: string }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${catcher.httpPort}/api/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as { messages: any[] };
    const withIcs = messages.flatMap((m) => {
      const ics = m.attachments.find((a: any) => a.filename === 'maintenance.ics');
      return ics ? [{ subject: String(m.subject), ics: String(ics.content) }] : [];
    });
    if (withIcs.length >= count || Date.now() > deadline) return withIcs;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let ids: { api: string; platform: string; login: string; move: string; swap: string };

beforeAll(async () => {
  execFileSync('sh', ['-c', `gcc -o "${checker}" "${join(fixtures, 'ical-check.c')}" $(pkg-config --cflags --libs libical)`]);
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  worker = await startLocalWorker({
    port: 8811,
    persistDir: join(dir, 'state'),
    seed: false,
    vars: { SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}` },
  });

  await api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', translations: { fr: { name: 'Acme Veille' } } });
  const platform = (await api('POST', '/groups', { name: 'Platform' })).group;
  const apiComponent = (await api('POST', '/components', { name: 'Public API', group_id: platform.id })).component;
  const login = (await api('POST', '/components', { name: 'Login' })).component;
  await api('POST', '/subscribers/import', {
    confirmed: true,
    subscribers: [
      { email: 'en@example.com', locale: 'en' },
      { email: 'fr@example.com', locale: 'fr' },
    ],
  });
  const now = Date.now();
  const incident = (
    await api('POST', '/incidents', {
      name: 'Slow logins',
      body: 'Logins take a minute.',
      components: { [login.id]: 'degraded_performance' },
    })
  ).incident;
  await api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fast again.' });
  const move = (
    await api('POST', '/maintenances', {
      name: 'Data-centre move',
      body: 'We move to a new data centre.',
      still_working: 'Logging in.',
      scheduled_for: new Date(now + 10 * 86_400_000).toISOString(),
      scheduled_until: new Date(now + 11 * 86_400_000).toISOString(),
      components: { [apiComponent.id]: 'partial_outage', [login.id]: 'operational' },
      reminders: [],
    })
  ).maintenance;
  const swap = (
    await api('POST', '/maintenances', {
      name: 'Relay swap',
      body: 'Swapping relays.',
      scheduled_for: new Date(now + 5 * 86_400_000).toISOString(),
      scheduled_until: new Date(now + 5 * 86_400_000 + 3_600_000).toISOString(),
      components: { [apiComponent.id]: 'under_maintenance' },
      reminders: [],
    })
  ).maintenance;
  // Both subscribers hear of the swap before it is cancelled, so the cancellation is sent too.
  for (const to of ['en@example.com', 'fr@example.com']) expect(await calendarMail(to, 2)).toHaveLength(2);
  await api('POST', `/maintenances/${swap.id}/updates`, { status: 'cancelled', body: 'Not needed after all.' });
  ids = { api: apiComponent.id, platform: platform.id, login: login.id, move: move.id, swap: swap.id };
});

afterAll(async () => {
  await worker?.stop();
  await catcher?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every way a feed is asked for here: languages, one component, a group and a component. */
const queries = () => ['', '?lang=fr', `?component=${ids.api}`, `?component=${ids.platform},${ids.login}&lang=fr`];

describe('the feeds and calendars of wrangler dev, through outside validators', () => {
  it('the validators themselves refuse what is wrong: an Atom entry without id, an event without ORGANIZER', async () => {
    const atom = await served('/history.atom');
    expect(relaxNg(atom).ok).toBe(true);
    const broken = relaxNg(atom.replace(/<id>tag:[^<]*<\/id>/, ''));
    expect(broken.ok).toBe(false);
    expect(broken.output).toMatch(/entry/);
    const ics = await served('/maintenances.ics');
    const orphan = libical(ics.replace(/\r\nORGANIZER[^\r]*(\r\n [^\r]*)*/g, ''));
    expect(orphan.ok).toBe(false);
    expect(orphan.output).toContain('Failed iTIP restrictions for ORGANIZER property');
  });

  it('every Atom document is valid against RFC 4287’s RELAX NG schema, and RSS is well-formed with its required elements', async () => {
    for (const query of queries()) {
      const atom = await served(`/history.atom${query}`);
      const verdict = relaxNg(atom);
      expect(verdict.output, `/history.atom${query}`).toMatch(/validates/);
      expect(verdict.ok, `/history.atom${query}: ${verdict.output}`).toBe(true);
      expect(atom).toMatch(/<entry>/);
      // Tag URIs name the host only, though the page is served on :8811.
      expect(atom).not.toMatch(/<id>tag:localhost:/);
      expect(atom).toMatch(/<id>tag:localhost,\d{4}-\d{2}-\d{2}:(incident|maintenance)\/[a-z0-9]+<\/id>/);

      const rss = await served(`/history.rss${query}`);
      expect(wellFormed(rss).ok, `/history.rss${query}`).toBe(true);
      // RSS 2.0: a channel has title, link and description; an item, a title or a description.
      const channel = rss.slice(rss.indexOf('<channel>'), rss.indexOf('<item>'));
      for (const element of ['<title>', '<link>', '<description>']) expect(channel, `${query} ${element}`).toContain(element);
      for (const item of rss.split('<item>').slice(1)) expect(item).toMatch(/<title>|<description>/);

      // JSON Feed 1.1: version, title and items at the top; each item an id and content_html or content_text.
      const json = JSON.parse(await served(`/feed.json${query}`));
      expect(json.version).toBe('https://jsonfeed.org/version/1.1');
      expect(typeof json.title).toBe('string');
      expect(json.items.length).toBeGreaterThan(0);
      for (const item of json.items) {
        expect(typeof item.id).toBe('string');
        expect(typeof (item.content_html ?? item.content_text)).toBe('string');
      }
    }
  });

  it('libical reads /maintenances.ics in every language and scope with no error and the iTIP restrictions of PUBLISH met', async () => {
    for (const query of queries()) {
      const ics = await served(`/maintenances.ics${query}`);
      const verdict = libical(ics);
      expect(verdict.ok, `/maintenances.ics${query}: ${verdict.output}`).toBe(true);
      expect(verdict.output).toMatch(/events=[1-9]/);
      expect(ics).toContain('METHOD:PUBLISH');
    }
  });

  it('libical reads /maintenances/:id.ics and every e-mail’s .ics, the cancellation as a CANCEL, with no error', async () => {
    const single = libical(await served(`/maintenances/${ids.move}.ics`));
    expect(single.ok, `/maintenances/:id.ics: ${single.output}`).toBe(true);

    for (const to of ['en@example.com', 'fr@example.com']) {
      const mails = await calendarMail(to, 3);
      expect(mails).toHaveLength(3);
      expect(mails.filter((m) => m.ics.includes('\r\nMETHOD:CANCEL\r\n'))).toHaveLength(1);
      for (const { subject, ics } of mails) {
        const verdict = libical(ics);
        expect(verdict.ok, `${to} ${subject}: ${verdict.output}`).toBe(true);
      }
    }
  });
});
