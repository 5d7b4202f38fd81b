// The shape of the public page's message catalogue: every word the views show, per locale.
import type { Impact, Indicator } from '../domain/status';
import type { DayTone } from '../domain/uptime';
import type { StatusWords } from './status-words';

export interface Messages extends StatusWords {
  /** The name of the language in itself, for the switcher. */
  languageName: string;
  /** BCP 47 tag handed to Intl (and to the reader-side script). */
  intlLocale: string;
  layout: {
    skipToContent: string;
    languageNav: string;
    mainNav: string;
    home: string;
    history: string;
    subscribe: string;
    logoAlt: (page: string) => string;
    /** Server side: the page's zone. */
    zoneNote: (zone: string) => string;
    /** Reader side, filled in by the script with the reader's zone. */
    zoneNoteLocal: string;
    feeds: string;
    rss: string;
    atom: string;
    jsonFeed: string;
    calendar: string;
    api: string;
    support: string;
    /** The footer's links to the operator's privacy policy and legal notice, where set. */
    privacy: string;
    legal: string;
    poweredBy: string;
    feedTitle: (page: string, kind: string) => string;
  };
  titles: {
    status: (page: string) => string;
    history: (page: string) => string;
    notFound: string;
    error: string;
  };
  indicator: Record<Indicator, string>;
  impact: Record<Impact, string>;
  home: {
    activeIncidents: string;
    maintenanceNow: string;
    upcomingMaintenance: string;
    components: string;
    noComponents: string;
    latestUpdate: string;
    stillWorking: string;
    affected: string;
    window: string;
    viewIncident: string;
    viewMaintenance: string;
    allHistory: string;
    updatedAt: string;
    startsIn: (duration: string) => string;
    /** The countdown once the planned start has passed but the work has not begun. */
    notStartedYet: string;
  };
  uptime: {
    title: (component: string) => string;
    /** "99.95 % uptime". */
    percent: (percent: string) => string;
    noData: string;
    daysAgo: (days: number) => string;
    today: string;
    tone: Record<DayTone, string>;
    day: (date: string, summary: string) => string;
    dayUptime: (percent: string) => string;
    dayMaintenance: (duration: string) => string;
    /** The day's incidents or maintenances by name, `count` of them: "incident: Login failures". */
    dayIncidents: (names: string, count: number) => string;
    dayMaintenances: (names: string, count: number) => string;
    noIncidents: string;
    legend: string;
  };
  detail: {
    incident: string;
    maintenance: string;
    timeline: string;
    affectedComponents: string;
    component: string;
    before: string;
    after: string;
    during: string;
    duringIncident: string;
    started: string;
    resolved: string;
    duration: string;
    ongoing: string;
    scheduledWindow: string;
    actualWindow: string;
    addToCalendar: string;
    postmortem: string;
    impactLabel: string;
    statusLabel: string;
    noUpdates: string;
    stillWorking: string;
    back: string;
    cancelledNote: string;
  };
  history: {
    heading: string;
    noEvents: string;
    newer: string;
    older: string;
    pagination: string;
    pageOf: (page: number, pages: number) => string;
    range: (from: string, to: string) => string;
  };
  subscribe: {
    heading: string;
    lead: string;
    email: string;
    components: string;
    componentsHint: string;
    submit: string;
  };
  embed: {
    viewPage: string;
  };
  errors: {
    notFoundHeading: string;
    notFoundLead: string;
    errorHeading: string;
    errorLead: string;
    back: string;
  };
}
