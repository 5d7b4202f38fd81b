// How e-mail leaves, chosen by configuration; the queue consumer sees only this interface.
import type { BuiltMessage } from '../compose';

/** What the carrier took: the recipients, and the Message-ID when it gave the message its own. */
export interface Accepted {
  accepted: string[];
  /**
   * The Message-ID the reader gets, when the carrier replaces the one Forewarn wrote: the Email
   * Service sets its own (its documentation lists Message-ID among the headers it controls, and
   * Miniflare's simulation rewrites it and returns it from send()). Absent: the message's own.
   */
  messageId?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'email-service';
  /** Messages it sends at once at most (its connections). */
  readonly concurrency: number;
  /**
   * Sends a message built by buildForSending. `beforeStart` is awaited once the transport is ready
   * to start the transaction at once (a connection is open and ours): the caller paces there, and
   * may throw to give the message back untried. Fails with a SendError (send-error.ts) that says
   * whether to slow down, wait for the relay, retry the message, or give up on it.
   */
  send(message: BuiltMessage, beforeStart: () => Promise<void>): Promise<Accepted>;
  /**
   * Starts opening up to `count` connections now, while the caller claims and composes, so the
   * first sends do not wait for the relay's greeting. Failures are left for `send` to meet.
   */
  warm?(count: number): void;
  close(): void;
}
