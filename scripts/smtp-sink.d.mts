export interface SmtpSink {
  readonly port: number;
  readonly url: string;
  /** Messages accepted so far. */
  readonly accepted: number;
  /** When each message was accepted (performance.now() milliseconds), in order. */
  readonly acceptedAt: readonly number[];
  /** When each transaction started (MAIL FROM, performance.now() milliseconds), in order. */
  readonly startedAt: readonly number[];
  /** Milliseconds between the first and the last accepted message. */
  readonly spanMs: number;
  /** recipient → Message-IDs received, in order. */
  readonly copies: Map<string, string[]>;
  down(): Promise<void>;
  up(): Promise<void>;
  hold(): void;
  readonly waiting: number;
  release(): void;
  discardHeld(): void;
  stop(): Promise<void>;
}

export function startSmtpSink(options?: { port?: number }): Promise<SmtpSink>;
