import type { SendMailOptions } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { type Attachment, buildMessage, mailOptions, prebuilt } from '../../src/notify/compose';

const envelope = {
  from: 'Forewarn <status@forewarn.localhost>',
  to: 'chloe@example.fr',
  date: new Date('2026-11-21T07:00:00.000Z'),
  messageId: '<maintenance.m1.s1@forewarn.localhost>',
};
const mail = { subject: '[Planifiée] Déménagement', text: 'Bonjour.\n', html: '<p>Bonjour.</p>' };
const calendar: Attachment = {
  filename: 'maintenance.ics',
  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  content: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Annulée : Déménagement\r\nDESCRIPTION:${'Une longue ligne. '.repeat(8)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
};

describe('an attachment built once for many messages', () => {
  it('goes into a message as the very bytes nodemailer would have encoded there', async () => {
    // One boundary for both messages, so that their sources compare byte for byte.
    const source = (attachment: Attachment) =>
      buildMessage({ ...mailOptions(mail, envelope, [attachment]), baseBoundary: 'b' } as SendMailOptions);
    const ready = prebuilt(calendar);
    expect(ready.raw).toMatch(/^Content-Type: text\/calendar/);
    expect(await source(ready)).toBe(await source(calendar));
  });
});
