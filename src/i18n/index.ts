// The public page's languages: catalogues, negotiation and formatting (the e-mails' words are in mail.ts).
import type { Locale } from '../domain/model';
import { en } from './en';
import { fr } from './fr';
import type { Messages } from './messages';

export const MESSAGES: Record<Locale, Messages> = { en, fr };

export * from './format';
export type { Messages } from './messages';
export * from './negotiate';
