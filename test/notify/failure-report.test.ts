// The line a queue batch writes to the Worker's logs when sends fail (delivery.ts failureReport):
// the relay's first answer with every address masked but the sender's own.
import { describe, expect, it } from 'vitest';
import { failureReport, noFailures } from '../../src/notify/delivery';

const FROM = { MAIL_FROM: 'Acme Status <Status@status.example.com>', BOUNCE_ADDRESS: 'bounces@status.example.com' };
const report = (first: string, counts: Partial<ReturnType<typeof noFailures>> = { givenUp: 1 }) =>
  failureReport({ ...noFailures(), ...counts, first }, FROM);

describe('the failure report', () => {
  it('masks a reader’s address in every form relays write it, and keeps the sender’s', () => {
    const cases: [string, string][] = [
      ['550 5.1.1 <ada@example.com>: Recipient address rejected', '550 5.1.1 <***>: Recipient address rejected'],
      ['550 5.1.1 rfc822;ada@example.com unknown', '550 5.1.1 rfc822;*** unknown'],
      ['550 mailbox "ada lovelace"@example.com unavailable', '550 mailbox *** unavailable'],
      ["550 o'brien@example.com: no such user", '550 ***: no such user'],
      ['550 user@[192.0.2.1] refused', '550 *** refused'],
      ['553 5.7.1 <status@STATUS.example.com>: Sender address rejected', '553 5.7.1 <status@STATUS.example.com>: Sender address rejected'],
      // A return address (BOUNCE_ADDRESS's, with a delivery in its detail) is our sender too; its detail is not logged.
      [
        '553 5.7.1 <bounces+d1.abcdefghijklmnop@status.example.com>: Sender address rejected',
        '553 5.7.1 <bounces+***@status.example.com>: Sender address rejected',
      ],
      ['550 5.1.1 <bounces+d1@other.example.com> unknown', '550 5.1.1 <***> unknown'],
      ['421 4.7.0 try again later', '421 4.7.0 try again later'],
    ];
    for (const [answer, logged] of cases) expect(report(answer)?.split('; the first: ')[1], answer).toBe(logged);
  });

  it('counts what will be tried again, what was given up, and what the relay being down left untried; nothing to say when nothing failed', () => {
    expect(report('421 busy', { retried: 1, untried: 9 })).toBe(
      'notify: 1 send failed in this batch (1 to be tried again, 0 given up, 9 more handed back untried, the relay being down); the first: 421 busy',
    );
    expect(report('550 no', { retried: 2, givenUp: 1 })).toMatch(
      /^notify: 3 sends failed in this batch \(2 to be tried again, 1 given up\)/,
    );
    expect(failureReport(noFailures(), FROM)).toBeNull();
  });
});
