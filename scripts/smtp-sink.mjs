// A fast SMTP peer for the fan-out benchmark and the fault runs: it keeps no message, only who
// got which Message-ID, so 100,000 e-mails cost little memory and no parsing. It can refuse
// connections for a while (`down`/`up`) and hold its "250 accepted" replies (`hold`) so a run can
// stop the sender at a moment when no message is half-acknowledged.
import { SMTPServer } from 'smtp-server';

const HOST = '127.0.0.1';

/**
 * @param {{ port?: number }} [options]
 */
export async function startSmtpSink({ port = 0 } = {}) {
  /** recipient → Message-IDs received, in order (a repeat is a duplicate copy). */
  const copies = new Map();
  let accepted = 0;
  /** When each message was accepted (performance.now()), in order. */
  const acceptedAt = [];
  /** When each transaction started (MAIL FROM, performance.now()), in order. */
  const startedAt = [];
  let firstAt = 0;
  let lastAt = 0;
  let held = null;
  let server = null;
  let boundPort = port;
  const sockets = new Set();

  const record = (recipients, messageId) => {
    const at = performance.now();
    if (accepted === 0) firstAt = at;
    lastAt = at;
    accepted += 1;
    acceptedAt.push(at);
    for (const to of recipients) {
      const list = copies.get(to);
      if (list) list.push(messageId);
      else copies.set(to, [messageId]);
    }
  };

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      banner: 'Forewarn SMTP sink',
      logger: false,
      size: 10 * 1024 * 1024,
      closeTimeout: 50,
      onMailFrom(_address, _session, callback) {
        startedAt.push(performance.now());
        callback();
      },
      onData(stream, session, callback) {
        let head = '';
        stream.on('data', (chunk) => {
          if (head.length < 16_384) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '(none)';
          const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          // A message counts as delivered once its 250 goes out; held replies wait for release.
          const accept = () => {
            record(recipients, messageId);
            callback(null, 'queued');
          };
          if (held) held.push(accept);
          else accept();
        });
      },
    });

  const up = () =>
    new Promise((resolve, reject) => {
      server = make();
      server.on('error', () => {});
      server.server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.server.once('error', reject);
      server.listen(boundPort, HOST, () => {
        boundPort = server.server.address().port;
        resolve();
      });
    });

  await up();

  return {
    get port() {
      return boundPort;
    },
    get url() {
      return `smtp://${HOST}:${boundPort}`;
    },
    /** Messages accepted so far. */
    get accepted() {
      return accepted;
    },
    /** When each message was accepted (performance.now() milliseconds), in order. */
    get acceptedAt() {
      return acceptedAt;
    },
    /** When each transaction started (MAIL FROM, performance.now() milliseconds), in order. */
    get startedAt() {
      return startedAt;
    },
    /** Milliseconds between the first and the last accepted message. */
    get spanMs() {
      return lastAt - firstAt;
    },
    copies,
    /**
     * Stops listening (new connections are refused) and closes open ones as a server shutting
     * down does: "421" after 50 ms, so no reply already written is lost to a reset.
     */
    async down() {
      await new Promise((resolve) => server.close(resolve));
    },
    /** Listens again on the same port. */
    async up() {
      await up();
    },
    /** From now on, "250 accepted" replies wait until `release`. */
    hold() {
      held ??= [];
    },
    /** How many replies are waiting. */
    get waiting() {
      return held?.length ?? 0;
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const accept of waiting) accept();
    },
    /** Forgets the replies held (their senders never learn the message was accepted) and stops holding. */
    discardHeld() {
      held = null;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
