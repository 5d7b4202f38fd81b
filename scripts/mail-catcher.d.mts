export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  /** Every message caught: the SMTP envelope and mailparser's reading of it. */
  messages: { id: number; envelope: { from: string | null; to: string[] }; raw: string; parsed: { subject?: string } }[];
  transactions: { at: number; code: number; secure: boolean }[];
  stop(): Promise<void>;
}

export function startMailCatcher(options?: {
  smtpPort?: number;
  httpPort?: number;
  control?: boolean;
  log?: boolean;
  tls?: { mode: 'implicit' | 'starttls'; key: string; cert: string } | null;
  throttle?: { every: number; code?: number } | null;
}): Promise<MailCatcher>;
