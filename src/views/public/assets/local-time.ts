// The page's one script, served from /assets/local-time.<hash>.js (CSP: script-src 'self').
// Where JavaScript runs it names every run of days of the uptime bars, from the codes and the
// words the page sends once, and makes each reachable by keyboard, pointer and touch
// (uptime-days.ts); counts down to each maintenance's start from the reader's clock
// (floored, like the server: countdown.ts), at every minute it changes; rewrites each
// <time data-local> in the reader's own zone with the server's formatting options (and French's
// "1er"), says which zone that is, and pre-fills the subscribe form's time zone. Without it, the
// server's text (the page's zone, named; the countdown as of rendering) stays. The zone goes by
// its current IANA name: Chromium reports some by their CLDR ones ("Asia/Calcutta").
import { TIME_STYLES } from '../../../i18n/format';
import { FIRST_OF_MONTH } from '../../../i18n/typography';
import { LEGACY_ZONES } from '../../subscribe/time-zones';
import { TIME_LEFT_SCRIPT } from '../countdown';
import { UPTIME_BARS_SCRIPT } from './uptime-days';

export const LOCAL_TIME_SCRIPT = `(function () {
  'use strict';
  var styles = ${JSON.stringify(TIME_STYLES)};
  var root = document.documentElement;
  var locale = root.getAttribute('data-intl') || root.lang || undefined;
  // As the server writes them (i18n/format.ts): French says "1er décembre", not Intl's "1 décembre".
  var first = ${JSON.stringify(FIRST_OF_MONTH)};
  var firstOfMonth = /^fr(-|$)/i.test(locale || '') ? new RegExp(first.source, first.flags) : null;
  var written = function (text) { return firstOfMonth ? text.replace(firstOfMonth, first.replacement) : text; };
  (${UPTIME_BARS_SCRIPT})(locale);
  var countdowns = document.querySelectorAll('[data-countdown]');
  if (countdowns.length && window.Intl && Intl.ListFormat) {
    var timeLeft = (${TIME_LEFT_SCRIPT})(locale);
    var count = function () {
      var now = Date.now();
      var next = 60000;
      countdowns.forEach(function (el) {
        var left = Date.parse(el.getAttribute('data-countdown')) - now;
        if (isNaN(left)) return;
        if (left <= 0) {
          el.textContent = el.getAttribute('data-not-started');
          return;
        }
        var words = timeLeft(left);
        el.textContent = words === null ? el.getAttribute('data-within-minute') : el.getAttribute('data-starts-in').replace('{duration}', function () { return words; });
        // Wake as soon as the current whole minute is gone, so the words never say more than is left.
        next = Math.min(next, (left % 60000) + 1);
      });
      setTimeout(count, next + 20);
    };
    count();
  }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var legacy = ${JSON.stringify(LEGACY_ZONES)};
  if (Object.prototype.hasOwnProperty.call(legacy, zone)) zone = legacy[zone];
  var formatters = {};
  document.querySelectorAll('time[data-local][datetime]').forEach(function (el) {
    var kind = el.getAttribute('data-local');
    var options = styles[kind];
    if (!options) return;
    var date = new Date(el.getAttribute('datetime'));
    if (isNaN(date.getTime())) return;
    if (!formatters[kind]) formatters[kind] = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: zone }, options));
    el.textContent = written(formatters[kind].format(date));
  });
  var note = document.getElementById('zone-note');
  var text = note && note.getAttribute('data-local-text');
  if (text) note.textContent = text.replace('{zone}', zone);
  document.querySelectorAll('input[name="time_zone"]').forEach(function (input) { input.value = zone; });
})();
`;
