export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  stop(): Promise<void>;
}

export function startMailCatcher(options?: {
  smtpPort?: number;
  httpPort?: number;
  control?: boolean;
  log?: boolean;
}): Promise<MailCatcher>;
