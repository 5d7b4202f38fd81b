// The words of the admin pages that set Forewarn up rather than run it: webhooks and chat
// channels, API tokens, the page's settings, and backfilling a past incident. English, as the
// rest of the admin UI (strings.ts); only what the public reads is written in every language.
import type { Scope } from '../../domain/scopes';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const SCOPE_LABEL: Record<Scope, string> = {
  read: "Read: view everything but subscribers' addresses, change nothing",
  write: 'Write: everything but tokens',
  admin: 'Admin: everything, tokens included',
};

export const WEBHOOK_FORMAT_LABEL: Record<string, string> = {
  statuspage: 'Webhook (Statuspage JSON, signed)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  discord: 'Discord',
  google_chat: 'Google Chat',
};

export const DELIVERY_STATUS_LABEL: Record<string, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Delivered',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const SETUP = {
  ask: {
    back: 'Back, change nothing',
  },
  webhooks: {
    title: 'Webhooks and chat channels',
    intro:
      'Each notice subscribers are e-mailed about is also posted to these addresses: signed Statuspage JSON for a webhook, ' +
      'a native message for a chat channel.',
    none: 'No webhook or chat channel yet.',
    address: 'Address',
    format: 'Kind',
    language: 'Language',
    pageLanguage: (language: string) => `The page’s language (${language})`,
    components: 'Components',
    allComponents: 'All',
    created: 'Added',
    log: 'Delivery log',
    logOf: (address: string) => `Delivery log of ${address}`,
    add: 'Add a webhook or chat channel',
    addSubmit: 'Add',
    url: 'Address (URL)',
    urlHint:
      'https, to a public address: the incoming-webhook URL that Slack, Teams (Workflows), Discord or Google Chat gives you, or your own endpoint.',
    formatHint: 'A chat channel gets a message formatted for its platform; a webhook gets Statuspage’s JSON, signed with its secret.',
    languageHint: 'The language of a chat channel’s messages.',
    componentsHint: 'None ticked: every component, including those added later.',
    secretTitle: 'Added. Copy the signing secret now',
    secretOnce: 'This secret is shown this once; Forewarn keeps it only to sign what it sends. Receivers verify the signature with it.',
    secretLabel: 'Signing secret',
    chatAdded: (platform: string) => `Added: the ${platform} channel gets a message for each notice from now on.`,
    httpsOnly: 'Enter a whole address starting with https://.',
    notPublic: (why: string) => `Forewarn posts only to https addresses on the public internet: ${why}.`,
    notChat: (platform: string, why: string) => `This is not a ${platform} incoming-webhook address: ${why}.`,
    languageForChat: 'A language is for chat channels: a webhook’s JSON is in the page’s language. Choose “the page’s language”.',
    stop: 'Stop',
    stopAria: (address: string) => `Stop posting to ${address}`,
    test: 'Send a test',
    testAria: (address: string) => `Send a test to ${address}`,
    testHint:
      'Posts a test now: a chat channel gets a message saying it works; a Statuspage-format webhook a signed body with the page and no incident (event_type webhook.test). Not kept in the log below, never tried again.',
    tested: {
      sent: (status: number) => `Test sent: it answered HTTP ${status}.`,
      failed: (error: string) => `The test failed: ${error}. Nothing is tried again.`,
      refused: 'Not sent: this address is not a public https address, so Forewarn will not call it.',
    },
    stopTitle: (address: string) => `Stop posting to ${address}?`,
    stopFacts: 'Nothing more is posted to it, including what is still waiting to be sent. Its delivery log stays.',
    yesStop: 'Yes, stop it',
    stopped: 'Stopped',
    deliveries: 'Deliveries, newest first',
    noDeliveries: 'Nothing has been sent to it yet.',
    notice: 'Notice',
    componentUpdate: 'Component status',
    status: 'Status',
    attempts: 'Attempts',
    lastAnswer: 'Last answer',
    lastError: 'Last error',
    queued: 'Queued',
    updated: 'Last try',
    sentAt: 'Delivered',
    noAnswer: 'none',
    shown: (n: number, limit: number) => (n >= limit ? `The ${limit} most recent are shown.` : plural(n, 'delivery', 'deliveries')),
  },
  tokens: {
    title: 'API tokens',
    intro:
      'Tokens let scripts call the admin API (Authorization: Bearer …) and people sign in here. Revoking a token also revokes every token it minted.',
    none: 'No token yet.',
    name: 'Name',
    prefix: 'Starts with',
    scope: 'Scope',
    created: 'Created',
    expires: 'Expires',
    never: 'Never',
    lastUsed: 'Last used',
    notUsed: 'Not yet',
    mintedBy: 'Minted by',
    revoked: 'Revoked',
    active: 'Active',
    expired: 'Expired',
    state: 'State',
    mint: 'Mint a token',
    mintSubmit: 'Mint token',
    nameHint: 'Who or what uses it: “deploy script”, “night shift”.',
    expiresAt: 'Expires on (optional)',
    expiresHint: (zone: string) =>
      `In the page’s time zone, ${zone}. Empty: it never expires (or expires with the token you are signed in with).`,
    secretTitle: (name: string) => `Token “${name}” minted. Copy it now`,
    secretOnce: 'This is the only time it is shown: Forewarn stores only its hash.',
    secretLabel: 'Token',
    revoke: 'Revoke',
    revokeAria: (name: string) => `Revoke token ${name}`,
    revokeTitle: (name: string) => `Revoke token “${name}”?`,
    revokeFacts: 'It stops working at once, for the API and for sessions signed in with it.',
    alsoRevoked: (names: readonly string[]) =>
      names.length === 0 ? 'It minted no token still active.' : `Also revoked, since it minted them: ${names.join(', ')}.`,
    yesRevoke: 'Yes, revoke it',
    adminOnly: 'Only an admin session lists, mints and revokes tokens.',
    badTime: 'Enter a date and time, e.g. 2027-01-31 18:00.',
  },
  settings: {
    title: 'Page settings',
    saved: 'Saved. The public page shows the change.',
    name: 'Page name',
    url: 'Public address',
    urlHint: 'Where the status page is read, https. Links in e-mails, feeds and chat messages start with it.',
    zone: 'Time zone',
    zoneHint: 'Times on the public page, in the admin pages and in e-mails to subscribers without a zone of their own.',
    language: 'Default language',
    languageHint:
      'The language the texts are written in first; the others are translations. It can change only while nothing is translated yet.',
    logo: 'Logo address (optional)',
    logoHint: 'https, an image shown at the top of the page.',
    support: 'Support address (optional)',
    supportHint: 'https, a link “Contact support” on the page.',
    privacy: 'Privacy policy address (optional)',
    privacyHint:
      'https, linked where readers subscribe, on each subscription page and in the footer of the page and of every e-mail: who keeps their address, why, for how long, and how to exercise their rights.',
    legal: 'Legal notice address (optional)',
    legalHint:
      'https, linked from the footer of the page and of every e-mail: who publishes the page, with the company’s details (in France the « mentions légales » the law requires of a professionally published website).',
    submit: 'Save settings',
    httpsOnly: 'Enter a whole address starting with https://, such as https://status.example.com.',
    languageLocked: (language: string) =>
      `The default language stays ${language}: texts are already translated from it, and would be mislabelled. ` +
      'Remove their translations first to change it.',
  },
  addSubscriber: {
    title: 'Add one subscriber',
    email: 'E-mail address',
    language: 'Language',
    zone: 'Time zone',
    components: 'Components',
    componentsHint: 'None ticked: every component, including those added later.',
    consent: 'How they start',
    confirmed: 'They already agreed to receive these e-mails: active at once',
    sendConfirmation: 'Send them a confirmation e-mail: active once they click its link',
    submit: 'Add subscriber',
    badEmail: 'Enter an e-mail address, such as name@example.com.',
    added: (email: string, confirmation: boolean) =>
      confirmation ? `${email} is added; a confirmation e-mail is on its way.` : `${email} is added and active.`,
    updated: (email: string) => `${email} was already a subscriber: their language, time zone and components are updated.`,
    updatedBounced: (email: string) =>
      `${email} was already a subscriber: their language, time zone and components are updated. Their address bounced: nothing is sent to it until they confirm again or you send to bounced addresses again.`,
    unsubscribed: (email: string) =>
      `${email} unsubscribed earlier: Forewarn does not sign up again someone who left. They can subscribe again on the public page.`,
  },
  forgetAddress: {
    title: 'Erase an address',
    hint:
      'For a request to erase someone’s data: deletes the subscriber with this address, if there is one, and the fingerprint ' +
      'kept of it if they left long ago, which no list shows. An import may then sign the address up again. ' +
      'The audit log records the erasure, never the address.',
    email: 'E-mail address',
    submit: 'Erase',
    done: (email: string, subscriber: boolean, fingerprint: boolean) =>
      subscriber || fingerprint
        ? `${email} is erased: ${[subscriber ? 'its subscriber' : '', fingerprint ? 'the fingerprint kept since it left' : ''].filter(Boolean).join(' and ')}.`
        : `Nothing was kept of ${email}.`,
  },
  backfill: {
    title: 'Record a past incident',
    intro:
      'For an incident that is over and was not posted at the time: it enters the history and the uptime bars at its real times. ' +
      'Nobody is notified and current statuses do not change.',
    impact: 'Impact',
    when: 'When',
    startedAt: (zone: string) => `Started (${zone})`,
    resolvedAt: (zone: string) => `Resolved (${zone})`,
    components: 'Affected components and their status during the incident',
    body: 'What happened (first update)',
    postmortem: 'Postmortem (optional)',
    submit: 'Record incident',
  },
} as const;
