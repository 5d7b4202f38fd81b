// The subscribe form: posts to /subscribe (the e-mail surface) with the reader's language, and
// the page's zone until the script replaces it with the reader's.
import type { FC } from 'hono/jsx';
import type { Component } from '../../domain/model';
import type { ViewContext } from './context';
import { PrivacyNote } from './privacy-note';

export const SubscribeForm: FC<{ ctx: ViewContext; components: readonly Component[] }> = ({ ctx, components }) => {
  const { t } = ctx;
  return (
    <section id="subscribe" class="card" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">{t.subscribe.heading}</h2>
      <p>{t.subscribe.lead}</p>
      <form class="subscribe" method="post" action="/subscribe">
        <label for="subscribe-email">{t.subscribe.email}</label>
        <input id="subscribe-email" type="email" name="email" required autocomplete="email" aria-describedby="subscribe-privacy" />
        {components.length > 0 ? (
          <fieldset>
            <legend>{t.subscribe.components}</legend>
            <p class="muted">{t.subscribe.componentsHint}</p>
            {components.map((c) => (
              <label>
                <input type="checkbox" name="components" value={c.id} />
                {c.name}
              </label>
            ))}
          </fieldset>
        ) : null}
        <input type="hidden" name="locale" value={ctx.locale} />
        <input type="hidden" name="time_zone" value={ctx.zone} />
        <PrivacyNote view={ctx} id="subscribe-privacy" />
        <button type="submit">{t.subscribe.submit}</button>
      </form>
    </section>
  );
};
