import type { AppEnv } from '../../app-env';
import type { Session } from './session';

/** The admin UI's Hono typing: the app's, plus the signed-in session. */
export type AdminEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { session: Session };
};
