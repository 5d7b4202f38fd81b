import type { AppEnv } from '../../app-env';
import type { Session } from './session';

/** The admin UI's Hono typing: the app's, plus who is signed in (session.ts). */
export type AdminEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { session: Session };
};
