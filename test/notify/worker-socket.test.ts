// The Workers socket dressed as nodemailer's Node socket (src/notify/transports/worker-socket.ts),
// against a real SMTP server on loopback: what is written while a write is in flight goes out as
// one write into workerd, and the idle timeout fires after quiet, not while bytes flow.
import { describe, expect, it } from 'vitest';
import { openSocket, WorkerSocket } from '../../src/notify/transports/worker-socket';
import { mailbox } from '../support/mail';

/** A real socket whose writes are counted on their way into workerd. */
function countedSocket(socket: Socket, writes: Uint8Array[]): Socket {
  const writer = socket.writable.getWriter();
  const writable = new WritableStream<Uint8Array>({
    write: (chunk) => {
      writes.push(chunk);
      return writer.write(chunk);
    },
    close: () => writer.close(),
  });
  return { readable: socket.readable, writable, opened: socket.opened, closed: socket.closed, close: () => socket.close() } as Socket;
}

async function open(writes: Uint8Array[] = []) {
  const { smtpUrl } = await mailbox();
  const url = new URL(smtpUrl);
  const endpoint = { hostname: url.hostname, port: Number(url.port) };
  const socket = new WorkerSocket(countedSocket(openSocket(endpoint, 'off'), writes), endpoint);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(done()).toBe(true);
  };
  await until(() => received.startsWith('220'));
  return { socket, received: () => received, until };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WorkerSocket', () => {
  it('writes what waited behind a write in flight as one write', async () => {
    const writes: Uint8Array[] = [];
    const { socket, received, until } = await open(writes);
    socket.write('EHLO forewarn.test\r\n');
    for (let i = 0; i < 5; i++) socket.write('NOOP\r\n');
    // Every command answered: the EHLO's last line and five NOOPs.
    await until(() => (received().match(/^250 /gm) ?? []).length === 6);
    expect(writes.map((w) => new TextDecoder().decode(w))).toEqual(['EHLO forewarn.test\r\n', 'NOOP\r\n'.repeat(5)]);
    socket.destroy();
  });

  it("emits 'timeout' after the quiet it was given, and not while bytes flow", async () => {
    const { socket, received, until } = await open();
    let timedOutAt = 0;
    socket.on('timeout', () => {
      timedOutAt = Date.now();
    });
    socket.setTimeout(400);
    // Traffic every 100 ms for a second: more than twice the timeout, and no timeout.
    for (let i = 0; i < 10; i++) {
      socket.write('NOOP\r\n');
      await sleep(100);
    }
    expect(timedOutAt).toBe(0);
    await until(() => (received().match(/^250 /gm) ?? []).length === 10);
    const quietFrom = Date.now();
    await until(() => timedOutAt > 0);
    expect(timedOutAt - quietFrom).toBeGreaterThanOrEqual(250);
    expect(timedOutAt - quietFrom).toBeLessThan(1500);
    socket.destroy();
  });
});
