import { describe, expect, it } from 'vitest';
import { fingerprint } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { ADMIN_TOKEN, DAY, harness, ok } from '../support/harness';

const CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
};

type Case = { story: string; method: string; path: string; body?: BodyInit; type?: string | null; status: number };

describe('bad input gets a clear 4xx and writes nothing', async () => {
  const json = (value: unknown) => JSON.stringify(value);

  it('every case in the table', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const { api, crawlers, platform } = await makeCatalogue(h);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'Slow', body: 'Slow API.', components: { [api.id]: 'degraded_performance' } }),
    ).incident;
    const window = { scheduled_for: '2026-12-05T07:00:00Z', scheduled_until: '2026-12-06T19:00:00Z' };
    const maintenance = ok(
      await h.api('POST', '/maintenances', { name: 'Move', ...window, components: { [crawlers.id]: 'under_maintenance' } }),
    ).maintenance;

    const cases: Case[] = [
      { story: 'malformed JSON', method: 'POST', path: '/components', body: '{"name":', status: 400 },
      { story: 'not UTF-8', method: 'POST', path: '/components', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400 },
      { story: 'a text/plain body', method: 'POST', path: '/components', body: json({ name: 'X' }), type: 'text/plain', status: 415 },
      { story: 'no content type', method: 'POST', path: '/components', body: json({ name: 'X' }), type: null, status: 415 },
      {
        story: 'a form body',
        method: 'POST',
        path: '/incidents',
        body: 'name=X&body=Y',
        type: 'application/x-www-form-urlencoded',
        status: 415,
      },
      { story: 'a body over 256 KiB', method: 'POST', path: '/components', body: json({ name: 'x'.repeat(300_000) }), status: 413 },
      { story: 'a name of the wrong type', method: 'POST', path: '/components', body: json({ name: 42 }), status: 422 },
      { story: 'an empty name', method: 'POST', path: '/components', body: json({ name: '' }), status: 422 },
      { story: 'a blank name', method: 'POST', path: '/components', body: json({ name: '   ' }), status: 422 },
      { story: 'an unknown field', method: 'POST', path: '/components', body: json({ name: 'X', colour: 'red' }), status: 422 },
      { story: 'an unknown status', method: 'POST', path: '/components', body: json({ name: 'X', status: 'broken' }), status: 422 },
      { story: 'an unknown group', method: 'POST', path: '/components', body: json({ name: 'X', group_id: 'nosuchgroup' }), status: 422 },
      { story: 'a JSON array', method: 'POST', path: '/groups', body: json([]), status: 422 },
      { story: 'JSON null', method: 'POST', path: '/groups', body: 'null', status: 422 },
      { story: 'an unknown component id', method: 'PATCH', path: '/components/nosuchcomponent', body: json({ name: 'X' }), status: 404 },
      { story: 'an id that cannot exist', method: 'PATCH', path: '/components/DROP%20TABLE', body: json({ name: 'X' }), status: 404 },
      { story: 'an unknown group to delete', method: 'DELETE', path: '/groups/nosuchgroup', status: 404 },
      {
        story: 'an incident naming an unknown component',
        method: 'POST',
        path: '/incidents',
        body: json({ name: 'X', body: 'Y', components: { nosuch: 'major_outage' } }),
        status: 422,
      },
      {
        story: 'an incident with a bad component status',
        method: 'POST',
        path: '/incidents',
        body: json({ name: 'X', body: 'Y', components: { [api.id]: 'on_fire' } }),
        status: 422,
      },
      { story: 'an incident without text', method: 'POST', path: '/incidents', body: json({ name: 'X' }), status: 422 },
      {
        story: 'an incident name of 10,000 characters',
        method: 'POST',
        path: '/incidents',
        body: json({ name: 'n'.repeat(10_000), body: 'Y' }),
        status: 422,
      },
      {
        story: 'an update to an unknown incident',
        method: 'POST',
        path: '/incidents/nosuchincident/updates',
        body: json({ status: 'resolved', body: 'Y' }),
        status: 404,
      },
      {
        story: 'an update with an unknown status',
        method: 'POST',
        path: `/incidents/${incident.id}/updates`,
        body: json({ status: 'exploded', body: 'Y' }),
        status: 422,
      },
      {
        story: 'a postmortem on an open incident',
        method: 'POST',
        path: `/incidents/${incident.id}/updates`,
        body: json({ status: 'postmortem', body: 'Y' }),
        status: 409,
      },
      {
        story: 'a backfill that ends before it starts',
        method: 'POST',
        path: '/incidents/backfill',
        body: json({ name: 'X', impact: 'minor', body: 'Y', started_at: '2026-11-10T10:00:00Z', resolved_at: '2026-11-10T09:00:00Z' }),
        status: 422,
      },
      {
        story: 'a window that ends before it starts',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', scheduled_for: window.scheduled_until, scheduled_until: window.scheduled_for }),
        status: 422,
      },
      {
        story: 'a start that is not a date',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', scheduled_for: 'next saturday', scheduled_until: window.scheduled_until }),
        status: 422,
      },
      {
        story: 'a time without an offset',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', scheduled_for: '2026-12-05T08:00:00', scheduled_until: window.scheduled_until }),
        status: 422,
      },
      {
        story: 'a negative reminder',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', ...window, reminders: [-5] }),
        status: 422,
      },
      {
        story: 'the same reminder twice',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', ...window, reminders: [60, 60] }),
        status: 422,
      },
      {
        story: 'a reminder that is not a number',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', ...window, reminders: ['soon'] }),
        status: 422,
      },
      {
        story: 'a window already over',
        method: 'POST',
        path: '/maintenances',
        body: json({ name: 'X', scheduled_for: '2026-11-01T08:00:00Z', scheduled_until: '2026-11-02T08:00:00Z' }),
        status: 422,
      },
      {
        story: 'a 40-day window',
        method: 'POST',
        path: '/maintenances',
        body: json({
          name: 'X',
          scheduled_for: window.scheduled_for,
          scheduled_until: new Date(Date.parse(window.scheduled_for) + 40 * DAY).toISOString(),
        }),
        status: 422,
      },
      {
        story: 'completing a maintenance that has not started',
        method: 'POST',
        path: `/maintenances/${maintenance.id}/updates`,
        body: json({ status: 'completed' }),
        status: 409,
      },
      {
        story: 'rescheduling to an invalid date',
        method: 'PATCH',
        path: `/maintenances/${maintenance.id}`,
        body: json({ scheduled_for: '2026-02-30T08:00:00Z' }),
        status: 422,
      },
      { story: 'a limit that is not a number', method: 'GET', path: '/incidents?limit=abc', status: 422 },
      { story: 'a limit too large', method: 'GET', path: '/incidents?limit=1000', status: 422 },
      { story: 'an unknown query parameter', method: 'GET', path: '/maintenances?sort=name', status: 422 },
      { story: 'a token without a name', method: 'POST', path: '/tokens', body: json({}), status: 422 },
      { story: 'a time zone that does not exist', method: 'PATCH', path: '/page', body: json({ time_zone: 'Mars/Olympus' }), status: 422 },
      { story: 'a group renamed to nothing', method: 'PATCH', path: `/groups/${platform.id}`, body: json({ name: '' }), status: 422 },
    ];
    expect(cases.length).toBeGreaterThanOrEqual(20);

    const before = await fingerprint();
    for (const c of cases) {
      const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
      if (c.body !== undefined && c.type !== null) headers['content-type'] = c.type ?? 'application/json';
      const res = await h.fetch(`/api/v1${c.path}`, { method: c.method, headers, body: c.body });
      expect(res.status, c.story).toBe(c.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error, c.story).toMatchObject({ code: CODES[c.status], message: expect.any(String) });
      expect(body.error.message.length, c.story).toBeGreaterThan(5);
    }
    expect(await fingerprint()).toEqual(before);
  });
});
