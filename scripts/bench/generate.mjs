// Writes the SQL of a large page for benchmarks: 50 components in 8 groups, 1,000 past
// incidents and maintenances over two years (a quarter of them in the last 90 days), and the
// status log they leave. Deterministic: the same seed writes the same page.

import { rng } from './rng.mjs';

const DAY = 86_400_000;
const STATUSES = ['degraded_performance', 'partial_outage', 'major_outage'];

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const row = (table, values) =>
  `INSERT INTO ${table} (${Object.keys(values).join(', ')}) VALUES (${Object.values(values).map(q).join(', ')});`;

export function generatePage({ now = new Date(), seed = 42, groups = 8, components = 50, events = 1000 } = {}) {
  const random = rng(seed);
  const id = (prefix, n) => `${prefix}${String(n).padStart(12 - prefix.length, '0')}`;
  const iso = (ms) => new Date(ms).toISOString();
  const sql = [];
  const t0 = now.getTime() - 730 * DAY;
  sql.push(
    row('page_settings', {
      id: 1,
      page_id: 'benchpage001',
      name: 'Bench Corp',
      url: 'http://localhost',
      time_zone: 'Europe/Paris',
      default_locale: 'en',
      updated_at: iso(t0),
    }),
  );
  for (let g = 0; g < groups; g++) {
    sql.push(row('component_groups', { id: id('g', g), name: `Group ${g + 1}`, position: g, created_at: iso(t0), updated_at: iso(t0) }));
  }
  for (let c = 0; c < components; c++) {
    const values = {
      id: id('c', c),
      group_id: id('g', c % groups),
      name: `Component ${c + 1}`,
      description: `Service number ${c + 1}`,
      position: c,
    };
    sql.push(row('components', { ...values, status: 'operational', created_at: iso(t0), updated_at: iso(t0) }));
    sql.push(
      row('component_status_log', {
        component_id: values.id,
        old_status: null,
        new_status: 'operational',
        changed_at: iso(t0),
        cause_type: 'operator',
      }),
    );
  }
  for (let e = 0; e < events; e++) {
    // A quarter of the history falls in the last 90 days, the rest over the two years before.
    const recent = e % 4 === 0;
    const start = recent ? now.getTime() - random() * 89 * DAY : t0 + random() * 640 * DAY;
    const end = start + (15 + random() * 240) * 60_000;
    const touched = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => Math.floor(random() * components)))];
    const isMaintenance = e % 5 === 0;
    const subject = id(isMaintenance ? 'm' : 'i', e);
    const status = isMaintenance ? 'under_maintenance' : STATUSES[Math.floor(random() * 3)];
    if (isMaintenance) {
      sql.push(
        row('maintenances', {
          id: subject,
          name: `Planned work ${e}`,
          status: 'completed',
          impact: 'minor',
          scheduled_for: iso(start),
          scheduled_until: iso(end),
          still_working: 'Everything else',
          auto_start: 1,
          auto_complete: 1,
          sequence: 0,
          window_set_at: iso(start - 7 * DAY),
          created_at: iso(start - 7 * DAY),
          updated_at: iso(end),
          started_at: iso(start),
          resolved_at: iso(end),
          revision: subject,
        }),
      );
      for (const c of touched)
        sql.push(
          row('maintenance_components', {
            maintenance_id: subject,
            component_id: id('c', c),
            planned_status: status,
            prior_status: 'operational',
          }),
        );
    } else {
      sql.push(
        row('incidents', {
          id: subject,
          name: `Incident ${e}`,
          status: 'resolved',
          impact: status === 'major_outage' ? 'critical' : status === 'partial_outage' ? 'major' : 'minor',
          created_at: iso(start),
          updated_at: iso(end),
          started_at: iso(start),
          resolved_at: iso(end),
          revision: subject,
        }),
      );
    }
    const kind = isMaintenance ? 'maintenance' : 'incident';
    const updates = isMaintenance
      ? [
          ['scheduled', start - 7 * DAY, 'We will upgrade the cluster.'],
          ['in_progress', start, 'Work has started.'],
          ['completed', end, 'The work is done.'],
        ]
      : [
          ['investigating', start, 'We are looking into **errors** on [the dashboard](https://example.com).'],
          ['identified', start + (end - start) / 3, 'Cause found.'],
          ['resolved', end, 'This incident has been resolved.'],
        ];
    updates.forEach(([ustatus, at, body], u) => {
      const uid = `${subject}u${u}`;
      sql.push(
        row('updates', {
          id: uid,
          subject_type: kind,
          subject_id: subject,
          status: ustatus,
          body,
          created_at: iso(at),
          display_at: iso(at),
          deliver_notifications: 1,
        }),
      );
      if (ustatus === 'in_progress' || ustatus === 'investigating') {
        for (const c of touched)
          sql.push(row('update_components', { update_id: uid, component_id: id('c', c), old_status: 'operational', new_status: status }));
      }
    });
    for (const c of touched) {
      sql.push(
        row('component_status_log', {
          component_id: id('c', c),
          old_status: 'operational',
          new_status: status,
          changed_at: iso(start),
          cause_type: kind,
          cause_id: subject,
        }),
      );
      sql.push(
        row('component_status_log', {
          component_id: id('c', c),
          old_status: status,
          new_status: 'operational',
          changed_at: iso(end),
          cause_type: kind,
          cause_id: subject,
        }),
      );
    }
  }
  return `${sql.join('\n')}\n`;
}
