// Webhooks and chat channels: list, add (the signing secret shown on the answer page, once),
// send a test, stop after a question, and each one's delivery log. Through services/webhooks.ts as the admin
// API's /webhooks: the same address checks (https, public, the chat platform's own host), the
// same audit lines.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError, NotFound } from '../../domain/errors';
import { shownUrl } from '../../domain/shown-url';
import { getPage } from '../../services/page';
import { createWebhook, deleteWebhook, testWebhook, WebhookInput, type WebhookTest } from '../../services/webhooks';
import { listComponents } from '../../store/components';
import { findRecordedNotice } from '../../store/notices';
import { findWebhook, listWebhookDeliveries, listWebhooks } from '../../store/webhooks';
import { AskPage } from '../../views/admin/ask-page';
import type { FieldErrors, FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue, fieldValues } from '../../views/admin/fields';
import { SETUP, WEBHOOK_FORMAT_LABEL } from '../../views/admin/setup-strings';
import type { Added } from '../../views/admin/webhooks-page';
import { WebhookLogPage, WebhooksPage } from '../../views/admin/webhooks-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed } from './confirm';
import { parseInput, readForm, submitForm } from './form';
import { render, seeOther } from './render';
import { scopedChrome, sessionMay } from './scope-check';

const W = SETUP.webhooks;
const WEBHOOK_FIELDS = ['url', 'format', 'locale', 'components'] as const;
const NEW_WEBHOOK: FormValues = { format: 'statuspage', locale: '' };
/** The delivery log shows this many, newest first. */
const LOG_LIMIT = 100;

type C = Context<AdminEnv>;

async function webhooksPage(c: C, form: FormState, added?: Added, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [webhooks, components, page] = await Promise.all([listWebhooks(ctx.db), listComponents(ctx.db), getPage(ctx)]);
  return render(
    c,
    <WebhooksPage
      chrome={scopedChrome(c, 'webhooks')}
      webhooks={webhooks}
      components={components}
      zone={page.timeZone}
      pageLocale={page.defaultLocale}
      form={form}
      added={added}
      canWrite={sessionMay(c, 'write')}
    />,
    status,
  );
}

/** A webhook's settings and delivery log, newest first; with `tested`, what its test just did. */
async function logPage(c: C, id: string, tested?: WebhookTest) {
  const ctx = c.get('ctx');
  const webhook = await findWebhook(ctx.db, id);
  if (!webhook) throw new NotFound('Webhook', id);
  const [deliveries, components, page] = await Promise.all([
    listWebhookDeliveries(ctx.db, id, { limit: LOG_LIMIT }),
    listComponents(ctx.db),
    getPage(ctx),
  ]);
  // Each notice once, however many tries its delivery took; a pruned one shows as its id.
  const notices = new Map(
    await Promise.all([...new Set(deliveries.map((d) => d.noticeId))].map(async (n) => [n, await findRecordedNotice(ctx.db, n)] as const)),
  );
  return render(
    c,
    <WebhookLogPage
      chrome={scopedChrome(c, 'webhooks')}
      webhook={webhook}
      deliveries={deliveries.map((delivery) => ({ delivery, notice: notices.get(delivery.noticeId) ?? null }))}
      limit={LOG_LIMIT}
      zone={page.timeZone}
      pageLocale={page.defaultLocale}
      components={components}
      canWrite={sessionMay(c, 'write')}
      {...(tested ? { tested } : {})}
    />,
  );
}

const webhookInput = (form: FormValues) => ({
  url: fieldValue(form, 'url').trim(),
  format: fieldValue(form, 'format') || undefined,
  locale: fieldValue(form, 'locale') || undefined,
  components: fieldValues(form, 'components'),
});

/** The service's refusals of an address, said as what to do; the schema's "invalid URL" likewise. */
function reworded(errors: FieldErrors, error: AppError, form: FormValues): FieldErrors {
  const platform = WEBHOOK_FORMAT_LABEL[fieldValue(form, 'format')] ?? fieldValue(form, 'format');
  const notPublic = /^url must be https to a public address: (.+)$/.exec(error.message);
  const notChat = /^url is not a \S+ incoming webhook: (.+)$/.exec(error.message);
  const said = notPublic
    ? W.notPublic(notPublic[1] ?? '')
    : notChat
      ? W.notChat(platform, notChat[1] ?? '')
      : error.message.startsWith('locale is for chat formats')
        ? W.languageForChat
        : null;
  if (said) {
    const field = said === W.languageForChat ? 'locale' : 'url';
    return { [field]: [said], _form: [said] };
  }
  return errors.url?.length ? { ...errors, url: [W.httpsOnly] } : errors;
}

export function webhookPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/webhooks', (c) => webhooksPage(c, emptyForm(NEW_WEBHOOK)));

  app.post('/webhooks', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    let failure: AppError | null = null;
    return submitForm(
      WEBHOOK_FIELDS,
      async () => {
        try {
          const webhook = await createWebhook({ ctx, input: parseInput(WebhookInput, webhookInput(form)) });
          return webhooksPage(c, emptyForm(NEW_WEBHOOK), { webhook });
        } catch (error) {
          if (error instanceof AppError) failure = error;
          throw error;
        }
      },
      (errors, status) => webhooksPage(c, { values: form, errors: failure ? reworded(errors, failure, form) : errors }, undefined, status),
    );
  });

  app.get('/webhooks/:id', (c) => logPage(c, idParam(c, 'Webhook')));

  // A test now, its outcome on the log page (a POST answered with the page, as the add form is).
  app.post('/webhooks/:id/test', async (c) => {
    const id = idParam(c, 'Webhook');
    return logPage(c, id, await testWebhook({ ctx: c.get('ctx'), id }));
  });

  // Stopping asks first; the confirmation carries the webhook's id, so it stops that one only.
  app.post('/webhooks/:id/stop', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Webhook');
    const webhook = await findWebhook(ctx.db, id);
    if (!webhook || webhook.disabledAt) throw new NotFound('Webhook', id);
    if (confirmed(await readForm(c), id)) {
      await deleteWebhook({ ctx, id });
      return seeOther(c, '/admin/webhooks');
    }
    const question = {
      title: W.stopTitle(shownUrl(webhook.url)),
      facts: [W.stopFacts],
      action: `/admin/webhooks/${id}/stop`,
      subject: id,
      confirmLabel: W.yesStop,
      back: '/admin/webhooks',
    };
    return render(c, <AskPage chrome={scopedChrome(c, 'webhooks')} question={question} />);
  });

  return app;
}
