// What a Statuspage-format webhook is POSTed: Statuspage's webhook bodies
// (https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/), told as they stood
// at the notice, with the Standard Webhooks headers (https://www.standardwebhooks.com/, v1) beside
// our own X-Forewarn-Signature.
import { toHex } from '../domain/hmac';
import type { Incident, Maintenance } from '../domain/model';
import type { NoticeMoment } from '../domain/notices';
import { incidentJson, maintenanceJson, statuspageView } from '../present/statuspage';
import type { Snapshot } from '../services/snapshot';
import type { ComponentNotice, RecordedNotice } from '../store/notices';
import type { Webhook } from '../store/webhooks';

const DOCUMENTATION = 'https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/';
export const SIGNATURE_HEADER = 'X-Forewarn-Signature';

const encoder = new TextEncoder();

/**
 * `meta` as Statuspage sends it, plus what Statuspage lacks: `event_id`, the notice's id, the same
 * for every webhook told of it and every retry (receivers deduplicate with it; the webhook-id
 * header is the delivery's own id), `event_type` and `created_at`, when the moment happened.
 */
function meta(baseUrl: string, webhook: Webhook, notice: RecordedNotice) {
  return {
    unsubscribe: `${baseUrl}/api/v1/webhooks/${webhook.id}`,
    documentation: DOCUMENTATION,
    event_id: notice.id,
    event_type: notice.subjectType === 'component' ? 'component.update' : `${notice.subjectType}.${notice.kind}`,
    created_at: notice.createdAt,
  };
}

/**
 * The snapshot as it stood at the notice, as far as the body shows it: the subject as the notice
 * recorded it, and its components' statuses then. Page, names and positions are today's.
 */
function snapshotAt(snapshot: Snapshot, notice: Exclude<RecordedNotice, ComponentNotice>): Snapshot | null {
  const isIncident = notice.subjectType === 'incident';
  if (!notice.moment) {
    // Recorded before notices kept their moment: the subject as it is now.
    const found = isIncident
      ? snapshot.incidents.some((i) => i.id === notice.subjectId)
      : snapshot.maintenances.some((m) => m.id === notice.subjectId);
    return found ? snapshot : null;
  }
  const subject = subjectAt(notice.moment, snapshot, isIncident);
  if (!subject) return null;
  const { component_statuses } = notice.moment;
  const remindedAt = { ...snapshot.remindedAt };
  const reminded = remindedAt[subject.id];
  if (notice.kind === 'reminder') remindedAt[subject.id] = notice.createdAt;
  else if (reminded && reminded > notice.createdAt) delete remindedAt[subject.id];
  return {
    ...snapshot,
    components: snapshot.components.map((c) => (component_statuses[c.id] ? { ...c, status: component_statuses[c.id]! } : c)),
    incidents: isIncident ? [subject as Incident] : [],
    maintenances: isIncident ? [] : [subject as Maintenance],
    remindedAt,
  };
}

/**
 * The moment's subject with the updates it had then: those it names, as the subject has them now
 * (null when the subject is gone), or, for a moment recorded before they were named, its own.
 */
function subjectAt(moment: NoticeMoment, snapshot: Snapshot, isIncident: boolean): Incident | Maintenance | null {
  if (!moment.update_ids) return moment.subject;
  const ids = moment.update_ids;
  const pick = <U extends { id: string }>(updates: readonly U[]): U[] => {
    const byId = new Map(updates.map((u) => [u.id, u]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  };
  if (isIncident) {
    const now = snapshot.incidents.find((i) => i.id === moment.subject.id);
    return now ? { ...(moment.subject as Incident), updates: pick(now.updates) } : null;
  }
  const now = snapshot.maintenances.find((m) => m.id === moment.subject.id);
  return now ? { ...(moment.subject as Maintenance), updates: pick(now.updates) } : null;
}

/** The Statuspage webhook body of a notice (maintenances go out as incidents, as Statuspage does); null if its subject is gone. */
export function statuspageBody(snapshot: Snapshot, baseUrl: string, webhook: Webhook, notice: RecordedNotice) {
  if (notice.subjectType === 'component') return componentUpdateBody(snapshot, baseUrl, webhook, notice);
  const at = snapshotAt(snapshot, notice);
  if (!at) return null;
  const view = statuspageView(at, baseUrl);
  const incident =
    notice.subjectType === 'incident'
      ? view.snapshot.incidents.find((i) => i.id === notice.subjectId)
      : view.snapshot.maintenances.find((m) => m.id === notice.subjectId);
  if (!incident) return null;
  return {
    meta: meta(baseUrl, webhook, notice),
    page: { id: snapshot.page.pageId, status_indicator: snapshot.status.indicator, status_description: snapshot.status.description },
    incident: notice.subjectType === 'incident' ? incidentJson(view, incident as Incident) : maintenanceJson(view, incident as Maintenance),
  };
}

/**
 * What a Statuspage-format webhook is sent when an operator tests it: Statuspage's `meta` and
 * `page`, with no `incident` or `component_update` (so a receiver that acts on those does
 * nothing), `event_type` "webhook.test", signed like every delivery.
 */
export function statuspageTestBody(snapshot: Snapshot, baseUrl: string, webhook: Webhook, eventId: string, at: Date) {
  return {
    meta: {
      unsubscribe: `${baseUrl}/api/v1/webhooks/${webhook.id}`,
      documentation: DOCUMENTATION,
      event_id: eventId,
      event_type: 'webhook.test',
      created_at: at.toISOString(),
    },
    page: { id: snapshot.page.pageId, status_indicator: snapshot.status.indicator, status_description: snapshot.status.description },
  };
}

/** Statuspage's `component_update` body: the change, and the component as it stood after it. */
function componentUpdateBody(snapshot: Snapshot, baseUrl: string, webhook: Webhook, notice: ComponentNotice) {
  const { component_update: change, component } = notice.payload;
  const view = statuspageView(snapshot, baseUrl);
  const current = view.byId.get(component.id);
  return {
    meta: meta(baseUrl, webhook, notice),
    page: { id: snapshot.page.pageId, status_indicator: snapshot.status.indicator, status_description: snapshot.status.description },
    component_update: {
      created_at: view.time(change.created_at),
      new_status: change.new_status,
      old_status: change.old_status,
      id: change.id,
      component_id: change.component_id,
    },
    component: current
      ? { ...current, status: component.status }
      : { id: component.id, name: component.name, status: component.status, group_id: component.group_id },
  };
}

async function hmac(key: Uint8Array, text: string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, encoder.encode(text)));
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, as Stripe-style receivers verify it. */
export async function webhookSignature(secret: string, at: Date, body: string): Promise<string> {
  const t = Math.floor(at.getTime() / 1000);
  const mac = await hmac(encoder.encode(secret), `${t}.${body}`);
  return `t=${t},v1=${toHex(mac)}`;
}

/**
 * The Standard Webhooks headers: the key is the base64 after `whsec_`, decoded, as their
 * libraries read it; this holds for the hex secrets of webhooks made before too (hex is base64's
 * alphabet, and 64 characters decode to 48 bytes).
 */
export async function standardWebhookHeaders(secret: string, id: string, at: Date, body: string): Promise<Record<string, string>> {
  const key = Uint8Array.from(atob(secret.replace(/^whsec_/, '')), (c) => c.charCodeAt(0));
  const timestamp = Math.floor(at.getTime() / 1000);
  const mac = await hmac(key, `${id}.${timestamp}.${body}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `v1,${btoa(String.fromCharCode(...mac))}`,
  };
}
