// /badge.svg: the page's overall status, or one component's (or group's) with ?component=<id>.
// While that reads operational, maintenance due within SOON_DAYS shows instead: "maintenance
// scheduled 5 Dec, 08:00 CET" (the page's zone) in the maintenance colour; ?upcoming=0 keeps
// the plain status.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ComponentStatus } from '../../domain/status';
import { COMPONENT_STATUS_INFO, INDICATOR_COLOR, worseStatus } from '../../domain/status';
import { maintenanceSoon } from '../../domain/upcoming';
import { knownZone } from '../../domain/zone-days';
import type { Badge } from '../../present/badge';
import { badgeSvg, scheduledMessage } from '../../present/badge';
import { statusLabel } from '../../present/english';
import type { Snapshot } from '../../services/snapshot';
import { currentSnapshot, snapshotResponse } from '../cacheable';
import { CONTENT_TYPES, prerenderedFor } from '../prerendered';
import { BADGE_CSP, editHeaders } from '../security-headers';

const SVG = CONTENT_TYPES.svg;

const ID = /^[a-z0-9]{1,32}$/;

/** An <img> shows an image, not an error page: an error is a badge that says what is wrong. */
const errorBadge = (c: Context<AppEnv>, status: 400 | 404, message: string) =>
  c.body(badgeSvg({ label: 'status', message, color: '#9f9f9f' }), status, { 'Content-Type': SVG, 'Cache-Control': 'no-store' });

/** The badge for the soonest maintenance due on `componentIds` (on anything when absent), if one is. */
function upcomingBadge(snapshot: Snapshot, now: Date, label: string, componentIds?: ReadonlySet<string>): Badge | null {
  const [next] = maintenanceSoon(snapshot.maintenances, now, componentIds);
  if (!next) return null;
  return { label, message: scheduledMessage(next.scheduledFor, knownZone(snapshot.page.timeZone)), color: INDICATOR_COLOR.maintenance };
}

export function badge(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/badge.svg', async (c, next) => {
    await next();
    editHeaders(c, (headers) => headers.set('Content-Security-Policy', BADGE_CSP));
  });

  app.get('/badge.svg', async (c) => {
    const upcoming = c.req.query('upcoming') ?? '1';
    if (upcoming !== '0' && upcoming !== '1') return errorBadge(c, 400, 'upcoming must be 0 or 1');
    const id = c.req.query('component');
    // The overall badge is rendered when the snapshot is published; a component's, here.
    const prerendered = id === undefined ? await prerenderedFor(c) : null;
    if (prerendered) return prerendered;
    const snapshot = await currentSnapshot(c);
    const now = c.get('deps').clock.now();

    let shown: Badge;
    if (id === undefined) {
      const calm = snapshot.status.indicator === 'none';
      shown = (calm && upcoming === '1' ? upcomingBadge(snapshot, now, 'status') : null) ?? {
        label: 'status',
        message: snapshot.status.description,
        color: INDICATOR_COLOR[snapshot.status.indicator],
      };
    } else {
      const component = snapshot.components.find((x) => x.id === id);
      const members = snapshot.components.filter((x) => x.groupId === id);
      const group = snapshot.groups.find((g) => g.id === id);
      if (!ID.test(id) || !(component || (group && members.length > 0))) return errorBadge(c, 404, 'unknown component');
      const status = component?.status ?? members.reduce<ComponentStatus>((worst, x) => worseStatus(worst, x.status), 'operational');
      const label = component?.name ?? group?.name ?? id;
      const ids = new Set(component ? [component.id] : members.map((x) => x.id));
      shown = (status === 'operational' && upcoming === '1' ? upcomingBadge(snapshot, now, label, ids) : null) ?? {
        label,
        message: statusLabel(status).toLowerCase(),
        color: COMPONENT_STATUS_INFO[status].color,
      };
    }
    // The message is part of the key: with the clock, one snapshot can be said more than one way.
    return snapshotResponse(c, `badge/${id ?? 'page'}/${shown.message}`, SVG, () => badgeSvg(shown), snapshot);
  });
  return app;
}
