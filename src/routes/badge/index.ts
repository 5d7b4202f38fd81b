// /badge.svg: the page's overall status, or one component's (or group's) with ?component=<id>.
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ComponentStatus } from '../../domain/status';
import { COMPONENT_STATUS_INFO, INDICATOR_COLOR, worseStatus } from '../../domain/status';
import { badgeSvg } from '../../present/badge';
import { statusLabel } from '../../present/english';
import { currentSnapshot, snapshotResponse } from '../cacheable';

const SVG = 'image/svg+xml; charset=utf-8';
const ID = /^[a-z0-9]{1,32}$/;

export function badge(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/badge.svg', async (c) => {
    const id = c.req.query('component');
    if (id === undefined) {
      return snapshotResponse(c, 'badge/page', SVG, ({ snapshot }) =>
        badgeSvg({ label: 'status', message: snapshot.status.description, color: INDICATOR_COLOR[snapshot.status.indicator] }),
      );
    }
    const snapshot = await currentSnapshot(c);
    const component = snapshot.components.find((x) => x.id === id);
    const members = snapshot.components.filter((x) => x.groupId === id);
    const group = snapshot.groups.find((g) => g.id === id);
    if (!ID.test(id) || !(component || (group && members.length > 0))) {
      // An <img> shows an image, not an error page: the 404 is a badge that says what is wrong.
      return c.body(badgeSvg({ label: 'status', message: 'unknown component', color: '#9f9f9f' }), 404, {
        'Content-Type': SVG,
        'Cache-Control': 'no-store',
      });
    }
    return snapshotResponse(
      c,
      `badge/${id}`,
      SVG,
      () => {
        const status = component?.status ?? members.reduce<ComponentStatus>((worst, x) => worseStatus(worst, x.status), 'operational');
        return badgeSvg({
          label: component?.name ?? group?.name ?? id,
          message: statusLabel(status).toLowerCase(),
          color: COMPONENT_STATUS_INFO[status].color,
        });
      },
      snapshot,
    );
  });
  return app;
}
