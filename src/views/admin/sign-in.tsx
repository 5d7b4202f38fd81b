import type { FC } from 'hono/jsx';
import { Csrf } from './fields';
import { Document } from './layout';
import { S } from './strings';

export const SignInPage: FC<{ csrf: string | null; next: string; message?: string; error?: string; accessEnabled: boolean }> = (p) => (
  <Document title={S.signIn.title}>
    <main id="main" class="sign-in">
      <h1>{S.product}</h1>
      {p.message ? (
        <p class="notice-ok" role="status">
          {p.message}
        </p>
      ) : null}
      {p.error ? (
        <div class="error-summary" role="alert">
          <p>{p.error}</p>
        </div>
      ) : null}
      {p.csrf ? (
        <form method="post" action="/admin/sign-in" class="card">
          <h2>{S.signIn.title}</h2>
          <p class="hint">{S.signIn.intro}</p>
          {p.accessEnabled ? <p class="hint">{S.signIn.access}</p> : null}
          <Csrf token={p.csrf} />
          <input type="hidden" name="next" value={p.next} />
          <div class={p.error ? 'field invalid' : 'field'}>
            <label for="sign-in-token">{S.signIn.token}</label>
            <input
              id="sign-in-token"
              name="token"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={p.error ? 'true' : undefined}
            />
          </div>
          <button type="submit">{S.signIn.submit}</button>
        </form>
      ) : null}
    </main>
  </Document>
);
