-- Operator text in every page language, and drafts.
--
-- Each text column keeps the page's default language (the Statuspage v2 JSON reads it as it is);
-- `translations` holds the other languages as JSON, language first, then field:
--   {"fr": {"name": "Migration du centre de données", "body": "…"}}
-- A language the catalogues gain later needs no schema change: it is one more key.
ALTER TABLE page_settings ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE component_groups ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE components ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE incidents ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE maintenances ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE updates ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';

-- What an update written by Forewarn itself says, as facts rather than words, so that each reader
-- gets it in their language and zone: {"automatic": "rescheduled", "shift": "earlier",
-- "previous": {"scheduled_for", "scheduled_until"}, "window": {…}}. NULL for an operator's update.
ALTER TABLE updates ADD COLUMN facts TEXT;

-- Incidents and maintenances written but not yet published: the input of the create operation,
-- validated by the same schema, nowhere public, nobody notified, until an operator publishes it.
CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('incident', 'maintenance')),
  -- JSON: the create input (MaintenanceInput / IncidentInput as the admin API takes it).
  input TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  -- Set when published: the incident or maintenance it became. Kept for the audit trail.
  published_id TEXT,
  published_at TEXT
);
CREATE INDEX drafts_open ON drafts (published_at, updated_at);
