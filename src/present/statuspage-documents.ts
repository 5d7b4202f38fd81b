// The Statuspage v2 documents Forewarn serves under /api/v2/: their names alone, which the worker's
// front needs before the rest is evaluated (routes/prerendered.ts). statuspage.ts builds each.
export const STATUSPAGE_DOCUMENTS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;

export type StatuspageDocument = (typeof STATUSPAGE_DOCUMENTS)[number];
