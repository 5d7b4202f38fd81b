export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** Every message caught: the SMTP envelope and mailparser's reading of it. */
  messages: { id: number; envelope: { from: string | null; to: string[] }; raw: string; parsed: { subject?: string } }[];
  transactions: { at: number; code: number; secure: boolean }[];
  /** Delivery status notifications sent back for addresses bounced later; `handed`: the worker's HTTP status. */
  reports: { id: number; envelope: { from: string; to: string }; raw: string; handed: number | null }[];
  stop(): Promise<void>;
}

export function startMailCatcher(options?: {
  smtpPort?: number;
  httpPort?: number;
  control?: boolean;
  log?: boolean;
  tls?: { mode: 'implicit' | 'starttls'; key: string; cert: string } | null;
  throttle?: { every: number; code?: number } | null;
  /** Where reports go, as Email Routing hands mail to a worker: its local /cdn-cgi/handler/email. */
  reportTo?: string | null;
}): Promise<MailCatcher>;

export function deliveryReport(options: {
  id: number;
  envelopeFrom: string;
  recipient: string;
  rawMessage: string;
  status?: string;
  at?: Date;
}): string;

export function complaintReport(options: {
  id: number;
  to: string;
  message: { envelope: { from: string | null; to: string[] }; raw: string };
  redacted?: boolean;
  at?: Date;
}): string;
