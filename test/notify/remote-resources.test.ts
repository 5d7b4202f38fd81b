// Every e-mail, of every template and in both languages, as a subscriber receives it: its HTML
// loads nothing (no web font, stylesheet or image: each would tell a third party who opened it,
// and when) and links only to the status page and mailto:.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TemplateName } from '../../src/notify/templates.generated';
import { TEMPLATE_NAMES } from '../../src/notify/templates.generated';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { BASE, DAY, HOUR, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// Attributes whose value a mail client loads or follows.
const URL_ATTRIBUTES = new Set(['src', 'href', 'background', 'srcset', 'poster', 'action', 'formaction', 'data', 'lowsrc', 'dynsrc']);

/**
 * Every URL `html` loads or links to, read by workerd's own HTML parser (HTMLRewriter): URL
 * attributes, any other attribute holding a URL, CSS `url()` and `@import` in style attributes and
 * <style>, and the markup inside Outlook's conditional comments.
 */
async function references(html: string): Promise<string[]> {
  const found: string[] = [];
  const css = (text: string) => {
    for (const m of text.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)/gi)) found.push((m[1] ?? m[2])!.trim());
  };
  const conditional: string[] = [];
  let style = '';
  await new HTMLRewriter()
    .on('*', {
      element(e) {
        for (const [name, raw] of e.attributes) {
          const value = raw.replace(/&amp;/g, '&').trim();
          if (name === 'style') css(value);
          else if (name === 'srcset') found.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!));
          else if (URL_ATTRIBUTES.has(name)) found.push(value);
          else if (!name.startsWith('xmlns') && /(^|\W)(\w+:)?\/\//.test(value)) found.push(value);
        }
      },
    })
    .on('style', {
      text(t) {
        style += t.text;
        if (t.lastInTextNode) {
          css(style);
          style = '';
        }
      },
    })
    .onDocument({
      comments(c) {
        const inner = c.text.match(/^\s*\[if [^\]]*\]>([\s\S]*)<!\[endif\]\s*$/)?.[1];
        if (inner) conditional.push(inner);
      },
    })
    .transform(new Response(html))
    .text();
  for (const inner of conditional) found.push(...(await references(inner)));
  return found;
}

const ownLink = (url: string): boolean => url === BASE || url.startsWith(`${BASE}/`) || url.startsWith('mailto:');

// Typed by template, so a new template fails to compile here until its e-mail is in the story.
const ENGLISH_SUBJECTS: Record<TemplateName, string> = {
  confirmation: 'Confirm your subscription to Acme Intel',
  'maintenance-scheduled': '[Scheduled] Database upgrade',
  'maintenance-reminder': '[Reminder] Database upgrade starts in 1 hour',
  'maintenance-started': '[In progress] Database upgrade',
  'maintenance-update': '[Update] Database upgrade',
  'maintenance-completed': '[Completed] Database upgrade',
  // Moved a week later: the reschedule's words for a postponement.
  'maintenance-rescheduled': '[Postponed] Rack move',
  'maintenance-cancelled': '[Cancelled] Rack move',
  'incident-created': '[Investigating] API errors',
  'incident-update': '[Monitoring] API errors',
  'incident-resolved': '[Resolved] API errors',
  'incident-postmortem': '[Postmortem] API errors',
};

describe('no remote resource in any e-mail', () => {
  beforeEach(emptyPage);

  it('the reference reader finds fonts, stylesheets, images and CSS URLs, Outlook-only ones too', async () => {
    const html = `<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head>
      <!--[if !mso]><!--><link href="https://fonts.googleapis.com/css?family=Ubuntu" rel="stylesheet"><!--<![endif]-->
      <!--[if mso]><v:image src="https://cdn.example/outlook.png" /><![endif]-->
      <style>@import url(https://fonts.googleapis.com/css?family=Roboto); .x { background: url('//cdn.example/bg.png') }</style>
      </head><body background="http://cdn.example/body.png"><img src="https://track.example/open.gif"
      srcset="https://cdn.example/a.png 1x, https://cdn.example/b.png 2x"><div style="background-image:url(https://cdn.example/c.png)"></div>
      <a href="${BASE}/incidents/abc">ok</a><a href="mailto:status@example.com">ok</a></body></html>`;
    expect((await references(html)).filter((url) => !ownLink(url)).sort()).toEqual([
      '//cdn.example/bg.png',
      'http://cdn.example/body.png',
      'https://cdn.example/a.png',
      'https://cdn.example/b.png',
      'https://cdn.example/c.png',
      'https://cdn.example/outlook.png',
      'https://fonts.googleapis.com/css?family=Roboto',
      'https://fonts.googleapis.com/css?family=Ubuntu',
      'https://track.example/open.gif',
    ]);
  });

  it('every template, in English and in French, links only to the status page and mailto:', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const { api, crawlers } = await makeCatalogue(h);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'en@example.com', locale: 'en', time_zone: 'UTC' },
          { email: 'fr@example.com', locale: 'fr', time_zone: 'Europe/Paris' },
        ],
      }),
    );
    for (const [email, locale] of [
      ['new-en@example.com', 'en'],
      ['new-fr@example.com', 'fr'],
    ]) {
      await h.fetch('/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: email!, locale: locale! }).toString(),
      });
    }

    // A maintenance the clock runs, with a reminder and an update; another moved, then called off.
    const upgrade = await makeMaintenance(h, {
      name: 'Database upgrade',
      body: 'Writes pause for the upgrade.',
      scheduled_for: '2026-11-21T09:00:00.000Z',
      scheduled_until: '2026-11-21T11:00:00.000Z',
      components: { [api.id]: 'under_maintenance' },
      reminders: [60],
    });
    const move = await makeMaintenance(h, { name: 'Rack move', components: { [crawlers.id]: 'under_maintenance' } });
    await h.drainQueue();
    h.clock.advance(HOUR);
    await h.tick();
    // The reminder goes out at once: one sent after the start would be skipped.
    await h.drainQueue();
    h.clock.advance(HOUR);
    await h.tick();
    ok(await h.api('POST', `/maintenances/${upgrade.id}/updates`, { status: 'in_progress', body: 'Half way.' }));
    await h.drainQueue();
    h.clock.advance(2 * HOUR);
    await h.tick();
    const later = { scheduled_for: '2026-12-12T07:00:00.000Z', scheduled_until: '2026-12-12T11:00:00.000Z' };
    ok(await h.api('PATCH', `/maintenances/${move.id}`, later));
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'The racks are late.' }));
    // An incident from start to postmortem.
    const { incident } = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [api.id]: 'major_outage' } }),
    );
    for (const status of ['monitoring', 'resolved', 'postmortem']) {
      h.clock.advance(HOUR);
      ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status, body: `Now ${status}.` }));
    }
    h.clock.advance(DAY);
    await h.drainQueue();

    const english = [...(await mail.messages('new-en@example.com')), ...(await mail.messages('en@example.com'))];
    expect(new Set(english.map((m) => m.subject))).toEqual(new Set([...Object.values(ENGLISH_SUBJECTS), '[Scheduled] Rack move']));
    expect(Object.keys(ENGLISH_SUBJECTS).sort()).toEqual([...TEMPLATE_NAMES].sort());
    const french = [...(await mail.messages('new-fr@example.com')), ...(await mail.messages('fr@example.com'))];
    expect(french).toHaveLength(english.length);
    expect(french.every((m) => m.html?.includes('<html lang="fr"'))).toBe(true);

    for (const m of [...english, ...french]) {
      const urls = await references(m.html!);
      const elsewhere = urls.filter((url) => !ownLink(url));
      expect(elsewhere, `${m.to}: ${m.subject}`).toEqual([]);
      // The reader did read the links there are: the page's own, at least its address.
      expect(urls).toContain(BASE);
      expect(m.html).not.toMatch(/fonts\.googleapis|Ubuntu|Roboto/);
    }
  });
});
