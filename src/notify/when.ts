// Times in e-mails: in the subscriber's zone and language, with the zone named. The formatting
// lives in i18n/when.ts, below notify, because the page, the feeds and the webhooks say the same
// automatic update text (i18n/update-facts.ts) with it.
export { formatInstant, formatLead, formatTimeLeft, formatWindow, usableZone, zoneName } from '../i18n/when';
