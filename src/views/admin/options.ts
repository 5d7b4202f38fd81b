// Select options built from the status vocabulary, with the catalogue's labels.
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES } from '../../domain/status';
import type { Option } from './fields';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL, S } from './strings';

export const componentStatusOptions: readonly Option[] = COMPONENT_STATUSES.map((s) => ({ value: s, label: COMPONENT_STATUS_LABEL[s] }));

/** For per-component choices where "not affected" is the default. */
export const affectedStatusOptions: readonly Option[] = [{ value: '', label: S.common.notAffected }, ...componentStatusOptions];

export const impactOptions: readonly Option[] = [
  { value: '', label: S.common.impactAuto },
  ...IMPACTS.map((i) => ({ value: i, label: IMPACT_LABEL[i] })),
];

export const openIncidentStatusOptions: readonly Option[] = INCIDENT_STATUSES.slice(0, 3).map((s) => ({
  value: s,
  label: INCIDENT_STATUS_LABEL[s],
}));
