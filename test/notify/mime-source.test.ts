import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { type Attachment, mailOptions, prebuilt } from '../../src/notify/compose';
import { mimeSource } from '../../src/notify/mime-source';

const envelope = {
  from: 'Forewarn <status@forewarn.localhost>',
  to: 'chloe@example.fr',
  date: new Date('2026-11-21T07:00:00.000Z'),
  messageId: '<notice.n1.s1@forewarn.localhost>',
  inReplyTo: '<maintenance.m1.s1@forewarn.localhost>',
  unsubscribe: {
    url: 'https://status.example.com/unsubscribe/m.s1.abc',
    mailto: 'mailto:unsubscribe@example.com?subject=unsubscribe%20m.s1.abc',
  },
  deliveryId: 'd1',
};
const calendar: Attachment = {
  filename: 'maintenance.ics',
  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  content: `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Annulée : Déménagement\r\nDESCRIPTION:${'Une longue ligne. '.repeat(8)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`,
};
const longLine = `${'Le centre de données déménage — les robots attendent. '.repeat(6)} https://status.example.com/manage/m.s1.${'x'.repeat(43)} `;

/** The source nodemailer's streamed build gives and the one-pass source, from the same compiled tree. */
async function bothSources(options: SendMailOptions) {
  const node = new MailComposer({ ...options, baseBoundary: 'b' } as SendMailOptions).compile();
  const once = mimeSource(node);
  return { once: once?.toString('utf8'), streamed: (await node.build()).toString('utf8') };
}

describe('the MIME source of an e-mail, written in one pass', () => {
  it('is byte for byte what nodemailer builds: headers, quoted-printable text and HTML, the calendar', async () => {
    const mail = {
      subject: '[Planifiée] Déménagement du centre de données, une longue ligne de sujet qui se replie',
      text: `Bonjour.\n\n${longLine}\nTrailing space \nFin.`,
      html: `<p>Bonjour.</p>\n<p>${longLine}</p>\t\n<p>=3D ☃ 日本語</p>`,
    };
    for (const attachments of [[], [calendar], [prebuilt(calendar)]]) {
      const { once, streamed } = await bothSources(mailOptions(mail, envelope, attachments));
      expect(once).toBeDefined();
      expect(once).toBe(streamed);
    }
  });

  it('matches for text nodemailer picks its own encoding for, plain ASCII and mostly non-Latin', async () => {
    for (const text of ['Plain ASCII only.', '日本語のテキストです。'.repeat(20), '']) {
      const { once, streamed } = await bothSources({ from: envelope.from, to: envelope.to, subject: 's', text, html: `<p>${text}</p>` });
      expect(once).toBe(streamed);
    }
  });

  it('leaves content only a stream can read to the streamed build', () => {
    const node = new MailComposer({ from: envelope.from, to: envelope.to, text: { path: '/etc/hostname' } } as SendMailOptions).compile();
    expect(mimeSource(node)).toBeNull();
  });
});
