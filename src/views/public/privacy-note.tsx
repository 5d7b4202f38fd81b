// What is done with a reader's address, said where it is collected (the page's subscribe form,
// /subscribe) and where it is managed, with the operator's privacy policy when they set one.
import type { FC } from 'hono/jsx';
import { UNCONFIRMED_DAYS } from '../../domain/signed-links';
import { SUBSCRIBE_WORDS } from '../../i18n/subscribe';
import type { ViewContext } from './context';
import { isWebUrl } from './layout';

/** `id`: for the address field's aria-describedby, where the note sits in the form that collects it. */
export const PrivacyNote: FC<{ view: ViewContext; id?: string }> = ({ view, id }) => {
  const w = SUBSCRIBE_WORDS[view.locale];
  const policy = view.page.privacyUrl;
  return (
    <p class="muted privacy" id={id}>
      {w.privacyNote(view.page.name, UNCONFIRMED_DAYS)}
      {isWebUrl(policy) ? (
        <>
          {' '}
          <a href={policy}>{w.privacyLink}</a>
        </>
      ) : null}
    </p>
  );
};
