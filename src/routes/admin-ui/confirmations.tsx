// The confirmations of the writes that e-mail subscribers from a form rather than from a
// subject's actions: scheduling a maintenance, declaring an incident, moving a maintenance's
// window. A create has no revision to confirm yet: its token is a hash of the input, so the
// confirmation acts on exactly what was shown, and asking twice (a double click on the form's
// button) shows the same question twice and creates nothing.

import type { Context } from 'hono';
import { Conflict, Invalid } from '../../domain/errors';
import { toHex } from '../../domain/hmac';
import { isMaintenanceFinished } from '../../domain/lifecycle';
import type { Locale, Maintenance } from '../../domain/model';
import type { NoticeDraft } from '../../domain/notices';
import { checkWindow, windowShift } from '../../domain/window';
import { automaticUpdateText } from '../../i18n/update-facts';
import { formatWindow } from '../../i18n/when';
import type { IncidentInput } from '../../services/incidents';
import { previewIncidentCreate } from '../../services/incidents';
import type { MaintenanceInput, MaintenancePatch } from '../../services/maintenances';
import { previewMaintenanceCreate } from '../../services/maintenances';
import { countAudience } from '../../store/audience';
import { listComponents } from '../../store/components';
import type { Confirmation } from '../../views/admin/confirm-page';
import { ConfirmPage } from '../../views/admin/confirm-page';
import { durationLabel } from '../../views/admin/durations';
import type { FormValues } from '../../views/admin/fields';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL, S } from '../../views/admin/strings';
import type { AdminEnv } from './admin-env';
import { messageLanguages } from './confirm';
import { chrome, render } from './render';

type C = Context<AdminEnv>;

/** What the page contributes to a confirmation: the zone of the times shown, the language of the fields. */
type PageFrame = { timeZone: string; defaultLocale: Locale };

/** The confirm token of a create: the input it was shown for, hashed. */
export async function inputToken(input: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(input)));
  return toHex(new Uint8Array(digest).slice(0, 16));
}

const componentList = (notice: NoticeDraft) =>
  notice.payload.components.map((x) => `${x.name}: ${COMPONENT_STATUS_LABEL[x.status]}`).join('; ') || '—';

/** "Schedule “…”?": the maintenance as create would write it (its checks made), and who its announcement e-mails. */
export async function scheduleConfirmation(c: C, input: MaintenanceInput, values: FormValues, token: string, page: PageFrame) {
  const ctx = c.get('ctx');
  const { maintenance: m, notice } = await previewMaintenanceCreate(ctx, input);
  const recipients = await countAudience(
    ctx.db,
    null,
    notice.payload.components.map((x) => x.id),
  );
  const confirmation: Confirmation = {
    title: S.confirm.schedule(m.name),
    action: '/admin/maintenances',
    values,
    revision: token,
    recipients,
    facts: [
      { label: S.confirm.window, value: formatWindow(m.scheduledFor, m.scheduledUntil, 'en', page.timeZone) },
      { label: S.confirm.components, value: componentList(notice) },
      { label: S.maintenances.reminders, value: m.reminders.map(durationLabel).join(', ') || '—' },
    ],
    body: input.body,
    emptyBody: S.common.none,
    languages: messageLanguages(page.defaultLocale, input.translations),
    confirmLabel: S.confirm.yesSchedule,
  };
  return render(c, <ConfirmPage chrome={chrome(c, 'maintenances')} confirmation={confirmation} />);
}

/** "Declare “…”?": the incident as create would write it, and who its first notice e-mails. */
export async function declareConfirmation(c: C, input: IncidentInput, values: FormValues, token: string, page: PageFrame) {
  const ctx = c.get('ctx');
  const { incident, notice } = await previewIncidentCreate(ctx, input);
  const recipients = await countAudience(
    ctx.db,
    null,
    notice.payload.components.map((x) => x.id),
  );
  const confirmation: Confirmation = {
    title: S.confirm.declare(incident.name),
    action: '/admin/incidents',
    values,
    revision: token,
    recipients,
    facts: [
      { label: S.common.status, value: INCIDENT_STATUS_LABEL[incident.status] },
      { label: S.common.impact, value: IMPACT_LABEL[incident.impact] },
      { label: S.confirm.components, value: componentList(notice) },
    ],
    body: input.body,
    emptyBody: S.common.none,
    languages: messageLanguages(page.defaultLocale, input.translations),
    confirmLabel: S.confirm.yesDeclare,
  };
  return render(c, <ConfirmPage chrome={chrome(c, 'incidents')} confirmation={confirmation} />);
}

/** The window `patch` gives `m`, when it moves it; null when the window stays. */
export function movedWindow(m: Maintenance, patch: MaintenancePatch): { scheduled_for: string; scheduled_until: string } | null {
  const next = {
    scheduled_for: patch.scheduled_for?.toISOString() ?? m.scheduledFor,
    scheduled_until: patch.scheduled_until?.toISOString() ?? m.scheduledUntil,
  };
  return next.scheduled_for === m.scheduledFor && next.scheduled_until === m.scheduledUntil ? null : next;
}

/** The service's own refusals of a move (services/maintenances.ts), before the operator is asked to confirm it. */
function checkMove(m: Maintenance, patch: MaintenancePatch, next: { scheduled_for: string; scheduled_until: string }, now: Date) {
  if (isMaintenanceFinished(m.status)) {
    throw new Conflict(`maintenance ${m.id} is ${m.status}; its window and components can no longer change`);
  }
  if (m.status !== 'scheduled' && (next.scheduled_for !== m.scheduledFor || patch.components)) {
    throw new Conflict(`maintenance ${m.id} has started; only its end can move`, { status: m.status });
  }
  checkWindow({ scheduledFor: new Date(next.scheduled_for), scheduledUntil: new Date(next.scheduled_until) });
  if (Date.parse(next.scheduled_until) <= now.getTime()) throw new Invalid('scheduled_until is in the past');
}

/** "Move “…”?": the move as subscribers will read it, and how many of them. */
export async function rescheduleConfirmation(c: C, m: Maintenance, patch: MaintenancePatch, values: FormValues, page: PageFrame) {
  const ctx = c.get('ctx');
  const next = movedWindow(m, patch);
  if (!next) throw new Invalid('the window does not move');
  checkMove(m, patch, next, ctx.now);
  const previous = { scheduled_for: m.scheduledFor, scheduled_until: m.scheduledUntil };
  const shift = windowShift(previous, next, m.status !== 'scheduled');
  const planned = patch.components ?? Object.fromEntries(m.components.map((p) => [p.componentId, p.plannedStatus]));
  // The reschedule notice lists the maintenance's components, so they are who fan-out writes to.
  const [recipients, components] = await Promise.all([
    countAudience(ctx.db, { type: 'maintenance', id: m.id }, Object.keys(planned)),
    listComponents(ctx.db),
  ]);
  const names = new Map(components.map((x) => [x.id, x.name]));
  const confirmation: Confirmation = {
    title: S.confirm.reschedule(patch.name ?? m.name),
    action: `/admin/maintenances/${m.id}`,
    values,
    revision: m.revision,
    recipients,
    facts: [
      {
        label: S.confirm.move,
        value: automaticUpdateText({ automatic: 'rescheduled', shift, previous, window: next }, 'en', page.timeZone),
      },
      {
        label: S.confirm.components,
        value:
          Object.entries(planned)
            .map(([id, status]) => `${names.get(id) ?? id}: ${COMPONENT_STATUS_LABEL[status]}`)
            .join('; ') || '—',
      },
    ],
    body: patch.body ?? '',
    emptyBody: S.confirm.standardMessage,
    languages: messageLanguages(page.defaultLocale, patch.translations),
    confirmLabel: S.confirm.yesReschedule,
  };
  return render(c, <ConfirmPage chrome={chrome(c, 'maintenances')} confirmation={confirmation} />);
}
