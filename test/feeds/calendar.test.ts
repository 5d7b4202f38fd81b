import ICAL from 'ical.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { calendarOrganizer, maintenanceCalendar } from '../../src/present/icalendar';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage, MOVE_WINDOW, makeStatusStory } from '../support/status-story';

const octets = (line: string) => new TextEncoder().encode(line).length;

async function calendarText(h: ReturnType<typeof harness>): Promise<string> {
  const response = await h.fetch('/maintenances.ics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  return response.text();
}

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('/maintenances.ics', () => {
  beforeEach(emptyPage);

  it('is an RFC 5545 calendar of upcoming and recent maintenance that ical.js reads', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const text = await calendarText(h);
    const { calendar, events: list } = events(text);

    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Forewarn//Status page//EN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme Intel maintenance');
    expect(list.map((e) => e.uid).sort()).toEqual(
      [story.upcoming, story.running, story.cancelled, story.completed].map((m) => `${m.id}@status.example.com`).sort(),
    );
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      for (const required of ['uid', 'dtstamp', 'dtstart', 'dtend', 'summary', 'sequence', 'status']) {
        expect(vevent.hasProperty(required), required).toBe(true);
      }
    }

    const move = list.find((e) => e.uid.startsWith(story.upcoming.id))!;
    expect(move.summary).toBe('Data-centre move');
    expect(move.startDate.toJSDate().toISOString()).toBe(MOVE_WINDOW.scheduled_for);
    expect(move.endDate.toJSDate().toISOString()).toBe(MOVE_WINDOW.scheduled_until);
    expect(move.sequence).toBe(0);
    expect(move.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(move.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
    expect(move.component.getFirstPropertyValue('url')).toBe(`https://status.example.com/maintenances/${story.upcoming.id}`);
    expect(move.description).toContain('When: 5 Dec 2026, 08:00 CET to 6 Dec 2026, 20:00 CET');
    expect(move.description).toContain('- Public API: partial outage');

    const cancelled = list.find((e) => e.uid.startsWith(story.cancelled.id))!;
    expect(cancelled.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled.summary).toBe('Cancelled: Mail relay swap');
    expect(cancelled.sequence).toBe(1);
  });

  it('uses CRLF line endings and folds lines at 75 octets without splitting characters', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const long = `Réseau ${'déménagement é€ 😀 '.repeat(20)}`;
    ok(
      await h.api('POST', '/maintenances', {
        name: long.slice(0, 180),
        body: `${long}\nSecond line; with, specials\\`,
        scheduled_for: '2026-12-01T08:00:00.000Z',
        scheduled_until: '2026-12-01T09:00:00.000Z',
      }),
    );
    const text = await calendarText(h);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(octets(line), line).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);

    const { events: list } = events(text);
    expect(list[0]!.summary).toBe(long.slice(0, 180));
    expect(list[0]!.description).toContain(`${long}\nSecond line; with, specials\\`);
  });

  it('keeps the UID and raises SEQUENCE when the maintenance is rescheduled', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const m = ok(await h.api('POST', '/maintenances', { name: 'Move', ...MOVE_WINDOW })).maintenance;
    const before = events(await calendarText(h)).events[0]!;

    h.clock.advance(MINUTE);
    ok(
      await h.api('PATCH', `/maintenances/${m.id}`, {
        scheduled_for: '2026-12-12T07:00:00.000Z',
        scheduled_until: '2026-12-13T19:00:00.000Z',
      }),
    );
    const after = events(await calendarText(h)).events[0]!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBe(before.sequence + 1);
    expect(after.startDate.toJSDate().toISOString()).toBe('2026-12-12T07:00:00.000Z');
    expect(after.component.getFirstPropertyValue('dtstamp')!.toString()).not.toBe(
      before.component.getFirstPropertyValue('dtstamp')!.toString(),
    );
  });

  it('builds the same VEVENT for an e-mail attachment as for the feed', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const feed = events(await calendarText(h)).events.find((e) => e.uid.startsWith(story.upcoming.id))!;
    const { readSnapshot } = await import('../../src/services/snapshot');
    const snapshot = await readSnapshot(h.env, h.clock.now());
    const move = snapshot.maintenances.find((m) => m.id === story.upcoming.id)!;
    const single = maintenanceCalendar(snapshot.page, [move], {
      method: 'PUBLISH',
      baseUrl: 'https://status.example.com',
      organizer: calendarOrganizer(snapshot.page.name, h.env.MAIL_FROM),
      componentNames: new Map(snapshot.components.map((c) => [c.id, c.name])),
    });
    const attached = events(single).events[0]!;
    expect(attached.component.toString()).toBe(feed.component.toString());
  });
});
