-- Forewarn foundation: page, components, incidents, maintenances, their updates,
-- the component status log, API tokens and the audit log.
-- Times are ISO 8601 UTC strings with milliseconds ("2026-11-29T08:00:00.000Z"),
-- so that text order is time order.

CREATE TABLE page_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  page_id TEXT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Etc/UTC',
  default_locale TEXT NOT NULL DEFAULT 'en' CHECK (default_locale IN ('en', 'fr')),
  logo_url TEXT,
  support_url TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE component_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  collapsed INTEGER NOT NULL DEFAULT 0 CHECK (collapsed IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE components (
  id TEXT PRIMARY KEY,
  group_id TEXT REFERENCES component_groups (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  description TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'operational' CHECK (status IN
    ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  only_show_if_degraded INTEGER NOT NULL DEFAULT 0 CHECK (only_show_if_degraded IN (0, 1)),
  showcase INTEGER NOT NULL DEFAULT 1 CHECK (showcase IN (0, 1)),
  start_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX components_group ON components (group_id, position);

-- Every change of a component's status, with its time and cause: uptime is computed from it.
CREATE TABLE component_status_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  component_id TEXT NOT NULL REFERENCES components (id),
  old_status TEXT,
  new_status TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  cause_type TEXT NOT NULL CHECK (cause_type IN ('operator', 'incident', 'maintenance')),
  cause_id TEXT
);
CREATE INDEX component_status_log_component ON component_status_log (component_id, changed_at);

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem')),
  impact TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT NOT NULL,
  monitoring_at TEXT,
  resolved_at TEXT,
  postmortem_body TEXT,
  postmortem_published_at TEXT,
  -- Random token replaced by every write: a write commits only if the token it read is still there.
  revision TEXT NOT NULL
);
CREATE INDEX incidents_created ON incidents (created_at);

-- The components an incident touches and the status it currently holds each in.
CREATE TABLE incident_components (
  incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id),
  status TEXT NOT NULL,
  PRIMARY KEY (incident_id, component_id)
);

CREATE TABLE maintenances (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'verifying', 'completed', 'cancelled')),
  impact TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
  scheduled_for TEXT NOT NULL,
  scheduled_until TEXT NOT NULL,
  still_working TEXT,
  auto_start INTEGER NOT NULL DEFAULT 1 CHECK (auto_start IN (0, 1)),
  auto_complete INTEGER NOT NULL DEFAULT 1 CHECK (auto_complete IN (0, 1)),
  -- Raised on every reschedule: iCalendar SEQUENCE and the reminder keys use it.
  sequence INTEGER NOT NULL DEFAULT 0,
  -- When the current window was set (creation or last reschedule): reminders due before it are skipped.
  window_set_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  started_at TEXT,
  monitoring_at TEXT,
  resolved_at TEXT,
  cancelled_at TEXT,
  revision TEXT NOT NULL,
  CHECK (scheduled_until > scheduled_for)
);
CREATE INDEX maintenances_window ON maintenances (status, scheduled_for);

-- The status each affected component takes while the maintenance runs, and the one it had before.
CREATE TABLE maintenance_components (
  maintenance_id TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id),
  planned_status TEXT NOT NULL CHECK (planned_status IN
    ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  prior_status TEXT,
  PRIMARY KEY (maintenance_id, component_id)
);

CREATE TABLE maintenance_reminders (
  maintenance_id TEXT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
  minutes_before INTEGER NOT NULL CHECK (minutes_before > 0),
  PRIMARY KEY (maintenance_id, minutes_before)
);

-- Updates of incidents and maintenances (Statuspage calls both incident_updates).
CREATE TABLE updates (
  id TEXT PRIMARY KEY,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('incident', 'maintenance')),
  subject_id TEXT NOT NULL,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  display_at TEXT NOT NULL,
  deliver_notifications INTEGER NOT NULL DEFAULT 1 CHECK (deliver_notifications IN (0, 1))
);
CREATE INDEX updates_subject ON updates (subject_type, subject_id, created_at);

CREATE TABLE update_components (
  update_id TEXT NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
  component_id TEXT NOT NULL REFERENCES components (id),
  old_status TEXT NOT NULL,
  new_status TEXT NOT NULL,
  PRIMARY KEY (update_id, component_id)
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);

-- Compare-and-swap for batches: a batch inserts changes() of its guarded UPDATE here; a stale
-- read makes it 0, the CHECK fails and D1 rolls the whole batch back. Rows never stay.
CREATE TABLE write_checks (
  changed INTEGER NOT NULL CHECK (changed = 1)
);
