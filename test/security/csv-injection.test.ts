// CSV injection: an address a stranger types into the subscribe form may begin with + or - (the
// local part allows both), which a spreadsheet opening the operator's export reads as a formula.
// Every cell that could start one goes out behind a single quote (OWASP), and comes back off on
// import, so the export still imports back unchanged.
import { beforeEach, describe, expect, it } from 'vitest';
import { adminClient, textOf } from '../admin-ui/client';
import { rows } from '../support/db';
import { ADMIN_TOKEN, BASE, harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const FORMULAS = ['-2+3@example.com', '+1+1@example.com', "'quoted@example.com"];

/** Every CSV cell, quotes undone (RFC 4180), row by row. */
function cells(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')))
    .map((row) => row.slice(0, 8));
}

describe('the subscriber CSV export', () => {
  beforeEach(emptyPage);

  it('writes no cell a spreadsheet would run, from the admin API and the admin UI, and imports back unchanged', async () => {
    const h = harness();
    // A stranger, through the public form.
    const form = await h.fetch('/subscribe', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        origin: BASE,
        'sec-fetch-site': 'same-origin',
      },
      body: new URLSearchParams({ email: FORMULAS[0]!, locale: 'en' }),
    });
    expect(form.status).toBe(202);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [...FORMULAS.slice(1), 'plain@example.com'].map((email) => ({ email })),
      }),
    );

    const api = await h.fetch('/api/v1/subscribers/export?format=csv', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    const admin = adminClient(h);
    await admin.signIn();
    const ui = await admin.get('/admin/subscribers/export.csv');
    expect(ui.status).toBe(200);

    for (const csv of [await api.text(), ui.html]) {
      const emails = cells(csv)
        .slice(1)
        .map((row) => row[0])
        .sort();
      expect(emails).toEqual(["''quoted@example.com", "'+1+1@example.com", "'-2+3@example.com", 'plain@example.com']);
      for (const row of cells(csv)) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    }

    // Imported back, every address reads as it was written: with the guard left on, "'-2+3@…"
    // would be a valid address of its own, and a fifth subscriber.
    await admin.get('/admin/subscribers');
    const upload = new FormData();
    upload.set('_csrf', admin.csrf ?? '');
    upload.set('file', new File([ui.html], 'subscribers.csv', { type: 'text/csv' }));
    upload.set('csv', '');
    upload.set('confirmed', 'on');
    upload.set('mode', 'import');
    const imported = await admin.send('POST', '/admin/subscribers/import', upload);
    expect(imported.status, textOf(imported.html).slice(0, 500)).toBeLessThan(400);
    const stored = await rows<{ email: string }>('SELECT email FROM subscribers ORDER BY email');
    expect(stored.map((r) => r.email).sort()).toEqual([...FORMULAS, 'plain@example.com'].sort());
  });
});
