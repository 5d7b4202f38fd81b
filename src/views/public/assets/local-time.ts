// The page's one script, served from /assets/local-time.<hash>.js (CSP: script-src 'self').
// Where JavaScript runs it rewrites each <time data-local> in the reader's own zone with the
// server's formatting options, says which zone that is, and pre-fills the subscribe form's
// time zone. Without it, the server's text (the page's zone, named) stays.
import { TIME_STYLES } from '../../../i18n/format';

export const LOCAL_TIME_SCRIPT = `(function () {
  'use strict';
  var styles = ${JSON.stringify(TIME_STYLES)};
  var root = document.documentElement;
  var locale = root.getAttribute('data-intl') || root.lang || undefined;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var formatters = {};
  document.querySelectorAll('time[data-local][datetime]').forEach(function (el) {
    var kind = el.getAttribute('data-local');
    var options = styles[kind];
    if (!options) return;
    var date = new Date(el.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    if (!formatters[kind]) formatters[kind] = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: zone }, options));
    el.textContent = formatters[kind].format(date);
  });
  var note = document.getElementById('zone-note');
  var text = note && note.getAttribute('data-local-text');
  if (text) note.textContent = text.replace('{zone}', zone);
  document.querySelectorAll('input[name="time_zone"]').forEach(function (input) { input.value = zone; });
})();
`;
