export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
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
