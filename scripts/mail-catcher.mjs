// A local mail catcher: an SMTP server on loopback that keeps every message it is sent, parsed
// with mailparser, and a small web page listing them. `npm start` runs it; the tests run one per
// scenario, with `control: true`, so that they can take the server down and bring it back.
// Standalone: `node scripts/mail-catcher.mjs [smtpPort] [httpPort]`.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const HOST = '127.0.0.1';

const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The JSON view of one caught message: what a test or a curious developer wants to read. */
function messageJson(m) {
  const p = m.parsed;
  return {
    id: m.id,
    received_at: m.receivedAt,
    envelope: m.envelope,
    message_id: p.messageId ?? null,
    in_reply_to: p.inReplyTo ?? null,
    references: p.references ?? null,
    date: p.date ? p.date.toISOString() : null,
    from: p.from?.text ?? null,
    to: p.to
      ? [p.to]
          .flat()
          .map((a) => a.text)
          .join(', ')
      : null,
    subject: p.subject ?? null,
    text: p.text ?? null,
    html: typeof p.html === 'string' ? p.html : null,
    header_lines: p.headerLines.map((h) => h.line),
    content_type: p.headers.get('content-type')?.value ?? null,
    attachments: p.attachments.map((a) => ({
      filename: a.filename ?? null,
      content_type: a.contentType,
      content_disposition: a.contentDisposition ?? null,
      content: a.content.toString('utf8'),
    })),
    raw: m.raw,
  };
}

function listPage(messages) {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.envelope.to.join(', '))}</td>` +
        `<td><a href="/messages/${m.id}">${escapeHtml(m.parsed.subject ?? '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}</style></head>
<body><h1>Caught mail (${messages.length})</h1><p>Nothing here leaves this machine.</p>
<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows || '<tr><td colspan="3">No mail yet.</td></tr>'}</tbody></table></body></html>`;
}

function messagePage(m) {
  const j = messageJson(m);
  const attachments = j.attachments.map((a) => `<li>${escapeHtml(a.filename)} (${escapeHtml(a.content_type)})</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(j.subject)}</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}iframe{width:100%;height:60vh;border:1px solid #ddd}</style></head>
<body><p><a href="/">← all mail</a> · <a href="/messages/${m.id}.eml">source</a></p>
<h1>${escapeHtml(j.subject)}</h1><p>From ${escapeHtml(j.from)} to ${escapeHtml(j.to)}, ${escapeHtml(j.date)}</p>
${attachments ? `<p>Attachments:</p><ul>${attachments}</ul>` : ''}
<h2>HTML</h2><iframe sandbox src="/messages/${m.id}.html" title="HTML part"></iframe>
<h2>Text</h2><pre>${escapeHtml(j.text)}</pre>
<h2>Headers</h2><pre>${escapeHtml(j.header_lines.join('\n'))}</pre></body></html>`;
}

/** What a recipient's server says when it bounces an address later, by enhanced status code. */
const LATER_WORDS = {
  '5.1.1': '550 5.1.1 <{to}>: Recipient address rejected: User unknown in local recipient table',
  '5.2.1': '550 5.2.1 <{to}>: Mailbox disabled, not accepting messages',
  '5.2.2': '552 5.2.2 <{to}>: Mailbox full',
  '5.7.1': '550 5.7.1 Message rejected as spam by Content Filtering',
  '4.4.1': '421 4.4.1 Connection timed out',
};

/**
 * The delivery status notification (RFC 3464) a server sends to the envelope sender when it took a
 * message and could not deliver it after all, laid out as Postfix writes one: the words for
 * people, the delivery status, and the returned message's headers.
 */
export function deliveryReport({ id, envelopeFrom, recipient, rawMessage, status = '5.1.1', at = new Date() }) {
  const delayed = status.startsWith('4.');
  const reply = (LATER_WORDS[status] ?? `550 ${status} <{to}>: Refused`).replace('{to}', recipient);
  const boundary = `report.${id}.catcher`;
  const headers = rawMessage.split(/\r?\n\r?\n/)[0];
  const date = at.toUTCString().replace('GMT', '+0000');
  return [
    'From: MAILER-DAEMON@catcher.localhost (Mail Delivery System)',
    `To: ${envelopeFrom}`,
    `Subject: ${delayed ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'}`,
    `Date: ${date}`,
    `Message-ID: <report.${id}@catcher.localhost>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host catcher.localhost.',
    '',
    delayed
      ? 'Your message could not be delivered yet. It will be retried until it is 5 days old.'
      : "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    '',
    `<${recipient}>: host mx.recipient.localhost said: ${reply}`,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; catcher.localhost',
    `X-Postfix-Sender: rfc822; ${envelopeFrom}`,
    `Arrival-Date: ${date}`,
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    `Action: ${delayed ? 'delayed' : 'failed'}`,
    `Status: ${status}`,
    'Remote-MTA: dns; mx.recipient.localhost',
    `Diagnostic-Code: smtp; ${reply}`,
    '',
    `--${boundary}`,
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    headers,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/**
 * The complaint (ARF, RFC 5965) a mailbox provider's feedback loop sends when a reader marks a
 * message as spam: a feedback report and the message itself, its recipient's address blanked
 * where `redacted` (as Yahoo's does; Amazon SES forwards them to the envelope sender whole).
 */
export function complaintReport({ id, to, message, redacted = false, at = new Date() }) {
  const boundary = `complaint.${id}.catcher`;
  const recipient = message.envelope.to[0] ?? '';
  const returned = redacted ? message.raw.split(recipient).join('redacted@redacted.invalid') : message.raw;
  const date = at.toUTCString().replace('GMT', '+0000');
  return [
    'From: feedback-loop@fbl.catcher.localhost',
    `To: ${to}`,
    'Subject: Complaint about a message from your domain',
    `Date: ${date}`,
    `Message-ID: <complaint.${id}@fbl.catcher.localhost>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an e-mail abuse report: a reader marked the attached message as spam.',
    '',
    `--${boundary}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: catcher-fbl/1.0',
    'Version: 1',
    `Original-Mail-From: <${message.envelope.from ?? ''}>`,
    `Arrival-Date: ${date}`,
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    returned.replace(/\r?\n$/, ''),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Hands a report to a worker's local email endpoint, as Email Routing would; its HTTP status. */
async function handTo(url, report) {
  const target = new URL(url);
  target.searchParams.set('from', 'MAILER-DAEMON@catcher.localhost');
  target.searchParams.set('to', report.envelope.to);
  try {
    const response = await fetch(target, { method: 'POST', body: report.raw });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * Starts the catcher. Port 0 picks a free port; the chosen ports are returned. With `control`,
 * the HTTP side also takes the SMTP server down (connections refused), brings it back on the
 * same port, or makes it answer the next transactions with a temporary failure.
 *
 * With `tls` ({ mode: 'implicit' | 'starttls', key, cert }: PEM text), it speaks SMTP over TLS
 * from the first byte or offers STARTTLS, as a relay does. With `throttle` ({ every, code }),
 * every `every`-th transaction is turned away with `code` (454, as Amazon SES says "Throttling
 * failure"). Every transaction's start (MAIL FROM) is timed, for measuring the send rate.
 *
 * An address can also be taken and bounced later (POST /api/smtp/bounce-later): the message is
 * accepted and not kept, and a delivery status notification goes back to its envelope sender, kept
 * (GET /api/reports) and, with `reportTo` (the worker's /cdn-cgi/handler/email under `npm start`),
 * handed to the worker as Email Routing would hand it.
 */
export async function startMailCatcher({
  smtpPort = 2525,
  httpPort = 8025,
  control = false,
  log = false,
  tls = null,
  throttle = null,
  reportTo = null,
} = {}) {
  const messages = [];
  /** Every MAIL FROM: when (ms since the epoch), and the code it was answered with. */
  const transactions = [];
  let nextId = 1;
  let failures = { count: 0, code: 451 };
  /** Addresses refused at RCPT TO as a mailbox that does not exist (550 5.1.1), as a real server does. */
  const unknownMailboxes = new Set();
  /** Addresses taken at RCPT TO and bounced afterwards: address → enhanced status code. */
  const laterBounces = new Map();
  /** The delivery status notifications sent back for them. */
  const reports = [];
  /** A code every new connection is greeted with instead of 220 (a relay that refuses us), or null. */
  let refuseGreeting = null;
  let smtp = null;
  let boundSmtpPort = smtpPort;

  const makeSmtpServer = () =>
    new SMTPServer({
      authOptional: true,
      ...(tls ? { secure: tls.mode === 'implicit', key: tls.key, cert: tls.cert } : { disabledCommands: ['STARTTLS'] }),
      banner: 'Forewarn mail catcher',
      closeTimeout: 50,
      logger: false,
      onConnect(_session, callback) {
        if (refuseGreeting === null) return callback();
        const error = new Error('Access denied: this client may not send here');
        error.responseCode = refuseGreeting;
        callback(error);
      },
      onMailFrom(address, session, callback) {
        const transaction = { at: Date.now(), code: 250, secure: Boolean(session.secure) };
        transactions.push(transaction);
        const refuse = (code, message) => {
          transaction.code = code;
          const error = new Error(message);
          error.responseCode = code;
          return callback(error);
        };
        if (failures.count > 0) {
          failures.count -= 1;
          // A refusal for good names the sender, as relays do when MAIL FROM is not theirs to send.
          const why =
            failures.code >= 500
              ? `5.7.1 <${address.address}>: Sender address rejected: not owned by this account`
              : 'Temporarily unavailable, try again later';
          return refuse(failures.code, why);
        }
        if (throttle && transactions.length % throttle.every === 0) {
          return refuse(throttle.code ?? 454, 'Throttling failure: Maximum sending rate exceeded.');
        }
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (!unknownMailboxes.has(address.address.toLowerCase())) return callback();
        // Postfix's words for a mailbox it does not have.
        const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`);
        error.responseCode = 550;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', async () => {
          try {
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = await simpleParser(raw);
            const message = {
              id: nextId++,
              receivedAt: new Date().toISOString(),
              envelope: { from: session.envelope.mailFrom?.address ?? null, to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              parsed,
            };
            const bounced = message.envelope.to.filter((to) => laterBounces.has(to.toLowerCase()));
            if (bounced.length < message.envelope.to.length) messages.push(message);
            if (log) console.log(`mail: "${parsed.subject}" → ${message.envelope.to.join(', ')}`);
            callback();
            for (const recipient of bounced) {
              if (!message.envelope.from) continue;
              const report = {
                id: reports.length + 1,
                envelope: { from: '', to: message.envelope.from },
                raw: deliveryReport({
                  id: reports.length + 1,
                  envelopeFrom: message.envelope.from,
                  recipient,
                  rawMessage: raw,
                  status: laterBounces.get(recipient.toLowerCase()),
                }),
                handed: null,
              };
              reports.push(report);
              if (reportTo) report.handed = await handTo(reportTo, report);
            }
          } catch (error) {
            callback(error);
          }
        });
      },
    });

  const smtpUp = () =>
    new Promise((resolve, reject) => {
      smtp = makeSmtpServer();
      smtp.on('error', (error) => {
        if (log) console.error('mail catcher: SMTP error', error.message);
      });
      smtp.server.once('error', reject);
      smtp.listen(boundSmtpPort, HOST, () => {
        boundSmtpPort = smtp.server.address().port;
        resolve();
      });
    });

  const smtpDown = () =>
    new Promise((resolve) => {
      if (!smtp) return resolve();
      const closing = smtp;
      smtp = null;
      closing.close(() => resolve());
    });

  await smtpUp();

  const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const http = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const path = url.pathname;
    const byId = (id) => messages.find((m) => m.id === Number(id));
    try {
      if (req.method === 'GET' && path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(listPage(messages));
      }
      if (req.method === 'GET' && path === '/api/messages') {
        const to = url.searchParams.get('to')?.toLowerCase();
        const list = to ? messages.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === to)) : messages;
        return json(res, 200, { messages: list.map(messageJson) });
      }
      if (req.method === 'GET' && path === '/api/transactions') {
        return json(res, 200, { transactions });
      }
      if (req.method === 'DELETE' && path === '/api/messages') {
        messages.length = 0;
        return json(res, 200, { ok: true });
      }
      const one = path.match(/^\/messages\/(\d+)(\.html|\.eml)?$/);
      if (req.method === 'GET' && one) {
        const m = byId(one[1]);
        if (!m) return json(res, 404, { error: 'no such message' });
        if (one[2] === '.eml') {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end(m.raw);
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(one[2] === '.html' ? (typeof m.parsed.html === 'string' ? m.parsed.html : '') : messagePage(m));
      }
      if (control && req.method === 'POST' && path === '/api/smtp/down') {
        await smtpDown();
        return json(res, 200, { up: false });
      }
      if (control && req.method === 'POST' && path === '/api/smtp/up') {
        if (!smtp) await smtpUp();
        return json(res, 200, { up: true });
      }
      if (control && req.method === 'POST' && path === '/api/smtp/refuse-greeting') {
        const code = url.searchParams.get('code');
        refuseGreeting = code ? Number(code) : null;
        return json(res, 200, { refuseGreeting });
      }
      if (req.method === 'GET' && path === '/api/reports') {
        return json(res, 200, { reports });
      }
      if (req.method === 'POST' && path === '/api/smtp/complain') {
        // The reader of the latest message to `address` marks it as spam.
        const address = (url.searchParams.get('address') ?? '').toLowerCase();
        const message = messages.findLast((m) => m.envelope.to.some((a) => a.toLowerCase() === address));
        if (!message) return json(res, 404, { error: 'no message to that address' });
        const to = url.searchParams.get('to') ?? message.envelope.from;
        const id = reports.length + 1;
        const redacted = url.searchParams.get('redacted') === '1';
        const report = { id, envelope: { from: '', to }, raw: complaintReport({ id, to, message, redacted }), handed: null };
        reports.push(report);
        if (reportTo) report.handed = await handTo(reportTo, report);
        return json(res, 200, { report: { id, to, handed: report.handed } });
      }
      if (req.method === 'POST' && path === '/api/smtp/bounce-later') {
        const address = (url.searchParams.get('address') ?? '').toLowerCase();
        const status = url.searchParams.get('status') ?? '5.1.1';
        if (url.searchParams.get('known') === '1') laterBounces.delete(address);
        else laterBounces.set(address, status);
        return json(res, 200, { later: Object.fromEntries(laterBounces) });
      }
      if (req.method === 'POST' && path === '/api/smtp/unknown') {
        const address = (url.searchParams.get('address') ?? '').toLowerCase();
        if (url.searchParams.get('known') === '1') unknownMailboxes.delete(address);
        else unknownMailboxes.add(address);
        return json(res, 200, { unknown: [...unknownMailboxes] });
      }
      if (control && req.method === 'POST' && path === '/api/smtp/fail') {
        failures = { count: Number(url.searchParams.get('count') ?? 1), code: Number(url.searchParams.get('code') ?? 451) };
        return json(res, 200, failures);
      }
      json(res, 404, { error: 'not found' });
    } catch (error) {
      json(res, 500, { error: String(error?.message ?? error) });
    }
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(httpPort, HOST, resolve);
  });

  return {
    smtpPort: boundSmtpPort,
    httpPort: http.address().port,
    messages,
    transactions,
    reports,
    async stop() {
      await smtpDown();
      const closed = new Promise((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
  const catcher = await startMailCatcher({ smtpPort: smtpPort || 2525, httpPort: httpPort || 8025, log: true });
  console.log(`Mail catcher: SMTP on ${HOST}:${catcher.smtpPort}, messages at http://${HOST}:${catcher.httpPort}`);
  const stop = async () => {
    await catcher.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
